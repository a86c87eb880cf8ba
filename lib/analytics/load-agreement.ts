import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { presentAgreement, type AgreementView } from "./present-agreement";
import { presentQuantitative, type QuantitativeView } from "./present-quantitative";
import { countQuantitativeHer2 } from "./quantitative-her2";
import { countBlockReads } from "./reads-of-blocks";

/** Everything the Agreement tab shows: reads of one block compared, and the quantitative measure against IHC; queried in parallel. */
export async function loadAgreement(user: SessionUser, filters: DashboardFilters): Promise<AgreementView & { patients: number; quantitative: QuantitativeView }> {
  const [counts, reads, measured] = await Promise.all([countPatientsByCohort(user, filters), countBlockReads(user, filters), countQuantitativeHer2(user, filters)]);
  return {
    ...presentAgreement(reads, env.SMALL_CELL_THRESHOLD),
    quantitative: presentQuantitative(measured, filters.measure, filters.cut, env.SMALL_CELL_THRESHOLD),
    patients: counts.total,
  };
}
