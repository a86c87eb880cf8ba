import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COHORT_COLOURS, COHORT_COLOUR_VARIABLES, COHORT_KEYS } from "./cohorts";

describe("cohort colours", () => {
  it("are the theme's --color-cohort-* values, so charts, exports and badges agree", () => {
    const css = readFileSync(new URL("../../app/globals.css", import.meta.url), "utf8");
    for (const cohort of COHORT_KEYS) {
      const match = new RegExp(`${COHORT_COLOUR_VARIABLES[cohort]}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
      expect(match?.[1]?.toLowerCase(), cohort).toBe(COHORT_COLOURS[cohort]);
    }
  });

  it("are distinct", () => {
    expect(new Set(Object.values(COHORT_COLOURS)).size).toBe(COHORT_KEYS.length);
  });
});
