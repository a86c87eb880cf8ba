/**
 * The Agreement tab's pairs of reads, stored on the first read of each specimen on every write so
 * that the tab counts them in one pass over the tests that carry a pair, instead of ordering and
 * pivoting every labelled read of the registry on each request (issue 13's benchmark miss:
 * 11-16× its floor at a million patients). lib/analytics/reads-of-blocks.ts reads them; the
 * definitions are the ones that query used before (docs/dashboards.md, Agreement):
 *
 * - a specimen is one patient's live reads with an IHC score and the same block label (trimmed,
 *   upper case);
 * - its reads are ordered LOCAL, CENTRAL, REREAD, then by reader pseudonym (none first, then in
 *   code-point order, as PostgreSQL's C.UTF-8 collation sorts them), then by row (creation order);
 * - reader agreement: within one assay, the first read carries the second (`readB`) and third
 *   (`readC`) reads when there are two or three or more;
 * - local against central: the first LOCAL read (any assay; by reader, then row) carries the
 *   first CENTRAL read;
 * - assay against assay: the first VENTANA 4B5 read carries the first HercepTest read.
 *
 * The migration 20261203222039_agreement_pairs_prior_cdk46 computes the same in SQL for the rows
 * stored before it; `npm run db:reclassify` repairs any that disagree.
 */
import type { Her2Category, IhcScore } from "../her2/classify";
import type { ReadKind } from "../her2/cohort";
import type { Her2AssayName } from "./derive-patient";

export type SpecimenReadInput = {
  assay: Her2AssayName;
  ihcScore?: IhcScore | null;
  category: Her2Category;
  blockLabel?: string | null;
  readKind?: ReadKind | null;
  reader?: string | null;
};

export type SpecimenReadColumns = {
  readBScore: IhcScore | null;
  readBCategory: Her2Category | null;
  readCScore: IhcScore | null;
  readCCategory: Her2Category | null;
  centralScore: IhcScore | null;
  centralCategory: Her2Category | null;
  herceptestScore: IhcScore | null;
  herceptestCategory: Her2Category | null;
};

/** The stored fields, in one order for the bulk writers, the reclassification and the comparisons. */
export const SPECIMEN_READ_FIELDS = [
  "readBScore",
  "readBCategory",
  "readCScore",
  "readCCategory",
  "centralScore",
  "centralCategory",
  "herceptestScore",
  "herceptestCategory",
] as const satisfies readonly (keyof SpecimenReadColumns)[];

/** Each field's column and SQL type. */
export const SPECIMEN_READ_COLUMNS: Readonly<Record<keyof SpecimenReadColumns, { column: string; type: '"IhcScore"' | '"Her2Category"' }>> = {
  readBScore: { column: "read_b_score", type: '"IhcScore"' },
  readBCategory: { column: "read_b_category", type: '"Her2Category"' },
  readCScore: { column: "read_c_score", type: '"IhcScore"' },
  readCCategory: { column: "read_c_category", type: '"Her2Category"' },
  centralScore: { column: "central_score", type: '"IhcScore"' },
  centralCategory: { column: "central_category", type: '"Her2Category"' },
  herceptestScore: { column: "herceptest_score", type: '"IhcScore"' },
  herceptestCategory: { column: "herceptest_category", type: '"Her2Category"' },
};

export const NO_SPECIMEN_READS: Readonly<SpecimenReadColumns> = {
  readBScore: null,
  readBCategory: null,
  readCScore: null,
  readCCategory: null,
  centralScore: null,
  centralCategory: null,
  herceptestScore: null,
  herceptestCategory: null,
};

const KIND_ORDER: Readonly<Record<ReadKind, number>> = { LOCAL: 0, CENTRAL: 1, REREAD: 2 };

type Read = { index: number; block: string; score: IhcScore; category: Her2Category; assay: Her2AssayName; kind: ReadKind; reader: string | null };

function compareReader(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  // Code-point order (PostgreSQL's C.UTF-8), not the locale's.
  return a < b ? -1 : 1;
}

function byKindReaderRow(a: Read, b: Read): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareReader(a.reader, b.reader) || a.index - b.index;
}

function byReaderRow(a: Read, b: Read): number {
  return compareReader(a.reader, b.reader) || a.index - b.index;
}

function first(reads: readonly Read[], keep: (read: Read) => boolean, order: (a: Read, b: Read) => number): Read | undefined {
  return reads.filter(keep).sort(order)[0];
}

/**
 * The stored pairs of each of a patient's live tests, in the order given, which must be the order
 * the rows were (or will be) created in: it breaks ties between reads as the row id does.
 */
export function deriveSpecimenReads(liveTests: readonly SpecimenReadInput[]): SpecimenReadColumns[] {
  const result = liveTests.map((): SpecimenReadColumns => ({ ...NO_SPECIMEN_READS }));
  const specimens = new Map<string, Read[]>();
  for (const [index, test] of liveTests.entries()) {
    if (test.blockLabel === null || test.blockLabel === undefined || test.ihcScore === null || test.ihcScore === undefined) continue;
    // As PostgreSQL's upper(btrim(label)): spaces only are trimmed.
    const block = test.blockLabel.replace(/^ +| +$/g, "").toUpperCase();
    const read: Read = { index, block, score: test.ihcScore, category: test.category, assay: test.assay, kind: test.readKind ?? "LOCAL", reader: test.reader ?? null };
    specimens.set(block, [...(specimens.get(block) ?? []), read]);
  }
  for (const reads of specimens.values()) {
    for (const assay of new Set(reads.map((read) => read.assay))) {
      const [a, b, c] = reads.filter((read) => read.assay === assay).sort(byKindReaderRow);
      if (!a || !b) continue;
      const row = result[a.index] as SpecimenReadColumns;
      row.readBScore = b.score;
      row.readBCategory = b.category;
      if (c) {
        row.readCScore = c.score;
        row.readCCategory = c.category;
      }
    }
    const local = first(reads, (read) => read.kind === "LOCAL", byReaderRow);
    const central = first(reads, (read) => read.kind === "CENTRAL", byReaderRow);
    if (local && central) {
      const row = result[local.index] as SpecimenReadColumns;
      row.centralScore = central.score;
      row.centralCategory = central.category;
    }
    const ventana = first(reads, (read) => read.assay === "VENTANA_4B5", byKindReaderRow);
    const herceptest = first(reads, (read) => read.assay === "HERCEPTEST", byKindReaderRow);
    if (ventana && herceptest) {
      const row = result[ventana.index] as SpecimenReadColumns;
      row.herceptestScore = herceptest.score;
      row.herceptestCategory = herceptest.category;
    }
  }
  return result;
}
