import { computeNormalQuantile } from "./distributions";
import { assertConfLevel } from "./input-checks";
import { buildRiskTable, type RiskTable } from "./risk-table";
import { computeMedianSurvival } from "./survival-median";
import type { KaplanMeierCurve, KaplanMeierPoint, SurvivalRecord } from "./survival-types";

/**
 * Kaplan-Meier curves per group, as survfit(Surv(time, status) ~ group, conf.type = "log").
 *
 * - One point per distinct time of the group, censor-only times included (nEvent 0, survival
 *   unchanged), as survfit's default `censor = TRUE` output.
 * - Ties: at one time, events happen before censorings, so patients censored at t are still at
 *   risk at t (the usual convention, and survfit's).
 * - stdErr is the Greenwood standard error of S(t) itself, S(t) * sqrt(sum d / (n (n - d))).
 *   (survfit's `std.err` is that of the cumulative hazard, i.e. without the S(t) factor.)
 * - CI on the log scale (R's default): exp(log S -/+ z * sqrt(greenwood)), upper capped at 1.
 * - When S reaches 0 the standard error and limits are null, as R prints NA.
 * - Curves are sorted by group name (code-unit order; see RiskTable).
 */
export function kaplanMeier(records: SurvivalRecord[], options?: { confLevel?: number }): KaplanMeierCurve[] {
  const confLevel = options?.confLevel ?? 0.95;
  assertConfLevel(confLevel);
  const z = computeNormalQuantile(1 - (1 - confLevel) / 2);
  const table = buildRiskTable(records);
  return table.groups.map((group, groupIndex) => buildCurve(table, group, groupIndex, z));
}

function buildCurve(table: RiskTable, group: string, groupIndex: number, z: number): KaplanMeierCurve {
  const width = table.groups.length;
  const n = table.sizes[groupIndex] ?? 0;
  const points: KaplanMeierPoint[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  for (let t = 0; t < table.times.length; t++) {
    const nEvent = table.events[t * width + groupIndex] ?? 0;
    const nCensor = table.censored[t * width + groupIndex] ?? 0;
    if (nEvent + nCensor === 0) continue;
    if (nEvent > 0) {
      survival *= (atRisk - nEvent) / atRisk;
      // survfitkm: the Greenwood term d / (n (n - d)) is infinite once everyone at risk dies.
      greenwood = atRisk > nEvent ? greenwood + nEvent / (atRisk * (atRisk - nEvent)) : Number.POSITIVE_INFINITY;
    }
    points.push(describePoint(table.times[t] ?? 0, atRisk, nEvent, nCensor, survival, greenwood, z));
    atRisk -= nEvent + nCensor;
  }
  const events = table.eventTotals[groupIndex] ?? 0;
  return { group, n, events, points, median: computeMedianSurvival(points) };
}

function describePoint(
  time: number,
  nRisk: number,
  nEvent: number,
  nCensor: number,
  survival: number,
  greenwood: number,
  z: number,
): KaplanMeierPoint {
  if (survival === 0 || !Number.isFinite(greenwood)) {
    return { time, nRisk, nEvent, nCensor, survival, stdErr: null, lower: null, upper: null };
  }
  const logStdErr = Math.sqrt(greenwood);
  // survfit_confint, conf.type "log": exp(log(p) -/+ z * se), upper through pmin(upper, 1).
  const logSurvival = Math.log(survival);
  return {
    time,
    nRisk,
    nEvent,
    nCensor,
    survival,
    stdErr: survival * logStdErr,
    lower: Math.exp(logSurvival - z * logStdErr),
    upper: Math.min(1, Math.exp(logSurvival + z * logStdErr)),
  };
}
