import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import {
  classifyHer2Test,
  EVALUABLE_CATEGORIES,
  HER2_CATEGORIES,
  HER2_CATEGORY_LABELS,
  HER2_DECISION_TABLE,
  IHC_SCORE_LABELS,
  IHC_SCORES,
  ishGroup,
  isEvaluableCategory,
  type Her2Category,
  type IhcScore,
  type IshGroup,
} from "./classify";

// One representative measurement per ISH group, away from the cut-offs (those are tested
// separately below).
const SAMPLE_MEASUREMENT: Record<IshGroup, { ishRatio: number; ishCopies: number }> = {
  1: { ishRatio: 2.6, ishCopies: 5.2 },
  2: { ishRatio: 2.3, ishCopies: 3.1 },
  3: { ishRatio: 1.4, ishCopies: 7.5 },
  4: { ishRatio: 1.6, ishCopies: 4.8 },
  5: { ishRatio: 1.1, ishCopies: 2.2 },
};

type Ish = IshGroup | null;
type Ihc = IhcScore | null;

// The expected grid, written from shared/design/her2-rules.md (ASCO/CAP 2018) independently of
// the implementation's table. Columns: no ISH, group 1, 2, 3, 4, 5.
const P = "POSITIVE";
const L = "LOW";
const U = "ULTRALOW";
const Z = "ZERO";
const E = "EQUIVOCAL";
const I = "INDETERMINATE";
const N = "ZERO_NOS";
const EXPECTED_GRID: ReadonlyArray<[Ihc, [Her2Category, Her2Category, Her2Category, Her2Category, Her2Category, Her2Category]]> = [
  [null, [I, P, I, I, I, I]],
  ["IHC_0_NULL", [Z, P, Z, Z, Z, Z]],
  ["IHC_0_ULTRALOW", [U, P, U, U, U, U]],
  ["IHC_0_NOS", [N, P, N, N, N, N]],
  ["IHC_1", [L, P, L, L, L, L]],
  ["IHC_2", [E, P, L, P, L, L]],
  ["IHC_3", [P, P, P, P, P, P]],
];
const ISH_COLUMNS: readonly Ish[] = [null, 1, 2, 3, 4, 5];

// What the reason must name for each IHC value: the rule a pathologist would look up.
const IHC_IN_REASON: Record<IhcScore, string> = {
  IHC_0_NULL: "IHC 0 (null",
  IHC_0_ULTRALOW: "IHC 0 (ultralow",
  IHC_0_NOS: "IHC 0 (not specified",
  IHC_1: "IHC 1+",
  IHC_2: "IHC 2+",
  IHC_3: "IHC 3+",
};
const CATEGORY_IN_REASON: Record<Her2Category, string> = {
  POSITIVE: "positive",
  LOW: "HER2-low",
  ULTRALOW: "HER2-ultralow",
  ZERO: "HER2-null",
  ZERO_NOS: "HER2-0 (not specified)",
  EQUIVOCAL: "equivocal",
  INDETERMINATE: "indeterminate",
};

const cells = EXPECTED_GRID.flatMap(([ihc, row]) =>
  ISH_COLUMNS.map((group, column) => ({ ihc, group, expected: row[column] as Her2Category })),
);

function inputFor(ihc: Ihc, group: Ish) {
  return group === null ? { ihc } : { ihc, ...SAMPLE_MEASUREMENT[group] };
}

describe("classifyHer2Test: every IHC × ISH cell (ASCO/CAP 2018)", () => {
  it("covers all 36 cells", () => {
    expect(cells).toHaveLength((IHC_SCORES.length + 1) * 6);
  });

  it.each(cells)("IHC $ihc, ISH group $group → $expected", ({ ihc, group, expected }) => {
    const result = classifyHer2Test(inputFor(ihc, group));
    expect(result.category).toBe(expected);
    expect(result.ishGroup).toBe(group);
    expect(result.reason).toContain(CATEGORY_IN_REASON[expected]);
    if (group !== null) expect(result.reason).toContain(`ISH group ${group}`);
    if (ihc !== null) expect(result.reason).toContain(IHC_IN_REASON[ihc]);
    if (ihc === null) expect(result.reason).toMatch(/no IHC|without IHC/i);
  });

  it("names the deciding rule in plain words", () => {
    expect(classifyHer2Test({ ihc: "IHC_2", ...SAMPLE_MEASUREMENT[3] }).reason).toBe(
      "ISH group 3 with IHC 2+: positive",
    );
    expect(classifyHer2Test({ ihc: "IHC_1" }).reason).toBe("IHC 1+: HER2-low");
    expect(classifyHer2Test({ ihc: "IHC_2" }).reason).toBe("IHC 2+ awaiting ISH: equivocal");
    expect(classifyHer2Test({ ihc: "IHC_2", ...SAMPLE_MEASUREMENT[4] }).reason).toBe(
      "ISH group 4 with IHC 2+: negative, HER2-low",
    );
  });

  it("flags IHC 3+ with a negative ISH (group 5) for review but keeps it positive", () => {
    const result = classifyHer2Test({ ihc: "IHC_3", ...SAMPLE_MEASUREMENT[5] });
    expect(result.category).toBe("POSITIVE");
    expect(result.reason).toMatch(/discordant/);
  });

  it("explains why groups 2-4 and 5 without IHC cannot be placed", () => {
    for (const group of [2, 3, 4] as const) {
      expect(classifyHer2Test({ ihc: null, ...SAMPLE_MEASUREMENT[group] }).reason).toMatch(
        /need the IHC/,
      );
    }
    expect(classifyHer2Test({ ihc: null, ...SAMPLE_MEASUREMENT[5] }).reason).toMatch(
      /negative, but low\/ultralow\/null needs an IHC score/,
    );
  });

  it("treats null and omitted ISH fields alike", () => {
    expect(classifyHer2Test({ ihc: "IHC_1", ishRatio: null, ishCopies: null })).toEqual(
      classifyHer2Test({ ihc: "IHC_1" }),
    );
    expect(classifyHer2Test({ ihc: "IHC_1", ishRatio: undefined, ishCopies: null }).ishGroup).toBeNull();
  });
});

describe("ishGroup: cut-offs at ratio 2.0 and 4.0 / 6.0 copies, inclusive", () => {
  it.each([
    // ratio at, just below and just above 2.0, with copies far from the cut-offs
    [2.0, 5.0, 1],
    [1.99, 5.0, 4],
    [2.01, 5.0, 1],
    [2.0, 3.0, 2],
    [1.99, 3.0, 5],
    [2.01, 3.0, 2],
    [2.0, 7.0, 1],
    [1.99, 7.0, 3],
    // copies at, just below and just above 4.0
    [2.5, 4.0, 1],
    [2.5, 3.99, 2],
    [2.5, 4.01, 1],
    [1.5, 4.0, 4],
    [1.5, 3.99, 5],
    [1.5, 4.01, 4],
    // copies at, just below and just above 6.0 (only matters below ratio 2.0)
    [1.5, 6.0, 3],
    [1.5, 5.99, 4],
    [1.5, 6.01, 3],
    [2.5, 6.0, 1],
    [2.5, 5.99, 1],
    // both cut-offs at once
    [2.0, 4.0, 1],
    [1.99, 3.99, 5],
    [1.99, 6.0, 3],
    // range ends
    [0, 0, 5],
    [30, 60, 1],
    [30, 0, 2],
    [0, 60, 3],
  ] as const)("ratio %d, copies %d → group %d", (ratio, copies, group) => {
    expect(ishGroup(ratio, copies)).toBe(group);
  });

  it("matches the group definitions for any in-range measurement", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (ratio, copies) => {
          const group = ishGroup(ratio, copies);
          const expected =
            ratio >= 2 ? (copies >= 4 ? 1 : 2) : copies >= 6 ? 3 : copies >= 4 ? 4 : 5;
          expect(group).toBe(expected);
        },
      ),
    );
  });

  it.each([
    [-0.01, 3, RangeError, "HER2/CEP17 ratio must be between 0 and 30 (got -0.01)"],
    [30.01, 3, RangeError, "HER2/CEP17 ratio must be between 0 and 30 (got 30.01)"],
    [Number.NaN, 3, RangeError, "HER2/CEP17 ratio must be between 0 and 30 (got NaN)"],
    [Number.POSITIVE_INFINITY, 3, RangeError, "HER2/CEP17 ratio must be between 0 and 30 (got Infinity)"],
    [2, -1, RangeError, "Mean HER2 copies per cell must be between 0 and 60 (got -1)"],
    [2, 60.5, RangeError, "Mean HER2 copies per cell must be between 0 and 60 (got 60.5)"],
    [2, Number.NEGATIVE_INFINITY, RangeError, "Mean HER2 copies per cell must be between 0 and 60 (got -Infinity)"],
  ] as const)("rejects ratio %d, copies %d", (ratio, copies, errorType, message) => {
    expect(() => ishGroup(ratio, copies)).toThrow(errorType);
    expect(() => ishGroup(ratio, copies)).toThrow(message);
  });

  it("rejects non-numbers with a TypeError", () => {
    expect(() => ishGroup("2.1" as unknown as number, 4)).toThrow(TypeError);
    expect(() => ishGroup("2.1" as unknown as number, 4)).toThrow(
      'HER2/CEP17 ratio must be a number (got the string "2.1")',
    );
    expect(() => ishGroup(2.1, null as unknown as number)).toThrow(
      "Mean HER2 copies per cell must be a number (got null)",
    );
  });
});

describe("classifyHer2Test: invalid input", () => {
  const pairMessage = "Enter both the HER2/CEP17 ratio and the mean HER2 copies per cell, or neither";

  it("requires the ratio and the copies together", () => {
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: 2.2 })).toThrow(TypeError);
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: 2.2 })).toThrow(pairMessage);
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: null, ishCopies: 5 })).toThrow(pairMessage);
    expect(() => classifyHer2Test({ ihc: null, ishCopies: 0 })).toThrow(pairMessage);
  });

  it("rejects out-of-range measurements with a RangeError", () => {
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: 31, ishCopies: 5 })).toThrow(RangeError);
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: 31, ishCopies: 5 })).toThrow(
      "HER2/CEP17 ratio must be between 0 and 30",
    );
    expect(() => classifyHer2Test({ ihc: "IHC_2", ishRatio: 1.5, ishCopies: Number.NaN })).toThrow(
      "Mean HER2 copies per cell must be between 0 and 60",
    );
  });

  it("rejects an unknown IHC score and a missing ihc key", () => {
    expect(() => classifyHer2Test({ ihc: "IHC_4" as IhcScore })).toThrow(TypeError);
    expect(() => classifyHer2Test({ ihc: "IHC_4" as IhcScore })).toThrow(
      'ihc must be one of IHC_0_NULL, IHC_0_ULTRALOW, IHC_0_NOS, IHC_1, IHC_2, IHC_3 or null (got the string "IHC_4")',
    );
    // A schema-shaped object ({ ihcScore }) must not pass silently as "no IHC".
    const schemaShaped = { ihcScore: "IHC_1" } as unknown as { ihc: IhcScore | null };
    expect(() => classifyHer2Test(schemaShaped)).toThrow("ihc is required");
  });

  it("rejects a non-object input", () => {
    expect(() => classifyHer2Test(null as unknown as { ihc: null })).toThrow(TypeError);
  });
});

// The final calls of ASCO/CAP 2018, stated as rules rather than as a grid: an independent oracle.
function isPositiveByGuideline(ihc: Ihc, group: Ish): boolean {
  if (ihc === "IHC_3") return true;
  if (group === 1) return true;
  if (group === 3) return ihc === "IHC_2";
  return false;
}

const ihcArbitrary = fc.constantFrom<Ihc>(null, ...IHC_SCORES);
// Measurements cluster on the cut-offs so that boundary cells are hit often.
const ratioArbitrary = fc.oneof(
  fc.double({ min: 0, max: 30, noNaN: true }),
  fc.constantFrom(0, 1.99, 2, 2.01, 30),
);
const copiesArbitrary = fc.oneof(
  fc.double({ min: 0, max: 60, noNaN: true }),
  fc.constantFrom(0, 3.99, 4, 4.01, 5.99, 6, 6.01, 60),
);
const ishArbitrary = fc.option(fc.tuple(ratioArbitrary, copiesArbitrary), { nil: null });

describe("classifyHer2Test: properties", () => {
  it("is POSITIVE only with IHC 3+ or an ISH group the table calls positive for that IHC", () => {
    fc.assert(
      fc.property(ihcArbitrary, ishArbitrary, (ihc, ish) => {
        const result = classifyHer2Test(
          ish === null ? { ihc } : { ihc, ishRatio: ish[0], ishCopies: ish[1] },
        );
        expect(result.category === "POSITIVE").toBe(isPositiveByGuideline(ihc, result.ishGroup));
      }),
    );
  });

  it("always returns a known category, the ISH group iff ISH was given, and a reason", () => {
    fc.assert(
      fc.property(ihcArbitrary, ishArbitrary, (ihc, ish) => {
        const result = classifyHer2Test(
          ish === null ? { ihc } : { ihc, ishRatio: ish[0], ishCopies: ish[1] },
        );
        expect(HER2_CATEGORIES).toContain(result.category);
        expect(result.ishGroup === null).toBe(ish === null);
        expect(result.reason.length).toBeGreaterThan(10);
      }),
    );
  });

  it("takes a negative call's low/ultralow/null split from the IHC", () => {
    const negativeFromIhc: Partial<Record<IhcScore, Her2Category>> = {
      IHC_0_NULL: "ZERO",
      IHC_0_ULTRALOW: "ULTRALOW",
      IHC_0_NOS: "ZERO_NOS",
      IHC_1: "LOW",
      IHC_2: "LOW",
    };
    fc.assert(
      fc.property(ihcArbitrary, ishArbitrary, (ihc, ish) => {
        const result = classifyHer2Test(
          ish === null ? { ihc } : { ihc, ishRatio: ish[0], ishCopies: ish[1] },
        );
        if (ihc !== null && ish !== null && result.category !== "POSITIVE") {
          expect(result.category).toBe(negativeFromIhc[ihc]);
        }
      }),
    );
  });
});

describe("labels and value lists", () => {
  it("labels every category and IHC score as the UI shows them", () => {
    expect(HER2_CATEGORY_LABELS).toEqual({
      POSITIVE: "HER2-positive",
      LOW: "HER2-low",
      ULTRALOW: "HER2-ultralow",
      ZERO: "HER2-null",
      ZERO_NOS: "HER2-0, not specified",
      EQUIVOCAL: "Equivocal (ISH pending)",
      INDETERMINATE: "Indeterminate",
    });
    expect(IHC_SCORE_LABELS).toEqual({
      IHC_0_NULL: "0 (null)",
      IHC_0_ULTRALOW: "0 (ultralow, faint ≤10 %)",
      IHC_0_NOS: "0, not specified (null or ultralow not reported)",
      IHC_1: "1+",
      IHC_2: "2+",
      IHC_3: "3+",
    });
  });

  it("lists exactly the evaluable categories", () => {
    expect(HER2_CATEGORIES.filter(isEvaluableCategory)).toEqual([...EVALUABLE_CATEGORIES]);
  });
});

describe("docs/her2-classification.md", () => {
  const doc = readFileSync(new URL("../../docs/her2-classification.md", import.meta.url), "utf8");
  const rowLabels: Record<IhcScore | "NO_IHC", string> = {
    NO_IHC: "no IHC",
    IHC_0_NULL: "IHC 0 (null)",
    IHC_0_ULTRALOW: "IHC 0 (ultralow)",
    IHC_0_NOS: "IHC 0 (not specified)",
    IHC_1: "IHC 1+",
    IHC_2: "IHC 2+",
    IHC_3: "IHC 3+",
  };

  it.each(Object.entries(rowLabels))("documents the %s row exactly as implemented", (key, label) => {
    const line = doc.split("\n").find((candidate) => candidate.startsWith(`| ${label} |`));
    expect(line, `row "${label}" in the combined decision table`).toBeDefined();
    const documented = (line ?? "")
      .split("|")
      .slice(2, 8)
      .map((cell) => /`([A-Z_]+)`/.exec(cell)?.[1]);
    const row = HER2_DECISION_TABLE[key as IhcScore | "NO_IHC"];
    expect(documented).toEqual([row.NO_ISH, row[1], row[2], row[3], row[4], row[5]].map((d) => d.category));
  });
});
