import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsv, toFileName } from "../../components/charts/table-data";

describe("chart data as CSV", () => {
  it("writes a header and quotes what needs quoting; null is an empty cell", () => {
    const csv = toCsv({ columns: ["Site", "Patients", "Note"], rows: [["St Brigid's, \"B\"", 12, null], ["01", "<5", "a\nb"]] });
    expect(Papa.parse(csv, { header: false }).data).toEqual([
      ["Site", "Patients", "Note"],
      ["St Brigid's, \"B\"", "12", ""],
      ["01", "<5", "a\nb"],
    ]);
  });

  it("names files after the chart title", () => {
    expect(toFileName("Patients per cohort")).toBe("patients-per-cohort");
    expect(toFileName("HER2 category: first → last test")).toBe("her2-category-first-last-test");
    expect(toFileName("   ")).toBe("chart");
  });
});
