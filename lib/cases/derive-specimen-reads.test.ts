import { describe, expect, it } from "vitest";
import { NO_SPECIMEN_READS, deriveSpecimenReads, type SpecimenReadInput } from "./derive-specimen-reads";

const read = (overrides: Partial<SpecimenReadInput>): SpecimenReadInput => ({
  assay: "VENTANA_4B5",
  ihcScore: "IHC_1",
  category: "LOW",
  blockLabel: "A1",
  readKind: "LOCAL",
  reader: null,
  ...overrides,
});

describe("deriveSpecimenReads", () => {
  it("stores nothing for single reads, unlabelled reads and reads without an IHC score", () => {
    const pairs = deriveSpecimenReads([
      read({}),
      read({ blockLabel: null, readKind: "CENTRAL" }),
      read({ ihcScore: null, category: "INDETERMINATE", readKind: "REREAD" }),
      read({ blockLabel: "B2", assay: "HERCEPTEST" }),
    ]);
    expect(pairs).toEqual([NO_SPECIMEN_READS, NO_SPECIMEN_READS, NO_SPECIMEN_READS, NO_SPECIMEN_READS]);
  });

  it("orders reads by kind, then reader (none first, code-point order), then row, and puts the pairs on the first read", () => {
    const pairs = deriveSpecimenReads([
      read({ readKind: "REREAD", reader: "R2", ihcScore: "IHC_2", category: "LOW" }),
      read({ readKind: "REREAD", reader: "R10", ihcScore: "IHC_3", category: "POSITIVE" }),
      read({ readKind: "CENTRAL", reader: "C1", ihcScore: "IHC_0_ULTRALOW", category: "ULTRALOW" }),
      read({ blockLabel: " a1 ", readKind: "LOCAL", reader: null, ihcScore: "IHC_1", category: "LOW" }),
      read({ assay: "HERCEPTEST", readKind: "CENTRAL", reader: "C0", ihcScore: "IHC_0_NULL", category: "ZERO" }),
    ]);
    // The local read (label compared trimmed, upper case) comes first; "R10" sorts before "R2".
    expect(pairs[3]).toEqual({
      readBScore: "IHC_0_ULTRALOW",
      readBCategory: "ULTRALOW",
      readCScore: "IHC_3",
      readCCategory: "POSITIVE",
      // The first central read of any assay, by reader: C0 (HercepTest).
      centralScore: "IHC_0_NULL",
      centralCategory: "ZERO",
      herceptestScore: "IHC_0_NULL",
      herceptestCategory: "ZERO",
    });
    for (const index of [0, 1, 2, 4]) expect(pairs[index]).toEqual(NO_SPECIMEN_READS);
  });

  it("breaks ties between reads of the same kind and reader by row order", () => {
    const pairs = deriveSpecimenReads([read({ ihcScore: "IHC_2", category: "LOW" }), read({ ihcScore: "IHC_3", category: "POSITIVE" })]);
    expect(pairs[0]).toMatchObject({ readBScore: "IHC_3", readCScore: null, centralScore: null });
    expect(pairs[1]).toEqual(NO_SPECIMEN_READS);
  });
});
