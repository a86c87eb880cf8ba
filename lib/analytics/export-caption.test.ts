import { describe, expect, it } from "vitest";
import { describeExportCaption } from "./export-caption";
import { parseDashboardFilters } from "./filters";

describe("describeExportCaption (issue 16 §19)", () => {
  const day = new Date("2026-12-03T22:00:00Z");

  it("names the rule, scheme, every filter and the export date", () => {
    const filters = parseDashboardFilters({ rule: "latest", scheme: "3", site: "01,03", from: "2018", to: "2022", hr: "POSITIVE" });
    expect(describeExportCaption(filters, day)).toBe(
      "Cohort rule: Latest test; scheme: 3 groups: HER2-0, low, positive; sites: 01, 03; diagnosis years: 2018-2022; HR: POSITIVE; stage: all; disease setting: all; exported 2026-12-03",
    );
  });

  it("says 'all' for filters left open, and one-sided year ranges in words", () => {
    expect(describeExportCaption(parseDashboardFilters({ from: "2020" }), day)).toContain("sites: all; diagnosis years: from 2020; HR: all");
  });
});
