import { clopperPearsonInterval } from "./clopper-pearson-interval";
import { assertSquareCountTable } from "./input-checks";

export type PercentAgreement = { agreement: number; lower: number; upper: number };

/**
 * The share of specimens on which both readers made the same call (the diagonal of a square
 * table of counts over its total), with its exact Clopper-Pearson 95 % interval, as
 * binom.test(sum(diag(table)), sum(table))$conf.int. A proportion, not a percentage (0.82, not 82).
 * Throws a TypeError or RangeError for anything but a non-empty square table of non-negative
 * integer counts with at least one specimen.
 */
export function percentAgreement(table: number[][]): PercentAgreement {
  const { size, total } = assertSquareCountTable(table);
  let agreed = 0;
  for (let i = 0; i < size; i++) agreed += table[i]?.[i] ?? 0;
  const interval = clopperPearsonInterval(agreed, total);
  return { agreement: interval.estimate, lower: interval.lower, upper: interval.upper };
}
