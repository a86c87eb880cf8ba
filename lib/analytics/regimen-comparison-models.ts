// The regimen comparison's Cox models (issue 14 §4, §5): each endpoint's multivariable model and
// the forest plot (a hazard ratio per subgroup level and the treatment × subgroup interaction
// likelihood-ratio test of each variable). Pure. The adjusted models and the interaction tests
// are tasks of the statistics worker pool (the small tests may be taken back by the request
// thread), the forest's per-level hazard ratios are fitted on the request thread meanwhile, one
// level at a time (regimen-comparison-off-thread.ts): at a million patients these fits took
// seconds on the request thread alone. Every model is fitted on counted cells with case weights,
// which equals the fit on one row per patient (lib/stats/cox-covariate-design.ts).
import { buildCoxDesignOfColumns, checkCoxRow } from "../stats/cox-covariate-design";
import { coxProportionalHazardsModelOfDesign } from "../stats/cox-proportional-hazards-model";
import { coxInteractionTestOfColumns } from "../stats/survival";
import { FOREST_VARIABLES, decodeAdjustment, type AdjustedColumns, type AdjustmentLevels, type ComparisonCell, type ForestVariable } from "./regimen-comparison-cells";
import { ForestColumnsBuilder, type ForestColumns } from "./cohort-forest";
import { cellsByLevel, everyCell, levelRow } from "./forest-levels";
import { attempt } from "./regimen-comparison-cox";
import type { ComparisonEndpoint, ComparisonOptions, ForestGroup, ForestRow, ForestView, NotComputed } from "./regimen-comparison";
import { FOREST_VARIABLE_LABELS, compareForestLevels, labelOfLevel } from "./regimen-comparison-labels";

export type ComparisonModelsInput = {
  options: ComparisonOptions;
  /** The endpoints whose arms are both shown (the others are not compared). */
  compared: { pfs: boolean; os: boolean };
  adjusted: { pfs: AdjustedColumns; os: AdjustedColumns };
  /** The forest endpoint's cells, all patients. */
  overall: ComparisonCell[];
  forest: Record<ForestVariable, ForestColumns>;
};

export type ComparisonModels = {
  adjusted: { pfs: ComparisonEndpoint["adjusted"]; os: ComparisonEndpoint["adjusted"] };
  forest: ForestView;
};

/** The indicator columns of the chosen covariates, each with its value for a cell's levels (reference levels: under 50, HR-negative, the lowest line, no prior CDK4/6i). */
function covariateColumns(adjust: ComparisonOptions["adjust"], lowestLine: string): { name: string; value: (cell: AdjustmentLevels) => number }[] {
  const columns: { name: string; value: (cell: AdjustmentLevels) => number }[] = [];
  for (const covariate of adjust) {
    switch (covariate) {
      case "age":
        columns.push({ name: "Age 50-69", value: (cell) => (cell.ageGroup === "50-69" ? 1 : 0) });
        columns.push({ name: "Age 70 or older", value: (cell) => (cell.ageGroup === "70 or older" ? 1 : 0) });
        break;
      case "hr":
        columns.push({ name: "HR-positive", value: (cell) => (cell.hrStatus === "POSITIVE" ? 1 : 0) });
        columns.push({ name: "HR status unknown", value: (cell) => (cell.hrStatus === "UNKNOWN" ? 1 : 0) });
        break;
      case "line":
        for (const level of ["2", "3", "4 or later"]) if (level > lowestLine) columns.push({ name: `Line ${level}`, value: (cell) => (cell.lineGroup === level ? 1 : 0) });
        break;
      case "cdk46":
        columns.push({ name: "Prior CDK4/6 inhibitor", value: (cell) => (cell.priorCdk46 ? 1 : 0) });
        break;
    }
  }
  return columns;
}

/**
 * coxph(Surv(time, event) ~ arm + covariates) with arm A = 1, each cell weighted by its count.
 * Indicator columns that do not vary (e.g. no patient of 70 or older) cannot be estimated and are
 * dropped, and named. The design is written from the cells' columns: each cell's covariates are
 * its subgroup code's (at most 864 codes, each decoded once), with no object per cell (there are
 * up to 80,000 cells at a million patients).
 */
function adjustedModel(cells: AdjustedColumns, options: ComparisonOptions) {
  const count = cells.n.length;
  const levelsOf = new Map<number, AdjustmentLevels>();
  for (let i = 0; i < count; i++) {
    const code = cells.code[i] ?? 0;
    if (!levelsOf.has(code)) levelsOf.set(code, decodeAdjustment(code));
  }
  const lowestLine = [...new Set([...levelsOf.values()].map((levels) => levels.lineGroup))].sort()[0] ?? "1";
  const covariates = covariateColumns(options.adjust, lowestLine);
  const arms = new Set(cells.arm);
  const treatmentName = `Arm: ${options.armA} vs ${options.armB}`;
  const codes = [...levelsOf.keys()];
  const varies = (column: { value: (cell: AdjustmentLevels) => number }) => new Set(codes.map((code) => column.value(levelsOf.get(code) ?? decodeAdjustment(code)))).size > 1;
  const dropped = count === 0 ? [] : [...(arms.size > 1 ? [] : [treatmentName]), ...covariates.filter((column) => !varies(column)).map((column) => column.name)];
  const kept = covariates.filter((column) => !dropped.includes(column.name));
  const withTreatment = !dropped.includes(treatmentName);
  // Each code's row of covariate values, in the kept columns' order (after the treatment's).
  const width = kept.length;
  const valuesOf = new Map(codes.map((code) => [code, Float64Array.from(kept, (column) => column.value(levelsOf.get(code) ?? decodeAdjustment(code)))]));
  for (let i = 0; i < count; i++) checkCoxRow({ time: cells.time[i] ?? 0, event: cells.event[i] === 1, weight: cells.n[i] ?? 0 }, i);
  // The refusals coxProportionalHazardsModel gives on rows, in its words.
  if (count === 0) throw new RangeError("The Cox model needs at least one patient (got no rows).");
  if (width + (withTreatment ? 1 : 0) === 0) throw new RangeError("The Cox model needs at least one covariate (row 1 has none).");
  const design = buildCoxDesignOfColumns(
    { times: cells.time, events: cells.event, weights: cells.n.some((n) => n !== 1) ? cells.n : null },
    [...(withTreatment ? [treatmentName] : []), ...kept.map((column) => column.name)],
    (index, out, offset) => {
      const start = offset + (withTreatment ? 1 : 0);
      if (withTreatment) out[offset] = cells.arm[index] ?? 0;
      const values = valuesOf.get(cells.code[index] ?? 0);
      if (values) for (let j = 0; j < width; j++) out[start + j] = values[j] ?? 0;
    },
  );
  const model = coxProportionalHazardsModelOfDesign(design, "efron");
  let patients = 0;
  let events = 0;
  for (let i = 0; i < count; i++) {
    patients += cells.n[i] ?? 0;
    if (cells.event[i] === 1) events += cells.n[i] ?? 0;
  }
  return {
    patients,
    events,
    terms: model.terms.map((term) => ({ name: term.name, hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue })),
    dropped,
  };
}

/**
 * One variable's cells in forest columns (arm 1 = arm A, 0 = arm B; cells of neither arm left
 * out), each level's row computed from them (forest-levels.ts). Building a survival record and a
 * map entry per (time, arm) for each level took about as long as fitting the levels' models (at a
 * million patients, 85 ms of the per-level fits' 150).
 */
function columnsOfCells(cells: readonly ComparisonCell[], armA: string, armB: string): ForestColumns {
  const builder = new ForestColumnsBuilder();
  const all = builder.code("all");
  for (const cell of cells) {
    if (cell.arm !== armA && cell.arm !== armB) continue;
    builder.push(all, cell.arm === armA ? 1 : 0, cell.time, cell.event, cell.n);
  }
  return builder.build();
}

/**
 * The forest plot's hazard ratios, one step (one Cox fit) per level, the overall row apart: the
 * request thread runs them one at a time between other requests' work while a statistics worker
 * fits the adjusted models and the interaction tests (fitAdjustedModels, comparisonInteraction),
 * so that the two cores share the comparison's fits (regimen-comparison-off-thread.ts). Each level's fit takes a few
 * milliseconds at a million patients; the whole forest took 170 ms, the tests 400.
 */
export type ForestRowSteps = {
  overall: () => ForestRow;
  groups: { variable: ForestVariable; label: string; levels: (() => ForestRow)[] }[];
};

export function forestRowSteps(input: Pick<ComparisonModelsInput, "options" | "overall" | "forest">): ForestRowSteps {
  const { options } = input;
  const threshold = options.smallCellThreshold;
  return {
    overall: () => levelRow(everyCell(columnsOfCells(input.overall, options.armA, options.armB)), "all", "All patients", threshold, "arm"),
    groups: FOREST_VARIABLES.map((variable) => {
      const byLevel = cellsByLevel(input.forest[variable]);
      const levels = [...byLevel.keys()].sort(compareForestLevels(variable));
      return {
        variable,
        label: FOREST_VARIABLE_LABELS[variable],
        levels: levels.map((level) => () => {
          const cells = byLevel.get(level);
          if (!cells) throw new RangeError(`No cells for level ${level}.`);
          return levelRow(cells, level, labelOfLevel(variable, level), threshold, "arm");
        }),
      };
    }),
  };
}

/** The fits of the statistics workers: each compared endpoint's adjusted model and each forest variable's interaction test. */
export type ComparisonTests = { adjusted: ComparisonModels["adjusted"]; interactions: Record<ForestVariable, ForestGroup["interaction"]> };

/** The compared endpoints' adjusted models: null without covariates, a refusal for an endpoint whose arms are not both shown. */
export function fitAdjustedModels(input: Pick<ComparisonModelsInput, "options" | "compared" | "adjusted">): ComparisonTests["adjusted"] {
  const { options, compared } = input;
  const adjusted = (endpoint: "pfs" | "os"): ComparisonEndpoint["adjusted"] =>
    options.adjust.length === 0 ? null : compared[endpoint] ? attempt(() => adjustedModel(input.adjusted[endpoint], options)) : notCompared(options);
  return { pfs: adjusted("pfs"), os: adjusted("os") };
}

/** The adjusted model's outcome for an endpoint whose arms are not both shown. */
export function notCompared(options: Pick<ComparisonOptions, "smallCellThreshold">): NotComputed {
  return { ok: false, reason: `Both arms need at least ${Math.max(options.smallCellThreshold, 1)} patients to be compared.` };
}

/** Whether fitAdjustedModels fits any model (else it answers at once). */
export function fitsAnyAdjustedModel(input: Pick<ComparisonModelsInput, "options" | "compared">): boolean {
  return input.options.adjust.length > 0 && (input.compared.pfs || input.compared.os);
}

/** The treatment × subgroup likelihood-ratio test of one forest variable's cells (arm A = 1), its levels named by their labels (as its refusals name them). */
export function comparisonInteraction(variable: ForestVariable, cells: ForestColumns): ForestGroup["interaction"] {
  return attempt(() => {
    const levels = cells.levels.map((level) => labelOfLevel(variable, level));
    const test = coxInteractionTestOfColumns({ time: cells.time, event: cells.event, treatment: cells.arm, level: cells.level, levels, weight: cells.n }, { ties: "efron" });
    return { statistic: test.statistic, df: test.df, pValue: test.pValue };
  });
}

/** Every fit of ComparisonTests on this thread. */
export function fitComparisonTests(input: ComparisonModelsInput): ComparisonTests {
  return {
    adjusted: fitAdjustedModels(input),
    interactions: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, comparisonInteraction(variable, input.forest[variable])])) as ComparisonTests["interactions"],
  };
}

/** The forest plot from its rows (forestRowSteps, run) and each variable's interaction test. */
export function joinForest(
  endpoint: ForestView["endpoint"],
  overall: ForestRow,
  groups: readonly { variable: ForestVariable; label: string; rows: ForestRow[] }[],
  interactions: ComparisonTests["interactions"],
): ForestView {
  return { endpoint, overall, groups: groups.map((group) => ({ ...group, interaction: interactions[group.variable] })) };
}

/** The adjusted models of the compared endpoints (null when no covariate is chosen) and the forest plot, all on this thread. */
export function fitComparisonModels(input: ComparisonModelsInput): ComparisonModels {
  const steps = forestRowSteps(input);
  const tests = fitComparisonTests(input);
  const groups = steps.groups.map((group) => ({ variable: group.variable, label: group.label, rows: group.levels.map((level) => level()) }));
  return { adjusted: tests.adjusted, forest: joinForest(input.options.forest, steps.overall(), groups, tests.interactions) };
}
