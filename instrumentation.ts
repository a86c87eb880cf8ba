// At start, on the Node.js runtime: a server without AUTH_SECRET would start and then answer
// every sign-in with a 500, so it stops here with a message that says what to set
// (lib/auth/auth-secret.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ env }, { authSecretProblem }] = await Promise.all([import("./lib/env"), import("./lib/auth/auth-secret")]);
  const problem = authSecretProblem(env.AUTH_SECRET);
  if (problem === null) return;
  console.error(problem);
  process.exit(1);
}

// Next.js calls onRequestError for every error a page, route or action did not handle. A page
// whose render failed because the database is unreachable tells the app server so: from then on
// the proxy answers pages with a 503 at once (lib/db/availability.ts) until a probe finds the
// database back.
export async function onRequestError(error: unknown): Promise<void> {
  // Next's own marker of the runtime (set by Next, not configuration): the database code exists
  // on the Node.js runtime only, and this check keeps it out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDatabaseFailure } = await import("./lib/db/note-database-failure");
  noteDatabaseFailure(error);
}
