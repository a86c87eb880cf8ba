// The treatment × subgroup interaction test of the cohort forest plot, as a worker-pool task
// (cohort-forest-off-thread.ts runs it off the request thread). Pure: no server-only import, so
// the worker thread can load it by path.
import { coxInteractionTest, type CoxInteractionRow } from "../stats/survival";
import type { InteractionCell } from "./cohort-forest";

export type CohortInteractionResult = { statistic: number; df: number; pValue: number; levelsWithOneArm: string[]; warnings: string[] };

/**
 * The cells as the interaction test's rows: one row per cell, its `weight` the cell's patients
 * (the Cox fitting's case weights: the same test as on each patient's own row, without expanding).
 */
export function cellsToWeightedRows(cells: readonly InteractionCell[]): CoxInteractionRow[] {
  return cells.map((cell) => ({ time: cell.time, event: cell.event, treatment: cell.treatment, subgroup: cell.level, weight: cell.n }));
}

/**
 * The likelihood-ratio test of cohort × subgroup (coxph main effects vs with the interaction,
 * Efron ties) on one variable's cells. Throws (RangeError) when fewer than two levels hold both
 * cohorts: the caller shows the reason.
 */
export function testCohortInteraction(cells: InteractionCell[]): CohortInteractionResult {
  const test = coxInteractionTest(cellsToWeightedRows(cells), { ties: "efron" });
  return { statistic: test.statistic, df: test.df, pValue: test.pValue, levelsWithOneArm: test.levelsWithOneArm, warnings: test.warnings };
}
