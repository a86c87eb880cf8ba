import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { getCurrentUser } from "./guards";
import type { Role, SessionUser } from "./roles";

/** For pages: the signed-in user, or a redirect to sign-in (back here afterwards), or 403. */
export async function requirePageUser(...roles: Role[]): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/dashboard";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (roles.length > 0 && !roles.includes(user.role)) forbidden();
  return user;
}
