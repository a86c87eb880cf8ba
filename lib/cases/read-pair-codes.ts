/**
 * A patient's stored pairs of reads (derive-specimen-reads.ts) as integers on the patient row,
 * `patients.read_pair_codes`, so that the dashboard summary `patient_counts` can count them per
 * site ("readPair", migration …_read_pair_counts): the Agreement tab of the whole registry or of
 * some sites then reads a few hundred summary rows per site instead of joining every test that
 * carries a pair to its patient (a third of the patients carry one; 2.4 s at ten million).
 *
 * One code per pair a live test carries (a test may carry a reader pair, a local-central pair and
 * an assay pair), in ascending order:
 *
 *   kind | a.score << 2 | a.category << 5 | b.score << 8 | b.category << 11 | c.score << 14 | c.category << 17
 *
 * with kind 0 = reader pair or triple of one assay, 1 = first local against first central read,
 * 2 = first VENTANA 4B5 against first HercepTest read; `a` is the test carrying the pair, `b` the
 * read it carries (`readB`, `central`, `herceptest`), `c` the third read of a reader triple; each
 * score and category as its 1-based position in IHC_SCORE_CODES and HER2_CATEGORY_CODES, 0 for
 * none. The migration's backfill encodes the stored rows with the same numbers. Pure.
 */
import type { Her2Category, IhcScore } from "../her2/classify";
import { deriveSpecimenReads, type SpecimenReadColumns, type SpecimenReadInput } from "./derive-specimen-reads";

/** Fixed numbering of the IHC scores in a code (position + 1): never reorder, only append. */
export const IHC_SCORE_CODES = ["IHC_0_NULL", "IHC_0_ULTRALOW", "IHC_1", "IHC_2", "IHC_3", "IHC_0_NOS"] as const satisfies readonly IhcScore[];

/** Fixed numbering of the HER2 categories in a code (position + 1): never reorder, only append. */
export const HER2_CATEGORY_CODES = ["POSITIVE", "LOW", "ULTRALOW", "ZERO", "EQUIVOCAL", "INDETERMINATE", "ZERO_NOS"] as const satisfies readonly Her2Category[];

export const READ_PAIR_KINDS = ["readers", "localCentral", "assays"] as const;
export type ReadPairKind = (typeof READ_PAIR_KINDS)[number];

export type PairedCall = { score: IhcScore; category: Her2Category };

/** One specimen's compared reads: `c` only for a reader triple. */
export type ReadPair = { kind: ReadPairKind; a: PairedCall; b: PairedCall; c: PairedCall | null };

const FIELD_BITS = 3;
const FIELD_MASK = (1 << FIELD_BITS) - 1;
const KIND_BITS = 2;

function scoreCode(score: IhcScore): number {
  return IHC_SCORE_CODES.indexOf(score as (typeof IHC_SCORE_CODES)[number]) + 1;
}

function categoryCode(category: Her2Category): number {
  return HER2_CATEGORY_CODES.indexOf(category as (typeof HER2_CATEGORY_CODES)[number]) + 1;
}

function callCodes(call: PairedCall | null): number {
  return call === null ? 0 : scoreCode(call.score) | (categoryCode(call.category) << FIELD_BITS);
}

export function encodeReadPair(pair: ReadPair): number {
  const calls = [pair.a, pair.b, pair.c].map(callCodes);
  return calls.reduce((code, call, index) => code | (call << (KIND_BITS + 2 * FIELD_BITS * index)), READ_PAIR_KINDS.indexOf(pair.kind));
}

function callOf(code: number, index: number): PairedCall | null {
  const bits = code >> (KIND_BITS + 2 * FIELD_BITS * index);
  const score = IHC_SCORE_CODES[(bits & FIELD_MASK) - 1];
  const category = HER2_CATEGORY_CODES[((bits >> FIELD_BITS) & FIELD_MASK) - 1];
  return score === undefined || category === undefined ? null : { score, category };
}

/** The pair a code stands for; throws on a code no pair encodes to (a corrupted summary must not pass as data). */
export function decodeReadPair(code: number): ReadPair {
  const kind = READ_PAIR_KINDS[code & ((1 << KIND_BITS) - 1)];
  const a = callOf(code, 0);
  const b = callOf(code, 1);
  const c = callOf(code, 2);
  if (kind === undefined || !a || !b || (c !== null && kind !== "readers") || !Number.isInteger(code) || code < 0 || code >= 1 << (KIND_BITS + 6 * FIELD_BITS)) {
    throw new Error(`Not a read-pair code: ${code}`);
  }
  const pair: ReadPair = { kind, a, b, c };
  if (encodeReadPair(pair) !== code) throw new Error(`Not a read-pair code: ${code}`);
  return pair;
}

/** The codes of the pairs the live tests carry (`pairs`: their stored pair columns, in the same order). */
export function deriveReadPairCodes(
  liveTests: readonly SpecimenReadInput[],
  pairs: readonly SpecimenReadColumns[] = deriveSpecimenReads(liveTests),
): number[] {
  const codes: number[] = [];
  for (const [index, test] of liveTests.entries()) {
    const carried = pairs[index];
    if (!carried || test.ihcScore === null || test.ihcScore === undefined) continue;
    const a = { score: test.ihcScore, category: test.category };
    if (carried.readBScore !== null && carried.readBCategory !== null) {
      const c = carried.readCScore !== null && carried.readCCategory !== null ? { score: carried.readCScore, category: carried.readCCategory } : null;
      codes.push(encodeReadPair({ kind: "readers", a, b: { score: carried.readBScore, category: carried.readBCategory }, c }));
    }
    if (carried.centralScore !== null && carried.centralCategory !== null) {
      codes.push(encodeReadPair({ kind: "localCentral", a, b: { score: carried.centralScore, category: carried.centralCategory }, c: null }));
    }
    if (carried.herceptestScore !== null && carried.herceptestCategory !== null) {
      codes.push(encodeReadPair({ kind: "assays", a, b: { score: carried.herceptestScore, category: carried.herceptestCategory }, c: null }));
    }
  }
  return codes.sort((x, y) => x - y);
}
