// The regimen comparison (issue 14 §3, §4, §5) from the aggregated comparison rows: Kaplan-Meier
// PFS and OS of the two arms with their risk tables, the Cox hazard ratio of arm A against arm B,
// the log-rank test, the restricted mean survival time and its difference, an optional
// multivariable Cox model, response rates with exact intervals and their difference, and the
// forest plot of subgroups with the treatment × subgroup interaction test. Pure; every number
// comes from the statistics core (lib/stats). Times leave here in months.
import type { RegimenClass } from "../generated/prisma/enums";
import { clopperPearsonInterval } from "../stats/tests";
import { proportionDifference } from "../stats/proportion-difference";
import {
  coxInteractionTest,
  coxProportionalHazards,
  coxProportionalHazardsModel,
  kaplanMeier,
  logRankTest,
  restrictedMeanSurvival,
  restrictedMeanSurvivalDifference,
  type SurvivalRecord,
} from "../stats/survival";
import type { AdjustmentCovariate } from "./filters";
import type { ComparisonRow } from "./regimen-comparison-rows";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import { CENSOR_MARK_SLOTS, DAYS_PER_MONTH, chooseTicks, countAtRisk, describeCurve, type SurvivalGroupOf } from "./survival-analysis";

export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string };

export type HazardRatio = { hazardRatio: number; lower: number; upper: number; pValue: number };

export type ComparisonEndpoint = {
  groups: SurvivalGroupOf<RegimenClass>[];
  ticks: number[];
  atRisk: { cohort: RegimenClass; counts: ShownCount[] }[];
  logRank: Outcome<{ chiSquare: number; df: number; pValue: number }>;
  /** Arm A against arm B (the reference), Efron ties, Wald 95 % CI, as coxph. */
  hazardRatio: Outcome<HazardRatio>;
  /** Restricted mean survival time up to τ (months) per arm and A − B with its normal 95 % CI. */
  rmst: Outcome<{ tauMonths: number; arms: { arm: RegimenClass; rmean: number; stdErr: number }[]; difference: number; lower: number; upper: number; pValue: number }>;
  /** The multivariable Cox model with the chosen covariates (null when none is chosen). */
  adjusted: Outcome<{ patients: number; events: number; terms: ({ name: string } & HazardRatio)[]; dropped: string[] }> | null;
};

export type ShownRate = { rate: number; lower: number; upper: number } | null;

export type ArmResponse = {
  arm: RegimenClass;
  treated: ShownCount;
  assessed: ShownCount;
  nonMeasurable: ShownCount;
  responders: ShownCount;
  controlled: ShownCount;
  clinicalBenefit: ShownCount;
  objectiveResponse: ShownRate;
  diseaseControl: ShownRate;
  clinicalBenefitRate: ShownRate;
};

export type RateDifference = { difference: number; lower: number; upper: number } | null;

export const FOREST_VARIABLES = ["ageGroup", "hrStatus", "menopausal", "lineGroup", "site", "era"] as const;
export type ForestVariable = (typeof FOREST_VARIABLES)[number];

export const FOREST_VARIABLE_LABELS: Readonly<Record<ForestVariable, string>> = {
  ageGroup: "Age at diagnosis",
  hrStatus: "Hormone receptor status",
  menopausal: "Menopausal status",
  lineGroup: "Line of therapy",
  site: "Site",
  era: "Diagnosis era",
};

const LEVEL_LABELS: Readonly<Record<string, string>> = {
  POSITIVE: "HR-positive",
  NEGATIVE: "HR-negative",
  UNKNOWN: "Unknown",
  PREMENOPAUSAL: "Premenopausal",
  PERIMENOPAUSAL: "Perimenopausal",
  POSTMENOPAUSAL: "Postmenopausal",
};

export type ForestRow = {
  level: string;
  label: string;
  patients: { a: ShownCount; b: ShownCount };
  events: { a: ShownCount; b: ShownCount };
  hazardRatio: HazardRatio | null;
  /** Why there is no hazard ratio (too few patients, no events in an arm). */
  note: string | null;
};

export type ForestGroup = {
  variable: ForestVariable;
  label: string;
  rows: ForestRow[];
  /** Likelihood-ratio test of treatment × subgroup (coxInteractionTest). */
  interaction: Outcome<{ statistic: number; df: number; pValue: number }>;
};

export type ForestView = { endpoint: "pfs" | "os"; overall: ForestRow; groups: ForestGroup[] };

export type RegimenComparisonView = {
  armA: RegimenClass;
  armB: RegimenClass;
  /** Patients in the comparison (both arms). */
  patients: ShownCount;
  pfs: ComparisonEndpoint;
  os: ComparisonEndpoint;
  responses: { arms: ArmResponse[]; objectiveResponseDifference: RateDifference; diseaseControlDifference: RateDifference };
  forest: ForestView;
};

export type ComparisonOptions = {
  armA: RegimenClass;
  armB: RegimenClass;
  adjust: readonly AdjustmentCovariate[];
  forest: "pfs" | "os";
  tauMonths: number;
  smallCellThreshold: number;
};

type Endpoint = "pfs" | "os";

function observationOf(row: ComparisonRow, endpoint: Endpoint): { time: number; event: boolean } {
  return endpoint === "pfs" ? { time: row.pfsTime, event: row.pfsEvent } : { time: row.osTime, event: row.osEvent };
}

/** (arm, time) survival records of `rows`, ordered by time then arm. */
export function toSurvivalRecords(rows: readonly ComparisonRow[], endpoint: Endpoint): SurvivalRecord[] {
  const cells = new Map<string, SurvivalRecord>();
  for (const row of rows) {
    const { time, event } = observationOf(row, endpoint);
    const key = `${time}|${row.arm}`;
    const cell = cells.get(key) ?? { group: row.arm, time, events: 0, censored: 0 };
    if (event) cell.events += row.n;
    else cell.censored += row.n;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, ...compute() };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

function armHazardRatio(records: SurvivalRecord[], options: ComparisonOptions): HazardRatio {
  const term = coxProportionalHazards(records, { reference: options.armB, ties: "efron" }).terms.find((entry) => entry.group === options.armA);
  if (!term) throw new RangeError("Both arms need patients.");
  return { hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue };
}

function analyseEndpoint(rows: readonly ComparisonRow[], endpoint: Endpoint, options: ComparisonOptions): ComparisonEndpoint {
  const threshold = options.smallCellThreshold;
  const records = toSurvivalRecords(rows, endpoint);
  const curves = kaplanMeier(records);
  const arms = [options.armA, options.armB];
  const sizes = new Map(curves.map((curve) => [curve.group, curve.n]));
  const visible = arms.filter((arm) => (sizes.get(arm) ?? 0) > 0 && !isSuppressed(sizes.get(arm) ?? 0, threshold));
  let lastTime = 0;
  for (const curve of curves) {
    const last = curve.points.at(-1);
    if (visible.includes(curve.group as RegimenClass) && last) lastTime = Math.max(lastTime, last.time);
  }
  const markResolution = lastTime / DAYS_PER_MONTH / CENSOR_MARK_SLOTS;
  const groups = arms.flatMap((arm) => {
    const curve = curves.find((entry) => entry.group === arm);
    return curve ? [describeCurve(curve, arm, !visible.includes(arm), threshold, markResolution)] : [];
  });
  const ticks = chooseTicks(lastTime / DAYS_PER_MONTH);
  const atRisk = visible.map((arm) => ({ cohort: arm, counts: ticks.map((tick) => suppressCount(countAtRisk(records, arm, tick * DAYS_PER_MONTH), threshold)) }));
  const compared = visible.length === 2;
  const notCompared = { ok: false as const, reason: visible.length === 2 ? "" : `Both arms need at least ${Math.max(threshold, 1)} patients to be compared.` };
  const tauDays = options.tauMonths * DAYS_PER_MONTH;
  return {
    groups,
    ticks,
    atRisk,
    logRank: compared ? attempt(() => logRankTest(records)) : notCompared,
    hazardRatio: compared ? attempt(() => armHazardRatio(records, options)) : notCompared,
    rmst: compared
      ? attempt(() => {
          const means = restrictedMeanSurvival(records, tauDays);
          const difference = restrictedMeanSurvivalDifference(records, tauDays, { reference: options.armB }).find((entry) => entry.group === options.armA);
          if (!difference) throw new RangeError("Both arms need patients.");
          return {
            tauMonths: options.tauMonths,
            arms: arms.flatMap((arm) => means.filter((mean) => mean.group === arm).map((mean) => ({ arm, rmean: mean.rmean / DAYS_PER_MONTH, stdErr: mean.stdErr / DAYS_PER_MONTH }))),
            difference: difference.difference / DAYS_PER_MONTH,
            lower: difference.lower / DAYS_PER_MONTH,
            upper: difference.upper / DAYS_PER_MONTH,
            pValue: difference.pValue,
          };
        })
      : notCompared,
    adjusted: options.adjust.length === 0 ? null : compared ? attempt(() => adjustedModel(rows, endpoint, options)) : notCompared,
  };
}

/** Indicator columns of one row for the chosen covariates (reference levels: under 50, HR-negative, the lowest line, no prior CDK4/6i). */
function covariatesOf(row: ComparisonRow, adjust: readonly AdjustmentCovariate[], lowestLine: string): Record<string, number> {
  const covariates: Record<string, number> = {};
  for (const covariate of adjust) {
    switch (covariate) {
      case "age":
        covariates["Age 50-69"] = row.ageGroup === "50-69" ? 1 : 0;
        covariates["Age 70 or older"] = row.ageGroup === "70 or older" ? 1 : 0;
        break;
      case "hr":
        covariates["HR-positive"] = row.hrStatus === "POSITIVE" ? 1 : 0;
        covariates["HR status unknown"] = row.hrStatus === "UNKNOWN" ? 1 : 0;
        break;
      case "line":
        for (const level of ["2", "3", "4 or later"]) if (level > lowestLine) covariates[`Line ${level}`] = row.lineGroup === level ? 1 : 0;
        break;
      case "cdk46":
        covariates["Prior CDK4/6 inhibitor"] = row.priorCdk46 ? 1 : 0;
        break;
    }
  }
  return covariates;
}

/**
 * coxph(Surv(time, event) ~ arm + covariates) with arm A = 1. Indicator columns that do not vary
 * (e.g. no patient of 70 or older) cannot be estimated and are dropped, and named.
 */
function adjustedModel(rows: readonly ComparisonRow[], endpoint: Endpoint, options: ComparisonOptions) {
  const lowestLine = [...new Set(rows.map((row) => row.lineGroup))].sort()[0] ?? "1";
  const treatmentName = `Arm: ${options.armA} vs ${options.armB}`;
  const expanded: { time: number; event: boolean; covariates: Record<string, number> }[] = [];
  for (const row of rows) {
    const { time, event } = observationOf(row, endpoint);
    const covariates = { [treatmentName]: row.arm === options.armA ? 1 : 0, ...covariatesOf(row, options.adjust, lowestLine) };
    for (let copy = 0; copy < row.n; copy++) expanded.push({ time, event, covariates });
  }
  const names = Object.keys(expanded[0]?.covariates ?? {});
  const dropped = names.filter((name) => new Set(expanded.map((row) => row.covariates[name])).size < 2);
  const kept = expanded.map((row) => ({ time: row.time, event: row.event, covariates: Object.fromEntries(Object.entries(row.covariates).filter(([name]) => !dropped.includes(name))) }));
  const model = coxProportionalHazardsModel(kept, { ties: "efron" });
  return {
    patients: expanded.length,
    events: expanded.filter((row) => row.event).length,
    terms: model.terms.map((term) => ({ name: term.name, hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue })),
    dropped,
  };
}

function describeRate(successes: number, n: number, threshold: number): ShownRate {
  if (n === 0 || isSuppressed(successes, threshold) || isSuppressed(n, threshold)) return null;
  const interval = clopperPearsonInterval(successes, n);
  return { rate: interval.estimate, lower: interval.lower, upper: interval.upper };
}

type ResponseCounts = { treated: number; assessed: number; nonMeasurable: number; responders: number; controlled: number; clinicalBenefit: number };

function countResponses(rows: readonly ComparisonRow[], arm: RegimenClass): ResponseCounts {
  const counts: ResponseCounts = { treated: 0, assessed: 0, nonMeasurable: 0, responders: 0, controlled: 0, clinicalBenefit: 0 };
  for (const row of rows) {
    if (row.arm !== arm) continue;
    counts.treated += row.n;
    if (row.response === null) continue;
    if (!row.measurable) {
      counts.nonMeasurable += row.n;
      continue;
    }
    counts.assessed += row.n;
    const responded = row.response === "CR" || row.response === "PR";
    if (responded) counts.responders += row.n;
    if (responded || row.response === "SD" || row.response === "SD24") counts.controlled += row.n;
    if (responded || row.response === "SD24") counts.clinicalBenefit += row.n;
  }
  return counts;
}

function difference(a: ResponseCounts, b: ResponseCounts, field: "responders" | "controlled", threshold: number): RateDifference {
  const hidden = [a[field], a.assessed, b[field], b.assessed].some((count) => isSuppressed(count, threshold));
  if (a.assessed === 0 || b.assessed === 0 || hidden) return null;
  const result = proportionDifference(a[field], a.assessed, b[field], b.assessed);
  return { difference: result.difference, lower: result.lower, upper: result.upper };
}

function analyseResponses(rows: readonly ComparisonRow[], options: ComparisonOptions): RegimenComparisonView["responses"] {
  const threshold = options.smallCellThreshold;
  const a = countResponses(rows, options.armA);
  const b = countResponses(rows, options.armB);
  const present = (arm: RegimenClass, counts: ResponseCounts): ArmResponse => ({
    arm,
    treated: suppressCount(counts.treated, threshold),
    assessed: suppressCount(counts.assessed, threshold),
    nonMeasurable: suppressCount(counts.nonMeasurable, threshold),
    responders: suppressCount(counts.responders, threshold),
    controlled: suppressCount(counts.controlled, threshold),
    clinicalBenefit: suppressCount(counts.clinicalBenefit, threshold),
    objectiveResponse: describeRate(counts.responders, counts.assessed, threshold),
    diseaseControl: describeRate(counts.controlled, counts.assessed, threshold),
    clinicalBenefitRate: describeRate(counts.clinicalBenefit, counts.assessed, threshold),
  });
  return {
    arms: [present(options.armA, a), present(options.armB, b)],
    objectiveResponseDifference: difference(a, b, "responders", threshold),
    diseaseControlDifference: difference(a, b, "controlled", threshold),
  };
}

function forestRow(rows: readonly ComparisonRow[], level: string, label: string, options: ComparisonOptions): ForestRow {
  const threshold = options.smallCellThreshold;
  const tally = (arm: RegimenClass) => {
    let patients = 0;
    let events = 0;
    for (const row of rows) {
      if (row.arm !== arm) continue;
      patients += row.n;
      if (observationOf(row, options.forest).event) events += row.n;
    }
    return { patients, events };
  };
  const a = tally(options.armA);
  const b = tally(options.armB);
  const base = {
    level,
    label,
    patients: { a: suppressCount(a.patients, threshold), b: suppressCount(b.patients, threshold) },
    events: { a: suppressCount(a.events, threshold), b: suppressCount(b.events, threshold) },
  };
  if (a.patients === 0 || b.patients === 0) return { ...base, hazardRatio: null, note: "One arm has no patients." };
  if (isSuppressed(a.patients, threshold) || isSuppressed(b.patients, threshold)) return { ...base, hazardRatio: null, note: `An arm has fewer than ${threshold} patients.` };
  if (a.events === 0 || b.events === 0) return { ...base, hazardRatio: null, note: "No events in an arm: the hazard ratio is not estimable." };
  try {
    return { ...base, hazardRatio: armHazardRatio(toSurvivalRecords(rows, options.forest), options), note: null };
  } catch (error) {
    return { ...base, hazardRatio: null, note: reasonOf(error) };
  }
}

function labelOfLevel(variable: ForestVariable, level: string): string {
  if (variable === "lineGroup") return level === "4 or later" ? "Line 4 or later" : `Line ${level}`;
  if (variable === "site") return `Site ${level}`;
  return LEVEL_LABELS[level] ?? level;
}

function analyseForest(rows: readonly ComparisonRow[], options: ComparisonOptions): ForestView {
  const groups = FOREST_VARIABLES.map((variable): ForestGroup => {
    const levels = [...new Set(rows.map((row) => row[variable]))].sort((x, y) => x.localeCompare(y, "en", { numeric: true }));
    const forestRows = levels.map((level) => forestRow(rows.filter((row) => row[variable] === level), level, labelOfLevel(variable, level), options));
    const interaction = attempt(() => {
      const expanded = rows.flatMap((row) => {
        const { time, event } = observationOf(row, options.forest);
        return Array.from({ length: row.n }, () => ({ time, event, treatment: row.arm === options.armA ? 1 : 0, subgroup: row[variable] }));
      });
      const test = coxInteractionTest(expanded, { ties: "efron" });
      return { statistic: test.statistic, df: test.df, pValue: test.pValue };
    });
    return { variable, label: FOREST_VARIABLE_LABELS[variable], rows: forestRows, interaction };
  });
  return { endpoint: options.forest, overall: forestRow(rows, "all", "All patients", options), groups };
}

/** Everything the regimen comparison shows, from the rows of queryComparisonRows. */
export function analyseRegimenComparison(rows: readonly ComparisonRow[], options: ComparisonOptions): RegimenComparisonView {
  const armRows = rows.filter((row) => row.arm === options.armA || row.arm === options.armB);
  const patients = armRows.reduce((sum, row) => sum + row.n, 0);
  return {
    armA: options.armA,
    armB: options.armB,
    patients: suppressCount(patients, options.smallCellThreshold),
    pfs: analyseEndpoint(armRows, "pfs", options),
    os: analyseEndpoint(armRows, "os", options),
    responses: analyseResponses(armRows, options),
    forest: analyseForest(armRows, options),
  };
}
