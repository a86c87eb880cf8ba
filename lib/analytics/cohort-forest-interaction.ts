// The treatment × subgroup interaction test of the cohort forest plot, as a worker-pool task
// (cohort-forest-off-thread.ts runs it off the request thread). Pure: no server-only import, so
// the worker thread can load it by path.
import { coxInteractionTestOfColumns } from "../stats/survival";

export type CohortInteractionResult = { statistic: number; df: number; pValue: number; levelsWithOneArm: string[]; warnings: string[] };

/**
 * A variable's cells in typed arrays, its level names once (cohort-forest.ts makes them from its
 * columns): the request thread posts them to the worker with their buffers moved. As objects, their
 * structured clone cost the request thread 0.8-1.4 s per OS forest at a million patients (535,000
 * cells), 60-80 ms for PFS on T-DXd.
 */
export type PackedInteractionCells = {
  levels: string[];
  level: Uint16Array<ArrayBuffer>;
  /** 1 = the cohort, 0 = the reference. */
  treatment: Uint8Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  event: Uint8Array<ArrayBuffer>;
  n: Float64Array<ArrayBuffer>;
};

/** The buffers to move with the cells. */
export function interactionTransfer(packed: PackedInteractionCells): ArrayBuffer[] {
  return [packed.level.buffer, packed.treatment.buffer, packed.time.buffer, packed.event.buffer, packed.n.buffer];
}

/**
 * The likelihood-ratio test of cohort × subgroup (coxph main effects vs with the interaction,
 * Efron ties) on one variable's cells; the statistics workers' task. Throws (RangeError) when
 * fewer than two levels hold both cohorts: the caller shows the reason.
 */
export function testCohortInteraction(packed: PackedInteractionCells): CohortInteractionResult {
  // One row per cell, its weight the cell's patients (the Cox fitting's case weights: the same
  // test as on each patient's own row, without expanding), read from the columns as they are.
  const test = coxInteractionTestOfColumns(
    { time: packed.time, event: packed.event, treatment: packed.treatment, level: packed.level, levels: packed.levels, weight: packed.n },
    { ties: "efron" },
  );
  return { statistic: test.statistic, df: test.df, pValue: test.pValue, levelsWithOneArm: test.levelsWithOneArm, warnings: test.warnings };
}
