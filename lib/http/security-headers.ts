// Browser security policy (product.md §8). Pure, so that it is unit-tested and shared by the
// request proxy and next.config.js.

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // Next.js marks its own scripts with the per-request nonce; 'strict-dynamic' lets them load
    // their chunks. React's development build needs eval, production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Charts and React set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const HSTS_HEADER = "max-age=31536000; includeSubDomains";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cross-site request forgery defence for route handlers: an unsafe request must come from one
 * of our origins (Origin header, or Referer when a client sends no Origin).
 */
export function isSameOriginMutation(method: string, headers: Headers, allowedOrigins: readonly string[]): boolean {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = headers.get("origin");
  if (origin) return allowedOrigins.includes(origin);
  const referer = headers.get("referer");
  if (!referer) return false;
  try {
    return allowedOrigins.includes(new URL(referer).origin);
  } catch {
    return false;
  }
}
