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
  /** 1 for arm A, 0 for arm B. */
  arms: number[];
  times: (number | null)[];
  /** 1 for an event (for the responses: measurable), else 0. */
  events: number[];
  levels: (string | null)[];
  counts: number[];
};

const AGE_GROUPS = ["Under 50", "50-69", "70 or older"] as const;
const HR_STATUSES = ["NEGATIVE", "POSITIVE", "UNKNOWN"] as const;
const LINE_GROUPS = ["1", "2", "3", "4 or later"] as const;

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
  const armOf = (code: number | undefined) => (code === 1 ? armA : armB);
  const cellsOf = (kind: string): (ComparisonCell & { level: string | null })[] => {
    const set = sets.find((entry) => entry.kind === kind);
    if (!set) return [];
    return set.counts.map((n, i) => ({ arm: armOf(set.arms[i]), time: set.times[i] ?? 0, event: set.events[i] === 1, n, level: set.levels[i] ?? null }));
  };
  const plain = (kind: string): ComparisonCell[] => cellsOf(kind).map(({ arm, time, event, n }) => ({ arm, time, event, n }));
  const adjusted = (kind: string): AdjustedCell[] =>
    cellsOf(kind).map(({ arm, time, event, n, level }) => ({ arm, time, event, n, ...decodeAdjustment(Number(level ?? 0)) }));
  const forest = Object.fromEntries(
    FOREST_VARIABLES.map((variable) => [variable, cellsOf(variable).map(({ arm, time, event, n, level }) => ({ arm, time, event, n, level: level ?? "" }))]),
  ) as Record<ForestVariable, LevelCell[]>;
  const responseSet = sets.find((entry) => entry.kind === "responses");
  const responses: ResponseCell[] = responseSet
    ? responseSet.counts.map((n, i) => ({ arm: armOf(responseSet.arms[i]), response: responseSet.levels[i] ?? null, measurable: responseSet.events[i] === 1, n }))
    : [];
  return { pfs: plain("pfs"), os: plain("os"), adjusted: { pfs: adjusted("adjusted-pfs"), os: adjusted("adjusted-os") }, forest, responses };
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
