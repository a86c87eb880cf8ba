import { describe, expect, it } from "vitest";
import { Her2Category, IhcScore } from "../generated/prisma/enums";
import { HER2_CATEGORY_CODES, IHC_SCORE_CODES, READ_PAIR_KINDS, decodeReadPair, deriveReadPairCodes, encodeReadPair, type PairedCall, type ReadPair } from "./read-pair-codes";
import type { SpecimenReadInput } from "./derive-specimen-reads";

const calls: PairedCall[] = IHC_SCORE_CODES.flatMap((score) => HER2_CATEGORY_CODES.map((category) => ({ score, category })));

describe("read-pair codes", () => {
  it("number every IHC score and HER2 category of the schema once", () => {
    expect([...IHC_SCORE_CODES].sort()).toEqual(Object.values(IhcScore).sort());
    expect([...HER2_CATEGORY_CODES].sort()).toEqual(Object.values(Her2Category).sort());
  });

  it("decode every pair, triple included, to what was encoded, each to its own code", () => {
    const seen = new Set<number>();
    for (const kind of READ_PAIR_KINDS) {
      for (const a of calls) {
        for (const b of [calls[0], calls[17], calls[41]] as PairedCall[]) {
          for (const c of kind === "readers" ? [null, calls[5] as PairedCall, calls[30] as PairedCall] : [null]) {
            const pair: ReadPair = { kind, a, b, c };
            const code = encodeReadPair(pair);
            expect(decodeReadPair(code)).toEqual(pair);
            expect(seen.has(code)).toBe(false);
            seen.add(code);
          }
        }
      }
    }
    expect(seen.size).toBe(calls.length * 3 * (3 + 1 + 1));
  });

  it("keeps the documented bit layout (the migration's backfill encodes the same)", () => {
    // kind 1, a = IHC_1 (3) / LOW (2), b = IHC_0_NULL (1) / ZERO (4): 1 | 3 << 2 | 2 << 5 | 1 << 8 | 4 << 11.
    const code = encodeReadPair({ kind: "localCentral", a: { score: "IHC_1", category: "LOW" }, b: { score: "IHC_0_NULL", category: "ZERO" }, c: null });
    expect(code).toBe(1 | (3 << 2) | (2 << 5) | (1 << 8) | (4 << 11));
  });

  it("refuse codes no pair encodes to", () => {
    for (const code of [-1, 0.5, 3, 0, 1 << 20, 1 | (3 << 2) | (2 << 5), encodeReadPair({ kind: "readers", a: calls[0] as PairedCall, b: calls[1] as PairedCall, c: null }) | (7 << 2)]) {
      expect(() => decodeReadPair(code), String(code)).toThrow(/Not a read-pair code/);
    }
    // A third read on a local-central pair is not a pair the tab knows.
    const triple = encodeReadPair({ kind: "readers", a: calls[0] as PairedCall, b: calls[1] as PairedCall, c: calls[2] as PairedCall });
    expect(() => decodeReadPair(triple + 1)).toThrow(/Not a read-pair code/);
  });

  it("give one code per pair a live test carries, in ascending order", () => {
    // One block read locally and centrally with VENTANA, then by HercepTest: the first local read
    // carries the reader pair (VENTANA), the central read and the HercepTest read.
    const tests: SpecimenReadInput[] = [
      { assay: "VENTANA_4B5", ihcScore: "IHC_1", category: "LOW", blockLabel: "A1", readKind: "LOCAL" },
      { assay: "VENTANA_4B5", ihcScore: "IHC_0_ULTRALOW", category: "ULTRALOW", blockLabel: " a1 ", readKind: "CENTRAL" },
      { assay: "HERCEPTEST", ihcScore: "IHC_0_NULL", category: "ZERO", blockLabel: "A1", readKind: "LOCAL" },
      { assay: "VENTANA_4B5", ihcScore: "IHC_2", category: "EQUIVOCAL", blockLabel: null },
    ];
    const local = { score: "IHC_1", category: "LOW" } as const;
    const central = { score: "IHC_0_ULTRALOW", category: "ULTRALOW" } as const;
    const expected = [
      encodeReadPair({ kind: "readers", a: local, b: central, c: null }),
      encodeReadPair({ kind: "localCentral", a: local, b: central, c: null }),
      encodeReadPair({ kind: "assays", a: local, b: { score: "IHC_0_NULL", category: "ZERO" }, c: null }),
    ].sort((x, y) => x - y);
    expect(deriveReadPairCodes(tests)).toEqual(expected);
    expect(deriveReadPairCodes(tests.slice(3))).toEqual([]);
  });
});
