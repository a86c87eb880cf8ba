// Distribution functions come from @stdlib (ports of the Cephes / Boost algorithms R also
// relies on); nothing here re-implements a series.
import gammainc from "@stdlib/math-base-special-gammainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * P(X > x) for X ~ chi-square(df), as R's pchisq(x, df, lower.tail = FALSE).
 * Uses the regularised upper incomplete gamma Q(df/2, x/2) directly rather than 1 - cdf,
 * so p-values like 1e-30 keep their relative precision instead of rounding to 0.
 */
export function computeChiSquareUpperTail(statistic: number, df: number): number {
  if (statistic <= 0) return 1;
  return gammainc(statistic / 2, df / 2, true, true);
}

/** Two-sided normal p-value 2 * P(Z > |z|), as R's 2 * pnorm(-abs(z)). */
export function computeNormalTwoSidedPValue(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** The standard normal quantile, qnorm(p). */
export function computeNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** The beta quantile, qbeta(p, a, b). */
export function computeBetaQuantile(p: number, a: number, b: number): number {
  return betaQuantile(p, a, b);
}

/** log(k!) for k = 0..max, via lgamma (exact to double precision, unlike a running sum of logs). */
export function buildLogFactorialTable(max: number): Float64Array {
  const table = new Float64Array(max + 1);
  for (let k = 2; k <= max; k++) table[k] = gammaln(k + 1);
  return table;
}
