// Signing in over HTTP as a browser does (Auth.js credentials: the CSRF token, then the
// callback with the Origin header), and requests carrying the session cookie.

export type Session = { email: string; cookie: string };

/** name=value of each cookie a response sets; when a name is set twice, the last one wins, as in a browser. */
function cookiesOf(response: Response): string[] {
  const byName = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    const name = pair.split("=")[0] ?? "";
    if (name) byName.set(name, pair);
  }
  return [...byName.values()];
}

export async function signInOverHttp(origin: string, email: string, password: string): Promise<Session> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = cookiesOf(csrf);
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${origin}/dashboard` }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`Sign-in of ${email} failed (${response.status} ${response.headers.get("location") ?? ""})`);
  return { email, cookie: session };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** A streamed page that failed after its first bytes still answers 200: React marks the error in the HTML. */
export function pageHasRenderError(html: string): boolean {
  return html.includes("$RX(") || html.includes('data-dgst="') || html.includes("Something went wrong on the server");
}
