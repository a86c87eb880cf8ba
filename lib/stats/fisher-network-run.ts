import type { CompensatedSum } from "./compensated-sum";
import type { ColumnFillingEnumerator, FillingPenalty } from "./fisher-column-fillings";

/** The state of one pass over Fisher's network (fisher-network.ts), shared with its last stage. */
export type FisherNetworkMode = "more-probable" | "at-most-as-probable";

export type NetworkRun = {
  mode: FisherNetworkMode;
  logFactorial: Float64Array;
  columns: Int32Array;
  rowCount: number;
  /** Column totals and their log factorials summed from column k to the end. */
  columnSuffix: Float64Array;
  columnLogFactorialSuffix: Float64Array;
  threshold: number;
  /** Direct sum only: paths below this probability are skipped. */
  negligible: number;
  workload: number;
  workloadLimit: number;
  /** Q (more probable) or p (at most as probable). */
  total: CompensatedSum;
  dropped: number;
  enumerator: ColumnFillingEnumerator;
  scratch: {
    childRows: Int32Array;
    /** The rows of the node being processed, and of a node being added. */
    nodeRows: Int32Array;
    preparedRows: Int32Array;
    filling: Int32Array;
    sort: Int32Array;
    pastValues: Float64Array;
    pastMasses: Float64Array;
    penalty: FillingPenalty;
    joinValues: Float64Array;
    joinProbabilities: Float64Array;
    joinSums: Float64Array;
  };
};

export type FillingPruning = { scale: number; cutoff: number; accountTails: boolean };

export function chargeWorkload(run: NetworkRun, steps: number): void {
  run.workload += steps;
  if (run.workload > run.workloadLimit) throwTooLarge(`${run.workloadLimit.toLocaleString("en-US")} enumeration steps`);
}

/** Thrown when the exact enumeration would exceed its work or memory limit. */
export class FisherWorkloadError extends Error {
  override name = "FisherWorkloadError";
}

export function throwTooLarge(limit: string): never {
  throw new FisherWorkloadError(
    `Fisher's exact test is too large to compute exactly for this table (it would need more than ${limit}). Use the chi-square test, or a simulated p-value as R's fisher.test(simulate.p.value = TRUE).`,
  );
}
