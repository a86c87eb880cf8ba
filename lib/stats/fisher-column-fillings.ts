import { computeHypergeometricProbability } from "./hypergeometric-probability";

/**
 * Enumerates the ways to fill one column of a contingency table given what is left of the row
 * totals, with the conditional probability of each, skipping the ones that cannot matter.
 *
 * With both margins fixed, the column's split over the rows is multivariate hypergeometric:
 * row 0 gets x_0 ~ Hypergeometric(N', r_0, c), then row 1 gets x_1 ~ Hypergeometric(N' - r_0,
 * r_1, c - x_0), and so on; the last row takes what is left. Each level starts at its mode, whose
 * probability comes from R's dhyper algorithm (hypergeometric-probability.ts, relative error
 * about 1e-15 whatever N is), and walks outwards with the exact ratios
 * P(x + 1) / P(x) = (r - x)(c - x) / ((x + 1)(N' - r - c + x + 1)), a few roundings per step.
 * Products of such probabilities stay exact to about 1e-13, where exp() of differences of log
 * factorials of N = 20,000 (about 1.8e5) would lose 1e-10.
 *
 * Pruning, level by level from the mode outwards (the hypergeometric is log-concave, so the
 * probabilities only shrink on the way out):
 * - `accountTails`: a value is skipped with everything beyond it once `scale * P(prefix)` falls
 *   below `cutoff`; since the ratios keep shrinking, the skipped probability is at most
 *   P(x) / (1 - q) with q = P(x + 1) / P(x). That bound (times scale) is added to the returned
 *   total, which the caller checks against its error budget;
 * - otherwise a branch is cut, with nothing to account for, once `P(prefix) <= cutoff`: the caller
 *   has shown that no table through such a branch can matter.
 * An optional `penalty` cuts branches too (nothing to account for): row i's value x costs
 * log x! - lambda_i x - minimum_i (convex, smallest near exp(lambda_i)), and a prefix whose costs
 * exceed `budget` is cut (fisher-bounds.ts, splitLagrangianBound, says why that is safe).
 */
export type FillingPenalty = { lambdas: Float64Array; minima: Float64Array; budget: number };

const MODE_CACHE_LIMIT = 200_000;

export class ColumnFillingEnumerator {
  /** Level values visited so far (work accounting), and the longest walk from a mode (error bound). */
  walked = 0;
  longestWalk = 0;
  private readonly logFactorial: Float64Array;
  /** Mode probabilities by level (the same levels recur across nodes); bounded. */
  private readonly modeProbabilities = new Map<number, number>();
  private readonly keyBase: number;

  constructor(logFactorial: Float64Array) {
    this.logFactorial = logFactorial;
    this.keyBase = logFactorial.length;
  }

  private findModeProbability(mode: number, rowTotal: number, othersTotal: number, left: number): number {
    const key = (rowTotal * this.keyBase + othersTotal) * this.keyBase + left;
    const known = this.modeProbabilities.get(key);
    if (known !== undefined) return known;
    const probability = computeHypergeometricProbability(mode, rowTotal, othersTotal, left);
    if (this.modeProbabilities.size < MODE_CACHE_LIMIT) this.modeProbabilities.set(key, probability);
    return probability;
  }

  enumerate(
    rows: Int32Array,
    size: number,
    amount: number,
    scale: number,
    cutoff: number,
    accountTails: boolean,
    filling: Int32Array,
    visit: (step: number, probability: number) => void,
    penalty: FillingPenalty | null = null,
  ): number {
    const logFactorial = this.logFactorial;
    let dropped = 0;
    let walked = 0;
    let longestWalk = this.longestWalk;
    const isNegligible = (mass: number): boolean => (accountTails ? scale * mass < cutoff : mass <= cutoff);
    const budget = penalty === null ? Number.POSITIVE_INFINITY : penalty.budget;
    const costOf = (i: number, x: number): number =>
      penalty === null ? 0 : (logFactorial[x] ?? 0) - (penalty.lambdas[i] ?? 0) * x - (penalty.minima[i] ?? 0);

    const fillRow = (i: number, left: number, remainingTotal: number, prefixProbability: number, prefixStep: number, prefixCost: number): void => {
      const rowTotal = rows[i] ?? 0;
      if (i === size - 1) {
        if (prefixCost + costOf(i, left) > budget) return;
        filling[i] = left;
        visit(prefixStep + (logFactorial[left] ?? 0), prefixProbability);
        return;
      }
      const othersTotal = remainingTotal - rowTotal;
      const lowest = Math.max(0, left - othersTotal);
      const highest = Math.min(rowTotal, left);
      if (lowest === highest) {
        const cost = prefixCost + costOf(i, lowest);
        if (cost > budget) return;
        filling[i] = lowest;
        fillRow(i + 1, left - lowest, othersTotal, prefixProbability, prefixStep + (logFactorial[lowest] ?? 0), cost);
        return;
      }
      // The cost is convex in x with its minimum at floor(exp(lambda)): beyond that (with a unit
      // of slack for rounding) it only grows, so a walk away from it may stop at the budget.
      const cheapest = penalty === null ? 0 : Math.floor(Math.exp(Math.min(penalty.lambdas[i] ?? 0, 700)));
      const mode = Math.min(highest, Math.max(lowest, Math.floor(((left + 1) * (rowTotal + 1)) / (remainingTotal + 2))));
      const modeProbability = this.findModeProbability(mode, rowTotal, othersTotal, left);
      if (isNegligible(prefixProbability * modeProbability)) {
        if (accountTails) dropped += scale * prefixProbability;
        return;
      }
      const base = othersTotal - left;
      // Upwards from the mode: P(x + 1) / P(x) = (r - x)(left - x) / ((x + 1)(others - left + x + 1)).
      let probability = modeProbability;
      for (let x = mode; x <= highest; x++) {
        const ratio = x < highest ? ((rowTotal - x) * (left - x)) / ((x + 1) * (base + x + 1)) : 0;
        walked++;
        if (x - mode > longestWalk) longestWalk = x - mode;
        if (x > mode && isNegligible(prefixProbability * probability) && (!accountTails || ratio < 1)) {
          if (accountTails) dropped += (scale * prefixProbability * probability) / (1 - ratio);
          break;
        }
        const cost = prefixCost + costOf(i, x);
        if (cost <= budget) {
          filling[i] = x;
          fillRow(i + 1, left - x, othersTotal, prefixProbability * probability, prefixStep + (logFactorial[x] ?? 0), cost);
        } else if (x > cheapest) break;
        probability *= ratio;
      }
      // Downwards: P(x - 1) / P(x) = x (others - left + x) / ((r - x + 1)(left - x + 1)).
      probability = modeProbability;
      for (let x = mode - 1; x >= lowest; x--) {
        probability *= ((x + 1) * (base + x + 1)) / ((rowTotal - x) * (left - x));
        const ratio = x > lowest ? (x * (base + x)) / ((rowTotal - x + 1) * (left - x + 1)) : 0;
        walked++;
        if (mode - x > longestWalk) longestWalk = mode - x;
        if (isNegligible(prefixProbability * probability) && (!accountTails || ratio < 1)) {
          if (accountTails) dropped += (scale * prefixProbability * probability) / (1 - ratio);
          break;
        }
        const cost = prefixCost + costOf(i, x);
        if (cost <= budget) {
          filling[i] = x;
          fillRow(i + 1, left - x, othersTotal, prefixProbability * probability, prefixStep + (logFactorial[x] ?? 0), cost);
        } else if (x < cheapest) break;
      }
    };

    let total = 0;
    for (let i = 0; i < size; i++) total += rows[i] ?? 0;
    if (size > 0 && amount <= total) fillRow(0, amount, total, 1, 0, 0);
    this.walked += walked;
    this.longestWalk = longestWalk;
    return dropped;
  }
}
