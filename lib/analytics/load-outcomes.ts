import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { presentResponses, presentUptake, type ResponseView, type UptakeView } from "./present-outcomes";
import { countResponsesByRegimen } from "./response-rates";
import { analyseSurvival, type SurvivalAnalysis } from "./survival-analysis";
import { aggregateSurvivalRecords } from "./survival-records";
import { countTreatmentUptake } from "./treatment-uptake";

export type OutcomesView = {
  smallCellThreshold: number;
  /** Patients matching the filters (any endpoint): 0 means the empty state. */
  patients: number;
  survival: SurvivalAnalysis;
  responses: ResponseView;
  uptake: UptakeView;
};

/**
 * Everything the Outcomes tab shows: the survival records of the chosen endpoint (analysed by
 * the statistics core here, on the server, so only curve points reach the browser), response
 * rates and treatment uptake; the queries run in parallel.
 */
export async function loadOutcomes(user: SessionUser, filters: DashboardFilters): Promise<OutcomesView> {
  const threshold = env.SMALL_CELL_THRESHOLD;
  const [counts, survival, responses, uptake] = await Promise.all([
    countPatientsByCohort(user, filters),
    aggregateSurvivalRecords(user, filters),
    countResponsesByRegimen(user, filters),
    countTreatmentUptake(user, filters),
  ]);
  return {
    smallCellThreshold: threshold,
    patients: counts.total,
    survival: analyseSurvival(survival.records, { reference: filters.reference, smallCellThreshold: threshold, excluded: survival.excluded }),
    responses: presentResponses(responses, threshold),
    uptake: presentUptake(uptake, filters.regimen, threshold),
  };
}
