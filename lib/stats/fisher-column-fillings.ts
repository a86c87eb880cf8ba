/**
 * Enumerates the ways to fill one column of a contingency table given what is left of the row
 * totals, skipping the negligible ones.
 *
 * With both margins fixed, the column's split over the rows is multivariate hypergeometric:
 * row 0 gets x_0 ~ Hypergeometric(N', r_0, c), then row 1 gets x_1 ~ Hypergeometric(N' - r_0,
 * r_1, c - x_0), and so on; the last row takes what is left. Each level is walked outwards from
 * its mode, and stops once `scale * P(prefix)` falls below `negligible`. The hypergeometric is
 * log-concave, so beyond that point the pmf ratios keep shrinking and the skipped tail is at most
 * P(x) / (1 - q), q = P(x + 1) / P(x): that bound is added to the returned dropped mass, which
 * the caller checks against its error budget. With `negligible` = 0 nothing is skipped.
 */
export function forEachLikelyColumnFilling(
  rows: number[],
  amount: number,
  logFactorial: Float64Array,
  scale: number,
  negligible: number,
  visit: (filling: number[]) => void,
): number {
  const size = rows.length;
  const filling = new Array<number>(size).fill(0);
  const logChoose = (n: number, k: number): number =>
    (logFactorial[n] ?? 0) - (logFactorial[k] ?? 0) - (logFactorial[n - k] ?? 0);
  let dropped = 0;

  const fillRow = (i: number, left: number, remainingTotal: number, prefixProbability: number): void => {
    const rowTotal = rows[i] ?? 0;
    if (i === size - 1) {
      filling[i] = left;
      visit(filling);
      return;
    }
    const othersTotal = remainingTotal - rowTotal;
    const lowest = Math.max(0, left - othersTotal);
    const highest = Math.min(rowTotal, left);
    const logDenominator = logChoose(remainingTotal, left);
    const probabilityOf = (x: number): number =>
      Math.exp(logChoose(rowTotal, x) + logChoose(othersTotal, left - x) - logDenominator);
    const mode = Math.min(highest, Math.max(lowest, Math.floor(((left + 1) * (rowTotal + 1)) / (remainingTotal + 2))));
    const modeProbability = probabilityOf(mode);
    if (scale * prefixProbability * modeProbability < negligible) {
      dropped += scale * prefixProbability;
      return;
    }
    for (const direction of [1, -1]) {
      let x = direction === 1 ? mode : mode - 1;
      let probability = direction === 1 ? modeProbability : x >= lowest ? probabilityOf(x) : 0;
      while (x >= lowest && x <= highest) {
        const next = x + direction;
        const nextProbability = next >= lowest && next <= highest ? probabilityOf(next) : 0;
        if (scale * prefixProbability * probability < negligible) {
          const ratio = probability > 0 ? nextProbability / probability : 0;
          if (ratio < 1) {
            dropped += (scale * prefixProbability * probability) / (1 - ratio);
            break;
          }
        }
        filling[i] = x;
        fillRow(i + 1, left - x, othersTotal, prefixProbability * probability);
        x = next;
        probability = nextProbability;
      }
    }
  };

  const total = rows.reduce((sum, value) => sum + value, 0);
  if (size > 0 && amount <= total) fillRow(0, amount, total, 1);
  return dropped;
}
