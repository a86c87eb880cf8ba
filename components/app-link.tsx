import Link from "next/link";
import type { ComponentProps } from "react";
import { isExpensivePage } from "@/lib/http/expensive-paths";

type LinkProps = ComponentProps<typeof Link>;

function pathnameOf(href: LinkProps["href"]): string | null {
  if (typeof href === "string") return href.startsWith("/") ? new URL(href, "http://app.invalid").pathname : null;
  return href.pathname ?? null;
}

/**
 * The app's <Link>. A link to a page that queries much (the dashboards, the case list, the audit
 * trail) is not prefetched: Next prefetches every link in view, twice each (route tree and
 * segment), so one dashboard page asked for a dozen such pages in the background; each took one
 * of the user's rate-limited requests (proxy.ts), and browsing two or three pages quickly left
 * the user refused with 429. The proxy cannot tell a prefetch from a navigation (Next strips the
 * router's headers before it runs), so the links leave them out. Other links prefetch as usual.
 */
export function AppLink({ prefetch, ...props }: LinkProps) {
  const path = pathnameOf(props.href);
  return <Link prefetch={path !== null && isExpensivePage(path) ? false : prefetch} {...props} />;
}
