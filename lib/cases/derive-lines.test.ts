import { describe, expect, it } from "vitest";
import { RegimenClass } from "../generated/prisma/enums";
import {
  LINE_START_BUCKET,
  REGIMEN_CLASS_BITS,
  decodeLineStart,
  deriveMetastaticLineRegimens,
  deriveMetastaticLineStarts,
  encodeLineStart,
  lineStartYear,
  type LineForDerivation,
} from "./derive-lines";

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

describe("deriveMetastaticLineStarts", () => {
  const bit = (regimen: RegimenClass) => 1 << REGIMEN_CLASS_BITS[regimen];
  const line = (lineNumber: number, regimenClass: RegimenClass, startDay: number, setting: LineForDerivation["setting"] = "METASTATIC") => ({
    setting,
    lineNumber,
    regimenClass,
    startDay,
  });
  const decoded = (diagnosisYear: number, lines: ReturnType<typeof line>[]) => deriveMetastaticLineStarts(diagnosisYear, lines).map(decodeLineStart);

  it("puts the year a line started from the diagnosis year and whole years of its start day, as SQL's floor(start_day / 365.25)", () => {
    expect(lineStartYear(2020, 0)).toBe(2020);
    expect(lineStartYear(2020, 365)).toBe(2020);
    expect(lineStartYear(2020, 366)).toBe(2021);
    expect(lineStartYear(2020, 1460)).toBe(2023);
    expect(lineStartYear(2020, 1461)).toBe(2024);
    for (let day = 0; day <= 36_500; day += 1) expect(lineStartYear(2000, day)).toBe(2000 + Math.floor((4 * day) / 1461));
  });

  it("encodes and decodes an element, positive and ordered by year, then bucket", () => {
    const start = { year: 2200, bucket: LINE_START_BUCKET["4plus"], classBits: (1 << 15) - 1 };
    expect(decodeLineStart(encodeLineStart(start))).toEqual(start);
    expect(encodeLineStart(start)).toBeGreaterThan(0);
    expect(encodeLineStart({ year: 1950, bucket: 0, classBits: 1 })).toBeGreaterThan(0);
    expect(encodeLineStart({ year: 2021, bucket: 0, classBits: 1 << 14 })).toBeLessThan(encodeLineStart({ year: 2021, bucket: 1, classBits: 1 }));
    expect(encodeLineStart({ year: 2021, bucket: 4, classBits: 1 << 14 })).toBeLessThan(encodeLineStart({ year: 2022, bucket: 0, classBits: 1 }));
  });

  it("keeps one element per year and bucket, the union of the classes of the lines started that year", () => {
    expect(decoded(2019, [line(1, "ENDOCRINE_CDK46", 10), line(2, "T_DXD", 200), line(2, "CHEMOTHERAPY", 300)])).toEqual([
      { year: 2019, bucket: 0, classBits: bit("ENDOCRINE_CDK46") | bit("T_DXD") | bit("CHEMOTHERAPY") },
      { year: 2019, bucket: 1, classBits: bit("ENDOCRINE_CDK46") },
      { year: 2019, bucket: 2, classBits: bit("T_DXD") | bit("CHEMOTHERAPY") },
    ]);
  });

  it("separates the lines started in different years, sorted ascending", () => {
    expect(decoded(2019, [line(2, "T_DXD", 800), line(1, "ENDOCRINE", 100)])).toEqual([
      { year: 2019, bucket: 0, classBits: bit("ENDOCRINE") },
      { year: 2019, bucket: 1, classBits: bit("ENDOCRINE") },
      { year: 2021, bucket: 0, classBits: bit("T_DXD") },
      { year: 2021, bucket: 2, classBits: bit("T_DXD") },
    ]);
    const values = deriveMetastaticLineStarts(2019, [line(2, "T_DXD", 800), line(1, "ENDOCRINE", 100)]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it("puts the lines numbered 4 or later in one bucket", () => {
    expect(decoded(2015, [line(4, "OTHER", 0), line(7, "T_DXD", 100), line(3, "OTHER", 50)])).toEqual([
      { year: 2015, bucket: 0, classBits: bit("OTHER") | bit("T_DXD") },
      { year: 2015, bucket: 3, classBits: bit("OTHER") },
      { year: 2015, bucket: 4, classBits: bit("OTHER") | bit("T_DXD") },
    ]);
  });

  it("ignores the lines of early disease, and has no element without a metastatic line (deleted lines are left out by the caller)", () => {
    expect(decoded(2020, [line(1, "ENDOCRINE", 0, "ADJUVANT"), line(1, "CHEMOTHERAPY", 0, "NEOADJUVANT")])).toEqual([]);
    expect(deriveMetastaticLineStarts(2020, [])).toEqual([]);
    const kept = [line(1, "ENDOCRINE", 0), line(2, "T_DXD", 400)];
    expect(decoded(2020, kept.slice(0, 1))).toEqual([
      { year: 2020, bucket: 0, classBits: bit("ENDOCRINE") },
      { year: 2020, bucket: 1, classBits: bit("ENDOCRINE") },
    ]);
  });
});
