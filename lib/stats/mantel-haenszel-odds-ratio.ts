import { computeChiSquareUpperTail, computeNormalQuantile } from "./distributions";
import { assertConfLevel, assertCountTable } from "./input-checks";

export type MantelHaenszelOddsRatio = {
  oddsRatio: number;
  lower: number;
  upper: number;
  /** Robins-Breslow-Greenland standard error of log(oddsRatio). */
  logStdErr: number;
  /** The Mantel-Haenszel chi-square test of a common odds ratio of 1, on 1 df. */
  statistic: number;
  df: 1;
  pValue: number;
  /** Strata used, and strata left out because they hold fewer than 2 patients. */
  strata: number;
  droppedStrata: number;
};

/**
 * The Mantel-Haenszel common odds ratio over K 2 × 2 strata, each [[a, b], [c, d]] (rows: exposed,
 * unexposed, e.g. HER2-low and HER2-0; columns: event, no event, e.g. pCR and no pCR), as
 * mantelhaen.test(x, correct = correct, conf.level = confLevel) with x[, , k] the k-th stratum:
 *
 * - OR = Σ a d / n ÷ Σ b c / n;
 * - CI OR · exp(∓ z · SE) with the Robins, Breslow & Greenland (1986) variance of log OR
 *   (mantelhaen.test's `sd`);
 * - the Mantel-Haenszel statistic (|Σ (a − E a)| − ½)² / Σ Var a, with Yates' ½ when correct
 *   (R's default, and only if |Σ (a − E a)| ≥ ½), on 1 df.
 *
 * Strata with fewer than 2 patients carry no information (their a d and b c are 0, as is their
 * variance): they are dropped and counted, where mantelhaen.test stops ("sample size in each
 * stratum must be > 1"). Throws a RangeError for malformed strata, no stratum left, or an odds
 * ratio of 0 or infinity (Σ a d = 0 or Σ b c = 0), where R returns 0 or Inf with no interval.
 */
export function mantelHaenszelOddsRatio(
  strata: number[][][],
  options?: { confLevel?: number; correct?: boolean },
): MantelHaenszelOddsRatio {
  const confLevel = options?.confLevel ?? 0.95;
  const correct = options?.correct ?? true;
  assertConfLevel(confLevel);
  if (!Array.isArray(strata)) throw new TypeError("strata must be an array of 2 × 2 tables.");
  const used: [number, number, number, number][] = [];
  strata.forEach((stratum, k) => {
    const { rows, columns } = assertCountTable(stratum);
    if (rows !== 2 || columns !== 2) throw new RangeError(`Stratum ${k + 1} must be a 2 × 2 table (got ${rows} × ${columns}).`);
    const cells = [stratum[0]?.[0] ?? 0, stratum[0]?.[1] ?? 0, stratum[1]?.[0] ?? 0, stratum[1]?.[1] ?? 0] as [number, number, number, number];
    if (cells[0] + cells[1] + cells[2] + cells[3] >= 2) used.push(cells);
  });
  if (used.length === 0) throw new RangeError("The Mantel-Haenszel odds ratio needs at least one stratum with 2 patients or more.");

  let concordant = 0;
  let discordant = 0;
  let concordantSquares = 0;
  let crossTerms = 0;
  let discordantSquares = 0;
  let delta = 0;
  let variance = 0;
  for (const [a, b, c, d] of used) {
    const n = a + b + c + d;
    concordant += (a * d) / n;
    discordant += (b * c) / n;
    // Robins-Breslow-Greenland: P = (a + d) / n, Q = (b + c) / n, R = a d / n, S = b c / n.
    concordantSquares += ((a + d) * a * d) / (n * n);
    crossTerms += ((a + d) * b * c + (b + c) * a * d) / (n * n);
    discordantSquares += ((b + c) * b * c) / (n * n);
    delta += a - ((a + b) * (a + c)) / n;
    variance += ((a + b) * (c + d) * (a + c) * (b + d)) / (n * n * (n - 1));
  }
  if (concordant === 0 || discordant === 0) {
    throw new RangeError(
      `The Mantel-Haenszel odds ratio is ${concordant === 0 ? "0" : "infinite"}: no stratum has ${concordant === 0 ? "both an exposed patient with the event and an unexposed one without it" : "both an exposed patient without the event and an unexposed one with it"}, so it has no confidence interval.`,
    );
  }
  const oddsRatio = concordant / discordant;
  const logStdErr = Math.sqrt(
    concordantSquares / (2 * concordant * concordant) + crossTerms / (2 * concordant * discordant) + discordantSquares / (2 * discordant * discordant),
  );
  const z = computeNormalQuantile(1 - (1 - confLevel) / 2);
  const yates = correct && Math.abs(delta) >= 0.5 ? 0.5 : 0;
  const statistic = (Math.abs(delta) - yates) ** 2 / variance;
  return {
    oddsRatio,
    lower: oddsRatio * Math.exp(-z * logStdErr),
    upper: oddsRatio * Math.exp(z * logStdErr),
    logStdErr,
    statistic,
    df: 1,
    pValue: computeChiSquareUpperTail(statistic, 1),
    strata: used.length,
    droppedStrata: strata.length - used.length,
  };
}
