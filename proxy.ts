// Runs before every request: security headers (with a per-request CSP nonce), the origin check
// on API mutations, and the sign-in gate. Authorization proper happens in the data layer
// (lib/**): this only decides what an anonymous visitor is shown.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authBaseConfig } from "@/lib/auth/auth-base-config";
import { env } from "@/lib/env";
import { isApiPath, isPublicPath } from "@/lib/http/public-paths";
import { HSTS_HEADER, contentSecurityPolicy, isSameOriginMutation } from "@/lib/http/security-headers";

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

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-pathname", `${pathname}${search}`);
  // Next.js reads the nonce from the request's CSP header and stamps it on its scripts.
  requestHeaders.set("Content-Security-Policy", csp);
  return finish(NextResponse.next({ request: { headers: requestHeaders } }));
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
