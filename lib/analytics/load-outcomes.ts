import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { presentResponses, presentUptake, type ResponseView, type UptakeView } from "./present-outcomes";
import { countResponsesByRegimen } from "./response-rates";
import { analyseRegimenComparison, type RegimenComparisonView } from "./regimen-comparison";
import { queryComparisonRows } from "./regimen-comparison-rows";
import { DAYS_PER_MONTH, analyseSurvival, applyLandmark, type SurvivalAnalysis } from "./survival-analysis";
import { aggregateSurvivalRecords } from "./survival-records";
import { countTreatmentUptake } from "./treatment-uptake";

export type OutcomesView = {
  smallCellThreshold: number;
  /** Patients matching the filters (any endpoint): 0 means the empty state. */
  patients: number;
  survival: SurvivalAnalysis;
  responses: ResponseView;
  uptake: UptakeView;
  /** Patients left out of a landmark analysis (no longer followed at the landmark). */
  beforeLandmark: number;
  /** The regimen comparison (view "regimens"), else null. */
  comparison: RegimenComparisonView | null;
};

/** τ of the restricted mean when the user leaves it to the page: 5 years from diagnosis, 1 year from a line's start. */
export function defaultTauMonths(filters: DashboardFilters, scope: "cohorts" | "regimens"): number {
  if (filters.tauMonths !== null) return filters.tauMonths;
  return scope === "cohorts" && filters.endpoint === "os" ? 60 : 12;
}

/**
 * Everything the Outcomes tab shows: the survival records of the chosen endpoint (analysed by
 * the statistics core here, on the server, so only curve points reach the browser), response
 * rates and treatment uptake; the queries run in parallel.
 */
export async function loadOutcomes(user: SessionUser, filters: DashboardFilters): Promise<OutcomesView> {
  const threshold = env.SMALL_CELL_THRESHOLD;
  const [counts, survival, responses, uptake, comparisonRows] = await Promise.all([
    countPatientsByCohort(user, filters),
    aggregateSurvivalRecords(user, filters),
    countResponsesByRegimen(user, filters),
    countTreatmentUptake(user, filters),
    filters.view === "regimens" ? queryComparisonRows(user, filters) : Promise.resolve(null),
  ]);
  // The landmark applies to OS from diagnosis only (a line's start is its own time zero).
  const landmarked = applyLandmark(survival.records, filters.endpoint === "os" ? Math.round(filters.landmarkMonths * DAYS_PER_MONTH) : 0);
  const comparison = filters.comparison;
  return {
    smallCellThreshold: threshold,
    patients: counts.total,
    beforeLandmark: landmarked.before,
    comparison:
      comparisonRows === null
        ? null
        : analyseRegimenComparison(comparisonRows, {
            armA: comparison.armA,
            armB: comparison.armB,
            adjust: comparison.adjust,
            forest: comparison.forest,
            tauMonths: defaultTauMonths(filters, "regimens"),
            smallCellThreshold: threshold,
          }),
    survival: analyseSurvival(landmarked.records, {
      reference: filters.reference,
      smallCellThreshold: threshold,
      excluded: survival.excluded,
      tauMonths: defaultTauMonths(filters, "cohorts"),
    }),
    responses: presentResponses(responses, threshold),
    uptake: presentUptake(uptake, filters.regimen, threshold),
  };
}
