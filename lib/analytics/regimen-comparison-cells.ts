// What PostgreSQL hands the regimen comparison (issue 14 §3-§5): counts of patients grouped by
// what each statistic needs, never one row per patient (at a million patients the comparison
// held 133,041 of them, and fetching them cost 2.5 s: docs/dashboards.md §9). Pure types and the
// decoding of the grouped query's compact answer.
import type { AdjustmentCovariate } from "./filters";
import { FOREST_LEVEL_ORDER } from "./regimen-comparison-labels";

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
  /** `pfs`, `os` (by SUBGROUP_CODE), `site` (the forest endpoint by site) or `responses`. */
  kind: string;
  /** time × 4 + event × 2 + arm (1 for arm A); for the responses, measurable in place of the event. */
  keys: ArrayLike<number>;
  /** The subgroups' code (SUBGROUP_CODE), the site's id, or the response's code (RESPONSES). */
  levels: ArrayLike<number>;
  counts: ArrayLike<number>;
  siteIds: number[];
  siteCodes: string[];
};

/**
 * The whole numbers of a bytea of 4-byte big-endian integers (`string_agg(int4send(x), '')`).
 * The sets hold about 160,000 groups at a million patients: as int[] arrays, PostgreSQL wrote
 * every number as text and the driver parsed it back, several times the cost of this.
 */
export function readInt32s(bytes: Uint8Array | null): Int32Array {
  if (bytes === null) return new Int32Array(0);
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`A bytea of 4-byte integers has ${bytes.byteLength} bytes.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Int32Array(bytes.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getInt32(i * 4);
  return values;
}

/** The levels of the subgroup variables' codes, code 0 first (the site's come from its id). */
const LEVELS = FOREST_LEVEL_ORDER;
const RESPONSES = ["CR", "PR", "SD24", "SD", "PD", "NE"] as const;

/** A patient's subgroups and adjustment covariates, each a code from 0. */
export type SubgroupPart = Exclude<ForestVariable, "site"> | "priorCdk46";

/**
 * The place of each part in the one subgroup code an endpoint's cells are grouped by: code =
 * Σ part × multiplier, mixed radix (age 3 × HR 3 × menopausal 4 × line 4 × era 3 × prior CDK4/6i 2
 * = 864 codes). The query adds only the parts it groups by (the forest endpoint's subgroups, the
 * chosen adjustment covariates); the others count as 0.
 */
export const SUBGROUP_CODE: Readonly<Record<SubgroupPart, { multiplier: number; levels: number }>> = {
  ageGroup: { multiplier: 288, levels: 3 },
  hrStatus: { multiplier: 96, levels: 3 },
  menopausal: { multiplier: 24, levels: 4 },
  lineGroup: { multiplier: 6, levels: 4 },
  era: { multiplier: 2, levels: 3 },
  priorCdk46: { multiplier: 1, levels: 2 },
};

/** Subgroup codes are below 864 (SUBGROUP_CODE): the roll-up's sums per level fit in this many slots. */
const LEVEL_SLOTS = 1024;

function partOf(code: number, part: SubgroupPart): number {
  const { multiplier, levels } = SUBGROUP_CODE[part];
  return Math.floor(code / multiplier) % levels;
}

/** The adjustment covariates' levels of a subgroup code (the ones not chosen hold their reference level, code 0). */
export function decodeAdjustment(code: number): AdjustmentLevels {
  return {
    ageGroup: LEVELS.ageGroup[partOf(code, "ageGroup")] ?? "Under 50",
    hrStatus: LEVELS.hrStatus[partOf(code, "hrStatus")] ?? "NEGATIVE",
    lineGroup: LEVELS.lineGroup[partOf(code, "lineGroup")] ?? "1",
    priorCdk46: partOf(code, "priorCdk46") === 1,
  };
}

/** What the comparison groups by: its arms, the chosen adjustment covariates, the forest plot's endpoint. */
export type CellsDesign = { armA: string; armB: string; adjust: readonly AdjustmentCovariate[]; forest: "pfs" | "os" };

const ADJUSTMENT_PARTS: Readonly<Record<AdjustmentCovariate, SubgroupPart>> = { age: "ageGroup", hr: "hrStatus", line: "lineGroup", cdk46: "priorCdk46" };

/**
 * The cells from the query's four grouping sets. PostgreSQL counts each endpoint's patients once,
 * by (arm, time, event, subgroup code); the Kaplan-Meier cells, the adjusted model's and each
 * forest variable's are their sums over the parts they do not use (a roll-up of counted cells, a
 * few ten thousand, instead of a hash table per statistic over every patient in PostgreSQL).
 */
export function decodeComparisonCells(sets: readonly GroupedSet[], design: CellsDesign): ComparisonCells {
  const { armA, armB } = design;
  const siteCodes = new Map<number, string>();
  const first = sets[0];
  first?.siteIds.forEach((id, i) => siteCodes.set(id, first.siteCodes[i] ?? ""));
  const setOf = (kind: string): GroupedSet | undefined => sets.find((entry) => entry.kind === kind);
  const cellOf = (key: number, n: number): ComparisonCell => ({ arm: key % 2 === 1 ? armA : armB, time: Math.floor(key / 4), event: Math.floor(key / 2) % 2 === 1, n });
  /**
   * The set's counts summed by (key, level(code)), ordered by key. A counting sort by key (whole
   * numbers from 0: time × 4 + event × 2 + arm) and, within a key, a sum per level in a small
   * array: the sets hold about as many groups as patients, and a Map per roll-up cost more than
   * the grouping sets it replaced.
   */
  const rollUp = <T>(set: GroupedSet | undefined, level: (code: number) => number, build: (cell: ComparisonCell, level: number) => T): T[] => {
    if (!set) return [];
    const { keys, levels, counts } = set;
    const count = counts.length;
    let maxKey = 0;
    for (let i = 0; i < count; i++) maxKey = Math.max(maxKey, keys[i] ?? 0);
    const starts = new Int32Array(maxKey + 2);
    for (let i = 0; i < count; i++) starts[(keys[i] ?? 0) + 1] = (starts[(keys[i] ?? 0) + 1] ?? 0) + 1;
    for (let key = 0; key <= maxKey; key++) starts[key + 1] = (starts[key + 1] ?? 0) + (starts[key] ?? 0);
    const next = starts.slice(0, maxKey + 1);
    const byKey = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const key = keys[i] ?? 0;
      byKey[next[key] ?? 0] = i;
      next[key] = (next[key] ?? 0) + 1;
    }
    const sums = new Float64Array(LEVEL_SLOTS);
    const touched: number[] = [];
    const cells: T[] = [];
    for (let key = 0; key <= maxKey; key++) {
      const end = starts[key + 1] ?? 0;
      for (let position = starts[key] ?? 0; position < end; position++) {
        const i = byKey[position] ?? 0;
        const slot = level(levels[i] ?? 0);
        if (!(slot >= 0 && slot < LEVEL_SLOTS)) throw new RangeError(`A level code out of range (${slot}).`);
        if (sums[slot] === 0) touched.push(slot);
        sums[slot] = (sums[slot] ?? 0) + (counts[i] ?? 0);
      }
      for (const slot of touched) {
        cells.push(build(cellOf(key, sums[slot] ?? 0), slot));
        sums[slot] = 0;
      }
      touched.length = 0;
    }
    return cells;
  };
  const noLevel = () => 0;
  const forestSet = setOf(design.forest);
  const forest = Object.fromEntries(
    FOREST_VARIABLES.map((variable) => {
      if (variable === "site") {
        const set = setOf("site");
        const cells: LevelCell[] = [];
        for (let i = 0; i < (set?.counts.length ?? 0); i++) {
          const cell = cellOf(set?.keys[i] ?? 0, set?.counts[i] ?? 0);
          cells.push({ arm: cell.arm, time: cell.time, event: cell.event, n: cell.n, level: siteCodes.get(set?.levels[i] ?? 0) ?? "" });
        }
        return [variable, cells];
      }
      const labels = LEVELS[variable];
      return [variable, rollUp(forestSet, (code) => partOf(code, variable), (cell, level): LevelCell => ({ arm: cell.arm, time: cell.time, event: cell.event, n: cell.n, level: labels[level] ?? "" }))];
    }),
  ) as Record<ForestVariable, LevelCell[]>;
  // The adjusted models' cells: the chosen covariates' parts of the code, the others 0.
  const chosen = design.adjust.map((covariate) => SUBGROUP_CODE[ADJUSTMENT_PARTS[covariate]]);
  const adjustmentCode = (code: number) => chosen.reduce((sum, { multiplier, levels }) => sum + (Math.floor(code / multiplier) % levels) * multiplier, 0);
  // The adjustment levels of the (at most 72) codes, shared by the cells: one object per code.
  const adjustments = new Map<number, AdjustmentLevels>();
  const adjusted = (cell: ComparisonCell, code: number): AdjustedCell => {
    let levels = adjustments.get(code);
    if (!levels) adjustments.set(code, (levels = decodeAdjustment(code)));
    return { arm: cell.arm, time: cell.time, event: cell.event, n: cell.n, ageGroup: levels.ageGroup, hrStatus: levels.hrStatus, lineGroup: levels.lineGroup, priorCdk46: levels.priorCdk46 };
  };
  const responses = setOf("responses");
  return {
    pfs: rollUp(setOf("pfs"), noLevel, (cell) => cell),
    os: rollUp(setOf("os"), noLevel, (cell) => cell),
    adjusted: chosen.length === 0 ? { pfs: [], os: [] } : { pfs: rollUp(setOf("pfs"), adjustmentCode, adjusted), os: rollUp(setOf("os"), adjustmentCode, adjusted) },
    forest,
    responses: Array.from({ length: responses?.counts.length ?? 0 }, (_, i): ResponseCell => {
      const cell = cellOf(responses?.keys[i] ?? 0, responses?.counts[i] ?? 0);
      return { arm: cell.arm, response: RESPONSES[responses?.levels[i] ?? 0] ?? null, measurable: cell.event, n: cell.n };
    }),
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
