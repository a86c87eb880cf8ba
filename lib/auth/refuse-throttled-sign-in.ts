import "server-only";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { errorResponse } from "../http/error-response";
import { checkSignInAllowed, clientAddressOf, describeRetryAfter, throttleKeys } from "./throttle";

/** The RATE_LIMITED error for a sign-in the throttle refuses now, else null. */
export async function findSignInRefusal(email: string, headers: Headers): Promise<AppError | null> {
  const db = await getDb();
  const decision = await checkSignInAllowed(db, throttleKeys(email, clientAddressOf(headers)));
  if (decision.allowed) return null;
  return new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again ${describeRetryAfter(decision.retryAfterSeconds)}.`, {
    retryAfterSeconds: decision.retryAfterSeconds,
  });
}

/** A 429 response for a credentials sign-in posted to Auth.js that the throttle refuses, else null. */
export async function refuseThrottledSignIn(request: Request): Promise<Response | null> {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return null;
  const form = await request.clone().formData().catch(() => null);
  const email = form?.get("email");
  if (typeof email !== "string" || email.length === 0) return null;
  const refusal = await findSignInRefusal(email, request.headers);
  return refusal ? errorResponse(refusal) : null;
}
