// The Evolution tab as sent to the browser (issue 7 §5, §6): transition matrices with the
// discordance rate, and the HER2-low / ultralow calling rates of each site and assay against the
// pooled rate as funnel plots. Pure.
import type { EvaluableCategory } from "../her2/classify";
import { computeNormalQuantile } from "../stats/distributions";
import type { CallingCounts, CallingRates } from "./calling-rates";
import { cohortInScheme, createCohortRecord, isHer2ZeroCohort, shownCohortKeys, type CohortKey, type CohortScheme } from "./cohorts";
import type { Her2Transitions, TransitionCell } from "./her2-transitions";
import { describeRate, type ShownRate } from "./present-outcomes";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import { HER2_ASSAY_LABELS } from "./value-labels";

/** A count with its exact 95 % CI as a share of `of`. */
export type ShownProportion = { n: ShownCount; of: ShownCount; rate: ShownRate };

export type TransitionMatrixView = {
  /** The categories of the rows and columns, in the scheme's order (IHC 0 not specified only when present). */
  categories: CohortKey[];
  /** Patients with both categories. */
  total: ShownCount;
  /** rows[from][to]: count and the share of the row (percent of patients who started in `from`). */
  cells: { from: CohortKey; to: CohortKey; n: ShownCount; rowPercent: number | null }[];
  rowTotals: Record<CohortKey, ShownCount>;
  /** Category changed over the three published categories (HER2-0 / low / positive). */
  discordance3: ShownProportion;
  /**
   * Category changed over four (null / ultralow / low / positive), among patients neither of whose
   * results is an IHC 0 not specified (such a report cannot say null or ultralow).
   */
  discordance4: ShownProportion;
  /**
   * Newly eligible for trastuzumab deruxtecan, as the labels say: HER2-0 → HER2-low (eligible
   * after chemotherapy, DESTINY-Breast04); HR-positive patients from HER2-null or IHC 0 not
   * specified → ultralow (eligible only after endocrine therapy, DESTINY-Breast06); and ultralow →
   * low (from DESTINY-Breast06's population into DESTINY-Breast04's).
   */
  zeroToLow: ShownProportion;
  nullToUltralowHrPositive: ShownProportion;
  ultralowToLow: ShownProportion;
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
  preNeoadjuvantToResidual: TransitionMatrixView;
  sites: Record<CallingMetric, FunnelView>;
  assays: Record<CallingMetric, FunnelView>;
};

function proportion(n: number, of: number, threshold: number): ShownProportion {
  return { n: suppressCount(n, threshold), of: suppressCount(of, threshold), rate: describeRate(n, of, threshold) };
}

function sumCells(cells: readonly TransitionCell[], keep: (cell: TransitionCell) => boolean): number {
  return cells.reduce((sum, cell) => (keep(cell) ? sum + cell.n : sum), 0);
}

const isHer2Zero = (category: EvaluableCategory) => isHer2ZeroCohort(category);
const isNullOrUnspecified = (category: EvaluableCategory) => category === "ZERO" || category === "ZERO_NOS";

/**
 * One transition matrix in the cohort scheme (HER2-0 = null + ultralow + not specified in 3
 * groups), with both published discordance figures and the eligibility changes; the figures do
 * not depend on the scheme, only the matrix does.
 */
export function presentTransitions(cells: readonly TransitionCell[], threshold: number, scheme: CohortScheme): TransitionMatrixView {
  const placed = cells.map((cell) => ({ ...cell, fromKey: cohortInScheme(cell.from, scheme), toKey: cohortInScheme(cell.to, scheme) }));
  const count = (from: CohortKey, to: CohortKey) => placed.reduce((sum, cell) => (cell.fromKey === from && cell.toKey === to ? sum + cell.n : sum), 0);
  const present = (cohort: CohortKey) => placed.some((cell) => cell.fromKey === cohort || cell.toKey === cohort);
  const categories = shownCohortKeys(scheme, present).filter((cohort) => cohort !== "UNCLASSIFIED");
  const rowTotal = (from: CohortKey) => categories.reduce((sum, to) => sum + count(from, to), 0);
  const total = sumCells(cells, () => true);
  const threeCategory = (category: EvaluableCategory) => (isHer2Zero(category) ? "HER2_0" : category);
  const specified = cells.filter((cell) => cell.from !== "ZERO_NOS" && cell.to !== "ZERO_NOS");
  return {
    categories,
    total: suppressCount(total, threshold),
    cells: categories.flatMap((from) =>
      categories.map((to) => {
        const n = count(from, to);
        const hidden = isSuppressed(n, threshold) || isSuppressed(rowTotal(from), threshold);
        return { from, to, n: suppressCount(n, threshold), rowPercent: hidden || rowTotal(from) === 0 ? null : (100 * n) / rowTotal(from) };
      }),
    ),
    rowTotals: createCohortRecord((cohort) => suppressCount(rowTotal(cohort), threshold)),
    discordance3: proportion(sumCells(cells, (cell) => threeCategory(cell.from) !== threeCategory(cell.to)), total, threshold),
    discordance4: proportion(sumCells(specified, (cell) => cell.from !== cell.to), sumCells(specified, () => true), threshold),
    zeroToLow: proportion(sumCells(cells, (cell) => isHer2Zero(cell.from) && cell.to === "LOW"), sumCells(cells, (cell) => isHer2Zero(cell.from)), threshold),
    nullToUltralowHrPositive: proportion(
      sumCells(cells, (cell) => cell.hrPositive && isNullOrUnspecified(cell.from) && cell.to === "ULTRALOW"),
      sumCells(cells, (cell) => cell.hrPositive && isNullOrUnspecified(cell.from)),
      threshold,
    ),
    ultralowToLow: proportion(sumCells(cells, (cell) => cell.from === "ULTRALOW" && cell.to === "LOW"), sumCells(cells, (cell) => cell.from === "ULTRALOW"), threshold),
  };
}

/**
 * The metric's numerator and denominator. HER2-low calling: LOW among HER2-negative tests (every
 * IHC 0, whether null, ultralow or not specified, + LOW). Ultralow calling: ULTRALOW among tests
 * scored IHC 0 that said null or ultralow (ZERO + ULTRALOW), i.e. how often faint staining in
 * ≤ 10 % of cells is reported (DESTINY-Breast06); an IHC 0 not specified says neither, so counting
 * it as null would lower the rate.
 */
export function countCalls(counts: CallingCounts, metric: CallingMetric): { calls: number; total: number } {
  switch (metric) {
    case "low":
      return { calls: counts.low, total: counts.zero + counts.ultralow + counts.zeroNos + counts.low };
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

export function presentEvolution(transitions: Her2Transitions, calls: CallingRates, threshold: number, scheme: CohortScheme): EvolutionView {
  const siteUnits = calls.bySite.map((site) => ({ key: site.code, label: `${site.code} · ${site.name}`, counts: site }));
  const assayUnits = calls.byAssay.map((assay) => ({ key: assay.assay, label: HER2_ASSAY_LABELS[assay.assay], counts: assay }));
  return {
    smallCellThreshold: threshold,
    firstToLast: presentTransitions(transitions.firstToLast, threshold, scheme),
    primaryToMetastatic: presentTransitions(transitions.primaryToMetastatic, threshold, scheme),
    preNeoadjuvantToResidual: presentTransitions(transitions.preNeoadjuvantToResidual, threshold, scheme),
    sites: { low: presentFunnel(siteUnits, "low", threshold), ultralow: presentFunnel(siteUnits, "ultralow", threshold) },
    assays: { low: presentFunnel(assayUnits, "low", threshold), ultralow: presentFunnel(assayUnits, "ultralow", threshold) },
  };
}
