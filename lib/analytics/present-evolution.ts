// The Evolution tab as sent to the browser (issue 7 §5, §6): transition matrices with the
// discordance rate, and the HER2-low / ultralow calling rates of each site and assay against the
// pooled rate as funnel plots. Pure.
import type { EvaluableCategory } from "../her2/classify";
import { computeNormalQuantile } from "../stats/distributions";
import type { CallingCounts, CallingRates } from "./calling-rates";
import { HER2_COHORT_KEYS } from "./cohorts";
import type { Her2Transitions, TransitionCell } from "./her2-transitions";
import { describeRate, type ShownRate } from "./present-outcomes";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import { HER2_ASSAY_LABELS } from "./value-labels";

export type TransitionMatrixView = {
  /** Patients with both categories. */
  total: ShownCount;
  /** rows[from][to]: count and the share of the row (percent of patients who started in `from`). */
  cells: { from: EvaluableCategory; to: EvaluableCategory; n: ShownCount; rowPercent: number | null }[];
  rowTotals: Record<EvaluableCategory, ShownCount>;
  /** Patients whose category changed, with an exact 95 % CI. */
  discordant: ShownCount;
  discordance: ShownRate;
  /** Patients first HER2-zero who later tested HER2-low or ultralow (newly eligible for T-DXd). */
  fromZero: ShownCount;
  zeroToLowOrUltralow: ShownCount;
  zeroToLowOrUltralowRate: ShownRate;
};

export type CallingMetric = "low" | "ultralow";

export type FunnelUnit = {
  key: string;
  label: string;
  /** Tests called HER2-low (or ultralow) and the denominator of the metric. */
  calls: ShownCount;
  total: ShownCount;
  rate: ShownRate;
  /** Standardised difference from the pooled rate; null when suppressed. */
  z: number | null;
  /** Outside the 95 % or 99.8 % funnel limits (Spiegelhalter 2005: "alert" and "alarm"). */
  outside95: boolean;
  outside998: boolean;
};

export type FunnelView = {
  metric: CallingMetric;
  pooled: { calls: ShownCount; total: ShownCount; rate: number | null };
  units: FunnelUnit[];
  /** Control limits against n (tests), for the funnel lines. */
  limits: { n: number; lower95: number; upper95: number; lower998: number; upper998: number }[];
};

export type EvolutionView = {
  smallCellThreshold: number;
  firstToLast: TransitionMatrixView;
  primaryToMetastatic: TransitionMatrixView;
  sites: Record<CallingMetric, FunnelView>;
  assays: Record<CallingMetric, FunnelView>;
};

export function presentTransitions(cells: TransitionCell[], threshold: number): TransitionMatrixView {
  const count = (from: EvaluableCategory, to: EvaluableCategory) => cells.find((cell) => cell.from === from && cell.to === to)?.n ?? 0;
  const rowTotal = (from: EvaluableCategory) => HER2_COHORT_KEYS.reduce((sum, to) => sum + count(from, to), 0);
  const total = cells.reduce((sum, cell) => sum + cell.n, 0);
  const discordant = cells.filter((cell) => cell.from !== cell.to).reduce((sum, cell) => sum + cell.n, 0);
  const fromZero = rowTotal("ZERO");
  const zeroToLow = count("ZERO", "LOW") + count("ZERO", "ULTRALOW");
  return {
    total: suppressCount(total, threshold),
    cells: HER2_COHORT_KEYS.flatMap((from) =>
      HER2_COHORT_KEYS.map((to) => {
        const n = count(from, to);
        const hidden = isSuppressed(n, threshold) || isSuppressed(rowTotal(from), threshold);
        return { from, to, n: suppressCount(n, threshold), rowPercent: hidden || rowTotal(from) === 0 ? null : (100 * n) / rowTotal(from) };
      }),
    ),
    rowTotals: {
      ZERO: suppressCount(rowTotal("ZERO"), threshold),
      ULTRALOW: suppressCount(rowTotal("ULTRALOW"), threshold),
      LOW: suppressCount(rowTotal("LOW"), threshold),
      POSITIVE: suppressCount(rowTotal("POSITIVE"), threshold),
    },
    discordant: suppressCount(discordant, threshold),
    discordance: describeRate(discordant, total, threshold),
    fromZero: suppressCount(fromZero, threshold),
    zeroToLowOrUltralow: suppressCount(zeroToLow, threshold),
    zeroToLowOrUltralowRate: describeRate(zeroToLow, fromZero, threshold),
  };
}

/**
 * The metric's numerator and denominator. HER2-low calling: LOW among HER2-negative tests
 * (ZERO + ULTRALOW + LOW). Ultralow calling: ULTRALOW among tests scored IHC 0 (ZERO +
 * ULTRALOW), i.e. how often faint staining in ≤ 10 % of cells is reported (DESTINY-Breast06).
 */
export function countCalls(counts: CallingCounts, metric: CallingMetric): { calls: number; total: number } {
  switch (metric) {
    case "low":
      return { calls: counts.low, total: counts.zero + counts.ultralow + counts.low };
    case "ultralow":
      return { calls: counts.ultralow, total: counts.zero + counts.ultralow };
  }
}

const Z95 = computeNormalQuantile(0.975);
const Z998 = computeNormalQuantile(0.999);

/**
 * A funnel plot of calling rates (Spiegelhalter, Stat Med 2005;24:1185): each unit's rate
 * against its number of tests, with the pooled rate p0 and control limits
 * p0 ± z sqrt(p0 (1 - p0) / n) at z = 1.96 (95 %) and 3.09 (99.8 %), the normal approximation
 * to the binomial, clipped to [0, 1]. Each unit also carries its exact 95 % CI.
 */
export function presentFunnel(
  units: { key: string; label: string; counts: CallingCounts }[],
  metric: CallingMetric,
  threshold: number,
): FunnelView {
  const measured = units.map((unit) => ({ ...unit, ...countCalls(unit.counts, metric) })).filter((unit) => unit.total > 0);
  const pooledCalls = measured.reduce((sum, unit) => sum + unit.calls, 0);
  const pooledTotal = measured.reduce((sum, unit) => sum + unit.total, 0);
  const p0 = pooledTotal === 0 ? null : pooledCalls / pooledTotal;
  const spread = (n: number) => (p0 === null ? 0 : Math.sqrt((p0 * (1 - p0)) / n));
  const funnelUnits = measured.map((unit): FunnelUnit => {
    const hidden = isSuppressed(unit.calls, threshold) || isSuppressed(unit.total, threshold);
    const sd = spread(unit.total);
    const z = hidden || p0 === null || sd === 0 ? null : (unit.calls / unit.total - p0) / sd;
    return {
      key: unit.key,
      label: unit.label,
      calls: suppressCount(unit.calls, threshold),
      total: suppressCount(unit.total, threshold),
      rate: describeRate(unit.calls, unit.total, threshold),
      z,
      outside95: z !== null && Math.abs(z) > Z95,
      outside998: z !== null && Math.abs(z) > Z998,
    };
  });
  const limits: FunnelView["limits"] = [];
  const largest = Math.max(0, ...measured.map((unit) => unit.total));
  if (p0 !== null && largest > 0) {
    const from = Math.max(1, Math.min(...measured.map((unit) => unit.total)) / 2);
    const to = largest * 1.15;
    const steps = 60;
    for (let i = 0; i <= steps; i++) {
      const n = from * (to / from) ** (i / steps);
      const clip = (value: number) => Math.min(1, Math.max(0, value));
      limits.push({
        n,
        lower95: clip(p0 - Z95 * spread(n)),
        upper95: clip(p0 + Z95 * spread(n)),
        lower998: clip(p0 - Z998 * spread(n)),
        upper998: clip(p0 + Z998 * spread(n)),
      });
    }
  }
  return {
    metric,
    pooled: { calls: suppressCount(pooledCalls, threshold), total: suppressCount(pooledTotal, threshold), rate: p0 },
    units: funnelUnits,
    limits,
  };
}

export function presentEvolution(transitions: Her2Transitions, calls: CallingRates, threshold: number): EvolutionView {
  const siteUnits = calls.bySite.map((site) => ({ key: site.code, label: `${site.code} · ${site.name}`, counts: site }));
  const assayUnits = calls.byAssay.map((assay) => ({ key: assay.assay, label: HER2_ASSAY_LABELS[assay.assay], counts: assay }));
  return {
    smallCellThreshold: threshold,
    firstToLast: presentTransitions(transitions.firstToLast, threshold),
    primaryToMetastatic: presentTransitions(transitions.primaryToMetastatic, threshold),
    sites: { low: presentFunnel(siteUnits, "low", threshold), ultralow: presentFunnel(siteUnits, "ultralow", threshold) },
    assays: { low: presentFunnel(assayUnits, "low", threshold), ultralow: presentFunnel(assayUnits, "ultralow", threshold) },
  };
}
