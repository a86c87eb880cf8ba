// The treatment × subgroup interaction test of the cohort forest plot, as a worker-pool task
// (cohort-forest-off-thread.ts runs it off the request thread). Pure: no server-only import, so
// the worker thread can load it by path.
import { coxInteractionTest, type CoxInteractionRow } from "../stats/survival";
import type { InteractionCell } from "./cohort-forest";

export type CohortInteractionResult = { statistic: number; df: number; pValue: number; levelsWithOneArm: string[]; warnings: string[] };

/**
 * ADAPTER, to be replaced by case weights: coxInteractionTest reads one row per patient today, so
 * each grouped cell becomes `n` identical patient rows here. When the Cox fitting takes case
 * weights (lib/stats), pass each cell once with weight n instead and delete this function.
 */
export function expandCellsToPatientRows(cells: readonly InteractionCell[]): CoxInteractionRow[] {
  const rows: CoxInteractionRow[] = [];
  for (const cell of cells) {
    const row: CoxInteractionRow = { time: cell.time, event: cell.event, treatment: cell.treatment, subgroup: cell.level };
    for (let copy = 0; copy < cell.n; copy++) rows.push(row);
  }
  return rows;
}

/**
 * The likelihood-ratio test of cohort × subgroup (coxph main effects vs with the interaction,
 * Efron ties) on one variable's cells. Throws (RangeError) when fewer than two levels hold both
 * cohorts: the caller shows the reason.
 */
export function testCohortInteraction(cells: InteractionCell[]): CohortInteractionResult {
  const test = coxInteractionTest(expandCellsToPatientRows(cells), { ties: "efron" });
  return { statistic: test.statistic, df: test.df, pValue: test.pValue, levelsWithOneArm: test.levelsWithOneArm, warnings: test.warnings };
}
