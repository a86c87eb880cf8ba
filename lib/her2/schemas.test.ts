import { describe, expect, it } from "vitest";

import {
  classifyHer2ScoringInput,
  Her2ScoringInputSchema,
  ISH_COPIES_RANGE_MESSAGE,
  ISH_PAIR_MESSAGE,
  ISH_RATIO_RANGE_MESSAGE,
} from "./schemas";

function issuesOf(input: unknown): Array<[string, string]> {
  const result = Her2ScoringInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("Her2ScoringInputSchema", () => {
  it("uses the messages the form shows", () => {
    expect(ISH_PAIR_MESSAGE).toBe("Enter both the HER2/CEP17 ratio and the mean HER2 copies per cell, or neither");
    expect(ISH_RATIO_RANGE_MESSAGE).toBe("HER2/CEP17 ratio must be between 0 and 30");
    expect(ISH_COPIES_RANGE_MESSAGE).toBe("Mean HER2 copies per cell must be between 0 and 60");
  });

  it.each([
    { ihcScore: "IHC_2", ishRatio: 2.2, ishCopies: 4.1 },
    { ihcScore: "IHC_1", ishRatio: null, ishCopies: null },
    { ihcScore: "IHC_0_ULTRALOW" },
    { ihcScore: null, ishRatio: 0, ishCopies: 0 },
    { ihcScore: null, ishRatio: 30, ishCopies: 60 },
    { ihcScore: null },
  ])("accepts %o", (input) => {
    expect(issuesOf(input)).toEqual([]);
  });

  it("puts the pair message on the missing copies when only the ratio is entered", () => {
    expect(issuesOf({ ihcScore: "IHC_2", ishRatio: 2.2 })).toEqual([["ishCopies", ISH_PAIR_MESSAGE]]);
    expect(issuesOf({ ihcScore: "IHC_2", ishRatio: 2.2, ishCopies: null })).toEqual([["ishCopies", ISH_PAIR_MESSAGE]]);
  });

  it("puts the pair message on the missing ratio when only the copies are entered", () => {
    expect(issuesOf({ ihcScore: "IHC_2", ishCopies: 5 })).toEqual([["ishRatio", ISH_PAIR_MESSAGE]]);
    expect(issuesOf({ ihcScore: null, ishRatio: null, ishCopies: 0 })).toEqual([["ishRatio", ISH_PAIR_MESSAGE]]);
  });

  it.each([
    [{ ihcScore: "IHC_2", ishRatio: 30.01, ishCopies: 5 }, [["ishRatio", ISH_RATIO_RANGE_MESSAGE]]],
    [{ ihcScore: "IHC_2", ishRatio: -0.1, ishCopies: 5 }, [["ishRatio", ISH_RATIO_RANGE_MESSAGE]]],
    [{ ihcScore: "IHC_2", ishRatio: 1.5, ishCopies: 60.5 }, [["ishCopies", ISH_COPIES_RANGE_MESSAGE]]],
    [{ ihcScore: "IHC_2", ishRatio: 1.5, ishCopies: -1 }, [["ishCopies", ISH_COPIES_RANGE_MESSAGE]]],
  ] as const)("reports a range error on its field: %o", (input, expected) => {
    expect(issuesOf(input)).toEqual(expected);
  });

  it("reports a range error and the pair error together", () => {
    expect(issuesOf({ ihcScore: "IHC_2", ishRatio: 40 })).toEqual([
      ["ishRatio", ISH_RATIO_RANGE_MESSAGE],
      ["ishCopies", ISH_PAIR_MESSAGE],
    ]);
  });

  it("still checks the pair when another field has the wrong type", () => {
    expect(issuesOf({ ihcScore: "IHC_4", ishCopies: 5 })).toEqual([
      ["ihcScore", "Choose an IHC score, or leave it empty when no IHC was done"],
      ["ishRatio", ISH_PAIR_MESSAGE],
    ]);
  });

  it("rejects non-numbers and non-finite numbers", () => {
    expect(issuesOf({ ihcScore: null, ishRatio: "2.2", ishCopies: 5 })).toEqual([
      ["ishRatio", "HER2/CEP17 ratio must be a number"],
    ]);
    expect(issuesOf({ ihcScore: null, ishRatio: 2.2, ishCopies: Number.POSITIVE_INFINITY })).toEqual([
      ["ishCopies", "Mean HER2 copies per cell must be a number"],
    ]);
    expect(issuesOf({ ihcScore: null, ishRatio: Number.NaN, ishCopies: 5 })).toEqual([
      ["ishRatio", "HER2/CEP17 ratio must be a number"],
    ]);
  });

  it("requires the ihcScore key (null when no IHC was done)", () => {
    expect(issuesOf({ ishRatio: 2.2, ishCopies: 5 })).toEqual([
      ["ihcScore", "Choose an IHC score, or leave it empty when no IHC was done"],
    ]);
  });
});

describe("classifyHer2ScoringInput", () => {
  it("classifies parsed input", () => {
    const parsed = Her2ScoringInputSchema.parse({ ihcScore: "IHC_2", ishRatio: 1.5, ishCopies: 6 });
    expect(classifyHer2ScoringInput(parsed)).toEqual({
      category: "POSITIVE",
      ishGroup: 3,
      reason: "ISH group 3 with IHC 2+: positive",
    });
    expect(classifyHer2ScoringInput(Her2ScoringInputSchema.parse({ ihcScore: "IHC_2" })).category).toBe("EQUIVOCAL");
  });
});
