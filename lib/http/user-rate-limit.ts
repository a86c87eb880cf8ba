// A per-user rate limit for the expensive pages and routes (expensive-paths.ts; issue 15): 100 concurrent requests
// from one signed-in user made the case list take a minute for everyone. Each user has a token
// bucket per app server: a burst of EXPENSIVE_BURST requests, refilled at EXPENSIVE_PER_SECOND;
// beyond it the proxy answers 429 with Retry-After before any rendering or query starts. Kept in
// memory: it bounds what one user costs one server (N servers allow N times as much, which is
// what N servers can carry). Pure apart from the bucket map.
import { env } from "../env";

export const EXPENSIVE_BURST = 30;
export const EXPENSIVE_PER_SECOND = 3;
/** Buckets kept at most; the least recently used are dropped (a dropped bucket is a full one). */
const MAX_BUCKETS = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; at: number };

export class UserRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst = EXPENSIVE_BURST,
    private readonly perSecond = EXPENSIVE_PER_SECOND,
  ) {}

  take(userId: string, now = Date.now()): RateDecision {
    const previous = this.buckets.get(userId);
    const refilled = previous ? Math.min(this.burst, previous.tokens + ((now - previous.at) / 1000) * this.perSecond) : this.burst;
    // Re-inserted so that the map's order is least recently used first.
    this.buckets.delete(userId);
    if (refilled < 1) {
      this.buckets.set(userId, { tokens: refilled, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.perSecond)) };
    }
    this.buckets.set(userId, { tokens: refilled - 1, at: now });
    if (this.buckets.size > MAX_BUCKETS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return { allowed: true };
  }
}

/** The proxy's limiter: one per server process, sized by EXPENSIVE_REQUESTS_BURST / _PER_SECOND (defaults as above). */
export const expensiveRequestLimiter = new UserRateLimiter(env.EXPENSIVE_REQUESTS_BURST, env.EXPENSIVE_REQUESTS_PER_SECOND);

export const RATE_LIMITED_MESSAGE = "Too many requests at once from your account. Wait a moment and try again.";
