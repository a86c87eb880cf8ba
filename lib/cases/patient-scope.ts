import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { SessionUser } from "../auth/roles";

// Site isolation lives here, in the data layer (product.md §1, like REDCap's data access
// groups): every query over patients starts from the acting user's scope, so a coordinator
// of site A has no function that returns site B's rows.

/** The patients `user` may see: live (not soft-deleted) rows, of their own site for coordinators. */
export function patientScope(user: SessionUser): Prisma.PatientWhereInput {
  switch (user.role) {
    case "COORDINATOR":
      // A coordinator without a site sees nothing rather than everything.
      return { deletedAt: null, siteId: user.siteId ?? -1 };
    case "INVESTIGATOR":
    case "ADMIN":
      return { deletedAt: null };
  }
}

/** The same scope for raw SQL over `patients` aliased as `alias`: a fragment and its parameters. */
export function patientScopeSql(user: SessionUser, alias = "p", firstParameter = 1): { sql: string; params: unknown[] } {
  switch (user.role) {
    case "COORDINATOR":
      return { sql: `${alias}.deleted_at IS NULL AND ${alias}.site_id = $${firstParameter}`, params: [user.siteId ?? -1] };
    case "INVESTIGATOR":
    case "ADMIN":
      return { sql: `${alias}.deleted_at IS NULL`, params: [] };
  }
}
