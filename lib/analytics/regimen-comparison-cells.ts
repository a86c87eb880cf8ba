// What PostgreSQL hands the regimen comparison (issue 14 §3-§5): counts of patients grouped by
// what each statistic needs, never one row per patient (at a million patients the comparison
// held 133,041 of them, and fetching them cost 2.5 s: docs/dashboards.md §9). Pure types and the
// decoding of the grouped query's compact answer.

/** Patients of one arm with the same follow-up time (days) and event (`n` of them). */
export type ComparisonCell = { arm: string; time: number; event: boolean; n: number };

/** The adjustment covariates' levels (the ones not chosen hold their reference level). */
export type AdjustmentLevels = { ageGroup: string; hrStatus: string; lineGroup: string; priorCdk46: boolean };

/** Patients with the same arm, time, event and adjustment covariates, for the multivariable Cox model. */
export type AdjustedCell = ComparisonCell & AdjustmentLevels;

/** Patients with the same arm, time, event and level of one forest-plot subgroup variable. */
export type LevelCell = ComparisonCell & { level: string };

/** Patients of one arm with the same best response (CR, PR, SD24, SD, PD, NE or null) and measurability. */
export type ResponseCell = { arm: string; response: string | null; measurable: boolean; n: number };

export const FOREST_VARIABLES = ["ageGroup", "hrStatus", "menopausal", "lineGroup", "site", "era"] as const;
export type ForestVariable = (typeof FOREST_VARIABLES)[number];

/** Everything the comparison is computed from. */
export type ComparisonCells = {
  pfs: ComparisonCell[];
  os: ComparisonCell[];
  /** Grouped by the chosen adjustment covariates; empty when none is chosen. */
  adjusted: { pfs: AdjustedCell[]; os: AdjustedCell[] };
  /** The forest plot's endpoint, by subgroup variable. */
  forest: Record<ForestVariable, LevelCell[]>;
  responses: ResponseCell[];
};

/** One grouping set of the query: parallel arrays, one entry per group. */
export type GroupedSet = {
  kind: string;
  /** time × 4 + event × 2 + arm (1 for arm A); for the responses, measurable in place of the event. */
  keys: number[];
  /** The level's code (see LEVELS, decodeAdjustment; the site's id). */
  levels: number[];
  counts: number[];
  siteIds: number[];
  siteCodes: string[];
};

const AGE_GROUPS = ["Under 50", "50-69", "70 or older"] as const;
const HR_STATUSES = ["NEGATIVE", "POSITIVE", "UNKNOWN"] as const;
const LINE_GROUPS = ["1", "2", "3", "4 or later"] as const;

/** The labels of the query's level codes, by grouping set (the site's comes from its id). */
const LEVELS: Readonly<Record<Exclude<ForestVariable, "site">, readonly string[]>> = {
  ageGroup: AGE_GROUPS,
  hrStatus: HR_STATUSES,
  menopausal: ["PREMENOPAUSAL", "PERIMENOPAUSAL", "POSTMENOPAUSAL", "UNKNOWN"],
  lineGroup: ["", ...LINE_GROUPS],
  era: ["Before 2015", "2015-2019", "2020 or later"],
};
const RESPONSES = ["CR", "PR", "SD24", "SD", "PD", "NE"] as const;

/**
 * The adjustment levels of a code built by the query: age band × 24 + HR (negative, positive,
 * unknown) × 8 + (line − 1) × 2 + prior CDK4/6 inhibitor.
 */
export function decodeAdjustment(code: number): AdjustmentLevels {
  return {
    ageGroup: AGE_GROUPS[Math.floor(code / 24)] ?? "Under 50",
    hrStatus: HR_STATUSES[Math.floor(code / 8) % 3] ?? "NEGATIVE",
    lineGroup: LINE_GROUPS[Math.floor(code / 2) % 4] ?? "1",
    priorCdk46: code % 2 === 1,
  };
}

/** The cells of the query's grouping sets (`kind` names each: pfs, os, adjusted-pfs, a forest variable, responses). */
export function decodeComparisonCells(sets: readonly GroupedSet[], armA: string, armB: string): ComparisonCells {
  const siteCodes = new Map<number, string>();
  const first = sets[0];
  first?.siteIds.forEach((id, i) => siteCodes.set(id, first.siteCodes[i] ?? ""));
  const decode = <T>(kind: string, build: (cell: ComparisonCell, level: number) => T): T[] => {
    const set = sets.find((entry) => entry.kind === kind);
    if (!set) return [];
    const { keys, levels, counts } = set;
    const cells = new Array<T>(counts.length);
    for (let i = 0; i < counts.length; i++) {
      const key = keys[i] ?? 0;
      cells[i] = build({ arm: key % 2 === 1 ? armA : armB, time: Math.floor(key / 4), event: Math.floor(key / 2) % 2 === 1, n: counts[i] ?? 0 }, levels[i] ?? 0);
    }
    return cells;
  };
  const forest = Object.fromEntries(
    FOREST_VARIABLES.map((variable) => [
      variable,
      decode(variable, (cell, level): LevelCell => {
        const labelled = cell as LevelCell;
        labelled.level = variable === "site" ? (siteCodes.get(level) ?? "") : (LEVELS[variable][level] ?? "");
        return labelled;
      }),
    ]),
  ) as Record<ForestVariable, LevelCell[]>;
  // The adjustment levels of the (at most 72) codes, shared by the cells: one object per code.
  const adjustments = new Map<number, AdjustmentLevels>();
  const adjusted = (cell: ComparisonCell, level: number): AdjustedCell => {
    let levels = adjustments.get(level);
    if (!levels) adjustments.set(level, (levels = decodeAdjustment(level)));
    return { arm: cell.arm, time: cell.time, event: cell.event, n: cell.n, ageGroup: levels.ageGroup, hrStatus: levels.hrStatus, lineGroup: levels.lineGroup, priorCdk46: levels.priorCdk46 };
  };
  return {
    pfs: decode("pfs", (cell) => cell),
    os: decode("os", (cell) => cell),
    adjusted: { pfs: decode("adjusted-pfs", adjusted), os: decode("adjusted-os", adjusted) },
    forest,
    responses: decode("responses", (cell, level): ResponseCell => ({ arm: cell.arm, response: RESPONSES[level] ?? null, measurable: cell.event, n: cell.n })),
  };
}

/**
 * The same cells with identical ones merged (their n added) and each list in one canonical order:
 * what the grouped query returns for per-patient cells (cellsOfPatients), for the tests.
 */
export function groupComparisonCells(cells: ComparisonCells): ComparisonCells {
  const merge = <T extends { n: number }>(list: readonly T[]): T[] => {
    const merged = new Map<string, T>();
    for (const cell of list) {
      const { n, ...rest } = cell;
      const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const found = merged.get(key);
      if (found) found.n += n;
      else merged.set(key, { ...cell });
    }
    return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, cell]) => cell);
  };
  return {
    pfs: merge(cells.pfs),
    os: merge(cells.os),
    adjusted: { pfs: merge(cells.adjusted.pfs), os: merge(cells.adjusted.os) },
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, merge(cells.forest[variable])])) as Record<ForestVariable, LevelCell[]>,
    responses: merge(cells.responses),
  };
}
