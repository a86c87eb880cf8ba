// The cohort view's forest plot of subgroups (issue 14 §4): the hazard ratio of one HER2 cohort
// against a reference cohort in each level of each subgroup variable, with the patients and
// events per level and cohort, from the grouped rows of cohort-forest-rows.ts. Pure; each level's row
// (patients, events, hazard ratio) is forest-levels.ts's, as in the regimen comparison's forest; the
// interaction tests run in the worker pool (cohort-forest-interaction.ts) and are added by the loader.
import type { PackedInteractionCells } from "./cohort-forest-interaction";
import { HER2_0_CATEGORIES, type Her2CohortKey } from "./cohorts";
import type { SurvivalEndpoint } from "./filters";
import type { ForestGroup, ForestRow, ForestVariable, ForestView } from "./regimen-comparison";
import { cellsByLevel, everyCell, levelRow } from "./forest-levels";
import { FOREST_VARIABLE_LABELS, compareForestLevels, labelOfLevel } from "./regimen-comparison-labels";

export type CohortForestVariable = ForestVariable;

/**
 * A grouped cell as the query returns it (cohort-forest-rows.ts), without the server-only import:
 * `cohort` is the arm's cohort key there; a stored category of the arm is read the same way.
 */
export type CohortForestCell = { variable: CohortForestVariable | "all"; level: string; cohort: string; time: number; event: boolean; n: number };

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
  /** The variables shown, in order, each with the cells of its interaction test (packed for the worker). */
  interactionInputs: { variable: CohortForestVariable; cells: PackedInteractionCells }[];
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

type Arm = "A" | "B";

/** The arm of a cell's `cohort`: a cohort key (as queryCohortForestRows returns it) or a stored category of it. */
function armOf(cohort: string, options: Pick<CohortForestOptions, "cohort" | "reference">): Arm | null {
  if (cohort === options.cohort || cohortForestCategories(options.cohort).includes(cohort)) return "A";
  if (cohort === options.reference || cohortForestCategories(options.reference).includes(cohort)) return "B";
  return null;
}

/**
 * The cells of one subgroup variable (or of every patient: "all", level "all"), one entry per
 * (level, arm, day, event) in parallel columns: `level` indexes `levels`, arm 1 = the cohort (A),
 * 0 = the reference (B). At a million patients OS from diagnosis has about 550,000 such cells:
 * as an object each (and again per variable, and again for the interaction tests' input), making
 * and reading them took longer than fitting the forest.
 */
export type ForestColumns = { levels: string[]; level: Uint16Array<ArrayBuffer>; arm: Uint8Array<ArrayBuffer>; time: Float64Array<ArrayBuffer>; event: Uint8Array<ArrayBuffer>; n: Float64Array<ArrayBuffer> };

/** Every cell of the forest: the overall row's and each variable's. */
export type CohortForestColumns = { all: ForestColumns; variables: Partial<Record<CohortForestVariable, ForestColumns>> };

/**
 * Columns filled one cell at a time, by a reader that does not know their number beforehand.
 * Typed arrays that double when full: the site cells of OS from diagnosis at a million patients
 * (about 400,000) took 300 ms to push onto five plain arrays, and 20 ms here.
 */
export class ForestColumnsBuilder {
  private readonly levels: string[] = [];
  private readonly codes = new Map<string, number>();
  private size = 0;
  private level = new Uint16Array(1024);
  private arm = new Uint8Array(1024);
  private time = new Float64Array(1024);
  private event = new Uint8Array(1024);
  private n = new Float64Array(1024);

  /** `levels`: the level names known beforehand, coded in that order (others are added as met). */
  constructor(levels: readonly string[] = []) {
    for (const level of levels) this.code(level);
  }

  /** The level's code in these columns. */
  code(level: string): number {
    let code = this.codes.get(level);
    if (code === undefined) {
      code = this.levels.length;
      if (code > 0xffff) throw new RangeError("More than 65,536 levels: the forest's columns cannot hold them.");
      this.levels.push(level);
      this.codes.set(level, code);
    }
    return code;
  }

  push(level: number, arm: 0 | 1, time: number, event: boolean, n: number): void {
    if (this.size === this.n.length) this.grow();
    const at = this.size++;
    this.level[at] = level;
    this.arm[at] = arm;
    this.time[at] = time;
    this.event[at] = event ? 1 : 0;
    this.n[at] = n;
  }

  private grow(): void {
    const capacity = this.n.length * 2;
    const grown = <T extends Uint16Array | Uint8Array | Float64Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.level = grown(this.level, new Uint16Array(capacity));
    this.arm = grown(this.arm, new Uint8Array(capacity));
    this.time = grown(this.time, new Float64Array(capacity));
    this.event = grown(this.event, new Uint8Array(capacity));
    this.n = grown(this.n, new Float64Array(capacity));
  }

  build(): ForestColumns {
    const size = this.size;
    return {
      levels: [...this.levels],
      level: this.level.slice(0, size),
      arm: this.arm.slice(0, size),
      time: this.time.slice(0, size),
      event: this.event.slice(0, size),
      n: this.n.slice(0, size),
    };
  }
}

/** The cells (as objects, in any cohort) in columns: each variable's in the order given, those of neither cohort left out. */
export function columnsOfCells(cells: readonly CohortForestCell[], options: Pick<CohortForestOptions, "cohort" | "reference">): CohortForestColumns {
  const builders = new Map<string, ForestColumnsBuilder>();
  for (const cell of cells) {
    const arm = armOf(cell.cohort, options);
    if (arm === null) continue;
    let builder = builders.get(cell.variable);
    if (!builder) builders.set(cell.variable, (builder = new ForestColumnsBuilder()));
    builder.push(builder.code(cell.level), arm === "A" ? 1 : 0, cell.time, cell.event, cell.n);
  }
  const variables: CohortForestColumns["variables"] = {};
  for (const [variable, builder] of builders) if (variable !== "all") variables[variable as CohortForestVariable] = builder.build();
  return { all: (builders.get("all") ?? new ForestColumnsBuilder()).build(), variables };
}

const EMPTY_COLUMNS: ForestColumns = new ForestColumnsBuilder().build();

/** The cells followed at the landmark, their time counted from it (as the curves apply the landmark). */
function afterLandmark(columns: ForestColumns, landmark: number): ForestColumns {
  if (landmark <= 0) return columns;
  const kept = new ForestColumnsBuilder(columns.levels);
  for (let i = 0; i < columns.n.length; i++) {
    const time = columns.time[i] ?? 0;
    if (time >= landmark) kept.push(columns.level[i] ?? 0, columns.arm[i] === 1 ? 1 : 0, time - landmark, columns.event[i] === 1, columns.n[i] ?? 0);
  }
  return kept.build();
}

/**
 * A copy of a variable's columns as the interaction test's input (its buffers are moved to the
 * worker, the columns stay here for the per-level fits), the levels named by their labels, as the
 * test's refusals name them. The cohort forest's and the regimen comparison's.
 */
export function interactionInput(variable: CohortForestVariable, columns: ForestColumns): PackedInteractionCells {
  return { levels: columns.levels.map((level) => labelOfLevel(variable, level)), level: columns.level.slice(), treatment: columns.arm.slice(), time: columns.time.slice(), event: columns.event.slice(), n: columns.n.slice() };
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
 * The forest of the two cohorts' cells (queryCohortForestCells), after the landmark of OS from
 * diagnosis when there is one (time counted from it; patients no longer followed at it left out,
 * as in the curves).
 */
export function prepareCohortForestColumns(cells: CohortForestColumns, options: CohortForestOptions): PreparedCohortForest {
  const landmark = options.endpoint === "os" ? options.landmarkDays : 0;
  const threshold = options.smallCellThreshold;
  const variables = cohortForestVariables(options.endpoint);
  const columnsOf = new Map(variables.map((variable) => [variable, afterLandmark(cells.variables[variable] ?? EMPTY_COLUMNS, landmark)]));
  const group = (variable: CohortForestVariable): ForestGroup => {
    const byLevel = cellsByLevel(columnsOf.get(variable) ?? EMPTY_COLUMNS);
    const levels = [...byLevel.keys()].sort(compareForestLevels(variable));
    return {
      variable,
      label: FOREST_VARIABLE_LABELS[variable],
      rows: levels.map((level) => {
        const levelCells = byLevel.get(level);
        if (!levelCells) throw new RangeError(`No cells for level ${level}.`);
        return levelRow(levelCells, level, labelOfLevel(variable, level), threshold, "cohort");
      }),
      interaction: { ok: false, reason: "Not tested yet." },
    };
  };
  const all = afterLandmark(cells.all, landmark);
  return {
    interactionInputs: variables.map((variable) => ({ variable, cells: interactionInput(variable, columnsOf.get(variable) ?? EMPTY_COLUMNS) })),
    endpoint: options.endpoint === "pfs" ? "pfs" : "os",
    overall: () => levelRow(everyCell(all), "all", "All patients", threshold, "cohort"),
    groups: variables.map((variable) => () => group(variable)),
  };
}

/** The same from cells as objects, in any cohort (the tests' cells). */
export function prepareCohortForest(cells: readonly CohortForestCell[], options: CohortForestOptions): PreparedCohortForest {
  return prepareCohortForestColumns(columnsOfCells(cells, options), options);
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
