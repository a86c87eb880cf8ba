import "server-only";
// The full Kaplan-Meier curves behind the Outcomes tab's charts as CSV (issue 17 §7): the page
// draws curves thinned to the screen's resolution, so "Export CSV" fetches every step from here
// instead of the browser holding them all. Same filters, same data access (the user's scope) and
// the same small-cell rule as the page: a hidden group has no curve here either.
import { z } from "zod";
import type { SessionUser } from "../auth/roles";
import { toCsvLine } from "../cases/csv-write";
import { AppError } from "../errors";
import type { DashboardFilters } from "./filters";
import { loadEarlyDiseaseAnalyses } from "./load-early-disease";
import { loadCohortSurvivalCurves, loadComparisonCurves } from "./load-outcomes";
import type { SurvivalGroupOf } from "./survival-analysis";

/** Which chart's curves: the cohorts' (view "cohorts"), one endpoint of the regimen comparison, or the early view's iDFS / DRFS. */
export const SurvivalCurveChartSchema = z.enum(["cohorts", "comparison-pfs", "comparison-os", "idfs", "drfs"]).catch("cohorts");
export type SurvivalCurveChart = z.infer<typeof SurvivalCurveChartSchema>;

export const SURVIVAL_CSV_COLUMNS = ["group", "time_months", "survival", "lower_95", "upper_95", "kind"] as const;

/** Every step of each shown curve, then its censoring marks, as CSV rows (header first). */
export function formatSurvivalCsv(groups: readonly SurvivalGroupOf<string>[]): string {
  let csv = toCsvLine(SURVIVAL_CSV_COLUMNS);
  for (const group of groups) {
    if (group.hidden) continue;
    for (const point of group.points) csv += toCsvLine([group.cohort, point.time, point.survival, point.lower, point.upper, "step"]);
    for (const mark of group.censorMarks) csv += toCsvLine([group.cohort, mark.time, mark.survival, null, null, "censored"]);
  }
  return csv;
}

export async function exportSurvivalCurves(user: SessionUser, filters: DashboardFilters, chart: SurvivalCurveChart): Promise<{ fileName: string; csv: string }> {
  if (chart === "idfs" || chart === "drfs") {
    if (filters.view !== "early") throw new AppError("VALIDATION", "The iDFS and DRFS curves need view=early.");
    const early = await loadEarlyDiseaseAnalyses(user, filters);
    return { fileName: `survival-curves-early-${chart}-from-${filters.origin}.csv`, csv: formatSurvivalCsv(early[chart].groups) };
  }
  if (chart !== "cohorts" && filters.view !== "regimens") throw new AppError("VALIDATION", "The regimen comparison's curves need view=regimens.");
  // Only the chart asked for is computed: the comparison's query and curves, or the cohorts'.
  const groups =
    chart === "cohorts"
      ? (await loadCohortSurvivalCurves(user, { ...filters, view: "cohorts" })).groups
      : (await loadComparisonCurves(user, filters))[chart === "comparison-pfs" ? "pfs" : "os"].groups;
  const endpoint = chart === "cohorts" ? filters.endpoint : chart === "comparison-pfs" ? "pfs" : "os";
  return { fileName: `survival-curves-${chart === "cohorts" ? "cohorts" : "comparison"}-${endpoint}.csv`, csv: formatSurvivalCsv(groups) };
}
