import gammaln from "@stdlib/math-base-special-gammaln";

/**
 * P(X = x) for X ~ Hypergeometric: x successes when `drawn` items are taken without replacement
 * from `successes` + `failures`. As R's dhyper: the ratio of three binomial probabilities with
 * the same p = drawn / (successes + failures), each from Loader's saddle-point form
 * (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; R's dbinom_raw):
 * log P = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, np) - bd0(n - x, nq)
 *         - log(2 pi x (n - x) / n) / 2.
 * Every term is small, so the result keeps a relative error of a few 1e-16 for any n, where
 * exp(log n! - log x! - ...) loses about 1e-16 * n log n (1e-11 at n = 20,000). Fisher's network
 * (fisher-column-fillings.ts) needs that accuracy to give p = 1 - Q exactly.
 */
export function computeHypergeometricProbability(x: number, successes: number, failures: number, drawn: number): number {
  const total = successes + failures;
  if (x < Math.max(0, drawn - failures) || x > Math.min(drawn, successes)) return 0;
  if (drawn === 0 || drawn === total) return 1;
  const p = drawn / total;
  const q = (total - drawn) / total;
  return (computeBinomialProbability(x, successes, p, q) * computeBinomialProbability(drawn - x, failures, p, q)) / computeBinomialProbability(drawn, total, p, q);
}

/** R's dbinom_raw: P(X = x) for X ~ Binomial(n, p), q = 1 - p given separately for accuracy. */
function computeBinomialProbability(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) return n === 0 ? 1 : Math.exp(p < 0.1 ? -computeDeviance(n, n * q) - n * p : n * Math.log(q));
  if (x === n) return Math.exp(q < 0.1 ? -computeDeviance(n, n * p) - n * q : n * Math.log(p));
  const logCore =
    computeStirlingError(n) - computeStirlingError(x) - computeStirlingError(n - x) - computeDeviance(x, n * p) - computeDeviance(n - x, n * q);
  const logSpread = Math.log(2 * Math.PI) + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(logCore - logSpread / 2);
}

const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const SMALL_STIRLING_ERRORS = Float64Array.from({ length: 16 }, (_, n) => (n === 0 ? 0 : gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - LOG_SQRT_TWO_PI));

/**
 * stirlerr(n) = log n! - log(sqrt(2 pi n) (n / e)^n) for a whole n >= 0. Up to 15 from log-gamma
 * (the terms are below 45, so the difference keeps an absolute error near 1e-14, a relative error
 * of the probability), beyond from the asymptotic series 1/(12n) - 1/(360n^3) + 1/(1260n^5) -
 * 1/(1680n^7) + 1/(1188n^9), whose first omitted term is below 1e-16 for n > 15 (R's stirlerr).
 */
function computeStirlingError(n: number): number {
  if (n <= 15) return SMALL_STIRLING_ERRORS[n] ?? 0;
  const square = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / square) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / square) / square) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / square) / square) / square) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / square) / square) / square) / square) / n;
}

/**
 * bd0(x, m) = x log(x / m) + m - x, the deviance term, without cancellation when x is near m:
 * with v = (x - m) / (x + m) it equals (x - m) v + 2x (v^3/3 + v^5/5 + ...), summed until the
 * terms no longer change the total (Loader 2000).
 */
function computeDeviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    const vSquared = v * v;
    let sum = (x - m) * v;
    let term = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      term *= vSquared;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}
