import { handlers } from "@/lib/auth/auth";
import { refuseThrottledSignIn } from "@/lib/auth/refuse-throttled-sign-in";

export const { GET } = handlers;

// The credentials callback answers 429 with Retry-After once an account or client has failed
// too often; everything else is Auth.js's own handling.
export async function POST(request: Request) {
  const refusal = await refuseThrottledSignIn(request);
  return refusal ?? handlers.POST(request as Parameters<typeof handlers.POST>[0]);
}
