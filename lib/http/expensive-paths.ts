// The pages and routes that query or compute much: the case list, the dashboards, the audit
// trail, exports and imports. The proxy limits each user's requests to them
// (user-rate-limit.ts), and links to them are not prefetched (components/app-link.tsx). Pure and
// free of server imports, so that client components can ask it too.

/** The pages that query much (a GET of one of them, a client navigation to it, or a prefetch). */
export function isExpensivePage(pathname: string): boolean {
  return pathname === "/cases" || pathname === "/dashboard" || pathname.startsWith("/dashboard/") || pathname === "/admin/audit";
}

/** Pages and routes that query or compute much: the case list, the dashboards, the audit trail, exports and imports. */
export function isExpensiveRequest(method: string, pathname: string): boolean {
  if (isExpensivePage(pathname)) return true;
  if (pathname.startsWith("/api/exports/")) return true;
  return pathname === "/api/import" && method === "POST";
}
