/**
 * Neumaier's compensated summation (an improved Kahan sum): the error of a sum of n terms stays
 * about one rounding of the total instead of growing with n. Fisher's network adds millions of
 * path probabilities and may subtract the total from 1, so the plain sum's n * 1e-16 would show.
 */
export type CompensatedSum = { sum: number; compensation: number };

export function createCompensatedSum(): CompensatedSum {
  return { sum: 0, compensation: 0 };
}

export function addToCompensatedSum(accumulator: CompensatedSum, value: number): void {
  const sum = accumulator.sum + value;
  if (Math.abs(accumulator.sum) >= Math.abs(value)) accumulator.compensation += accumulator.sum - sum + value;
  else accumulator.compensation += value - sum + accumulator.sum;
  accumulator.sum = sum;
}

export function readCompensatedSum(accumulator: CompensatedSum): number {
  return accumulator.sum + accumulator.compensation;
}
