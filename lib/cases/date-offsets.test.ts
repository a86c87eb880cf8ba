import { describe, expect, it } from "vitest";
import { daysBetween, diagnosisYearOf, isLeapYear, offsetFromDiagnosis, parseCalendarDate } from "./date-offsets";

describe("calendar dates to days since diagnosis", () => {
  it.each([
    ["2020-01-01", "2020-01-01", 0],
    ["2020-02-28", "2020-03-01", 2], // 2020 is a leap year: 29 February exists
    ["2021-02-28", "2021-03-01", 1],
    ["2019-03-01", "2020-03-01", 366],
    ["2020-03-01", "2021-03-01", 365],
    ["1999-12-31", "2000-03-01", 61], // 2000 is a leap year (divisible by 400)
    ["1900-02-28", "1900-03-01", 1], // 1900 is not (divisible by 100)
    ["2021-03-27", "2021-03-29", 2], // across a European daylight-saving change
    ["2021-11-06", "2021-11-08", 2], // across a US one
  ])("%s → %s is %i days", (from, to, days) => {
    expect(offsetFromDiagnosis(from, to)).toEqual({ ok: true, days });
  });

  it("knows the leap years", () => {
    expect([1900, 2000, 2020, 2021, 2024, 2100].map(isLeapYear)).toEqual([false, true, true, false, true, false]);
  });

  it("refuses impossible days and events before the diagnosis", () => {
    expect(parseCalendarDate("2021-02-29")).toBeNull();
    expect(parseCalendarDate("2020-02-29")).toEqual({ year: 2020, month: 2, day: 29 });
    expect(parseCalendarDate("2020-13-01")).toBeNull();
    expect(parseCalendarDate("04/03/2021")).toBeNull();
    expect(offsetFromDiagnosis("2021-05-01", "2021-04-30")).toEqual({ ok: false, message: "This date is before the diagnosis" });
    expect(offsetFromDiagnosis("", "2021-04-30")).toMatchObject({ ok: false });
    expect(offsetFromDiagnosis("2021-05-01", "2021-02-30")).toMatchObject({ ok: false, message: "Enter a real calendar date" });
  });

  it("keeps only the year of the diagnosis", () => {
    expect(diagnosisYearOf("2019-07-14")).toBe(2019);
    expect(diagnosisYearOf("nonsense")).toBeNull();
    expect(daysBetween({ year: 2024, month: 1, day: 1 }, { year: 2025, month: 1, day: 1 })).toBe(366);
  });
});
