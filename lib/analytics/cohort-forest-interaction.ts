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
  return testWeightedRows(cellsToWeightedRows(cells));
}

function testWeightedRows(rows: CoxInteractionRow[]): CohortInteractionResult {
  const test = coxInteractionTest(rows, { ties: "efron" });
  return { statistic: test.statistic, df: test.df, pValue: test.pValue, levelsWithOneArm: test.levelsWithOneArm, warnings: test.warnings };
}

/**
 * A variable's cells in typed arrays, its level names once: the request thread posts them to the
 * worker with their buffers moved. As objects, their structured clone cost the request thread
 * 50-120 ms per forest at a million patients (75,000 cells for PFS on T-DXd), as long as the hazard
 * ratios it computes meanwhile.
 */
export type PackedInteractionCells = {
  levels: string[];
  level: Uint16Array<ArrayBuffer>;
  treatment: Uint8Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  event: Uint8Array<ArrayBuffer>;
  n: Float64Array<ArrayBuffer>;
};

export function packInteractionCells(cells: readonly InteractionCell[]): { packed: PackedInteractionCells; transfer: ArrayBuffer[] } {
  const levels: string[] = [];
  const indices = new Map<string, number>();
  const packed: PackedInteractionCells = {
    levels,
    level: new Uint16Array(cells.length),
    treatment: new Uint8Array(cells.length),
    time: new Float64Array(cells.length),
    event: new Uint8Array(cells.length),
    n: new Float64Array(cells.length),
  };
  cells.forEach((cell, i) => {
    let index = indices.get(cell.level);
    if (index === undefined) {
      index = levels.length;
      if (index > 0xffff) throw new RangeError("More than 65,536 levels: the packed cells cannot hold them.");
      levels.push(cell.level);
      indices.set(cell.level, index);
    }
    packed.level[i] = index;
    packed.treatment[i] = cell.treatment;
    packed.time[i] = cell.time;
    packed.event[i] = cell.event ? 1 : 0;
    packed.n[i] = cell.n;
  });
  return { packed, transfer: [packed.level.buffer, packed.treatment.buffer, packed.time.buffer, packed.event.buffer, packed.n.buffer] };
}

/** The statistics workers' task: testCohortInteraction on the packed cells (the same rows, in the same order). */
export function testPackedCohortInteraction(packed: PackedInteractionCells): CohortInteractionResult {
  const rows = new Array<CoxInteractionRow>(packed.n.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = { time: packed.time[i] ?? 0, event: packed.event[i] === 1, treatment: packed.treatment[i] ?? 0, subgroup: packed.levels[packed.level[i] ?? 0] ?? "", weight: packed.n[i] ?? 0 };
  }
  return testWeightedRows(rows);
}
