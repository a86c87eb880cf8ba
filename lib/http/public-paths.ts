// The only paths anyone may reach without signing in (product.md §1).
export const PUBLIC_PAGE_PATHS = ["/sign-in"] as const;

export function isPublicPath(pathname: string): boolean {
  if ((PUBLIC_PAGE_PATHS as readonly string[]).includes(pathname)) return true;
  if (pathname === "/api/health") return true;
  return pathname === "/api/auth" || pathname.startsWith("/api/auth/");
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}
