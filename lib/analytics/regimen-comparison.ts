// The regimen comparison (issue 14 §3, §4, §5) from the aggregated comparison rows: Kaplan-Meier
// PFS and OS of the two arms with their risk tables, the Cox hazard ratio of arm A against arm B,
// the log-rank test, the restricted mean survival time and its difference, an optional
// multivariable Cox model, response rates with exact intervals and their difference, and the
// forest plot of subgroups with the treatment × subgroup interaction test. Pure; every number
// comes from the statistics core (lib/stats). Times leave here in months.
import type { RegimenClass } from "../generated/prisma/enums";
import { clopperPearsonInterval } from "../stats/tests";
import { proportionDifference } from "../stats/proportion-difference";
import { kaplanMeier, logRankTest, restrictedMeanDifferences, restrictedMeanSurvival } from "../stats/survival";
import type { AdjustmentCovariate } from "./filters";
import {
  FOREST_VARIABLES,
  type ComparisonCell,
  type ComparisonCells,
  type ComparisonColumns,
  type ForestVariable,
  type LevelCell,
  type ResponseCell,
} from "./regimen-comparison-cells";
import { attempt, armHazardRatio, toSurvivalRecords } from "./regimen-comparison-cox";
import { FOREST_VARIABLE_LABELS } from "./regimen-comparison-labels";
import { fitComparisonModels, type ComparisonModels, type ComparisonModelsInput } from "./regimen-comparison-models";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import { CENSOR_MARK_SLOTS, DAYS_PER_MONTH, chooseTicks, countAtRisk, describeCurve, type SurvivalGroupOf } from "./survival-analysis";

/** Why a statistic is missing; `notComputedInTime` when the statistics workers ran out of STATS_TIME_BUDGET_MS. */
export type NotComputed = { ok: false; reason: string; notComputedInTime?: { budgetMs: number; phase: "queued" | "running" } };

export type Outcome<T> = ({ ok: true } & T) | NotComputed;

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

export { FOREST_VARIABLES, type ForestVariable };

export { FOREST_VARIABLE_LABELS };

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

/** The comparison before its Cox models (fitComparisonModels; the page fits them in a worker and on the request thread: regimen-comparison-off-thread.ts). */
export type ComparisonCurves = Omit<RegimenComparisonView, "forest"> & { modelsInput: ComparisonModelsInput };

/** The arms shown: with patients (Kaplan-Meier's n, the cells' counts summed) and not a suppressed count. */
function visibleArms(cells: readonly ComparisonCell[], options: ComparisonOptions): RegimenClass[] {
  const sizes = new Map<string, number>();
  for (const cell of cells) sizes.set(cell.arm, (sizes.get(cell.arm) ?? 0) + cell.n);
  return [options.armA, options.armB].filter((arm) => (sizes.get(arm) ?? 0) > 0 && !isSuppressed(sizes.get(arm) ?? 0, options.smallCellThreshold));
}

/** One endpoint's curves and tests; each `yield` is a point where the request thread may serve other requests (comparisonCurveSteps). */
function* analyseEndpoint(cells: readonly ComparisonCell[], options: ComparisonOptions): Generator<void, Omit<ComparisonEndpoint, "adjusted">> {
  const threshold = options.smallCellThreshold;
  const records = toSurvivalRecords(cells);
  const curves = kaplanMeier(records);
  const arms = [options.armA, options.armB];
  const visible = visibleArms(cells, options);
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
  const notCompared = { ok: false as const, reason: `Both arms need at least ${Math.max(threshold, 1)} patients to be compared.` };
  const tauDays = options.tauMonths * DAYS_PER_MONTH;
  yield;
  const logRank = compared ? attempt(() => logRankTest(records)) : notCompared;
  const hazardRatio = compared ? attempt(() => armHazardRatio(records, options)) : notCompared;
  yield;
  return {
    groups,
    ticks,
    atRisk,
    logRank,
    hazardRatio,
    rmst: compared
      ? attempt(() => {
          const means = restrictedMeanSurvival(records, tauDays);
          const difference = restrictedMeanDifferences(means, { reference: options.armB }).find((entry) => entry.group === options.armA);
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
  };
}

function describeRate(successes: number, n: number, threshold: number): ShownRate {
  if (n === 0 || isSuppressed(successes, threshold) || isSuppressed(n, threshold)) return null;
  const interval = clopperPearsonInterval(successes, n);
  return { rate: interval.estimate, lower: interval.lower, upper: interval.upper };
}

type ResponseCounts = { treated: number; assessed: number; nonMeasurable: number; responders: number; controlled: number; clinicalBenefit: number };

/** The counts of one arm, from the (arm, best response, measurability) counts PostgreSQL returns. */
function countResponses(cells: readonly ResponseCell[], arm: RegimenClass): ResponseCounts {
  const counts: ResponseCounts = { treated: 0, assessed: 0, nonMeasurable: 0, responders: 0, controlled: 0, clinicalBenefit: 0 };
  for (const cell of cells) {
    if (cell.arm !== arm) continue;
    counts.treated += cell.n;
    if (cell.response === null) continue;
    if (!cell.measurable) {
      counts.nonMeasurable += cell.n;
      continue;
    }
    counts.assessed += cell.n;
    const responded = cell.response === "CR" || cell.response === "PR";
    if (responded) counts.responders += cell.n;
    if (responded || cell.response === "SD" || cell.response === "SD24") counts.controlled += cell.n;
    if (responded || cell.response === "SD24") counts.clinicalBenefit += cell.n;
  }
  return counts;
}

function difference(a: ResponseCounts, b: ResponseCounts, field: "responders" | "controlled", threshold: number): RateDifference {
  const hidden = [a[field], a.assessed, b[field], b.assessed].some((count) => isSuppressed(count, threshold));
  if (a.assessed === 0 || b.assessed === 0 || hidden) return null;
  const result = proportionDifference(a[field], a.assessed, b[field], b.assessed);
  return { difference: result.difference, lower: result.lower, upper: result.upper };
}

function analyseResponses(cells: readonly ResponseCell[], options: ComparisonOptions): RegimenComparisonView["responses"] {
  const threshold = options.smallCellThreshold;
  const a = countResponses(cells, options.armA);
  const b = countResponses(cells, options.armB);
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

/**
 * Kaplan-Meier, log-rank, Cox hazard ratio, restricted mean and response rates (cheap on the
 * counted cells), and the input of the Cox models (fitComparisonModels), which are not fitted here
 * (`modelsInput`: the caller's, when it already made it to send the models off first).
 */
export function analyseComparisonCurves(cells: ComparisonColumns, options: ComparisonOptions, modelsInput: ComparisonModelsInput = comparisonModelsInput(cells, options)): ComparisonCurves {
  const steps = comparisonCurveSteps(cells, options, modelsInput);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * analyseComparisonCurves in steps of 10-40 ms at a million patients: the page resumes it after
 * each `yield` once other requests have had their turn (regimen-comparison-off-thread.ts). In one
 * piece it held the request thread for 60-180 ms (its share of the comparison's fits runs beside a
 * statistics worker's), during which no other page of the server was served.
 */
export function* comparisonCurveSteps(cells: ComparisonColumns, options: ComparisonOptions, modelsInput: ComparisonModelsInput): Generator<void, ComparisonCurves> {
  const inArms = inArmsOf(options);
  const pfsCells = inArms(cells.pfs);
  const osCells = inArms(cells.os);
  const patients = pfsCells.reduce((sum, cell) => sum + cell.n, 0);
  const pfs = yield* analyseEndpoint(pfsCells, options);
  const os = yield* analyseEndpoint(osCells, options);
  return {
    armA: options.armA,
    armB: options.armB,
    patients: suppressCount(patients, options.smallCellThreshold),
    pfs: { ...pfs, adjusted: null },
    os: { ...os, adjusted: null },
    responses: analyseResponses(inArms(cells.responses), options),
    modelsInput,
  };
}

function inArmsOf(options: Pick<ComparisonOptions, "armA" | "armB">) {
  return <T extends { arm: string }>(list: readonly T[]) => list.filter((cell) => cell.arm === options.armA || cell.arm === options.armB);
}

/**
 * The input of the Cox models (fitComparisonModels): cheap, so that the models can be sent to
 * the statistics workers before the curves are computed here (regimen-comparison-off-thread.ts).
 */
export function comparisonModelsInput(cells: ComparisonColumns, options: ComparisonOptions): ComparisonModelsInput {
  const inArms = inArmsOf(options);
  const pfsCells = inArms(cells.pfs);
  const osCells = inArms(cells.os);
  // An endpoint is compared when both arms are shown, as its curves say (analyseEndpoint).
  const compared = (endpointCells: readonly ComparisonCell[]) => visibleArms(endpointCells, options).length === 2;
  return {
    options,
    compared: { pfs: compared(pfsCells), os: compared(osCells) },
    // In columns, every cell is of arm A or B (ComparisonColumns).
    adjusted: cells.adjusted,
    overall: options.forest === "pfs" ? pfsCells : osCells,
    forest: cells.forest,
  };
}

/** The whole view from the curves and the models (each outcome may say it was not computed in time). */
export function joinComparison(curves: ComparisonCurves, models: ComparisonModels): RegimenComparisonView {
  const { modelsInput: _modelsInput, ...view } = curves;
  return { ...view, pfs: { ...view.pfs, adjusted: models.adjusted.pfs }, os: { ...view.os, adjusted: models.adjusted.os }, forest: models.forest };
}

/** Everything the regimen comparison shows, from the cells of queryComparisonRows, on this thread. */
export function analyseRegimenComparison(cells: ComparisonColumns, options: ComparisonOptions): RegimenComparisonView {
  const curves = analyseComparisonCurves(cells, options);
  return joinComparison(curves, fitComparisonModels(curves.modelsInput));
}

/** One patient of the comparison, as the per-patient rows of the tests (every level labelled). */
export type ComparisonPatient = {
  arm: string;
  pfsTime: number;
  pfsEvent: boolean;
  osTime: number;
  osEvent: boolean;
  ageGroup: string;
  hrStatus: string;
  menopausal: string;
  lineGroup: string;
  site: string;
  era: string;
  priorCdk46: boolean;
  response: string | null;
  measurable: boolean;
};

/**
 * The cells of per-patient rows, one cell of n = 1 per patient (no grouping): the statistics
 * then fit one row per patient, the reference the grouped query is tested against.
 */
export function cellsOfPatients(patients: readonly ComparisonPatient[], adjust: readonly AdjustmentCovariate[], forest: "pfs" | "os"): ComparisonCells {
  const observation = (patient: ComparisonPatient, endpoint: "pfs" | "os") =>
    endpoint === "pfs" ? { arm: patient.arm, time: patient.pfsTime, event: patient.pfsEvent, n: 1 } : { arm: patient.arm, time: patient.osTime, event: patient.osEvent, n: 1 };
  const levels = (patient: ComparisonPatient) => ({
    ageGroup: adjust.includes("age") ? patient.ageGroup : "Under 50",
    hrStatus: adjust.includes("hr") ? patient.hrStatus : "NEGATIVE",
    lineGroup: adjust.includes("line") ? patient.lineGroup : "1",
    priorCdk46: adjust.includes("cdk46") ? patient.priorCdk46 : false,
  });
  return {
    pfs: patients.map((patient) => observation(patient, "pfs")),
    os: patients.map((patient) => observation(patient, "os")),
    adjusted:
      adjust.length === 0
        ? { pfs: [], os: [] }
        : { pfs: patients.map((patient) => ({ ...observation(patient, "pfs"), ...levels(patient) })), os: patients.map((patient) => ({ ...observation(patient, "os"), ...levels(patient) })) },
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, patients.map((patient) => ({ ...observation(patient, forest), level: patient[variable] }))])) as Record<
      ForestVariable,
      LevelCell[]
    >,
    responses: patients.map((patient) => ({ arm: patient.arm, response: patient.response, measurable: patient.measurable, n: 1 })),
  };
}
