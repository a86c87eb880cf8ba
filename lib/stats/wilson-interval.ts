import { computeNormalQuantile } from "./distributions";
import { assertConfLevel, assertCount } from "./input-checks";

/**
 * Wilson's score interval for a proportion, as prop.test(x, n, correct = FALSE)$conf.int:
 * (p + z²/2n ∓ z √(p (1 − p) / n + z² / 4n²)) / (1 + z²/n), with the lower limit 0 when x = 0
 * and the upper 1 when x = n. Throws a RangeError for n = 0, x > n or counts that are not
 * non-negative integers.
 */
export function wilsonInterval(successes: number, n: number, confLevel = 0.95): { estimate: number; lower: number; upper: number } {
  assertCount(successes, "successes");
  assertCount(n, "n");
  assertConfLevel(confLevel);
  if (n === 0) throw new RangeError("A Wilson interval needs at least one patient (n = 0).");
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n}).`);
  const z = computeNormalQuantile(1 - (1 - confLevel) / 2);
  const estimate = successes / n;
  const z22n = (z * z) / (2 * n);
  const spread = z * Math.sqrt((estimate * (1 - estimate)) / n + z22n / (2 * n));
  return {
    estimate,
    lower: successes === 0 ? 0 : (estimate + z22n - spread) / (1 + 2 * z22n),
    upper: successes === n ? 1 : (estimate + z22n + spread) / (1 + 2 * z22n),
  };
}
