// Kept apart from guards.ts (which needs Auth.js and a request) so that the data layer, scripts
// and unit tests can check a role without loading the sign-in machinery.
import { AppError } from "../errors";
import type { Role, SessionUser } from "./roles";

/** The user, if their role is one of `roles`; else AppError FORBIDDEN (403). */
export function assertRole(user: SessionUser, roles: readonly Role[]): SessionUser {
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  return user;
}
