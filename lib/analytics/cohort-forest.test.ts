import { describe, expect, it } from "vitest";
import { coxInteractionTest, coxProportionalHazards } from "../stats/survival";
import { analyseCohortForest, cohortsOverlap, prepareCohortForest, type CohortForestCell } from "./cohort-forest";
import { interactionTransfer, testCohortInteraction } from "./cohort-forest-interaction";

const options = { cohort: "LOW", reference: "HER2_0", endpoint: "pfs", landmarkDays: 0, smallCellThreshold: 0 } as const;

/** Two levels of age, HER2-low against the IHC 0 groups (null and ultralow both count as HER2-0). */
function cells(): CohortForestCell[] {
  const list: CohortForestCell[] = [];
  const add = (level: string, cohort: string, time: number, event: boolean, n: number) => {
    list.push({ variable: "ageGroup", level, cohort, time, event, n });
    list.push({ variable: "all", level: "all", cohort, time, event, n });
  };
  add("Under 50", "LOW", 30, true, 3);
  add("Under 50", "LOW", 90, false, 2);
  add("Under 50", "ZERO", 20, true, 4);
  add("Under 50", "ULTRALOW", 60, true, 1);
  add("50-69", "LOW", 40, true, 2);
  add("50-69", "LOW", 100, true, 1);
  add("50-69", "ZERO", 50, true, 2);
  add("50-69", "ZERO", 70, false, 3);
  add("50-69", "POSITIVE", 10, true, 9);
  return list;
}

describe("the cohort forest", () => {
  it("counts each level's patients and events per cohort, and its hazard ratio equals Cox on the patients", () => {
    const { forest } = analyseCohortForest(cells(), options);
    const age = forest.groups.find((group) => group.variable === "ageGroup");
    const under50 = age?.rows.find((row) => row.level === "Under 50");
    expect(under50).toMatchObject({ patients: { a: 5, b: 5 }, events: { a: 3, b: 5 } });
    const records = [
      ...Array.from({ length: 3 }, () => ({ group: "low", time: 30, events: 1, censored: 0 })),
      ...Array.from({ length: 2 }, () => ({ group: "low", time: 90, events: 0, censored: 1 })),
      ...Array.from({ length: 4 }, () => ({ group: "zero", time: 20, events: 1, censored: 0 })),
      { group: "zero", time: 60, events: 1, censored: 0 },
    ];
    const expected = coxProportionalHazards(records, { reference: "zero", ties: "efron" }).terms[0];
    expect(under50?.hazardRatio?.hazardRatio).toBeCloseTo(expected?.hazardRatio ?? 0, 10);
    expect(forest.overall.patients).toEqual({ a: 8, b: 10 });
    expect(age?.rows.map((row) => row.level)).toEqual(["Under 50", "50-69"]);
    // HER2-positive patients are in neither cohort; OS from diagnosis has no line variable.
    expect(forest.groups.map((group) => group.variable)).toEqual(["ageGroup", "hrStatus", "menopausal", "lineGroup", "site", "era"]);
    expect(analyseCohortForest(cells(), { ...options, endpoint: "os" }).forest.groups.map((group) => group.variable)).not.toContain("lineGroup");
  });

  it("applies the landmark of OS from diagnosis, counting time from it", () => {
    const { forest } = analyseCohortForest(cells(), { ...options, endpoint: "os", landmarkDays: 45 });
    expect(forest.overall.patients).toEqual({ a: 3, b: 6 });
  });

  it("tests the interaction on the cells with case weights, as on one row per patient", () => {
    const { interactionInputs } = analyseCohortForest(cells(), options);
    const age = interactionInputs.find((input) => input.variable === "ageGroup")?.cells;
    if (!age) throw new Error("no age cells");
    // One row per patient: each cell repeated n times.
    const patients = Array.from(age.n).flatMap((n, i) =>
      Array.from({ length: n }, () => ({ time: age.time[i] ?? 0, event: age.event[i] === 1, treatment: age.treatment[i] ?? 0, subgroup: age.levels[age.level[i] ?? 0] ?? "" })),
    );
    expect(patients).toHaveLength(18);
    expect(patients.filter((row) => row.treatment === 1 && row.subgroup === "Under 50")).toHaveLength(5);
    expect(testCohortInteraction(age).pValue).toBeCloseTo(coxInteractionTest(patients, { ties: "efron" }).pValue, 10);
  });

  it("gives the same test on the cells the worker receives, after a structured clone that moves their buffers", () => {
    const { interactionInputs } = analyseCohortForest(cells(), options);
    const age = interactionInputs.find((input) => input.variable === "ageGroup")?.cells;
    if (!age) throw new Error("no age cells");
    const expected = testCohortInteraction(age);
    const transfer = interactionTransfer(age);
    expect(new Set(transfer).size).toBe(5);
    const moved = structuredClone(age, { transfer });
    expect(age.time.length).toBe(0);
    expect(moved.levels).toEqual(["Under 50", "50-69"]);
    expect(testCohortInteraction(moved)).toStrictEqual(expected);
  });

  it("keeps the forest's own columns when the interaction inputs are moved to a worker", () => {
    const prepared = prepareCohortForest(cells(), options);
    for (const input of prepared.interactionInputs) structuredClone(input.cells, { transfer: interactionTransfer(input.cells) });
    expect({ overall: prepared.overall(), groups: prepared.groups.map((group) => group()) }).toEqual((({ overall, groups }) => ({ overall, groups }))(analyseCohortForest(cells(), options).forest));
  });

  it("lists each variable's levels in their natural order, and names the level by its label when the interaction cannot be tested", () => {
    const list: CohortForestCell[] = [];
    const add = (level: string, cohort: string, time: number, event: boolean) => {
      list.push({ variable: "menopausal", level, cohort, time, event, n: 2 });
      list.push({ variable: "all", level: "all", cohort, time, event, n: 2 });
    };
    add("UNKNOWN", "LOW", 30, true);
    add("POSTMENOPAUSAL", "LOW", 40, true);
    add("POSTMENOPAUSAL", "ZERO", 20, true);
    add("PREMENOPAUSAL", "LOW", 50, false);
    add("PERIMENOPAUSAL", "ZERO", 60, true);
    const { forest, interactionInputs } = analyseCohortForest(list, options);
    const menopausal = forest.groups.find((group) => group.variable === "menopausal");
    expect(menopausal?.rows.map((row) => row.level)).toEqual(["PREMENOPAUSAL", "PERIMENOPAUSAL", "POSTMENOPAUSAL", "UNKNOWN"]);
    const input = interactionInputs.find((entry) => entry.variable === "menopausal")?.cells;
    if (!input) throw new Error("no menopausal cells");
    // Only postmenopausal patients are in both cohorts: the refusal names that level as the page shows it, not its code.
    expect(() => testCohortInteraction(input)).toThrow('(got only "Postmenopausal")');
  });

  it("says why a level's hazard ratio is infinite without naming the fit's internal group", () => {
    const list: CohortForestCell[] = [];
    const add = (cohort: string, time: number, event: boolean) => {
      list.push({ variable: "era", level: "2020 or later", cohort, time, event, n: 1 });
      list.push({ variable: "all", level: "all", cohort, time, event, n: 1 });
    };
    // Every HER2-low event comes while HER2-0 has none: the likelihood rises without bound.
    add("LOW", 10, true);
    add("LOW", 20, true);
    add("ZERO", 30, true);
    add("ZERO", 40, false);
    const row = analyseCohortForest(list, options).forest.groups.find((group) => group.variable === "era")?.rows[0];
    expect(row?.hazardRatio).toBeNull();
    expect(row?.note).toContain("0 or infinite in this subgroup");
    expect(row?.note).not.toContain('"A"');
  });

  it("refuses overlapping cohorts", () => {
    expect(cohortsOverlap("ZERO", "HER2_0")).toBe(true);
    expect(cohortsOverlap("LOW", "HER2_0")).toBe(false);
  });
});

describe("the cohort forest's grouped paths", () => {
  it("reads cells keyed by the arm's cohort key as the same cells keyed by stored category", () => {
    const keyed = cells().map((cell) => ({ ...cell, cohort: cell.cohort === "LOW" ? "LOW" : ["ZERO", "ULTRALOW", "ZERO_NOS"].includes(cell.cohort) ? "HER2_0" : cell.cohort }));
    expect(analyseCohortForest(keyed, options)).toEqual(analyseCohortForest(cells(), options));
  });

  it("gives every level the hazard ratio of coxProportionalHazards on the level's records (1e-9)", () => {
    const { forest } = analyseCohortForest(cells(), options);
    const rowsOf = (level: string) =>
      cells()
        .filter((cell) => cell.variable === "ageGroup" && cell.level === level && cell.cohort !== "POSITIVE")
        .map((cell) => ({ group: cell.cohort === "LOW" ? "A" : "B", time: cell.time, events: cell.event ? cell.n : 0, censored: cell.event ? 0 : cell.n }));
    for (const row of forest.groups.find((group) => group.variable === "ageGroup")?.rows ?? []) {
      const expected = coxProportionalHazards(rowsOf(row.level), { reference: "B", ties: "efron" }).terms[0];
      expect(Math.abs((row.hazardRatio?.hazardRatio ?? Number.NaN) - (expected?.hazardRatio ?? 0))).toBeLessThan(1e-9);
      expect(Math.abs((row.hazardRatio?.lower ?? Number.NaN) - (expected?.lower ?? 0))).toBeLessThan(1e-9);
      expect(Math.abs((row.hazardRatio?.upper ?? Number.NaN) - (expected?.upper ?? 0))).toBeLessThan(1e-9);
    }
  });
});
