import { interactionLikelihoodsOfColumns, triesInteractionByGroups } from "./cox-interaction-by-groups";
import { interactionColumnsOfRows, type CoxInteractionColumns } from "./cox-interaction-columns";
import { buildCoxDesignOfColumns, checkCoxRow, selectCoxDesignColumns, type CoxDesign } from "./cox-covariate-design";
import { fitCoxDesign, type CoxCovariateFit } from "./cox-covariate-fit";
import { readCovariateNames } from "./covariate-names";
import { readCoxTies } from "./cox-proportional-hazards-model";
import type { CoxTies } from "./cox-partial-likelihood";
import { computeChiSquareUpperTail } from "./distributions";
import { compareGroupNames } from "./risk-table";

/**
 * One patient: a 0/1 (or any numeric) treatment, a subgroup level, optional adjustment
 * covariates; an optional whole-number `weight` stands for that many identical patients (the
 * test equals the one on the row repeated, as CoxModelRow's weight).
 */
export type CoxInteractionRow = {
  time: number;
  event: boolean;
  treatment: number;
  subgroup: string;
  covariates?: Record<string, number>;
  weight?: number;
};

export type CoxInteractionTest = {
  statistic: number;
  df: number;
  pValue: number;
  /** ℓ(β̂) of the model without and with the interaction. */
  logLikelihood: { mainEffects: number; withInteraction: number };
  /** Subgroup levels in sorted order; the reference is the first in which both arms have patients. */
  levels: string[];
  reference: string;
  /** Levels left out of the interaction because the treatment does not vary within them. */
  levelsWithOneArm: string[];
  /** What coxph would have warned about, in words (monotone likelihood, no convergence). */
  warnings: string[];
};

/**
 * Likelihood-ratio test that the treatment effect differs between subgroup levels (the forest
 * plot's interaction p-value), as
 * anova(coxph(Surv(time, event) ~ treatment + factor(subgroup) + covariates),
 *       coxph(Surv(time, event) ~ treatment * factor(subgroup) + covariates)):
 * statistic 2 (ℓ_with − ℓ_main) on as many df as interaction terms can be estimated.
 *
 * A level in which every patient has the same treatment carries no interaction (R reports NA for
 * its term and anova's df drops by one): it stays in the model as a main effect, is left out of
 * the interaction, and is listed in levelsWithOneArm. The statistic only needs the two
 * log-likelihoods, which stay finite under a monotone likelihood (e.g. no events in one arm of a
 * level): such fits are used as anova uses them, and the warning is returned, not thrown.
 * Throws a RangeError when fewer than two levels have both arms, and a ModelFitError when a model
 * cannot be fitted at all (no events, collinear adjustment covariates).
 * Without adjustment covariates and with many levels, both models are first fitted by groups
 * (interactionLikelihoodsByGroups: the same maxima without the dense information matrix).
 */
export function coxInteractionTest(rows: CoxInteractionRow[], options?: { ties?: CoxTies }): CoxInteractionTest {
  const ties = readCoxTies(options?.ties);
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError("The interaction test needs at least one patient.");
  rows.forEach((row, index) => {
    if (row === null || typeof row !== "object") throw new TypeError(`Row ${index + 1} is not an object.`);
    if (typeof row.subgroup !== "string") throw new TypeError(`Row ${index + 1}: subgroup must be a string.`);
    if (typeof row.treatment !== "number" || !Number.isFinite(row.treatment)) {
      throw new TypeError(`Row ${index + 1}: treatment must be a finite number (got ${String(row.treatment)}).`);
    }
  });
  rows.forEach(checkCoxRow);
  // Without covariates (the forest plot's tests) there is nothing to read: an object per row to
  // find that out cost as much as a fit's design at a million patients.
  const adjustment = rows.every((row) => row.covariates === undefined)
    ? []
    : readCovariateNames(
        rows.map((row) => ({ covariates: row.covariates ?? {} })),
        { model: "Cox model", atLeastOne: false },
      );
  return interactionTestOfColumns(interactionColumnsOfRows(rows), ties, adjustment, (index, name) => rows[index]?.covariates?.[name] ?? 0);
}

/**
 * coxInteractionTest on rows held in columns (CoxInteractionColumns), without adjustment
 * covariates: the same checks, in the same words, and the same test.
 */
export function coxInteractionTestOfColumns(columns: CoxInteractionColumns, options?: { ties?: CoxTies }): CoxInteractionTest {
  const ties = readCoxTies(options?.ties);
  const count = columns.time.length;
  if (count === 0) throw new RangeError("The interaction test needs at least one patient.");
  for (const [name, column] of [["event", columns.event], ["treatment", columns.treatment], ["level", columns.level], ["weight", columns.weight]] as const) {
    if (column !== null && column.length !== count) throw new RangeError(`The interaction test's ${name} column has ${column.length} entries for ${count} rows.`);
  }
  for (let i = 0; i < count; i++) {
    const treatment = columns.treatment[i] ?? Number.NaN;
    if (!Number.isFinite(treatment)) throw new TypeError(`Row ${i + 1}: treatment must be a finite number (got ${String(treatment)}).`);
    const level = columns.level[i] ?? -1;
    if (!(Number.isInteger(level) && level >= 0 && level < columns.levels.length)) throw new TypeError(`Row ${i + 1}: subgroup must be a string.`);
    checkCoxRow({ time: columns.time[i] ?? Number.NaN, event: columns.event[i] === 1, weight: columns.weight ? columns.weight[i] : undefined }, i);
  }
  return interactionTestOfColumns(columns, ties, [], () => 0);
}

/** The test on validated columns, with the adjustment covariates `adjustment` (row index, name → value). */
function interactionTestOfColumns(columns: CoxInteractionColumns, ties: CoxTies, adjustment: readonly string[], covariate: (index: number, name: string) => number): CoxInteractionTest {
  const count = columns.time.length;
  // Per level code: seen, and whether its rows hold two treatments or more (the first one kept).
  const codes = columns.levels.length;
  const seen = new Uint8Array(codes);
  const firstTreatment = new Float64Array(codes);
  const varies = new Uint8Array(codes);
  for (let i = 0; i < count; i++) {
    const code = columns.level[i] ?? 0;
    const treatment = columns.treatment[i] ?? 0;
    if (seen[code] === 0) {
      seen[code] = 1;
      firstTreatment[code] = treatment;
    } else if (firstTreatment[code] !== treatment) varies[code] = 1;
  }
  // The level codes that have rows, by name (a name given to two codes is refused, whether or not both have rows).
  if (new Set(columns.levels).size !== columns.levels.length) throw new RangeError("The interaction test's levels must be distinct.");
  const codeOf = new Map<string, number>();
  columns.levels.forEach((level, code) => {
    if (seen[code] === 1) codeOf.set(level, code);
  });
  const levels = [...codeOf.keys()].sort(compareGroupNames);
  const levelsWithOneArm = levels.filter((level) => varies[codeOf.get(level) ?? 0] !== 1);
  const varying = levels.filter((level) => !levelsWithOneArm.includes(level));
  const reference = varying[0];
  if (reference === undefined || varying.length < 2) {
    throw new RangeError(
      `The interaction test needs at least two subgroup levels in which both arms have patients (got ${varying.length === 0 ? "none" : `only "${reference}"`}).`,
    );
  }
  const subgroupColumns = levels.filter((level) => level !== reference);
  const interactionColumns = varying.filter((level) => level !== reference);
  const columnCount = 1 + subgroupColumns.length + interactionColumns.length;
  if (adjustment.length === 0 && triesInteractionByGroups(columnCount)) {
    const byGroups = interactionLikelihoodsOfColumns(columns, levels, reference, ties);
    if (byGroups !== null) return interactionResult(byGroups, interactionColumns.length, levels, reference, levelsWithOneArm, []);
  }
  // Each level code's subgroup and interaction column (−1: none, the reference or a level with one arm).
  const subgroupOf = Int32Array.from(columns.levels, (level) => subgroupColumns.indexOf(level));
  const interactionOf = Int32Array.from(columns.levels, (level) => interactionColumns.indexOf(level));
  // The design's columns written directly (treatment, subgroup indicators, interactions, adjustment),
  // as coxph's model matrix of treatment * factor(subgroup) + covariates. The adjustment
  // covariates keep their names behind a prefix, so they cannot collide with the design's.
  const names = [
    "treatment",
    ...subgroupColumns.map((level) => `subgroup ${level}`),
    ...interactionColumns.map((level) => `treatment × subgroup ${level}`),
    ...adjustment.map((name) => `covariate ${name}`),
  ];
  const interactionStart = 1 + subgroupColumns.length;
  const adjustmentStart = interactionStart + interactionColumns.length;
  const fullDesign = buildCoxDesignOfColumns({ times: columns.time, events: columns.event, weights: columns.weight }, names, (index, out, offset) => {
    const treatment = columns.treatment[index] ?? 0;
    const code = columns.level[index] ?? 0;
    out[offset] = treatment;
    const level = subgroupOf[code] ?? -1;
    if (level >= 0) out[offset + 1 + level] = 1;
    const interaction = interactionOf[code] ?? -1;
    if (interaction >= 0) out[offset + interactionStart + interaction] = treatment;
    adjustment.forEach((name, j) => (out[offset + adjustmentStart + j] = covariate(index, name)));
  });
  // The model without the interaction: the same design minus its interaction columns (equal to
  // the design built without them, one sort and pass over the rows fewer).
  const mainColumns = new Uint8Array(names.length).fill(1).fill(0, interactionStart, adjustmentStart);
  const main = fitCoxDesign(selectCoxDesignColumns(fullDesign, mainColumns), ties);
  const full = fitWithInteraction(fullDesign, ties, main, interactionStart, interactionColumns.length);
  return interactionResult(
    { mainEffects: main.logLikelihood[1], withInteraction: full.logLikelihood[1] },
    interactionColumns.length,
    levels,
    reference,
    levelsWithOneArm,
    [...describeWarnings(main, "without the interaction"), ...describeWarnings(full, "with the interaction")],
  );
}

function interactionResult(
  logLikelihood: CoxInteractionTest["logLikelihood"],
  df: number,
  levels: string[],
  reference: string,
  levelsWithOneArm: string[],
  warnings: string[],
): CoxInteractionTest {
  const statistic = Math.max(0, 2 * (logLikelihood.withInteraction - logLikelihood.mainEffects));
  return { statistic, df, pValue: computeChiSquareUpperTail(statistic, df), logLikelihood, levels, reference, levelsWithOneArm, warnings };
}

/**
 * The model with the interaction, started from the model without it (its estimates, the
 * interaction terms at 0): about one Newton step nearer the maximum than β = 0, so one evaluation
 * of the largest design fewer. Started at 0, as before, when the model without the interaction
 * did not converge or has a possibly infinite coefficient (its estimate is no good start there),
 * or when the warm start cannot be used (the information not positive definite there) or ends
 * with a possibly infinite coefficient (monotone likelihood): the result, or refusal, is then the
 * one from 0. Only ℓ(β̂) is used, which both starts reach to within
 * the convergence test (a relative change of 1e-9, and Newton's last step squares the error).
 */
function fitWithInteraction(design: CoxDesign, ties: CoxTies, main: CoxCovariateFit, interactionStart: number, interactionCount: number): CoxCovariateFit {
  if (!main.converged || main.infinite.length > 0) return fitCoxDesign(design, ties);
  const start = new Float64Array(design.size);
  for (let j = 0; j < main.beta.length; j++) {
    start[j < interactionStart ? j : j + interactionCount] = main.beta[j] ?? 0;
  }
  try {
    const fit = fitCoxDesign(design, ties, start);
    // A possibly infinite coefficient (e.g. no events in one arm of a level): ℓ only approaches
    // its supremum, and where the iterations stop depends on the path; coxph's is the one from 0.
    if (fit.converged && fit.infinite.length === 0) return fit;
  } catch {
    // Refused at the start: the fit from 0 decides (and words any refusal).
  }
  return fitCoxDesign(design, ties);
}

function describeWarnings(fit: CoxCovariateFit, which: string): string[] {
  const warnings: string[] = [];
  if (!fit.converged) warnings.push(`The model ${which} did not converge in 20 iterations; its best log-likelihood is used.`);
  if (fit.infinite.length > 0) {
    const names = fit.infinite.map((i) => `"${fit.names[i] ?? ""}"`).join(", ");
    warnings.push(`In the model ${which}, the coefficient of ${names} may be infinite (monotone likelihood); its log-likelihood is still the supremum anova uses.`);
  }
  return warnings;
}
