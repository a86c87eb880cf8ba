// Number formats of the dashboards, after gtsummary's defaults so that a table reads like the
// one R would print (issue 7 §3). Pure: used by the charts, the tables and the CSV exports.

/**
 * p-values: "<0.001" below 0.001, ">0.99" above 0.99, otherwise two significant digits
 * (0.043, 0.43, 0.0012), as issue 7 asks; gtsummary's style_pvalue(digits = 2) agrees except
 * that it rounds 0.001-0.01 to three decimals.
 */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "<0.001";
  if (p > 0.99) return ">0.99";
  return p.toPrecision(2);
}

/** A count with its noun, singular or plural: "1 row", "2 rows", "1,234 cases". */
export function formatCountOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? singular : plural}`;
}

/** A p-value in a sentence: "p = 0.043", "p < 0.001", "p > 0.99" (never "p = <0.001"). */
export function formatPValueInText(p: number | null): string {
  const value = formatPValue(p);
  if (value === "—") return "p not available";
  if (value.startsWith("<") || value.startsWith(">")) return `p ${value[0]} ${value.slice(1)}`;
  return `p = ${value}`;
}

/** Percentages as gtsummary's style_percent(): 0 decimals from 10 %, 1 below, "<0.1" near 0. */
export function formatPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return "—";
  if (percent === 0) return "0%";
  if (percent < 0.1) return "<0.1%";
  if (percent < 10) return `${roundHalfAway(percent, 1).toFixed(1)}%`;
  return `${roundHalfAway(percent, 0).toFixed(0)}%`;
}

/** R's round() for display rounds half to even on the binary value; gtsummary rounds 0.5 away from zero. */
export function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
}

/** Summary statistics of a continuous variable: integers for values from 10, one decimal below. */
export function formatStatistic(value: number): string {
  const digits = Math.abs(value) >= 10 ? 0 : 1;
  return roundHalfAway(value, digits).toFixed(digits);
}

export function formatMedianQuartiles(summary: { median: number; q1: number; q3: number } | null): string {
  if (summary === null) return "—";
  return `${formatStatistic(summary.median)} (${formatStatistic(summary.q1)}, ${formatStatistic(summary.q3)})`;
}

/** Months with one decimal; null (not reached) as "NR", as survival tables print it. */
export function formatMonths(months: number | null): string {
  return months === null ? "NR" : months.toFixed(1);
}

/** Median survival and its 95 % CI in months, "NR" where not reached: "9.9 (7.1-13.2)". */
export function formatMedianWithInterval(median: { estimate: number | null; lower: number | null; upper: number | null }): string {
  if (median.estimate === null && median.lower === null) return "NR";
  return `${formatMonths(median.estimate)} (${formatMonths(median.lower)}-${formatMonths(median.upper)})`;
}

/** A rate with its interval as in "60.3 % (52.9-67.4)". */
export function formatRateWithInterval(rate: number | null, lower: number | null, upper: number | null): string {
  if (rate === null) return "—";
  const main = `${(100 * rate).toFixed(1)}%`;
  if (lower === null || upper === null) return main;
  return `${main} (${(100 * lower).toFixed(1)}-${(100 * upper).toFixed(1)})`;
}

/** Hazard ratios and their limits: two decimals, as summary(coxph) is usually reported. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return value.toFixed(2);
}
