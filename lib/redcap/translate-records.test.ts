import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { writeCohortCsv } from "../demo/cohort-csv";
import { DEMO_SITES } from "../demo/demo-sites";
import { buildExampleDictionary, buildExampleRecords, exampleCases, exampleDagName } from "./example-project";
import { parseRedcapDictionary, parseChoices, RedcapFileError } from "./dictionary";
import { parseRedcapRecords } from "./records";
import { suggestCodes, suggestMapping } from "./suggest-mapping";
import { ageOn, parseRedcapDate, relabelImportErrors, translateRecords } from "./translate-records";
import { IHC_SCORE_LABELS } from "../her2/classify";

function rowsOf(csv: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: "greedy" });
  return parsed.data.map((row) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(row)) if (key !== "version" && key !== "test_id" && key !== "line_id") out[key] = key === "agents" ? value.split(";").filter(Boolean).sort().join(";") : value;
    return out;
  });
}

const siteCodes = DEMO_SITES.map((site) => site.code);

function exampleImport() {
  const cases = exampleCases();
  const dictionary = parseRedcapDictionary(buildExampleDictionary());
  const records = parseRedcapRecords(buildExampleRecords(cases), dictionary);
  const mapping = suggestMapping(dictionary, records, { siteCodes, ownSite: false });
  return { cases, dictionary, records, mapping, translated: translateRecords(dictionary, records, mapping) };
}

describe("the example REDCap project", () => {
  it("translates, with the suggested mapping alone, into exactly the cases it was made from", () => {
    const { cases, translated, mapping, records } = exampleImport();
    expect(mapping.instruments).toEqual({ her2_tests: "her2_test", treatment_lines: "treatment_line", recurrence_events: "recurrence_event" });
    expect(mapping.diagnosisDateField).toBe("diagnosis_date");
    expect(records.dags.sort()).toEqual(siteCodes.filter((code) => cases.some((item) => item.patient.siteCode === code)).map(exampleDagName).sort());
    expect(translated.issues).toEqual([]);
    const expected = writeCohortCsv(cases);
    for (const file of ["patients", "her2_tests", "treatment_lines"] as const) {
      expect(rowsOf(translated.csv[file])).toEqual(rowsOf(expected[file]));
    }
    // The recurrence events (issue 14 §1): every entered event, its date turned into days; the distant one is days to metastasis.
    const events = cases.flatMap((item) => item.recurrences.filter((event) => event.kind !== "DISTANT").map((event) => ({ study_id: item.patient.studyId, kind: event.kind, day: String(event.day) })));
    expect(events.length).toBeGreaterThan(0);
    expect(rowsOf(translated.csv.recurrence_events)).toEqual(events);
    expect(mapping.fields["recurrence_events.day"]).toEqual({ source: "recurrence_event_date" });
    expect(Object.keys(mapping.fields).filter((key) => /^patients\.(staging_basis|yp_t_category|yp_n_category|rcb_class|surgery_type|days_to_surgery)$/.test(key))).toHaveLength(6);
    expect(mapping.fields["patients.days_to_surgery"]).toEqual({ source: "surgery_date" });
    expect(Object.keys(mapping.fields).filter((key) => /^treatment_lines\.(measurability|response_confirmation)$/.test(key))).toHaveLength(2);
    expect(translated.counts).toMatchObject({ records: cases.length, rows: { patients: cases.length, recurrence_events: events.length } });
    // No calendar date leaves the translation.
    expect(Object.values(translated.csv).join("")).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("names each problem by record, instrument, instance and field", () => {
    const { dictionary, records, mapping } = exampleImport();
    const broken = structuredClone(mapping);
    const ihc = broken.fields["her2_tests.ihc_score"];
    const onePlus = dictionary.fields.find((field) => field.name === "ihc_score")?.choices?.find((choice) => choice.label === "1+")?.code ?? "?";
    expect(ihc?.codes?.[onePlus]).toBe("IHC_1");
    delete ihc?.codes?.[onePlus];
    const text = buildExampleRecords(exampleCases()).split("\r\n");
    const header = (text[0] ?? "").split(",");
    const dateColumn = header.indexOf("her2_test_date");
    const testLine = text.findIndex((line) => line.split(",")[1] === "her2_test");
    const cells = (text[testLine] ?? "").split(",");
    cells[dateColumn] = "1999-01-01";
    text[testLine] = cells.join(",");
    const translated = translateRecords(dictionary, parseRedcapRecords(text.join("\r\n"), dictionary), broken);
    const before = translated.issues.find((issue) => issue.field === "her2_test_date");
    expect(before).toMatchObject({ record: cells[0], instrument: "her2_test", instance: Number(cells[2]) });
    expect(before?.message).toMatch(/before the date of diagnosis/);
    expect(before?.message).not.toMatch(/1999/);
    const unmapped = translated.issues.find((issue) => issue.field === "ihc_score");
    expect(unmapped?.message).toBe(`The choice ${onePlus} ("1+") has no app code in the mapping`);
    expect(unmapped?.instrument).toBe("her2_test");
    expect(records.rows.length).toBeGreaterThan(0);
  });

  it("tells the server's errors in REDCap's terms", () => {
    const { translated, mapping, dictionary } = exampleImport();
    const origin = translated.origins.her2_tests[4];
    const [relabelled] = relabelImportErrors([{ file: "her2_tests.csv", row: 6, column: "days_since_diagnosis", message: "Day of the test (day 900) is after the last contact (day 800)" }], translated, mapping, dictionary.recordIdField);
    expect(relabelled).toEqual({ ...origin, field: "her2_test_date", message: "Day of the test (day 900) is after the last contact (day 800)" });
  });
});

describe("REDCap pieces", () => {
  it("reads choices and dates as REDCap writes them", () => {
    expect(parseChoices("1, 0 | 2, 1+ | 3, 2+, equivocal")).toEqual([{ code: "1", label: "0" }, { code: "2", label: "1+" }, { code: "3", label: "2+, equivocal" }]);
    expect(parseRedcapDate("2021-03-04", "date_ymd")).toEqual({ year: 2021, month: 3, day: 4 });
    expect(parseRedcapDate("2021-03-04 10:15", "datetime_ymd")).toEqual({ year: 2021, month: 3, day: 4 });
    expect(parseRedcapDate("04-03-2021", "date_dmy")).toEqual({ year: 2021, month: 3, day: 4 });
    expect(parseRedcapDate("04-03-2021", "date_mdy")).toEqual({ year: 2021, month: 4, day: 3 });
    expect(parseRedcapDate("2021-02-29", "date_ymd")).toBeNull();
    expect(ageOn({ year: 1960, month: 5, day: 10 }, { year: 2020, month: 5, day: 9 })).toBe(59);
    expect(ageOn({ year: 1960, month: 5, day: 10 }, { year: 2020, month: 5, day: 10 })).toBe(60);
  });

  it("suggests app codes for REDCap choices by label", () => {
    // A bare "0" is IHC 0 not specified when the app has that code, else the null score.
    const bareZero = "IHC_0_NOS" in IHC_SCORE_LABELS ? "IHC_0_NOS" : "IHC_0_NULL";
    expect(suggestCodes([{ code: "1", label: "0" }, { code: "2", label: "1+" }, { code: "3", label: "2+" }, { code: "4", label: "3+" }], IHC_SCORE_LABELS)).toMatchObject({ "1": bareZero, "2": "IHC_1", "3": "IHC_2", "4": "IHC_3" });
  });

  it("refuses files that are not a REDCap dictionary or do not match it", () => {
    expect(() => parseRedcapDictionary("study_id,grade\nA,1\n")).toThrow(RedcapFileError);
    const dictionary = parseRedcapDictionary(buildExampleDictionary());
    expect(() => parseRedcapRecords("id,grade\n1,2\n", dictionary)).toThrow(/record ID field is "record_id"/);
    expect(() => parseRedcapRecords("record_id,shoe_size\n1,2\n", dictionary)).toThrow(/shoe_size/);
  });
});
