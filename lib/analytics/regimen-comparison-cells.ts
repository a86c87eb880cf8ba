// What PostgreSQL hands the regimen comparison (issue 14 §3-§5): one row of columns, a 4-byte
// integer per patient in each, never one row per patient (at a million patients the comparison
// held 133,041 of them, and fetching them as rows cost 2.5 s: docs/dashboards.md §9). Pure types,
// and the counting of what each statistic needs from those columns.
import type { ForestColumns } from "./cohort-forest";
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

/**
 * The adjusted models' cells in columns, one entry per cell: arm 1 for arm A and 0 for arm B, and
 * `code`, the subgroup code (SUBGROUP_CODE) of the chosen covariates' levels (the others 0).
 */
export type AdjustedColumns = {
  arm: Uint8Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  event: Uint8Array<ArrayBuffer>;
  n: Float64Array<ArrayBuffer>;
  code: Uint16Array<ArrayBuffer>;
};

/**
 * What the comparison is computed from, as the query's decoding gives it: the adjusted models'
 * and the forest plot's cells (about 185,000 at a million patients) in typed columns of the two
 * arms (the forest's levels are the level names of FOREST_LEVEL_ORDER or the site codes), the
 * rest as ComparisonCells. As objects, those cells took 70-100 ms to make on the request thread
 * and as long again to pack for the statistics workers and unpack there.
 */
export type ComparisonColumns = Omit<ComparisonCells, "adjusted" | "forest"> & {
  adjusted: { pfs: AdjustedColumns; os: AdjustedColumns };
  forest: Record<ForestVariable, ForestColumns>;
};

/** Everything the comparison is computed from, one object per cell (the per-patient reference of the tests, cellsOfPatients; comparisonColumnsOf turns it into ComparisonColumns). */
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

/** Subgroup codes are below 864 (SUBGROUP_CODE): the roll-up's sums per level fit in this many slots (or one per site). */
const LEVEL_SLOTS = 1024;

/**
 * A patient's code in the query's `codes` column: the subgroup code (SUBGROUP_CODE, below 864)
 * + response × the best response's place in RESPONSES (6: none recorded) + measurable × (0 or 1).
 */
export const PATIENT_CODE = { response: 1024, measurable: 8192 } as const;

/** The query's columns, one entry per patient. */
export type PatientColumns = { pfs: Int32Array; os: Int32Array; codes: Int32Array; sites: Int32Array };

/**
 * The patients' columns as the four sets decodeComparisonCells sums, one entry per patient (a
 * count of 1 each): each endpoint by its key and subgroup code; the forest plot's endpoint by its
 * key and site; the response by (measurable × 2 + arm) and its code.
 */
export function patientSets(columns: PatientColumns, forest: "pfs" | "os", sites: { siteIds: number[]; siteCodes: string[] }): GroupedSet[] {
  const count = columns.pfs.length;
  for (const [name, column] of Object.entries(columns)) if (column.length !== count) throw new RangeError(`The comparison's ${name} column has ${column.length} entries for ${count} patients.`);
  const subgroups = new Int32Array(count);
  const responseKeys = new Int32Array(count);
  const responses = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const code = columns.codes[i] ?? 0;
    subgroups[i] = code % PATIENT_CODE.response;
    responses[i] = Math.floor(code / PATIENT_CODE.response) % (PATIENT_CODE.measurable / PATIENT_CODE.response);
    responseKeys[i] = Math.floor(code / PATIENT_CODE.measurable) * 2 + ((columns.pfs[i] ?? 0) % 2);
  }
  const ones = new Int32Array(count).fill(1);
  const set = (kind: string, keys: Int32Array, levels: Int32Array): GroupedSet => ({ kind, keys, levels, counts: ones, ...sites });
  return [set("pfs", columns.pfs, subgroups), set("os", columns.os, subgroups), set("site", forest === "pfs" ? columns.pfs : columns.os, columns.sites), set("responses", responseKeys, responses)];
}

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

/** Largest level for which a roll-up tabulates its slots in advance (sites' ids may be larger). */
const MAX_LEVEL_TABLE = 1 << 16;

/** A set's levels and counts in the order of their keys, `starts[key]` the first position of each key. */
type SortedSet = { starts: Int32Array; levels: Int32Array; counts: Int32Array; maxLevel: number };

/**
 * A counting sort by key (whole numbers from 0: time × 4 + event × 2 + arm), done once per set
 * and shared by its roll-ups (up to seven over one endpoint). Keys and levels must be whole
 * numbers from 0; a level is a subgroup or response code, or a site's id.
 */
function sortByKey(set: GroupedSet): SortedSet {
  const { keys, levels, counts } = set;
  const count = counts.length;
  let maxKey = -1;
  let maxLevel = 0;
  for (let i = 0; i < count; i++) {
    const key = keys[i] ?? 0;
    const level = levels[i] ?? 0;
    if (!(Number.isInteger(key) && key >= 0 && Number.isInteger(level) && level >= 0)) throw new RangeError(`A cell's key or level is not a whole number (${key}, ${level}).`);
    if (key > maxKey) maxKey = key;
    if (level > maxLevel) maxLevel = level;
  }
  const starts = new Int32Array(maxKey + 2);
  for (let i = 0; i < count; i++) starts[(keys[i] ?? 0) + 1] = (starts[(keys[i] ?? 0) + 1] ?? 0) + 1;
  for (let key = 0; key <= maxKey; key++) starts[key + 1] = (starts[key + 1] ?? 0) + (starts[key] ?? 0);
  const next = starts.slice(0, maxKey + 1);
  const sortedLevels = new Int32Array(count);
  const sortedCounts = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const key = keys[i] ?? 0;
    const position = next[key] ?? 0;
    sortedLevels[position] = levels[i] ?? 0;
    sortedCounts[position] = counts[i] ?? 0;
    next[key] = position + 1;
  }
  return { starts, levels: sortedLevels, counts: sortedCounts, maxLevel };
}

/** Cells summed by (key, slot), as rollUp gives them: arm 1 for arm A, `slot` the level's slot. */
type RolledUp = {
  length: number;
  arm: Uint8Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  event: Uint8Array<ArrayBuffer>;
  n: Float64Array<ArrayBuffer>;
  slot: Uint16Array<ArrayBuffer>;
};

/**
 * The set's counts summed by (key, level(code)), ordered by key: the set sorted by key once
 * (sortByKey, shared through `sortedSets`) and, within a key, a sum per level in a small array.
 * The sets hold a patient each (or as many groups as patients): a Map per roll-up cost more than
 * the grouping sets it replaced. Written into columns sized for the set's entries at most
 * (there are never more cells than entries), cut to the cells' number.
 */
function rollUp(set: GroupedSet | undefined, sortedSets: Map<GroupedSet, SortedSet>, level: (code: number) => number, slots = LEVEL_SLOTS): RolledUp {
  // Room for as many cells as the set has entries at most, grown by doubling from a few thousand:
  // an endpoint's roll-ups hold far fewer cells than patients, and the fresh memory of
  // preallocating every roll-up for every patient (30 MB at a million) cost more than the doubling.
  const most = set?.counts.length ?? 0;
  let out = { arm: new Uint8Array(0), time: new Float64Array(0), event: new Uint8Array(0), n: new Float64Array(0), slot: new Uint16Array(0) };
  const grow = (capacity: number) => {
    const grown = { arm: new Uint8Array(capacity), time: new Float64Array(capacity), event: new Uint8Array(capacity), n: new Float64Array(capacity), slot: new Uint16Array(capacity) };
    grown.arm.set(out.arm);
    grown.time.set(out.time);
    grown.event.set(out.event);
    grown.n.set(out.n);
    grown.slot.set(out.slot);
    out = grown;
  };
  grow(Math.min(most, 4096));
  let length = 0;
  if (set) {
    let sorted = sortedSets.get(set);
    if (!sorted) sortedSets.set(set, (sorted = sortByKey(set)));
    const { starts, levels, counts, maxLevel } = sorted;
    // The slot of every code up to the largest, looked up once per code instead of once per
    // patient (not for sites with ids beyond MAX_LEVEL_TABLE: then once per patient).
    const slotOf = maxLevel <= MAX_LEVEL_TABLE ? Int32Array.from({ length: maxLevel + 1 }, (_, code) => level(code)) : null;
    const sums = new Float64Array(slots);
    const touched = new Int32Array(slots);
    for (let key = 0; key < starts.length - 1; key++) {
      const end = starts[key + 1] ?? 0;
      let touchedCount = 0;
      for (let position = starts[key] ?? 0; position < end; position++) {
        const code = levels[position] ?? 0;
        const slot = slotOf ? (slotOf[code] ?? -1) : level(code);
        if (!(slot >= 0 && slot < slots)) throw new RangeError(`A level code out of range (${slot}).`);
        if (sums[slot] === 0) touched[touchedCount++] = slot;
        sums[slot] = (sums[slot] ?? 0) + (counts[position] ?? 0);
      }
      const arm = key % 2;
      const time = Math.floor(key / 4);
      const event = Math.floor(key / 2) % 2;
      if (length + touchedCount > out.n.length) grow(Math.min(most, Math.max(2 * out.n.length, length + touchedCount)));
      for (let t = 0; t < touchedCount; t++) {
        const slot = touched[t] ?? 0;
        out.arm[length] = arm;
        out.time[length] = time;
        out.event[length] = event;
        out.n[length] = sums[slot] ?? 0;
        out.slot[length++] = slot;
        sums[slot] = 0;
      }
    }
  }
  return { length, arm: out.arm.slice(0, length), time: out.time.slice(0, length), event: out.event.slice(0, length), n: out.n.slice(0, length), slot: out.slot.slice(0, length) };
}

/** The rolled-up cells as objects, each made by `build` from (arm, time, event, n, slot). */
function objectsOf<T>(cells: RolledUp, design: Pick<CellsDesign, "armA" | "armB">, build: (arm: string, time: number, event: boolean, n: number, slot: number) => T): T[] {
  const list = new Array<T>(cells.length);
  for (let i = 0; i < cells.length; i++) list[i] = build(cells.arm[i] === 1 ? design.armA : design.armB, cells.time[i] ?? 0, cells.event[i] === 1, cells.n[i] ?? 0, cells.slot[i] ?? 0);
  return list;
}

/** The rolled-up cells as forest columns whose levels are `levels` (by slot). */
function forestColumnsOf(cells: RolledUp, levels: readonly string[]): ForestColumns {
  return { levels: [...levels], level: cells.slot, arm: cells.arm, time: cells.time, event: cells.event, n: cells.n };
}

/**
 * The cells from the query's four sets (patientSets: a patient each; the tests hand grouped sets
 * too): the Kaplan-Meier cells, the adjusted model's and each forest variable's are sums of an
 * endpoint's over the parts of the subgroup code they do not use, the site's and the responses'
 * sums by their level. Arm A is the keys' arm bit 1, arm B 0: every cell is of one of the two.
 */
export function decodeComparisonCells(sets: readonly GroupedSet[], design: CellsDesign): ComparisonColumns {
  const first = sets[0];
  const setOf = (kind: string): GroupedSet | undefined => sets.find((entry) => entry.kind === kind);
  const sortedSets = new Map<GroupedSet, SortedSet>();
  const noLevel = () => 0;
  const cellOf = (arm: string, time: number, event: boolean, n: number): ComparisonCell => ({ arm, time, event, n });
  const forestSet = setOf(design.forest);
  const forest = Object.fromEntries(
    FOREST_VARIABLES.map((variable) => {
      if (variable === "site") {
        const slotOfSite = new Map(first?.siteIds.map((id, slot) => [id, slot]) ?? []);
        const codes = first?.siteCodes ?? [];
        return [variable, forestColumnsOf(rollUp(setOf("site"), sortedSets, (id) => slotOfSite.get(id) ?? -1, Math.max(codes.length, 1)), codes)];
      }
      return [variable, forestColumnsOf(rollUp(forestSet, sortedSets, (code) => partOf(code, variable)), LEVELS[variable])];
    }),
  ) as Record<ForestVariable, ForestColumns>;
  // The adjusted models' cells: the chosen covariates' parts of the code, the others 0.
  const chosen = design.adjust.map((covariate) => SUBGROUP_CODE[ADJUSTMENT_PARTS[covariate]]);
  const adjustmentCode = (code: number) => chosen.reduce((sum, { multiplier, levels }) => sum + (Math.floor(code / multiplier) % levels) * multiplier, 0);
  const adjusted = (kind: "pfs" | "os"): AdjustedColumns => {
    const cells = rollUp(chosen.length === 0 ? undefined : setOf(kind), sortedSets, adjustmentCode);
    return { arm: cells.arm, time: cells.time, event: cells.event, n: cells.n, code: cells.slot };
  };
  return {
    pfs: objectsOf(rollUp(setOf("pfs"), sortedSets, noLevel), design, cellOf),
    os: objectsOf(rollUp(setOf("os"), sortedSets, noLevel), design, cellOf),
    adjusted: { pfs: adjusted("pfs"), os: adjusted("os") },
    forest,
    // Time 0, measurable in place of the event (patientSets).
    responses: objectsOf(
      rollUp(setOf("responses"), sortedSets, (code) => code, RESPONSES.length + 1),
      design,
      (arm, _time, measurable, n, code): ResponseCell => ({ arm, response: RESPONSES[code] ?? null, measurable, n }),
    ),
  };
}

/** The subgroup code of an adjusted cell's levels (SUBGROUP_CODE; decodeAdjustment's inverse). */
export function adjustmentCodeOf(cell: AdjustmentLevels): number {
  const part = (name: Exclude<SubgroupPart, "priorCdk46" | "menopausal" | "era">, level: string) => {
    const index = LEVELS[name].indexOf(level);
    if (index < 0) throw new RangeError(`Unknown ${name} level "${level}".`);
    return index * SUBGROUP_CODE[name].multiplier;
  };
  return part("ageGroup", cell.ageGroup) + part("hrStatus", cell.hrStatus) + part("lineGroup", cell.lineGroup) + (cell.priorCdk46 ? SUBGROUP_CODE.priorCdk46.multiplier : 0);
}

/**
 * Cells as objects (cellsOfPatients, the tests' per-patient reference) in the columns the
 * comparison is computed from: arm A as 1, arm B as 0, cells of neither arm left out of the
 * adjusted and forest columns (the comparison leaves them out of everything).
 */
export function comparisonColumnsOf(cells: ComparisonCells, arms: Pick<CellsDesign, "armA" | "armB">): ComparisonColumns {
  const inArms = <T extends { arm: string }>(list: readonly T[]) => list.filter((cell) => cell.arm === arms.armA || cell.arm === arms.armB);
  const adjusted = (list: readonly AdjustedCell[]): AdjustedColumns => {
    const kept = inArms(list);
    return {
      arm: Uint8Array.from(kept, (cell) => (cell.arm === arms.armA ? 1 : 0)),
      time: Float64Array.from(kept, (cell) => cell.time),
      event: Uint8Array.from(kept, (cell) => (cell.event ? 1 : 0)),
      n: Float64Array.from(kept, (cell) => cell.n),
      code: Uint16Array.from(kept, adjustmentCodeOf),
    };
  };
  const forest = (variable: ForestVariable, list: readonly LevelCell[]): ForestColumns => {
    const kept = inArms(list);
    const levels = variable === "site" ? [...new Set(kept.map((cell) => cell.level))] : [...LEVELS[variable]];
    for (const cell of kept) if (!levels.includes(cell.level)) levels.push(cell.level);
    const index = new Map(levels.map((level, i) => [level, i]));
    return {
      levels,
      level: Uint16Array.from(kept, (cell) => index.get(cell.level) ?? 0),
      arm: Uint8Array.from(kept, (cell) => (cell.arm === arms.armA ? 1 : 0)),
      time: Float64Array.from(kept, (cell) => cell.time),
      event: Uint8Array.from(kept, (cell) => (cell.event ? 1 : 0)),
      n: Float64Array.from(kept, (cell) => cell.n),
    };
  };
  return {
    pfs: cells.pfs,
    os: cells.os,
    adjusted: { pfs: adjusted(cells.adjusted.pfs), os: adjusted(cells.adjusted.os) },
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, forest(variable, cells.forest[variable])])) as Record<ForestVariable, ForestColumns>,
    responses: cells.responses,
  };
}

/** The columns as objects, one per cell (the tests compare them with the per-patient reference through groupComparisonCells). */
export function comparisonCellsOf(columns: ComparisonColumns, arms: Pick<CellsDesign, "armA" | "armB">): ComparisonCells {
  const armOf = (bit: number | undefined) => (bit === 1 ? arms.armA : arms.armB);
  const adjusted = (cells: AdjustedColumns): AdjustedCell[] =>
    Array.from(cells.n, (n, i) => ({ arm: armOf(cells.arm[i]), time: cells.time[i] ?? 0, event: cells.event[i] === 1, n, ...decodeAdjustment(cells.code[i] ?? 0) }));
  const forest = (cells: ForestColumns): LevelCell[] =>
    Array.from(cells.n, (n, i) => ({ arm: armOf(cells.arm[i]), time: cells.time[i] ?? 0, event: cells.event[i] === 1, n, level: cells.levels[cells.level[i] ?? 0] ?? "" }));
  return {
    pfs: columns.pfs,
    os: columns.os,
    adjusted: { pfs: adjusted(columns.adjusted.pfs), os: adjusted(columns.adjusted.os) },
    forest: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, forest(columns.forest[variable])])) as Record<ForestVariable, LevelCell[]>,
    responses: columns.responses,
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
