// The interaction test on columns (coxInteractionTestOfColumns, the forest plots' path) against the
// same test on rows (coxInteractionTest, validated against R's anova in cox-interaction-by-groups.test.ts).
import { describe, expect, it } from "vitest";
import { coxInteractionTest, coxInteractionTestOfColumns, type CoxInteractionRow } from "./cox-interaction-test";
import type { CoxInteractionColumns } from "./cox-interaction-columns";
import { createSeededRandom } from "./seeded-random";

/** Weighted cells, the treatment effect differing by level; `oneArm` levels hold arm 0 only. */
function rows(seed: number, levels: number, count: number, oneArm = 0): CoxInteractionRow[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const level = i < 2 * levels ? Math.floor(i / 2) : Math.floor(random() * levels);
    const treatment = level < oneArm ? 0 : i < 2 * levels ? i % 2 : random() < 0.5 ? 1 : 0;
    const hazard = Math.exp(treatment * (0.5 - level / levels));
    return { time: 1 + Math.floor((-Math.log(1 - random()) / hazard) * 40), event: random() < 0.7, treatment, subgroup: `Site ${String(level + 1).padStart(2, "0")}`, weight: 1 + Math.floor(random() * 4) };
  });
}

/** The rows as columns whose level codes run in reverse order of the levels' names (any order must do). */
function columnsOf(list: CoxInteractionRow[]): CoxInteractionColumns {
  const levels = [...new Set(list.map((row) => row.subgroup))].sort().reverse();
  return {
    time: Float64Array.from(list, (row) => row.time),
    event: Uint8Array.from(list, (row) => (row.event ? 1 : 0)),
    treatment: Uint8Array.from(list, (row) => row.treatment),
    level: Uint16Array.from(list, (row) => levels.indexOf(row.subgroup)),
    levels,
    weight: Float64Array.from(list, (row) => row.weight ?? 1),
  };
}

describe("coxInteractionTestOfColumns", () => {
  it.each([
    ["3 levels (dense fits)", 3, 300, 0],
    ["25 levels (fitted by groups)", 25, 2_000, 0],
    ["4 levels, one with a single arm", 4, 400, 1],
  ])("gives exactly the test on the same rows: %s", (_, levels, count, oneArm) => {
    const list = rows(levels, levels, count, oneArm);
    for (const ties of ["efron", "breslow"] as const) {
      const expected = coxInteractionTest(list, { ties });
      expect(coxInteractionTestOfColumns(columnsOf(list), { ties })).toStrictEqual(expected);
      expect(expected.levelsWithOneArm).toHaveLength(oneArm);
    }
  });

  it("refuses what coxInteractionTest refuses, naming the row", () => {
    const list = rows(1, 3, 30);
    const valid = columnsOf(list);
    expect(() => coxInteractionTestOfColumns({ ...valid, time: valid.time.map((time, i) => (i === 4 ? -1 : time)) })).toThrow("Row 5: time must not be negative");
    expect(() => coxInteractionTestOfColumns({ ...valid, weight: valid.weight?.map((weight, i) => (i === 2 ? 0.5 : weight)) ?? null })).toThrow("Row 3: weight must be a whole number");
    expect(() => coxInteractionTestOfColumns({ ...valid, level: Uint16Array.from(valid.level, (level, i) => (i === 0 ? 9 : level)) })).toThrow("Row 1: subgroup");
    expect(() => coxInteractionTestOfColumns({ ...valid, event: valid.event.subarray(1) })).toThrow("event column has 29 entries for 30 rows");
    expect(() => coxInteractionTestOfColumns({ ...valid, levels: ["A", "A", "B"] })).toThrow("distinct");
    // A name given twice is refused even when one of its codes has no rows.
    expect(() => coxInteractionTestOfColumns({ ...valid, levels: [...valid.levels, valid.levels[0] ?? ""] })).toThrow("distinct");
    expect(() => coxInteractionTestOfColumns({ ...valid, treatment: new Uint8Array(30) })).toThrow("at least two subgroup levels in which both arms have patients");
    expect(() => coxInteractionTestOfColumns({ ...valid, time: new Float64Array(0), event: new Uint8Array(0), treatment: [], level: [], weight: null })).toThrow(RangeError);
  });
});
