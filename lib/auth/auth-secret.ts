// Without AUTH_SECRET, Auth.js cannot sign a session: `next start` would come up and then answer
// every sign-in with a 500. The server refuses to start instead, saying what to set
// (instrumentation.ts). `npm run demo` generates a secret and keeps it beside its database. Pure.

export const MISSING_AUTH_SECRET_MESSAGE = [
  "AUTH_SECRET is not set, so sessions cannot be signed and nobody could sign in.",
  "Set AUTH_SECRET to a random string of 32 or more characters, for example the output of",
  "`openssl rand -base64 32`, and start again (`npm run demo` generates one for a local trial).",
].join("\n");

/** The reason the server cannot start, or null when the secret is there (its length is checked by lib/env.ts). */
export function authSecretProblem(secret: string | undefined): string | null {
  return secret === undefined || secret.trim() === "" ? MISSING_AUTH_SECRET_MESSAGE : null;
}
