// The cohort view's forest plot of subgroups (issue 14 §4): the hazard ratio of one HER2 cohort
// against a reference cohort in each level of each subgroup variable, with the patients and
// events per level and cohort, from the grouped rows of cohort-forest-rows.ts. Pure; the hazard
// ratios come from the statistics core (coxProportionalHazards on grouped survival records); the
// interaction tests run in the worker pool (cohort-forest-interaction.ts) and are added by the loader.
import { coxProportionalHazardsOfTable } from "../stats/cox-proportional-hazards";
import type { RiskTable } from "../stats/risk-table";
import { HER2_0_CATEGORIES, type Her2CohortKey } from "./cohorts";
import type { SurvivalEndpoint } from "./filters";
import { FOREST_VARIABLE_LABELS, type ForestGroup, type ForestRow, type ForestVariable, type ForestView, type HazardRatio } from "./regimen-comparison";
import { labelOfLevel } from "./regimen-comparison-labels";
import { isSuppressed, suppressCount } from "./small-cells";

export type CohortForestVariable = ForestVariable;

/**
 * A grouped cell as the query returns it (cohort-forest-rows.ts), without the server-only import:
 * `cohort` is the arm's cohort key there; a stored category of the arm is read the same way.
 */
export type CohortForestCell = { variable: CohortForestVariable | "all"; level: string; cohort: string; time: number; event: boolean; n: number };

/** One cell of one variable as the interaction test reads it: treatment 1 = the cohort, 0 = the reference. */
export type InteractionCell = { level: string; treatment: 0 | 1; time: number; event: boolean; n: number };

export type CohortForestOptions = {
  cohort: Her2CohortKey;
  reference: Her2CohortKey;
  endpoint: SurvivalEndpoint;
  /** Landmark of OS from diagnosis, in days (0: none), as the cohort curves apply it. */
  landmarkDays: number;
  smallCellThreshold: number;
};

export type CohortForestAnalysis = {
  forest: ForestView;
  /** The variables shown, in order, each with the cells of its interaction test. */
  interactionInputs: { variable: CohortForestVariable; cells: InteractionCell[] }[];
};

/** The variables of the forest, in display order ("line" only for the line endpoints). */
export function cohortForestVariables(endpoint: SurvivalEndpoint): CohortForestVariable[] {
  const all: CohortForestVariable[] = ["ageGroup", "hrStatus", "menopausal", "lineGroup", "site", "era"];
  return endpoint === "os" ? all.filter((variable) => variable !== "lineGroup") : all;
}

/** The stored HER2 categories of a cohort: HER2-0 is every IHC 0 group (null, ultralow, not specified). */
export function cohortForestCategories(key: Her2CohortKey): string[] {
  return key === "HER2_0" ? [...HER2_0_CATEGORIES] : [key];
}

/** Whether the two cohorts share a category (e.g. HER2-null and HER2-0): they cannot be compared. */
export function cohortsOverlap(cohort: Her2CohortKey, reference: Her2CohortKey): boolean {
  const reference_ = cohortForestCategories(reference);
  return cohortForestCategories(cohort).some((category) => reference_.includes(category));
}

/** Ordered bands first in their natural order; other levels (codes, statuses) by name. */
const BAND_ORDER = ["Under 50", "50-69", "70 or older", "Before 2015", "2015-2019", "2020 or later"];

function compareLevels(x: string, y: string): number {
  const [i, j] = [BAND_ORDER.indexOf(x), BAND_ORDER.indexOf(y)];
  if (i >= 0 && j >= 0) return i - j;
  return x.localeCompare(y, "en", { numeric: true });
}

type Arm = "A" | "B";

/** The arm of a cell's `cohort`: a cohort key (as queryCohortForestRows returns it) or a stored category of it. */
function armOf(cohort: string, options: CohortForestOptions): Arm | null {
  if (cohort === options.cohort || cohortForestCategories(options.cohort).includes(cohort)) return "A";
  if (cohort === options.reference || cohortForestCategories(options.reference).includes(cohort)) return "B";
  return null;
}

type ArmCell = { level: string; arm: Arm; time: number; event: boolean; n: number };

/**
 * The risk table of `cells` (groups "A" and "B", both with patients: levelRow checks it first),
 * as buildRiskTable makes it of the (arm, time) survival records of the cells, summed by time and
 * arm: the same counts, so the same fit, without a record and a map entry per (time, arm) (that
 * took most of the per-level time for OS from diagnosis at a million patients).
 */
function riskTableOf(cells: readonly ArmCell[]): RiskTable {
  const timeIndex = new Map<number, number>();
  for (const cell of cells) if (cell.n > 0 && !timeIndex.has(cell.time)) timeIndex.set(cell.time, timeIndex.size);
  const times = Float64Array.from(timeIndex.keys()).sort();
  times.forEach((time, index) => timeIndex.set(time, index));
  const events = new Float64Array(times.length * 2);
  const censored = new Float64Array(times.length * 2);
  const sizes = new Float64Array(2);
  const eventTotals = new Float64Array(2);
  for (const cell of cells) {
    if (cell.n <= 0) continue;
    const group = cell.arm === "A" ? 0 : 1;
    const at = (timeIndex.get(cell.time) ?? 0) * 2 + group;
    if (cell.event) {
      events[at] = (events[at] ?? 0) + cell.n;
      eventTotals[group] = (eventTotals[group] ?? 0) + cell.n;
    } else censored[at] = (censored[at] ?? 0) + cell.n;
    sizes[group] = (sizes[group] ?? 0) + cell.n;
  }
  return { groups: ["A", "B"], times, events, censored, sizes, eventTotals };
}

function hazardRatioOf(table: RiskTable): HazardRatio {
  const term = coxProportionalHazardsOfTable(table, { reference: "B", ties: "efron" }).terms.find((entry) => entry.group === "A");
  if (!term) throw new RangeError("Both cohorts need patients.");
  return { hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue };
}

function levelRow(cells: readonly ArmCell[], level: string, label: string, threshold: number): ForestRow {
  const a = { patients: 0, events: 0 };
  const b = { patients: 0, events: 0 };
  for (const cell of cells) {
    const tally = cell.arm === "A" ? a : b;
    tally.patients += cell.n;
    if (cell.event) tally.events += cell.n;
  }
  const base = {
    level,
    label,
    patients: { a: suppressCount(a.patients, threshold), b: suppressCount(b.patients, threshold) },
    events: { a: suppressCount(a.events, threshold), b: suppressCount(b.events, threshold) },
  };
  if (a.patients === 0 || b.patients === 0) return { ...base, hazardRatio: null, note: "One cohort has no patients." };
  if (isSuppressed(a.patients, threshold) || isSuppressed(b.patients, threshold)) return { ...base, hazardRatio: null, note: `A cohort has fewer than ${threshold} patients.` };
  if (a.events === 0 || b.events === 0) return { ...base, hazardRatio: null, note: "No events in a cohort: the hazard ratio is not estimable." };
  try {
    return { ...base, hazardRatio: hazardRatioOf(riskTableOf(cells)), note: null };
  } catch (error) {
    return { ...base, hazardRatio: null, note: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The cells of the two cohorts by variable, their interaction inputs, and the forest computed on
 * demand one part at a time (the overall row, then each variable's group): loadCohortForest sends
 * the interaction tests to the worker pool first and computes the forest while they run, yielding
 * between the parts so that the pool can hand the next test to its worker.
 */
export type PreparedCohortForest = {
  interactionInputs: CohortForestAnalysis["interactionInputs"];
  endpoint: ForestView["endpoint"];
  overall: () => ForestRow;
  /** The variables' groups, in display order; their interactions left "not tested". */
  groups: (() => ForestGroup)[];
};

/**
 * The cells of the two cohorts, after the landmark of OS from diagnosis when there is one (time
 * counted from it; patients no longer followed at it left out, as in the curves), by variable.
 */
export function prepareCohortForest(cells: readonly CohortForestCell[], options: CohortForestOptions): PreparedCohortForest {
  const landmark = options.endpoint === "os" ? options.landmarkDays : 0;
  const byVariable = new Map<string, ArmCell[]>();
  for (const cell of cells) {
    const arm = armOf(cell.cohort, options);
    if (arm === null) continue;
    if (landmark > 0 && cell.time < landmark) continue;
    const list = byVariable.get(cell.variable) ?? [];
    list.push({ level: cell.level, arm, time: cell.time - landmark, event: cell.event, n: cell.n });
    byVariable.set(cell.variable, list);
  }
  const threshold = options.smallCellThreshold;
  const variables = cohortForestVariables(options.endpoint);
  const group = (variable: CohortForestVariable): ForestGroup => {
    // Each level's cells in one pass (a filter per level read every cell of the variable again).
    const byLevel = new Map<string, ArmCell[]>();
    for (const cell of byVariable.get(variable) ?? []) {
      const list = byLevel.get(cell.level);
      if (list) list.push(cell);
      else byLevel.set(cell.level, [cell]);
    }
    const levels = [...byLevel.keys()].sort(compareLevels);
    return {
      variable,
      label: FOREST_VARIABLE_LABELS[variable],
      rows: levels.map((level) => levelRow(byLevel.get(level) ?? [], level, labelOfLevel(variable, level), threshold)),
      interaction: { ok: false, reason: "Not tested yet." },
    };
  };
  return {
    interactionInputs: variables.map((variable) => ({
      variable,
      cells: (byVariable.get(variable) ?? []).map((cell) => ({ level: cell.level, treatment: cell.arm === "A" ? 1 : 0, time: cell.time, event: cell.event, n: cell.n })),
    })),
    endpoint: options.endpoint === "pfs" ? "pfs" : "os",
    overall: () => levelRow(byVariable.get("all") ?? [], "all", "All patients", threshold),
    groups: variables.map((variable) => () => group(variable)),
  };
}

/**
 * The forest of `cells` (every variable's, plus "all"), as prepareCohortForest reads them, in one
 * go. The interactions are left "not tested" here.
 */
export function analyseCohortForest(cells: readonly CohortForestCell[], options: CohortForestOptions): CohortForestAnalysis {
  const prepared = prepareCohortForest(cells, options);
  const overall = prepared.overall();
  return {
    forest: { endpoint: prepared.endpoint, overall, groups: prepared.groups.map((group) => group()) },
    interactionInputs: prepared.interactionInputs,
  };
}
