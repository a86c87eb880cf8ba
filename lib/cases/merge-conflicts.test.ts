import { describe, expect, it } from "vitest";
import { planMerge, resolveField } from "./merge-conflicts";
import type { RowConflict } from "./row-conflicts";

const conflict: RowConflict = {
  entity: "PATIENT",
  id: 7,
  kind: "changed",
  currentVersion: 3,
  yourVersion: 2,
  fields: [
    { field: "tumourSizeMm", yourValue: 27, currentValue: 31 },
    { field: "grade", yourValue: 2, currentValue: 3 },
    { field: "erPercent", yourValue: 80, currentValue: 10 },
  ],
};
// The form opened with size 20, grade 2 (the user left it) and ER 10 (the other person left it).
const base: Record<string, unknown> = { tumourSizeMm: 20, grade: 2, erPercent: 10 };

describe("planMerge (issue 16 §7)", () => {
  const [row] = planMerge([conflict], (_entity, _id, field) => base[field]);

  it("calls a field a conflict only when both sides changed it", () => {
    expect(row?.fields.map((field) => [field.field, field.kind])).toEqual([
      ["tumourSizeMm", "conflict"],
      ["grade", "theirs"],
      ["erPercent", "yours"],
    ]);
    expect(row?.currentVersion).toBe(3);
  });

  it("keeps each side's own edit and lets the user decide the conflicts", () => {
    const [size, grade, er] = row?.fields ?? [];
    if (!size || !grade || !er) throw new Error("three fields expected");
    expect(resolveField(size, undefined)).toBe("yours");
    expect(resolveField(size, "theirs")).toBe("theirs");
    expect(resolveField(grade, "yours")).toBe("theirs");
    expect(resolveField(er, "theirs")).toBe("yours");
  });
});
