import { describe, expect, it } from "vitest";
import { analyseComparisonCurves, cellsOfPatients, type ComparisonOptions, type ComparisonPatient } from "./regimen-comparison";
import { groupComparisonCells } from "./regimen-comparison-cells";
import { fitComparisonTests } from "./regimen-comparison-models";
import { fitPackedComparisonTests, packModelsInput, unpackModelsInput } from "./regimen-comparison-packed";

/** A small deterministic comparison with every level of every subgroup variable, 25 sites. */
function makePatients(): ComparisonPatient[] {
  const ages = ["Under 50", "50-69", "70 or older"];
  const hr = ["NEGATIVE", "POSITIVE", "UNKNOWN"];
  const menopausal = ["PREMENOPAUSAL", "PERIMENOPAUSAL", "POSTMENOPAUSAL", "UNKNOWN"];
  const lines = ["2", "3", "4 or later"];
  const eras = ["Before 2015", "2015-2019", "2020 or later"];
  return Array.from({ length: 400 }, (_, i): ComparisonPatient => {
    const arm = i % 2 === 0 ? "T_DXD" : "CHEMOTHERAPY";
    const pfsTime = Math.round((arm === "T_DXD" ? 300 : 150) * (0.2 + ((i * 37) % 100) / 60));
    return {
      arm,
      pfsTime,
      pfsEvent: i % 7 !== 0,
      osTime: pfsTime + 100 + ((i * 13) % 200),
      osEvent: i % 3 !== 0,
      ageGroup: ages[i % 3] ?? "",
      hrStatus: hr[(i >> 1) % 3] ?? "",
      menopausal: menopausal[(i >> 2) % 4] ?? "",
      lineGroup: lines[(i >> 1) % 3] ?? "",
      site: String(1 + ((i >> 1) % 25)).padStart(2, "0"),
      era: eras[(i >> 3) % 3] ?? "",
      priorCdk46: i % 5 === 1,
      response: null,
      measurable: true,
    };
  });
}

describe("the packed input of the comparison's Cox models", () => {
  const options: ComparisonOptions = { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: ["age", "hr", "line", "cdk46"], forest: "os", tauMonths: 12, smallCellThreshold: 0 };
  const input = analyseComparisonCurves(groupComparisonCells(cellsOfPatients(makePatients(), options.adjust, options.forest)), options).modelsInput;

  it("unpacks to the same cells in the same order, with every buffer listed for transfer", () => {
    const { packed, transfer } = packModelsInput(input);
    expect(unpackModelsInput(packed)).toStrictEqual(input);
    // 4 columns per list, 5 for a forest variable's, 8 for an adjusted model's.
    expect(transfer).toHaveLength(4 + 6 * 5 + 2 * 8);
    expect(new Set(transfer).size).toBe(transfer.length);
    expect(packed.strings).toContain("25");
  });

  it("survives a structured clone that moves its buffers, and gives the adjusted models and interaction tests the unpacked input gives", () => {
    const { packed, transfer } = packModelsInput(input);
    const moved = structuredClone(packed, { transfer });
    expect(packed.overall.time.length).toBe(0);
    const tests = fitPackedComparisonTests(moved);
    expect(tests).toStrictEqual(fitComparisonTests(input));
    // Something was fitted: each variable's interaction test, and an outcome (here a refusal: this fixture's lines are collinear with HR status) for each adjusted model.
    expect(Object.values(tests.interactions).every((outcome) => outcome.ok)).toBe(true);
    expect(tests.adjusted.pfs).not.toBeNull();
  });
});
