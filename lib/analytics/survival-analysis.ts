// From aggregated survival records to what the Kaplan-Meier chart draws and the table beside it
// prints: curves, number at risk, medians, log-rank and Cox, all from the statistics core
// (lib/stats/survival.ts). Pure. Times leave here in months (days / 30.4375).
import { coxProportionalHazards, kaplanMeier, logRankTest, type KaplanMeierCurve, type SurvivalRecord } from "../stats/survival";
import { COHORT_KEYS, COHORT_LABELS, HER2_COHORT_KEYS, isHer2CohortKey, toCohortKey, type CohortKey } from "./cohorts";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";

export const DAYS_PER_MONTH = 30.4375;

export type SurvivalPoint = { time: number; survival: number; lower: number | null; upper: number | null };

export type SurvivalGroup = {
  cohort: CohortKey;
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
};

const TESTED_GROUPS_NOTE = "The log-rank test and hazard ratios compare the HER2 cohorts only (unclassified patients are shown, not tested)";

/**
 * Kaplan-Meier per cohort, log-rank across the HER2 cohorts and Cox hazard ratios against
 * `reference` (Efron ties, Wald 95 % CI, as coxph). Groups smaller than a positive
 * `smallCellThreshold` keep no curve and are left out of the tests.
 */
export function analyseSurvival(
  records: SurvivalRecord[],
  options: { reference: CohortKey; smallCellThreshold: number; excluded?: number },
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
  return {
    groups,
    ticks,
    atRisk,
    logRank: runLogRank(tested, testedCohorts),
    cox: runCox(tested, testedCohorts, options.reference),
    total: suppressCount(total, threshold),
    excluded: options.excluded ?? 0,
  };
}

function toMonths(days: number | null): number | null {
  return days === null ? null : days / DAYS_PER_MONTH;
}

/**
 * Censor marks closer together than 1/CENSOR_MARK_SLOTS of either axis overlap on any screen, so
 * only one per slot is sent: with 100,000 patients that is hundreds of marks per cohort instead
 * of thousands. The curve itself keeps every step.
 */
const CENSOR_MARK_SLOTS = 800;

/** Months to 4 decimals (a day is 0.033 months) and probabilities to 6: no visible change, half the bytes. */
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function roundOrNull(value: number | null, digits: number): number | null {
  return value === null ? null : roundTo(value, digits);
}

function describeGroup(curve: KaplanMeierCurve, hidden: boolean, threshold: number, markResolution: number): SurvivalGroup {
  const median = {
    estimate: toMonths(curve.median.estimate),
    lower: toMonths(curve.median.lower),
    upper: toMonths(curve.median.upper),
  };
  const cohort = toCohortKey(curve.group);
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

/** Patients still at risk at `day`: those whose time is at or after it. */
export function countAtRisk(records: SurvivalRecord[], cohort: CohortKey, day: number): number {
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
