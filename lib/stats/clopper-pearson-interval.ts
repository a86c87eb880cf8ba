import { computeBetaQuantile } from "./distributions";
import { assertConfLevel, assertCount } from "./input-checks";

/**
 * The exact (Clopper-Pearson) binomial interval, as binom.test(successes, n, conf.level)$conf.int:
 * lower = qbeta(alpha / 2, x, n - x + 1) (0 when x = 0),
 * upper = qbeta(1 - alpha / 2, x + 1, n - x) (1 when x = n).
 */
export function clopperPearsonInterval(
  successes: number,
  n: number,
  confLevel = 0.95,
): { estimate: number; lower: number; upper: number } {
  assertCount(successes, "successes");
  assertCount(n, "n");
  assertConfLevel(confLevel);
  if (n === 0) throw new Error("An exact binomial interval needs at least one patient (n = 0).");
  if (successes > n) throw new Error(`successes (${successes}) cannot exceed n (${n}).`);
  const alpha = (1 - confLevel) / 2;
  return {
    estimate: successes / n,
    lower: successes === 0 ? 0 : computeBetaQuantile(alpha, successes, n - successes + 1),
    upper: successes === n ? 1 : computeBetaQuantile(1 - alpha, successes + 1, n - successes),
  };
}
