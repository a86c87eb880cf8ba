// From aggregated survival records to what the Kaplan-Meier chart draws and the table beside it
// prints: curves, number at risk, medians, log-rank and Cox, all from the statistics core
// (lib/stats/survival.ts). Pure. Times leave here in months (days / 30.4375).
import {
  coxProportionalHazards,
  kaplanMeier,
  logRankTest,
  restrictedMeanDifferences,
  restrictedMeanSurvival,
  type KaplanMeierCurve,
  type SurvivalRecord,
} from "../stats/survival";
import { COHORT_KEYS, COHORT_LABELS, HER2_COHORT_KEYS, isHer2CohortKey, toCohortKey, type CohortKey } from "./cohorts";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import { thinStepCurve, type Series } from "./thin-curve";

export const DAYS_PER_MONTH = 30.4375;

export type SurvivalPoint = { time: number; survival: number; lower: number | null; upper: number | null };

/** One curve of a Kaplan-Meier chart, keyed by a cohort or (regimen comparison) a regimen class. */
export type SurvivalGroupOf<Key extends string> = {
  cohort: Key;
  n: ShownCount;
  events: ShownCount;
  /** Median and its 95 % CI in months; null = not reached (survfit prints NA). */
  median: { estimate: number | null; lower: number | null; upper: number | null };
  /** True when the group is smaller than the small-cell threshold: its curve is not sent. */
  hidden: boolean;
  /** The step curve: (0, 1), then every time with an event, then the last follow-up time. */
  points: SurvivalPoint[];
  /** Censoring times with the survival at that time, for the tick marks (one per screen slot). */
  censorMarks: { time: number; survival: number }[];
};

export type SurvivalGroup = SurvivalGroupOf<CohortKey>;

export type SurvivalTest =
  | { ok: true; cohorts: CohortKey[]; chiSquare: number; df: number; pValue: number }
  | { ok: false; reason: string };

export type HazardRatios =
  | {
      ok: true;
      reference: CohortKey;
      /** The reference the user asked for (it differs when that cohort is absent or has no events). */
      requestedReference: CohortKey;
      terms: { cohort: CohortKey; hazardRatio: number; lower: number; upper: number; pValue: number }[];
      note: string | null;
    }
  | { ok: false; reason: string };

export type SurvivalAnalysis = {
  groups: SurvivalGroup[];
  /** x-axis ticks in months; the number-at-risk table is given at exactly these times. */
  ticks: number[];
  atRisk: { cohort: CohortKey; counts: ShownCount[] }[];
  logRank: SurvivalTest;
  cox: HazardRatios;
  /** Patients in the analysis, and patients excluded for inconsistent follow-up. */
  total: ShownCount;
  excluded: number;
  /**
   * Restricted mean survival time up to τ months per tested cohort (survfit's rmean), and each
   * cohort minus the hazard ratios' reference with a normal 95 % CI (issue 14 §5).
   */
  rmst: RestrictedMeans;
};

export type RestrictedMeans =
  | {
      ok: true;
      tauMonths: number;
      reference: CohortKey;
      groups: { cohort: CohortKey; rmean: number; stdErr: number }[];
      differences: { cohort: CohortKey; difference: number; lower: number; upper: number; pValue: number }[];
    }
  | { ok: false; reason: string };

/**
 * The landmark analysis of OS from diagnosis (issue 14 §5): only patients still followed at the
 * landmark day (time ≥ landmark: alive and not yet censored), their time counted from it. Works on
 * the aggregated records, so the summary-table and scan paths both apply it.
 */
export function applyLandmark(records: readonly SurvivalRecord[], landmarkDays: number): { records: SurvivalRecord[]; before: number } {
  if (landmarkDays <= 0) return { records: [...records], before: 0 };
  let before = 0;
  const kept: SurvivalRecord[] = [];
  for (const record of records) {
    if (record.time >= landmarkDays) kept.push({ ...record, time: record.time - landmarkDays });
    else before += record.events + record.censored;
  }
  return { records: kept, before };
}

const TESTED_GROUPS_NOTE = "The log-rank test and hazard ratios compare the HER2 cohorts only (unclassified patients are shown, not tested)";

/**
 * Kaplan-Meier per cohort, log-rank across the HER2 cohorts and Cox hazard ratios against
 * `reference` (Efron ties, Wald 95 % CI, as coxph). Groups smaller than a positive
 * `smallCellThreshold` keep no curve and are left out of the tests.
 */
export function analyseSurvival(
  records: SurvivalRecord[],
  options: { reference: CohortKey; smallCellThreshold: number; excluded?: number; tauMonths?: number },
): SurvivalAnalysis {
  const threshold = options.smallCellThreshold;
  const curves = new Map<CohortKey, KaplanMeierCurve>();
  for (const curve of kaplanMeier(records)) curves.set(toCohortKey(curve.group), curve);

  let total = 0;
  let lastTime = 0;
  for (const curve of curves.values()) {
    total += curve.n;
    const last = curve.points[curve.points.length - 1];
    if (!isSuppressed(curve.n, threshold) && last) lastTime = Math.max(lastTime, last.time);
  }
  const markResolution = lastTime / DAYS_PER_MONTH / CENSOR_MARK_SLOTS;
  const groups: SurvivalGroup[] = [];
  for (const cohort of COHORT_KEYS) {
    const curve = curves.get(cohort);
    if (curve) groups.push(describeGroup(curve, isSuppressed(curve.n, threshold), threshold, markResolution));
  }

  const ticks = chooseTicks(lastTime / DAYS_PER_MONTH);
  const atRisk = groups
    .filter((group) => !group.hidden)
    .map((group) => ({
      cohort: group.cohort,
      counts: ticks.map((tick) => suppressCount(countAtRisk(records, group.cohort, tick * DAYS_PER_MONTH), threshold)),
    }));

  const testedCohorts = new Set(groups.filter((group) => !group.hidden && isHer2CohortKey(group.cohort)).map((group) => group.cohort));
  const tested = records.filter((record) => testedCohorts.has(toCohortKey(record.group)));
  const cox = runCox(tested, testedCohorts, options.reference);
  return {
    groups,
    ticks,
    atRisk,
    logRank: runLogRank(tested, testedCohorts),
    cox,
    total: suppressCount(total, threshold),
    excluded: options.excluded ?? 0,
    rmst: runRestrictedMeans(tested, testedCohorts, options.tauMonths ?? 60, cox.ok ? cox.reference : options.reference),
  };
}

function runRestrictedMeans(records: SurvivalRecord[], cohorts: Set<CohortKey>, tauMonths: number, reference: CohortKey): RestrictedMeans {
  if (cohorts.size === 0) return { ok: false, reason: "No HER2 cohort is large enough to be shown." };
  try {
    const tau = tauMonths * DAYS_PER_MONTH;
    const means = restrictedMeanSurvival(records, tau);
    const groups = means
      .map((mean) => ({ cohort: toCohortKey(mean.group), rmean: mean.rmean / DAYS_PER_MONTH, stdErr: mean.stdErr / DAYS_PER_MONTH }))
      .sort((a, b) => COHORT_KEYS.indexOf(a.cohort) - COHORT_KEYS.indexOf(b.cohort));
    const differences = cohorts.has(reference)
      ? restrictedMeanDifferences(means, { reference })
          .map((entry) => ({
            cohort: toCohortKey(entry.group),
            difference: entry.difference / DAYS_PER_MONTH,
            lower: entry.lower / DAYS_PER_MONTH,
            upper: entry.upper / DAYS_PER_MONTH,
            pValue: entry.pValue,
          }))
          .sort((a, b) => COHORT_KEYS.indexOf(a.cohort) - COHORT_KEYS.indexOf(b.cohort))
      : [];
    return { ok: true, tauMonths, reference, groups, differences };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function toMonths(days: number | null): number | null {
  return days === null ? null : days / DAYS_PER_MONTH;
}

/**
 * Censor marks closer together than 1/CENSOR_MARK_SLOTS of either axis overlap on any screen, so
 * only one per slot is sent: with 100,000 patients that is hundreds of marks per cohort instead
 * of thousands. The curve itself keeps every step.
 */
export const CENSOR_MARK_SLOTS = 800;

/** Months to 4 decimals (a day is 0.033 months) and probabilities to 6: no visible change, half the bytes. */
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function roundOrNull(value: number | null, digits: number): number | null {
  return value === null ? null : roundTo(value, digits);
}

function describeGroup(curve: KaplanMeierCurve, hidden: boolean, threshold: number, markResolution: number): SurvivalGroup {
  return describeCurve(curve, toCohortKey(curve.group), hidden, threshold, markResolution);
}

/**
 * A curve as the chart draws it, under `key`: months, the step points, one censor mark per screen
 * slot (`markResolution` months), nothing but the event count when `hidden` (small cell).
 */
export function describeCurve<Key extends string>(curve: KaplanMeierCurve, key: Key, hidden: boolean, threshold: number, markResolution: number): SurvivalGroupOf<Key> {
  const median = {
    estimate: toMonths(curve.median.estimate),
    lower: toMonths(curve.median.lower),
    upper: toMonths(curve.median.upper),
  };
  const cohort = key;
  if (hidden) {
    return { cohort, n: null, events: suppressCount(curve.events, threshold), median: { estimate: null, lower: null, upper: null }, hidden, points: [], censorMarks: [] };
  }
  // The curve only moves at event times, so those points (and the last time, where the line
  // ends) draw it exactly; censor-only times become tick marks instead of curve points.
  const points: SurvivalPoint[] = [{ time: 0, survival: 1, lower: 1, upper: 1 }];
  const censorMarks: { time: number; survival: number }[] = [];
  let lastSlot = "";
  curve.points.forEach((point, index) => {
    const time = roundTo(point.time / DAYS_PER_MONTH, 4);
    const isLast = index === curve.points.length - 1;
    if (point.nEvent > 0 || isLast) {
      if (time === 0 && points.length === 1) points.pop();
      points.push({ time, survival: roundTo(point.survival, 6), lower: roundOrNull(point.lower, 6), upper: roundOrNull(point.upper, 6) });
    }
    if (point.nCensor > 0) {
      const slot = `${markResolution > 0 ? Math.floor(time / markResolution) : time}:${Math.round(point.survival * CENSOR_MARK_SLOTS)}`;
      if (slot !== lastSlot) censorMarks.push({ time, survival: roundTo(point.survival, 6) });
      lastSlot = slot;
    }
  });
  return { cohort, n: suppressCount(curve.n, threshold), events: suppressCount(curve.events, threshold), median, hidden, points, censorMarks };
}

/** One drawn series: its own times and values (a step function, "step after"). */
export type DrawnSeries = { time: number[]; value: (number | null)[] };

/**
 * A curve as the browser receives it: parallel arrays instead of one object per point (a third
 * of the bytes), each series thinned on its own to the chart's resolution
 * (lib/analytics/thin-curve.ts): the curve always, its 95 % limits only when the band is drawn.
 */
export type DrawnCurve = { survival: DrawnSeries; lower: DrawnSeries | null; upper: DrawnSeries | null };

/** A group as the chart draws it: its numbers, its thinned curve, its censoring times, and the curve read at each tick (the life table). */
export type DrawnGroupOf<Key extends string> = Omit<SurvivalGroupOf<Key>, "points" | "censorMarks"> & {
  curve: DrawnCurve;
  /**
   * The censoring marks' times (one per screen slot); the chart places each on the drawn curve,
   * which is where the full curve is at the chart's resolution, so their survival is not sent.
   */
  markTimes: number[];
  /** S(t) and its limits at each tick, read from every step (null before the curve starts). */
  atTicks: (SurvivalPoint | null)[];
};

/** An analysis with its curves as the chart draws them. */
export type ForChart<Analysis extends { groups: SurvivalGroupOf<string>[] }> = Omit<Analysis, "groups"> & {
  groups: DrawnGroupOf<Analysis["groups"][number]["cohort"]>[];
};

/** S(t) at `time`: the last point at or before it (the curve is right-continuous). */
export function readCurveAt(points: readonly SurvivalPoint[], time: number): SurvivalPoint | null {
  let found: SurvivalPoint | null = null;
  for (const point of points) {
    if (point.time <= time) found = point;
    else break;
  }
  return found;
}

/**
 * The curves as the chart draws them (issue 17 §7): each curve thinned to the chart's pixel
 * resolution over the time axis up to its last tick (keeping the point read at every tick), the
 * limits thinned exactly only when the 95 % band is drawn (and sent only then). The full curves
 * (every step) stay on the server, for the CSV (/api/exports/survival).
 */
export function thinCurvesForChart<Key extends string, Analysis extends { groups: SurvivalGroupOf<Key>[]; ticks: number[] }>(analysis: Analysis, bands: boolean): ForChart<Analysis> {
  const maxTime = analysis.ticks[analysis.ticks.length - 1] ?? 0;
  const { groups, ...rest } = analysis;
  return {
    ...rest,
    groups: groups.map(({ points, censorMarks, ...group }) => {
      const drawn = (name: Series): DrawnSeries => {
        const thinned = thinStepCurve(points, { maxTime, readAt: analysis.ticks, series: [name] });
        return { time: thinned.map((point) => point.time), value: thinned.map((point) => point[name]) };
      };
      return {
        ...group,
        curve: { survival: drawn("survival"), lower: bands ? drawn("lower") : null, upper: bands ? drawn("upper") : null },
        markTimes: censorMarks.map((mark) => mark.time),
        atTicks: analysis.ticks.map((tick) => readCurveAt(points, tick)),
      };
    }),
  };
}

/** Patients still at risk at `day`: those whose time is at or after it. */
export function countAtRisk(records: SurvivalRecord[], cohort: string, day: number): number {
  let count = 0;
  for (const record of records) {
    if (record.group === cohort && record.time >= day) count += record.events + record.censored;
  }
  return count;
}

/** Round-number month ticks covering the follow-up: every 3, 6, 12, 24 or 60 months. */
export function chooseTicks(maxMonths: number): number[] {
  const step = maxMonths <= 18 ? 3 : maxMonths <= 48 ? 6 : maxMonths <= 132 ? 12 : maxMonths <= 264 ? 24 : 60;
  const last = Math.max(step, Math.ceil(maxMonths / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= last; tick += step) ticks.push(tick);
  return ticks;
}

function orderedCohorts(cohorts: Set<CohortKey>): CohortKey[] {
  return HER2_COHORT_KEYS.filter((cohort) => cohorts.has(cohort));
}

function runLogRank(records: SurvivalRecord[], cohorts: Set<CohortKey>): SurvivalTest {
  if (cohorts.size < 2) return { ok: false, reason: `${TESTED_GROUPS_NOTE}; fewer than two are present.` };
  try {
    const result = logRankTest(records);
    return { ok: true, cohorts: orderedCohorts(cohorts), chiSquare: result.chiSquare, df: result.df, pValue: result.pValue };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function runCox(records: SurvivalRecord[], cohorts: Set<CohortKey>, requested: CohortKey): HazardRatios {
  if (cohorts.size < 2) return { ok: false, reason: `${TESTED_GROUPS_NOTE}; fewer than two are present.` };
  // A cohort without events has an infinite log hazard ratio (coxph warns "beta may be
  // infinite"): it is left out of the model and named, instead of losing every ratio.
  const eventful = new Set([...cohorts].filter((cohort) => records.some((record) => record.group === cohort && record.events > 0)));
  const withoutEvents = orderedCohorts(cohorts).filter((cohort) => !eventful.has(cohort));
  const note = withoutEvents.length === 0 ? null : `No events in ${withoutEvents.map((cohort) => COHORT_LABELS[cohort]).join(", ")}: left out of the model.`;
  if (eventful.size < 2) return { ok: false, reason: `Hazard ratios need two cohorts with events. ${note ?? ""}`.trim() };
  // The chosen reference when it is in the model, else HER2-0 (or HER2-null), else the lowest cohort in it.
  const fallback = (["HER2_0", "ZERO"] as const).find((cohort) => eventful.has(cohort));
  const reference = eventful.has(requested) ? requested : (fallback ?? orderedCohorts(eventful)[0] ?? requested);
  try {
    const result = coxProportionalHazards(
      records.filter((record) => eventful.has(toCohortKey(record.group))),
      { reference, ties: "efron" },
    );
    const terms = result.terms
      .map((term) => ({ cohort: toCohortKey(term.group), hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue }))
      .sort((a, b) => COHORT_KEYS.indexOf(a.cohort) - COHORT_KEYS.indexOf(b.cohort));
    return { ok: true, reference, requestedReference: requested, terms, note };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
