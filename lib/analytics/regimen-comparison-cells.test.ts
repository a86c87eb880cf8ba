import { describe, expect, it } from "vitest";
import { PATIENT_CODE, SUBGROUP_CODE, comparisonCellsOf, decodeComparisonCells as decodeColumns, patientSets, readInt32s, type CellsDesign, type GroupedSet } from "./regimen-comparison-cells";

/** The decoded columns as objects, one per cell, to read them in the expectations. */
const decodeComparisonCells = (sets: GroupedSet[], design: CellsDesign) => comparisonCellsOf(decodeColumns(sets, design), design);

describe("readInt32s", () => {
  it("reads 4-byte big-endian integers, as int4send writes them", () => {
    const bytes = new Uint8Array([0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe, 0, 1, 0x11, 0x70]);
    expect([...readInt32s(bytes)]).toEqual([1, -2, 70_000]);
    // A view into a larger buffer, as a driver may hand it.
    expect([...readInt32s(new Uint8Array([9, 9, ...bytes]).subarray(2))]).toEqual([1, -2, 70_000]);
  });

  it("reads nothing from NULL and refuses a length that is not whole integers", () => {
    expect(readInt32s(null)).toHaveLength(0);
    expect(() => readInt32s(new Uint8Array(5))).toThrow(RangeError);
  });
});

describe("decodeComparisonCells", () => {
  const code = (parts: Partial<Record<keyof typeof SUBGROUP_CODE, number>>) =>
    Object.entries(parts).reduce((sum, [part, value]) => sum + (value ?? 0) * SUBGROUP_CODE[part as keyof typeof SUBGROUP_CODE].multiplier, 0);
  const set = (kind: string, rows: [key: number, level: number, n: number][]): GroupedSet => ({
    kind,
    keys: rows.map(([key]) => key),
    levels: rows.map(([, level]) => level),
    counts: rows.map(([, , n]) => n),
    siteIds: [7],
    siteCodes: ["01"],
  });
  // Day 10, event, arm A (key 43) and day 10, censored, arm B (key 40).
  const pfs = set("pfs", [
    [43, code({ ageGroup: 0, hrStatus: 1, lineGroup: 1, priorCdk46: 1 }), 2],
    [43, code({ ageGroup: 2, hrStatus: 1, lineGroup: 1, priorCdk46: 0 }), 3],
    [40, code({ ageGroup: 0, hrStatus: 0, lineGroup: 3, priorCdk46: 1 }), 4],
  ]);

  it("sums an endpoint's cells over the parts each statistic does not use", () => {
    const cells = decodeComparisonCells([pfs, set("os", [[41, 0, 9]]), set("site", [[43, 7, 5]])], { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: ["hr"], forest: "pfs" });
    expect(cells.pfs).toEqual([
      { arm: "CHEMOTHERAPY", time: 10, event: false, n: 4 },
      { arm: "T_DXD", time: 10, event: true, n: 5 },
    ]);
    expect(cells.os).toEqual([{ arm: "T_DXD", time: 10, event: false, n: 9 }]);
    // Only HR status is chosen: the other covariates hold their reference levels.
    expect(cells.adjusted.pfs).toEqual([
      { arm: "CHEMOTHERAPY", time: 10, event: false, n: 4, ageGroup: "Under 50", hrStatus: "NEGATIVE", lineGroup: "1", priorCdk46: false },
      { arm: "T_DXD", time: 10, event: true, n: 5, ageGroup: "Under 50", hrStatus: "POSITIVE", lineGroup: "1", priorCdk46: false },
    ]);
    expect(cells.forest.ageGroup).toEqual([
      { arm: "CHEMOTHERAPY", time: 10, event: false, n: 4, level: "Under 50" },
      { arm: "T_DXD", time: 10, event: true, n: 2, level: "Under 50" },
      { arm: "T_DXD", time: 10, event: true, n: 3, level: "70 or older" },
    ]);
    expect(cells.forest.lineGroup.map((cell) => [cell.level, cell.n])).toEqual([
      ["4 or later", 4],
      ["2", 5],
    ]);
    expect(cells.forest.site).toEqual([{ arm: "T_DXD", time: 10, event: true, n: 5, level: "01" }]);
  });

  it("has no adjusted cells when no covariate is chosen", () => {
    const cells = decodeComparisonCells([pfs], { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: [], forest: "pfs" });
    expect(cells.adjusted).toEqual({ pfs: [], os: [] });
  });
});

describe("patientSets", () => {
  const code = (parts: Partial<Record<keyof typeof SUBGROUP_CODE, number>>) =>
    Object.entries(parts).reduce((sum, [part, value]) => sum + (value ?? 0) * SUBGROUP_CODE[part as keyof typeof SUBGROUP_CODE].multiplier, 0);
  const sites = { siteIds: [3, 90_000], siteCodes: ["03", "17"] };
  // Three patients: two of arm A, PFS event on day 10, same subgroups, sites 3 and 90,000 (ids
  // beyond the roll-up's table), PR (measurable) and no response recorded; one of arm B,
  // censored on day 20, SD24 in non-measurable disease.
  const columns = {
    pfs: Int32Array.from([43, 43, 80]),
    os: Int32Array.from([100 * 4 + 1, 120 * 4 + 2 + 1, 200 * 4]),
    codes: Int32Array.from([
      code({ ageGroup: 1, hrStatus: 1, lineGroup: 2 }) + 1 * PATIENT_CODE.response + PATIENT_CODE.measurable,
      code({ ageGroup: 1, hrStatus: 1, lineGroup: 2 }) + 6 * PATIENT_CODE.response + PATIENT_CODE.measurable,
      code({ ageGroup: 2, hrStatus: 0, lineGroup: 1, priorCdk46: 1 }) + 2 * PATIENT_CODE.response,
    ]),
    sites: Int32Array.from([3, 90_000, 3]),
  };

  it("counts patients as the grouped sets counted them", () => {
    const cells = decodeComparisonCells(patientSets(columns, "pfs", sites), { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: ["age", "cdk46"], forest: "pfs" });
    expect(cells.pfs).toEqual([
      { arm: "T_DXD", time: 10, event: true, n: 2 },
      { arm: "CHEMOTHERAPY", time: 20, event: false, n: 1 },
    ]);
    expect(cells.os).toEqual([
      { arm: "T_DXD", time: 100, event: false, n: 1 },
      { arm: "T_DXD", time: 120, event: true, n: 1 },
      { arm: "CHEMOTHERAPY", time: 200, event: false, n: 1 },
    ]);
    expect(cells.adjusted.pfs.map(({ arm, n, ageGroup, hrStatus, priorCdk46 }) => [arm, n, ageGroup, hrStatus, priorCdk46])).toEqual([
      ["T_DXD", 2, "50-69", "NEGATIVE", false],
      ["CHEMOTHERAPY", 1, "70 or older", "NEGATIVE", true],
    ]);
    expect(cells.forest.site.map(({ arm, n, level }) => [arm, n, level])).toEqual([
      ["T_DXD", 1, "03"],
      ["T_DXD", 1, "17"],
      ["CHEMOTHERAPY", 1, "03"],
    ]);
    expect(cells.responses).toEqual([
      { arm: "CHEMOTHERAPY", response: "SD24", measurable: false, n: 1 },
      { arm: "T_DXD", response: "PR", measurable: true, n: 1 },
      { arm: "T_DXD", response: null, measurable: true, n: 1 },
    ]);
  });

  it("takes the forest plot's sites from its endpoint, and refuses columns of unequal length", () => {
    const cells = decodeComparisonCells(patientSets(columns, "os", sites), { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: [], forest: "os" });
    expect(cells.forest.site.map(({ time, level }) => [time, level])).toEqual([
      [100, "03"],
      [120, "17"],
      [200, "03"],
    ]);
    expect(() => patientSets({ ...columns, sites: Int32Array.from([3]) }, "pfs", sites)).toThrow(RangeError);
  });
});
