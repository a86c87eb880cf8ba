import { addToCompensatedSum } from "./compensated-sum";
import { chargeWorkload, type FillingPruning, type NetworkRun } from "./fisher-network-run";

/** Up to this many past values, a node's completions are added to each of them directly. */
const DIRECT_JOIN_PASTS = 6;

/**
 * The last stage of Fisher's network: two columns left, so each filling x of the first fixes the
 * table, with t(x) = sum log x_i! + log (r_i - x_i)! and conditional probability P(x | node).
 * The node's past values (run.scratch, `count` of them) each need the completions on one side of
 * threshold - past: below it for the "more probable" sum, at or above it for the direct one.
 * A node with a few past values adds the completions to each directly; one with many lists its
 * completions once and sorts them. Within a node P(x | node) is proportional to exp(-t(x)), so
 * sorting the t values ascending and the probabilities descending lines them up (a near-tie may
 * swap two probabilities equal to 1e-12), and each past value's share is a prefix or suffix sum
 * found by binary search: the cost is the node's completions, not completions x past values.
 * `lowest` and `highest` are threshold - (largest past) and threshold - (smallest past).
 */
export function joinLastTwoColumns(run: NetworkRun, rows: Int32Array, column: number, count: number, pruning: FillingPruning, lowest: number, highest: number): void {
  const { logFactorial, rowCount, threshold } = run;
  const { filling, pastValues, pastMasses } = run.scratch;
  const moreProbable = run.mode === "more-probable";
  const direct = count <= DIRECT_JOIN_PASTS;
  const directSums = [0, 0, 0, 0, 0, 0];
  let listed = 0;
  let enumerated = 0;
  const walkedBefore = run.enumerator.walked;
  run.dropped += run.enumerator.enumerate(rows, rowCount, run.columns[column] ?? 0, pruning.scale, pruning.cutoff, pruning.accountTails, filling, (step, probability) => {
    enumerated++;
    let t = step;
    for (let i = 0; i < rowCount; i++) t += logFactorial[(rows[i] ?? 0) - (filling[i] ?? 0)] ?? 0;
    if (moreProbable ? t >= highest : t < lowest) return;
    if (direct) {
      for (let p = 0; p < count; p++) {
        const below = t < threshold - (pastValues[p] ?? 0);
        if (below === moreProbable) directSums[p] = (directSums[p] ?? 0) + probability;
      }
      return;
    }
    if (listed === run.scratch.joinValues.length) growJoinScratch(run);
    run.scratch.joinValues[listed] = t;
    run.scratch.joinProbabilities[listed] = probability;
    listed++;
  });
  chargeWorkload(run, enumerated * (direct ? count : 2) + count + ((run.enumerator.walked - walkedBefore) >>> 2));
  if (direct) {
    for (let p = 0; p < count; p++) {
      const share = directSums[p] ?? 0;
      if (share > 0) addToCompensatedSum(run.total, (pastMasses[p] ?? 0) * share);
    }
    return;
  }
  const values = run.scratch.joinValues.subarray(0, listed).sort();
  // Descending, to line up with the ascending t values.
  const probabilities = run.scratch.joinProbabilities.subarray(0, listed).sort().reverse();
  if (run.scratch.joinSums.length <= listed) run.scratch.joinSums = new Float64Array(2 * listed + 2);
  // sums[i]: more probable, the i largest probabilities (t below values[i]); otherwise those
  // from i on (t at or above values[i]), added from the smallest so a small tail stays exact.
  const sums = run.scratch.joinSums;
  if (moreProbable) {
    sums[0] = 0;
    for (let i = 0; i < listed; i++) sums[i + 1] = (sums[i] ?? 0) + (probabilities[i] ?? 0);
  } else {
    sums[listed] = 0;
    for (let i = listed - 1; i >= 0; i--) sums[i] = (sums[i + 1] ?? 0) + (probabilities[i] ?? 0);
  }
  for (let p = 0; p < count; p++) {
    const share = sums[findFirstAtLeast(values, threshold - (pastValues[p] ?? 0))] ?? 0;
    if (share > 0) addToCompensatedSum(run.total, (pastMasses[p] ?? 0) * share);
  }
}

function growJoinScratch(run: NetworkRun): void {
  const size = run.scratch.joinValues.length * 2;
  const values = new Float64Array(size);
  values.set(run.scratch.joinValues);
  const probabilities = new Float64Array(size);
  probabilities.set(run.scratch.joinProbabilities);
  run.scratch.joinValues = values;
  run.scratch.joinProbabilities = probabilities;
}

function findFirstAtLeast(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
