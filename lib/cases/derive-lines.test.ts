import { describe, expect, it } from "vitest";
import { RegimenClass } from "../generated/prisma/enums";
import { REGIMEN_CLASS_BITS, deriveMetastaticLineRegimens } from "./derive-lines";

describe("deriveMetastaticLineRegimens", () => {
  it("sets one bit per regimen class of the live metastatic lines, by line number", () => {
    const sets = deriveMetastaticLineRegimens([
      { setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE" },
      { setting: "METASTATIC", lineNumber: 1, regimenClass: "ENDOCRINE_CDK46" },
      { setting: "METASTATIC", lineNumber: 2, regimenClass: "T_DXD" },
      { setting: "METASTATIC", lineNumber: 2, regimenClass: "CHEMOTHERAPY" },
      { setting: "METASTATIC", lineNumber: 4, regimenClass: "SACITUZUMAB_GOVITECAN" },
      { setting: "METASTATIC", lineNumber: 6, regimenClass: "CHEMOTHERAPY" },
    ]);
    expect(sets).toEqual({
      metastaticLine1Regimens: 1 << REGIMEN_CLASS_BITS.ENDOCRINE_CDK46,
      metastaticLine2Regimens: (1 << REGIMEN_CLASS_BITS.T_DXD) | (1 << REGIMEN_CLASS_BITS.CHEMOTHERAPY),
      metastaticLine3Regimens: 0,
      metastaticLine4PlusRegimens: (1 << REGIMEN_CLASS_BITS.SACITUZUMAB_GOVITECAN) | (1 << REGIMEN_CLASS_BITS.CHEMOTHERAPY),
    });
    expect(deriveMetastaticLineRegimens([])).toEqual({ metastaticLine1Regimens: 0, metastaticLine2Regimens: 0, metastaticLine3Regimens: 0, metastaticLine4PlusRegimens: 0 });
  });

  it("gives every regimen class its own bit of a 32-bit integer", () => {
    const bits = Object.values(RegimenClass).map((regimen) => REGIMEN_CLASS_BITS[regimen]);
    expect(new Set(bits).size).toBe(bits.length);
    for (const bit of bits) expect(bit).toBeGreaterThanOrEqual(0);
    for (const bit of bits) expect(bit).toBeLessThan(31);
  });

  it("matches the bit positions the migrations' backfills use (enum order at the time)", () => {
    expect(Object.keys(REGIMEN_CLASS_BITS)).toEqual(Object.values(RegimenClass).slice(0, 15));
    expect(Object.values(REGIMEN_CLASS_BITS)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
