// Runs before every request: security headers (with a per-request CSP nonce), the origin check
// on API mutations, and the sign-in gate. Authorization proper happens in the data layer
// (lib/**): this only decides what an anonymous visitor is shown.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authBaseConfig } from "@/lib/auth/auth-base-config";
import { isDatabaseMarkedUnavailable } from "@/lib/db/availability";
import { env } from "@/lib/env";
import { isApiPath, isPublicPath } from "@/lib/http/public-paths";
import { HSTS_HEADER, contentSecurityPolicy, isSameOriginMutation } from "@/lib/http/security-headers";
import { isExpensiveRequest } from "@/lib/http/expensive-paths";
import { RATE_LIMITED_MESSAGE, expensiveRequestLimiter } from "@/lib/http/user-rate-limit";

const { auth } = NextAuth(authBaseConfig);

function allowedOrigins(requestOrigin: string): string[] {
  const origins = [requestOrigin];
  if (env.AUTH_URL) origins.push(new URL(env.AUTH_URL).origin);
  return origins;
}

export default auth((request) => {
  const { pathname, search, origin } = request.nextUrl;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, env.NODE_ENV === "development");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

  const finish = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    if (https) response.headers.set("Strict-Transport-Security", HSTS_HEADER);
    return response;
  };

  // While this server knows the database is down, a page fails at once with a clear 503 rather
  // than after a connection timeout with a generic error; API routes answer their own JSON 503.
  if (!isApiPath(pathname) && isDatabaseMarkedUnavailable()) {
    return finish(databaseUnavailablePage());
  }

  if (isApiPath(pathname) && !isSameOriginMutation(request.method, request.headers, allowedOrigins(origin))) {
    return finish(NextResponse.json({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } }, { status: 403 }));
  }

  if (!isPublicPath(pathname) && !request.auth?.user) {
    if (isApiPath(pathname)) {
      return finish(NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } }, { status: 401 }));
    }
    const signIn = new URL("/sign-in", origin);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return finish(NextResponse.redirect(signIn));
  }

  // One user's flood of expensive requests is refused here, before it renders or queries
  // anything, so that it cannot slow the server down for everyone (lib/http/user-rate-limit.ts).
  const userId = request.auth?.user?.id;
  if (userId && isExpensiveRequest(request.method, pathname)) {
    const decision = expensiveRequestLimiter.take(userId);
    if (!decision.allowed) return finish(rateLimited(isApiPath(pathname), decision.retryAfterSeconds));
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-pathname", `${pathname}${search}`);
  // Next.js reads the nonce from the request's CSP header and stamps it on its scripts.
  requestHeaders.set("Content-Security-Policy", csp);
  return finish(NextResponse.next({ request: { headers: requestHeaders } }));
});

function databaseUnavailablePage(): NextResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${UNAVAILABLE_RETRY_SECONDS}"><title>Temporarily unavailable: HER2 cohort dashboard</title></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem"><h1>The database is not reachable at the moment</h1><p>No change is ever half-saved: a change is kept whole or not at all, so a change you sent just now may need saving again. This page tries again every ${UNAVAILABLE_RETRY_SECONDS} seconds and opens as soon as the database is back.</p></body></html>`;
  return new NextResponse(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(UNAVAILABLE_RETRY_SECONDS), "Cache-Control": "no-store" },
  });
}

const UNAVAILABLE_RETRY_SECONDS = 5;

function rateLimited(api: boolean, retryAfterSeconds: number): NextResponse {
  const headers = { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" };
  if (api) return NextResponse.json({ error: { code: "RATE_LIMITED", message: RATE_LIMITED_MESSAGE } }, { status: 429, headers });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${retryAfterSeconds}"><title>Too many requests: HER2 cohort dashboard</title></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem"><h1>Too many requests at once</h1><p>${RATE_LIMITED_MESSAGE} This page tries again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.</p></body></html>`;
  return new NextResponse(html, { status: 429, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
