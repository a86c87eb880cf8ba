// The Agreement tab as sent to the browser (issue 13 §2): cross-tables of two reads of one
// specimen on three scales with Cohen's kappa and percent agreement, Fleiss' kappa over three
// reads, and how central review changed the local call by site. Pure: computed from the counts
// of reads-of-blocks.ts, with small-cell suppression.
import type { Her2Category, IhcScore } from "../her2/classify";
import { cohenKappa, fleissKappa, percentAgreement } from "../stats/agreement";
import type { AssayCombination, BlockReadCounts, LocalCentralCombination, ReadCall, ReaderCallCombination } from "./reads-of-blocks";
import { describeRate, type ShownRate } from "./present-outcomes";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";

/**
 * The scales a call is compared on:
 * - "ihc": the IHC score, null / ultralow / 1+ / 2+ / 3+ (pairs with an IHC 0 not specified are
 *   left out: such a report cannot be placed between null and ultralow);
 * - "decision": the three clinical decisions, HER2-0 / HER2-low / HER2-positive (pairs with a
 *   2+ whose ISH is pending or indeterminate are left out);
 * - "zero": IHC 0 (any) against 1+ or more, the call that decides T-DXd after DESTINY-Breast04.
 */
export const AGREEMENT_SCALES = ["ihc", "decision", "zero"] as const;
export type AgreementScale = (typeof AGREEMENT_SCALES)[number];

export const SCALE_CATEGORIES: Readonly<Record<AgreementScale, readonly string[]>> = {
  ihc: ["IHC 0 (null)", "IHC 0 (ultralow)", "IHC 1+", "IHC 2+", "IHC 3+"],
  decision: ["HER2-0", "HER2-low", "HER2-positive"],
  zero: ["IHC 0", "IHC ≥1+"],
};

const IHC_INDEX: Readonly<Record<IhcScore, number | null>> = { IHC_0_NULL: 0, IHC_0_ULTRALOW: 1, IHC_0_NOS: null, IHC_1: 2, IHC_2: 3, IHC_3: 4 };

const DECISION_INDEX: Readonly<Record<Her2Category, number | null>> = { ZERO: 0, ULTRALOW: 0, ZERO_NOS: 0, LOW: 1, POSITIVE: 2, EQUIVOCAL: null, INDETERMINATE: null };

/** The category index of `call` on `scale`, or null when it cannot be placed there. */
export function placeCall(call: ReadCall, scale: AgreementScale): number | null {
  switch (scale) {
    case "ihc":
      return IHC_INDEX[call.score];
    case "decision":
      return DECISION_INDEX[call.category];
    case "zero":
      return call.score.startsWith("IHC_0") ? 0 : 1;
  }
}

/** A kappa with its 95 % CI (null when its table is suppressed or kappa is undefined). */
export type ShownKappa = { kappa: number; lower: number; upper: number; stdErr: number } | null;

export type AgreementTableView = {
  scale: AgreementScale;
  categories: readonly string[];
  /** Specimens placed on this scale, and those left out (see AGREEMENT_SCALES). */
  total: ShownCount;
  excluded: ShownCount;
  cells: { row: number; column: number; n: ShownCount }[];
  rowTotals: ShownCount[];
  columnTotals: ShownCount[];
  unweighted: ShownKappa;
  /** Quadratic weights (Fleiss-Cohen); on two categories it equals the unweighted kappa. */
  quadratic: ShownKappa;
  agreement: ShownRate;
};

export type FleissView = {
  scale: AgreementScale;
  categories: readonly string[];
  specimens: ShownCount;
  /** Ratings per category over the three reads. */
  ratings: ShownCount[];
  kappa: { kappa: number; stdErr: number; z: number; pValue: number } | null;
};

export type SiteReviewRow = {
  code: string;
  label: string;
  /** Specimens with a local and a central read placed on the three decisions. */
  pairs: ShownCount;
  changed: ShownCount;
  changedRate: ShownRate;
  /** Central review placed the specimen higher (e.g. HER2-0 → low) or lower. */
  higher: ShownCount;
  lower: ShownCount;
  higherRate: ShownRate;
  lowerRate: ShownRate;
  /** IHC 0 ↔ ≥ 1+: local 0 made ≥ 1+ by central review, and the reverse. */
  zeroToOne: ShownCount;
  oneToZero: ShownCount;
};

export type AgreementView = {
  smallCellThreshold: number;
  readers: Record<AgreementScale, AgreementTableView>;
  fleiss: Record<AgreementScale, FleissView>;
  localCentral: { sites: SiteReviewRow[]; all: SiteReviewRow; table: Record<AgreementScale, AgreementTableView> };
  assays: Record<AgreementScale, AgreementTableView>;
};

/** A pair of calls of one specimen and how many specimens share it. */
type CallPair = { first: ReadCall; second: ReadCall; n: number };

function buildTable(pairs: readonly CallPair[], scale: AgreementScale): { table: number[][]; placed: number; excluded: number } {
  const size = SCALE_CATEGORIES[scale].length;
  const table = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let placed = 0;
  let excluded = 0;
  for (const pair of pairs) {
    const row = placeCall(pair.first, scale);
    const column = placeCall(pair.second, scale);
    const cells = row === null || column === null ? null : table[row];
    if (cells === null || cells === undefined || column === null) {
      excluded += pair.n;
      continue;
    }
    cells[column] = (cells[column] ?? 0) + pair.n;
    placed += pair.n;
  }
  return { table, placed, excluded };
}

function shownKappa(table: number[][], weights: "none" | "quadratic"): ShownKappa {
  const result = cohenKappa(table, { weights });
  return Number.isFinite(result.kappa) ? { kappa: result.kappa, lower: result.lower, upper: result.upper, stdErr: result.stdErr } : null;
}

function shownAgreement(table: number[][]): ShownRate {
  const result = percentAgreement(table);
  return { rate: result.agreement, lower: result.lower, upper: result.upper };
}

/**
 * One cross-table with its kappas and percent agreement. The statistics are computed from the
 * full counts but shown only when the table's total is not itself a small count: a kappa of a
 * handful of specimens could let cells be worked back.
 */
export function presentAgreementTable(pairs: readonly CallPair[], scale: AgreementScale, threshold: number): AgreementTableView {
  const { table, placed, excluded } = buildTable(pairs, scale);
  const size = table.length;
  const shown = placed > 0 && !isSuppressed(placed, threshold);
  const agreed = table.reduce((sum, row, index) => sum + (row[index] ?? 0), 0);
  return {
    scale,
    categories: SCALE_CATEGORIES[scale],
    total: suppressCount(placed, threshold),
    excluded: suppressCount(excluded, threshold),
    cells: table.flatMap((row, rowIndex) => row.map((n, column) => ({ row: rowIndex, column, n: suppressCount(n, threshold) }))),
    rowTotals: table.map((row) => suppressCount(row.reduce((sum, n) => sum + n, 0), threshold)),
    columnTotals: Array.from({ length: size }, (_, column) => suppressCount(table.reduce((sum, row) => sum + (row[column] ?? 0), 0), threshold)),
    unweighted: shown ? shownKappa(table, "none") : null,
    quadratic: shown ? shownKappa(table, "quadratic") : null,
    agreement: shown && !isSuppressed(agreed, threshold) ? shownAgreement(table) : null,
  };
}

function presentAllScales(pairs: readonly CallPair[], threshold: number): Record<AgreementScale, AgreementTableView> {
  return {
    ihc: presentAgreementTable(pairs, "ihc", threshold),
    decision: presentAgreementTable(pairs, "decision", threshold),
    zero: presentAgreementTable(pairs, "zero", threshold),
  };
}

/** Fleiss' kappa over the specimens read three times (the first three reads of one assay). */
export function presentFleiss(combinations: readonly ReaderCallCombination[], scale: AgreementScale, threshold: number): FleissView {
  const size = SCALE_CATEGORIES[scale].length;
  const subjects: number[][] = [];
  const ratings = new Array<number>(size).fill(0);
  for (const combination of combinations) {
    if (combination.c === null) continue;
    const places = [combination.a, combination.b, combination.c].map((call) => placeCall(call, scale));
    if (places.some((place) => place === null)) continue;
    const row = new Array<number>(size).fill(0);
    for (const place of places) if (place !== null) row[place] = (row[place] ?? 0) + 1;
    // One row per specimen: Fleiss' kappa is defined over subjects.
    for (let copy = 0; copy < combination.n; copy++) subjects.push(row);
    row.forEach((count, index) => (ratings[index] = (ratings[index] ?? 0) + count * combination.n));
  }
  const shown = subjects.length > 0 && !isSuppressed(subjects.length, threshold);
  const result = shown ? fleissKappa(subjects) : null;
  return {
    scale,
    categories: SCALE_CATEGORIES[scale],
    specimens: suppressCount(subjects.length, threshold),
    ratings: ratings.map((count) => suppressCount(count, threshold)),
    kappa: result !== null && Number.isFinite(result.kappa) ? result : null,
  };
}

type ReviewCounts = { pairs: number; higher: number; lower: number; zeroToOne: number; oneToZero: number };

function countReview(rows: readonly LocalCentralCombination[]): ReviewCounts {
  const counts: ReviewCounts = { pairs: 0, higher: 0, lower: 0, zeroToOne: 0, oneToZero: 0 };
  for (const row of rows) {
    const local = placeCall(row.local, "decision");
    const central = placeCall(row.central, "decision");
    if (local !== null && central !== null) {
      counts.pairs += row.n;
      if (central > local) counts.higher += row.n;
      if (central < local) counts.lower += row.n;
    }
    const localZero = placeCall(row.local, "zero");
    const centralZero = placeCall(row.central, "zero");
    if (localZero === 0 && centralZero === 1) counts.zeroToOne += row.n;
    if (localZero === 1 && centralZero === 0) counts.oneToZero += row.n;
  }
  return counts;
}

function presentReview(code: string, label: string, counts: ReviewCounts, threshold: number): SiteReviewRow {
  const changed = counts.higher + counts.lower;
  return {
    code,
    label,
    pairs: suppressCount(counts.pairs, threshold),
    changed: suppressCount(changed, threshold),
    changedRate: describeRate(changed, counts.pairs, threshold),
    higher: suppressCount(counts.higher, threshold),
    lower: suppressCount(counts.lower, threshold),
    higherRate: describeRate(counts.higher, counts.pairs, threshold),
    lowerRate: describeRate(counts.lower, counts.pairs, threshold),
    zeroToOne: suppressCount(counts.zeroToOne, threshold),
    oneToZero: suppressCount(counts.oneToZero, threshold),
  };
}

const readerPairs = (rows: readonly ReaderCallCombination[]): CallPair[] => rows.map((row) => ({ first: row.a, second: row.b, n: row.n }));
const localCentralPairs = (rows: readonly LocalCentralCombination[]): CallPair[] => rows.map((row) => ({ first: row.local, second: row.central, n: row.n }));
const assayPairs = (rows: readonly AssayCombination[]): CallPair[] => rows.map((row) => ({ first: row.ventana, second: row.herceptest, n: row.n }));

export function presentAgreement(counts: BlockReadCounts, threshold: number): AgreementView {
  const siteCodes = [...new Set(counts.localCentral.map((row) => row.siteCode))].sort((a, b) => a.localeCompare(b));
  return {
    smallCellThreshold: threshold,
    readers: presentAllScales(readerPairs(counts.readers), threshold),
    fleiss: {
      ihc: presentFleiss(counts.readers, "ihc", threshold),
      decision: presentFleiss(counts.readers, "decision", threshold),
      zero: presentFleiss(counts.readers, "zero", threshold),
    },
    localCentral: {
      sites: siteCodes.map((code) => {
        const rows = counts.localCentral.filter((row) => row.siteCode === code);
        return presentReview(code, `${code} ${rows[0]?.siteName ?? ""}`.trim(), countReview(rows), threshold);
      }),
      all: presentReview("all", "All sites", countReview(counts.localCentral), threshold),
      table: presentAllScales(localCentralPairs(counts.localCentral), threshold),
    },
    assays: presentAllScales(assayPairs(counts.assays), threshold),
  };
}
