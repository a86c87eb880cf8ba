import { describe, expect, it } from "vitest";
import { analyseComparisonCurves, cellsOfPatients, type ComparisonOptions, type ComparisonPatient } from "./regimen-comparison";
import { comparisonColumnsOf, groupComparisonCells } from "./regimen-comparison-cells";
import { testCohortInteraction } from "./cohort-forest-interaction";
import { FOREST_VARIABLES } from "./regimen-comparison-cells";
import { comparisonInteraction, fitComparisonTests } from "./regimen-comparison-models";
import { fitPackedAdjustedModels, packAdjustedInput } from "./regimen-comparison-packed";
import { interactionInput } from "./cohort-forest";

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
  const input = analyseComparisonCurves(comparisonColumnsOf(groupComparisonCells(cellsOfPatients(makePatients(), options.adjust, options.forest)), options), options).modelsInput;

  it("copies the adjusted cells in the same order, with every copy's buffer listed for transfer and the caller's columns left alone", () => {
    const { packed, transfer } = packAdjustedInput(input);
    expect(packed).toStrictEqual({ options: input.options, compared: input.compared, adjusted: input.adjusted });
    expect(input.adjusted.pfs.n.length).toBeGreaterThan(0);
    // 5 columns per adjusted model, none of them the caller's.
    expect(transfer).toHaveLength(2 * 5);
    expect(new Set(transfer).size).toBe(transfer.length);
    for (const endpoint of ["pfs", "os"] as const) for (const column of Object.values(input.adjusted[endpoint])) expect(transfer).not.toContain(column.buffer);
  });

  it("survives a structured clone that moves its buffers, and gives the adjusted models the unpacked input gives", () => {
    const { packed, transfer } = packAdjustedInput(input);
    const moved = structuredClone(packed, { transfer });
    expect(packed.adjusted.pfs.time.length).toBe(0);
    const adjusted = fitPackedAdjustedModels(moved);
    expect(adjusted).toStrictEqual(fitComparisonTests(input).adjusted);
    // Something was fitted: an outcome (here a refusal: this fixture's lines are collinear with HR status) for each adjusted model.
    expect(adjusted.pfs).not.toBeNull();
    expect(adjusted.os).not.toBeNull();
  });

  it("packs each forest variable's cells so that the packed interaction test gives exactly the test on the cells", () => {
    for (const variable of FOREST_VARIABLES) {
      const cells = input.forest[variable];
      const packed = interactionInput(variable, cells);
      expect(packed.n.length).toBe(cells.n.length);
      expect(packed.levels).toHaveLength(cells.levels.length);
      const expected = comparisonInteraction(variable, cells);
      expect(expected.ok).toBe(true);
      const { statistic, df, pValue } = testCohortInteraction(packed);
      expect({ ok: true, statistic, df, pValue }).toStrictEqual(expected);
    }
  });
});
