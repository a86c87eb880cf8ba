import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { isDatabaseMarkedUnavailable } from "../db/availability";
import { noteDatabaseFailure } from "../db/note-database-failure";
import { getCurrentUser } from "./guards";
import type { Role, SessionUser } from "./roles";

/** For pages: the signed-in user, or a redirect to sign-in (back here afterwards), or 403. */
export async function requirePageUser(...roles: Role[]): Promise<SessionUser> {
  const user = await getCurrentUser().catch(async (error: unknown) => {
    // The database is down: the page cannot render, and a render cannot answer 503. Once this
    // server has marked the database down, the proxy answers this same address with a clear 503
    // (that retries by itself), so the browser is sent there instead of to a 500.
    noteDatabaseFailure(error);
    if (isDatabaseMarkedUnavailable()) redirect((await headers()).get("x-pathname") ?? "/dashboard");
    throw error;
  });
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/dashboard";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (roles.length > 0 && !roles.includes(user.role)) forbidden();
  return user;
}
