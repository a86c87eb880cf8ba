import { describe, expect, it } from "vitest";
import { FULL_DATE_MESSAGE, findFullDates, looksLikeFullDate } from "./full-dates";
import { createCaseSchemas } from "./schemas";
import { DEFAULT_STUDY_ID_PATTERN, MAX_STUDY_ID_LENGTH, siteCodeOfStudyId } from "./study-id";

const schemas = createCaseSchemas(DEFAULT_STUDY_ID_PATTERN);

function validCase() {
  return {
    patient: {
      studyId: "HER2-01-0042",
      diagnosisYear: 2020,
      ageAtDiagnosis: 61,
      diseaseSetting: "EARLY",
      vitalStatus: "ALIVE",
      daysToLastContact: 1000,
    },
    tests: [{ specimen: "PRIMARY_BIOPSY", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1" }],
    lines: [{ setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE", agents: ["TAMOXIFEN"], startDay: 30, endDay: 900 }],
  };
}

function messagesOf(input: unknown): Record<string, string[]> {
  const result = schemas.CaseInputSchema.safeParse(input);
  if (result.success) return {};
  const messages: Record<string, string[]> = {};
  for (const issue of result.error.issues) (messages[issue.path.join(".")] ??= []).push(issue.message);
  return messages;
}

describe("the case schema", () => {
  it("accepts a valid case and fills optional fields with null", () => {
    const parsed = schemas.CaseInputSchema.parse(validCase());
    expect(parsed.patient).toMatchObject({ sex: "FEMALE", grade: null, erPercent: null, daysToDeath: null });
    expect(parsed.lines[0]).toMatchObject({ bestResponse: null, progressionDay: null });
  });

  it("stores ages of 90 and over as 90, and refuses ages over 120", () => {
    const old = validCase();
    old.patient.ageAtDiagnosis = 94;
    expect(schemas.CaseInputSchema.parse(old).patient.ageAtDiagnosis).toBe(90);
    old.patient.ageAtDiagnosis = 121;
    expect(messagesOf(old)["patient.ageAtDiagnosis"]).toEqual(["Age at diagnosis must be between 0 and 120 years"]);
  });

  it("checks the study ID against the configured format", () => {
    const input = validCase();
    input.patient.studyId = "patient 12";
    // In plain words, not the regular expression (that is in the data dictionary).
    expect(messagesOf(input)["patient.studyId"]).toEqual(["Study ID must be a prefix of 2 to 6 capitals or digits starting with a capital, the site code, and a number of 3 to 5 digits, separated by hyphens (for example HER2-01-0042)"]);
    const custom = createCaseSchemas(String.raw`^S(?<site>\d{2})\d{3}$`);
    input.patient.studyId = "S01123";
    expect(custom.CaseInputSchema.safeParse(input).success).toBe(true);
  });

  it("caps the study ID's length before the pattern runs, and reads the site code from the pattern's group (issue 15 §2)", () => {
    const input = validCase();
    input.patient.studyId = `HER2-01-${"0".repeat(100_000)}`;
    const started = performance.now();
    expect(messagesOf(input)["patient.studyId"]).toEqual([`Study ID is at most ${MAX_STUDY_ID_LENGTH} characters`]);
    expect(performance.now() - started).toBeLessThan(200);
    expect(siteCodeOfStudyId("HER2-01-0042", DEFAULT_STUDY_ID_PATTERN)).toBe("01");
    expect(siteCodeOfStudyId("RTB-0207-99999", DEFAULT_STUDY_ID_PATTERN)).toBe("0207");
    expect(siteCodeOfStudyId("patient 12", DEFAULT_STUDY_ID_PATTERN)).toBeNull();
  });

  it("refuses unknown keys, so that no identifier or date can travel in an extra field", () => {
    const input = { ...validCase(), patient: { ...validCase().patient, name: "Jane Doe" } };
    expect(messagesOf(input)["patient"]?.[0]).toMatch(/Unrecognized key/);
  });

  it.each([
    ["2021-03-04"],
    ["2021-03-04T10:15:00Z"],
    ["04/03/2021"],
    ["4.3.2021"],
    ["4 March 2021"],
    ["March 4, 2021"],
  ])("refuses a full date (%s) anywhere in the payload", (date) => {
    const inField = validCase() as unknown as { patient: Record<string, unknown>; tests: Record<string, unknown>[] };
    inField.tests[0] = { ...inField.tests[0], daysSinceDiagnosis: date };
    expect(messagesOf(inField)["tests.0.daysSinceDiagnosis"]).toEqual([FULL_DATE_MESSAGE]);
    const inExtraKey = { ...validCase(), patient: { ...validCase().patient, diagnosisDate: date } };
    expect(messagesOf(inExtraKey)["patient.diagnosisDate"]).toEqual([FULL_DATE_MESSAGE]);
  });

  it("refuses a Date object too", () => {
    const input = { ...validCase(), patient: { ...validCase().patient, daysToLastContact: new Date() } };
    expect(messagesOf(input)["patient.daysToLastContact"]).toEqual([FULL_DATE_MESSAGE]);
  });

  it("ties vital status to days to death, and metastatic settings to days to metastasis", () => {
    const dead = validCase() as unknown as { patient: Record<string, unknown> };
    dead.patient.vitalStatus = "DEAD";
    dead.patient.diseaseSetting = "RECURRENT_METASTATIC";
    expect(messagesOf(dead)).toMatchObject({
      "patient.daysToDeath": ["Days to death is required when the patient has died"],
      "patient.daysToMetastasis": ["Days to metastasis is required for metastatic disease"],
    });
    const alive = validCase() as unknown as { patient: Record<string, unknown> };
    alive.patient.daysToDeath = 100;
    alive.patient.daysToMetastasis = 50;
    expect(Object.keys(messagesOf(alive)).sort()).toEqual(["patient.daysToDeath", "patient.daysToMetastasis"]);
  });

  it("puts every event on or before the last contact and death, with the message on the event", () => {
    const input = validCase() as unknown as { patient: Record<string, unknown>; tests: Record<string, unknown>[]; lines: Record<string, unknown>[] };
    input.patient.vitalStatus = "DEAD";
    input.patient.daysToDeath = 800;
    input.patient.daysToLastContact = 800;
    input.lines[0] = { ...input.lines[0], endDay: 900, progressionDay: 850 };
    input.tests.push({ specimen: "METASTATIC", daysSinceDiagnosis: 1200, assay: "OTHER", ihcScore: "IHC_0_NULL" });
    const messages = messagesOf(input);
    expect(messages["lines.0.endDay"]).toEqual(["The end of this line (day 900) is after death (day 800)"]);
    expect(messages["lines.0.progressionDay"]).toEqual(["This progression (day 850) is after death (day 800)"]);
    expect(messages["tests.1.daysSinceDiagnosis"]).toEqual(["This HER2 test (day 1200) is after death (day 800)"]);
    const alive = validCase() as unknown as { patient: Record<string, unknown>; tests: Record<string, unknown>[] };
    alive.tests[0] = { ...alive.tests[0], daysSinceDiagnosis: 1001 };
    expect(messagesOf(alive)["tests.0.daysSinceDiagnosis"]).toEqual(["This HER2 test (day 1001) is after the last contact (day 1000)"]);
  });

  it("checks line order, ISH pairs and ranges, reporting every field at once", () => {
    const input = validCase() as unknown as { patient: Record<string, unknown>; tests: Record<string, unknown>[]; lines: Record<string, unknown>[] };
    input.patient.grade = 4;
    input.patient.erPercent = "lots";
    input.tests[0] = { ...input.tests[0], ihcScore: "IHC_2", ishRatio: 2.2 };
    input.lines[0] = { ...input.lines[0], startDay: 300, endDay: 200, agents: ["ASPIRIN"] };
    const messages = messagesOf(input);
    expect(messages["patient.grade"]).toEqual(["Grade must be between 1 and 3"]);
    expect(messages["patient.erPercent"]).toEqual(["ER must be a whole number"]);
    expect(messages["tests.0.ishCopies"]?.[0]).toMatch(/Enter both the HER2\/CEP17 ratio/);
    expect(messages["lines.0.endDay"]).toEqual(["End day cannot be before the start day"]);
    expect(messages["lines.0.agents.0"]?.[0]).toMatch(/^Agent must be one of/);
  });

  it("requires a reason and versions for an edit", () => {
    const update = { ...validCase(), patient: { ...validCase().patient, version: 1 }, reason: "", tests: [{ ...validCase().tests[0], id: 5 }] };
    const result = schemas.CaseUpdateSchema.safeParse(update);
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["reason", "tests.0.version"]));
  });
});

describe("full-date detection", () => {
  it("finds dates at any depth and leaves day counts and codes alone", () => {
    expect(findFullDates({ a: [1, { b: "2020-01-02" }], c: "IHC_2", d: "HER2-01-0042" })).toEqual([{ path: ["a", 1, "b"] }]);
    for (const value of ["365", "HER2-01-0042", "IHC_0_NULL", "2021", "12/2021"]) expect(looksLikeFullDate(value)).toBe(false);
  });
});
