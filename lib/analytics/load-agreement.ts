import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { presentAgreement, type AgreementView } from "./present-agreement";
import { countBlockReads } from "./reads-of-blocks";

/** Everything the Agreement tab shows: reads of one block compared, queried in parallel. */
export async function loadAgreement(user: SessionUser, filters: DashboardFilters): Promise<AgreementView & { patients: number }> {
  const [counts, reads] = await Promise.all([countPatientsByCohort(user, filters), countBlockReads(user, filters)]);
  return { ...presentAgreement(reads, env.SMALL_CELL_THRESHOLD), patients: counts.total };
}
