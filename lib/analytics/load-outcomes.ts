import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countPatientsByCohort } from "./cohort-counts";
import type { DashboardFilters } from "./filters";
import { presentResponses, presentUptake, type ResponseView, type UptakeView } from "./present-outcomes";
import { countResponsesByRegimen } from "./response-rates";
import { analyseComparisonCurves, type ComparisonCurves, type ComparisonEndpoint, type RegimenComparisonView } from "./regimen-comparison";
import { analyseRegimenComparisonOffThread, comparisonOptionsOf } from "./regimen-comparison-off-thread";
import { queryComparisonRows } from "./regimen-comparison-rows";
import { DAYS_PER_MONTH, analyseSurvival, applyLandmark, thinCurvesForChart, type ForChart, type SurvivalAnalysis } from "./survival-analysis";
import { aggregateSurvivalRecords, type SurvivalRecords } from "./survival-records";
import { countTreatmentUptake } from "./treatment-uptake";

export type OutcomesView = {
  smallCellThreshold: number;
  /** Patients matching the filters (any endpoint): 0 means the empty state. */
  patients: number;
  /** The curves thinned to the chart's resolution; the CSV of every step is loadSurvivalCurves'. */
  survival: ForChart<SurvivalAnalysis>;
  responses: ResponseView;
  uptake: UptakeView;
  /** Patients left out of a landmark analysis (no longer followed at the landmark). */
  beforeLandmark: number;
};

/** The Outcomes tab's regimen comparison view (issue 14 §3-§4). */
export type RegimenComparisonTab = {
  smallCellThreshold: number;
  /** Patients matching the filters: 0 means the empty state. */
  patients: number;
  comparison: DrawnComparisonView;
};

/** The regimen comparison with both endpoints' curves as the chart draws them. */
export type DrawnComparisonView = Omit<RegimenComparisonView, "pfs" | "os"> & { pfs: ForChart<ComparisonEndpoint>; os: ForChart<ComparisonEndpoint> };

/** τ of the restricted mean when the user leaves it to the page: 5 years from diagnosis, 1 year from a line's start. */
export function defaultTauMonths(filters: DashboardFilters, scope: "cohorts" | "regimens"): number {
  if (filters.tauMonths !== null) return filters.tauMonths;
  return scope === "cohorts" && filters.endpoint === "os" ? 60 : 12;
}

/**
 * Everything the Outcomes tab's cohort view shows: the survival records of the chosen endpoint
 * (analysed by the statistics core here, on the server, so only curve points reach the browser),
 * response rates and treatment uptake; the queries run in parallel.
 */
export async function loadOutcomes(user: SessionUser, filters: DashboardFilters): Promise<OutcomesView> {
  const threshold = env.SMALL_CELL_THRESHOLD;
  const [survival, counts, responses, uptake] = await Promise.all([
    aggregateSurvivalRecords(user, filters),
    countPatientsByCohort(user, filters),
    countResponsesByRegimen(user, filters),
    countTreatmentUptake(user, filters),
  ]);
  const cohorts = analyseCohortSurvival(survival, filters, threshold);
  // Only the thinned curves reach the browser (issue 17 §7): the page stays small at any size.
  return {
    smallCellThreshold: threshold,
    patients: counts.total,
    beforeLandmark: cohorts.beforeLandmark,
    survival: thinCurvesForChart(cohorts.survival, filters.bands),
    responses: presentResponses(responses, threshold),
    uptake: presentUptake(uptake, filters.regimen, threshold),
  };
}

/**
 * The regimen comparison view: only its own query and statistics. It shows none of the cohort
 * view's charts, and computing them anyway (the cohorts' survival, responses and uptake) made
 * the comparison wait for them on the same two cores.
 */
export async function loadRegimenComparisonTab(user: SessionUser, filters: DashboardFilters): Promise<RegimenComparisonTab> {
  const threshold = env.SMALL_CELL_THRESHOLD;
  const [counts, comparisonRows] = await Promise.all([countPatientsByCohort(user, filters), queryComparisonRows(user, filters)]);
  // The comparison's Cox models run in the statistics workers (regimen-comparison-off-thread.ts).
  const comparison = await analyseRegimenComparisonOffThread(comparisonRows, comparisonOptionsOf(filters, defaultTauMonths(filters, "regimens"), threshold));
  // Only the thinned curves reach the browser (issue 17 §7): the page stays small at any size.
  return {
    smallCellThreshold: threshold,
    patients: counts.total,
    comparison: { ...comparison, pfs: thinCurvesForChart(comparison.pfs, filters.bands), os: thinCurvesForChart(comparison.os, filters.bands) },
  };
}

/** Every step of the cohort view's curves (the CSV of its chart; no Cox model is fitted). */
export async function loadCohortSurvivalCurves(user: SessionUser, filters: DashboardFilters): Promise<SurvivalAnalysis> {
  return analyseCohortSurvival(await aggregateSurvivalRecords(user, filters), filters, env.SMALL_CELL_THRESHOLD).survival;
}

/** Every step of the regimen comparison's curves (the CSV of its charts; no Cox model is fitted). */
export async function loadComparisonCurves(user: SessionUser, filters: DashboardFilters): Promise<ComparisonCurves> {
  return analyseComparisonCurves(await queryComparisonRows(user, filters), comparisonOptionsOf(filters, defaultTauMonths(filters, "regimens"), env.SMALL_CELL_THRESHOLD));
}

function analyseCohortSurvival(survival: SurvivalRecords, filters: DashboardFilters, threshold: number): { survival: SurvivalAnalysis; beforeLandmark: number } {
  // The landmark applies to OS from diagnosis only (a line's start is its own time zero).
  const landmarked = applyLandmark(survival.records, filters.endpoint === "os" ? Math.round(filters.landmarkMonths * DAYS_PER_MONTH) : 0);
  return {
    beforeLandmark: landmarked.before,
    survival: analyseSurvival(landmarked.records, {
      reference: filters.reference,
      smallCellThreshold: threshold,
      excluded: survival.excluded,
      tauMonths: defaultTauMonths(filters, "cohorts"),
    }),
  };
}
