import { computeNormalQuantile } from "./distributions";
import { assertFiniteNumber } from "./input-checks";

export type RocObservation = { score: number; positive: boolean };

export type RocPoint = { threshold: number; sensitivity: number; specificity: number };

export type RocCurve = {
  /** Thresholds ascending, from −Infinity (everybody positive) to +Infinity (nobody). */
  points: RocPoint[];
  auc: number;
  /** DeLong's standard error of the AUC; NaN with fewer than 2 positives or 2 negatives. */
  stdErr: number;
  lower: number;
  upper: number;
  positives: number;
  negatives: number;
  method: "DeLong";
};

/**
 * The empirical ROC curve of a numeric score against a binary reference (positive = the
 * condition, e.g. IHC ≥ 1+), higher scores meaning positive, with the AUC and DeLong's interval,
 * as pROC::roc(controls = negatives, cases = positives, direction = "<"), coords(roc, "all") and
 * ci.auc(roc, method = "delong"):
 *
 * - thresholds: −∞, the midpoints between consecutive distinct scores, +∞ (pROC's; a midpoint
 *   that rounds onto the lower score is moved to the upper one, as pROC does); at threshold t,
 *   sensitivity = share of positives with score ≥ t, specificity = share of negatives below t;
 * - AUC = the Mann-Whitney probability P(score of a positive > score of a negative), ties ½;
 * - DeLong, DeLong & Clarke-Pearson (1988), computed by midranks (Sun & Xu 2014):
 *   V10_i = (rank of positive i among all − its rank among positives) / negatives,
 *   V01_j = 1 − (rank of negative j among all − its rank among negatives) / positives,
 *   Var = var(V10) / positives + var(V01) / negatives (sample variances), and the interval
 *   AUC ∓ z √Var clipped to [0, 1].
 *
 * Throws a RangeError without at least one positive and one negative, or for a score that is
 * not finite; a TypeError for a `positive` that is not a boolean.
 */
export function rocCurve(observations: RocObservation[], options?: { confLevel?: number }): RocCurve {
  const confLevel = options?.confLevel ?? 0.95;
  if (!Array.isArray(observations)) throw new TypeError("observations must be an array of { score, positive }.");
  const positiveScores: number[] = [];
  const negativeScores: number[] = [];
  observations.forEach((observation, index) => {
    if (observation === null || typeof observation !== "object") throw new TypeError(`Observation ${index + 1} is not an object.`);
    assertFiniteNumber(observation.score, `Observation ${index + 1}: score`);
    if (typeof observation.positive !== "boolean") {
      throw new TypeError(`Observation ${index + 1}: positive must be true or false (got ${String(observation.positive)}).`);
    }
    (observation.positive ? positiveScores : negativeScores).push(observation.score);
  });
  if (positiveScores.length === 0 || negativeScores.length === 0) {
    throw new RangeError(
      `A ROC curve needs at least one positive and one negative (got ${positiveScores.length} positive and ${negativeScores.length} negative).`,
    );
  }
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be strictly between 0 and 1 (got ${String(confLevel)}).`);

  const m = positiveScores.length;
  const n = negativeScores.length;
  const allRanks = computeMidranks([...positiveScores, ...negativeScores]);
  const positiveRanks = computeMidranks(positiveScores);
  const negativeRanks = computeMidranks(negativeScores);
  const positivePlacements = positiveScores.map((_, i) => ((allRanks[i] ?? 0) - (positiveRanks[i] ?? 0)) / n);
  const negativePlacements = negativeScores.map((_, j) => 1 - ((allRanks[m + j] ?? 0) - (negativeRanks[j] ?? 0)) / m);
  const auc = positivePlacements.reduce((sum, value) => sum + value, 0) / m;
  let stdErr = Number.NaN;
  let lower = Number.NaN;
  let upper = Number.NaN;
  if (m > 1 && n > 1) {
    const variance = computeSampleVariance(positivePlacements, auc) / m + computeSampleVariance(negativePlacements, auc) / n;
    stdErr = Math.sqrt(variance);
    const z = computeNormalQuantile(1 - (1 - confLevel) / 2);
    lower = Math.max(0, auc - z * stdErr);
    upper = Math.min(1, auc + z * stdErr);
  }
  return { points: buildPoints(positiveScores, negativeScores), auc, stdErr, lower, upper, positives: m, negatives: n, method: "DeLong" };
}

function buildPoints(positiveScores: number[], negativeScores: number[]): RocPoint[] {
  const distinct = [...new Set([...positiveScores, ...negativeScores])].sort((a, b) => a - b);
  const thresholds = [Number.NEGATIVE_INFINITY];
  for (let i = 1; i < distinct.length; i++) {
    const below = distinct[i - 1] ?? 0;
    const above = distinct[i] ?? 0;
    let midpoint = (below + above) / 2;
    // pROC: halves first where the sum would overflow, and a midpoint equal to the lower score
    // (adjacent doubles) becomes the upper one, so the lower score stays below the threshold.
    if (Math.abs(midpoint) > 1e100 || !Number.isFinite(midpoint)) midpoint = below / 2 + above / 2;
    if (midpoint === below) midpoint = above;
    thresholds.push(midpoint);
  }
  thresholds.push(Number.POSITIVE_INFINITY);
  const positives = [...positiveScores].sort((a, b) => a - b);
  const negatives = [...negativeScores].sort((a, b) => a - b);
  // Walk the thresholds upwards with two pointers: the scores below each threshold.
  let positivesBelow = 0;
  let negativesBelow = 0;
  return thresholds.map((threshold) => {
    while (positivesBelow < positives.length && (positives[positivesBelow] ?? 0) < threshold) positivesBelow++;
    while (negativesBelow < negatives.length && (negatives[negativesBelow] ?? 0) < threshold) negativesBelow++;
    return {
      threshold,
      sensitivity: (positives.length - positivesBelow) / positives.length,
      specificity: negativesBelow / negatives.length,
    };
  });
}

/** Midranks (ties share the mean of their ranks), 1-based, in the input's order. */
function computeMidranks(values: number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === values[order[start] ?? 0]) end++;
    const midrank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k] ?? 0] = midrank;
    start = end + 1;
  }
  return ranks;
}

function computeSampleVariance(values: number[], mean: number): number {
  let sum = 0;
  for (const value of values) sum += (value - mean) ** 2;
  return sum / (values.length - 1);
}
