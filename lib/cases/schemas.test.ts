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

  it("takes quantitative HER2 with its assay and unit, within the unit's range, naming each field", () => {
    const withMeasures = (test: Record<string, unknown>) => {
      const input = validCase() as unknown as { tests: Record<string, unknown>[] };
      input.tests[0] = { ...input.tests[0], ...test };
      return input;
    };
    const parsed = schemas.CaseInputSchema.parse(withMeasures({ erbb2Mrna: 9.8, erbb2MrnaAssay: "ONCOTYPE_DX", erbb2MrnaUnit: "SINGLE_GENE_SCORE", diaMembranePercent: 12.5, diaHScore: 14 }));
    expect(parsed.tests[0]).toMatchObject({ erbb2Mrna: 9.8, erbb2MrnaAssay: "ONCOTYPE_DX", erbb2MrnaUnit: "SINGLE_GENE_SCORE", diaMembranePercent: 12.5, diaHScore: 14 });
    expect(schemas.CaseInputSchema.parse(validCase()).tests[0]).toMatchObject({ erbb2Mrna: null, erbb2MrnaAssay: null, erbb2MrnaUnit: null, diaMembranePercent: null, diaHScore: null });
    expect(schemas.CaseInputSchema.parse(withMeasures({ erbb2Mrna: -3.2, erbb2MrnaAssay: "RT_QPCR", erbb2MrnaUnit: "DELTA_CT" })).tests[0]?.erbb2Mrna).toBe(-3.2);

    expect(messagesOf(withMeasures({ erbb2Mrna: 9.8 }))).toEqual({
      "tests.0.erbb2MrnaAssay": ["Name the assay that measured ERBB2 mRNA"],
      "tests.0.erbb2MrnaUnit": ["Give the unit of the ERBB2 mRNA value"],
    });
    expect(messagesOf(withMeasures({ erbb2MrnaUnit: "LOG2_TPM" }))).toEqual({ "tests.0.erbb2Mrna": ["Enter the ERBB2 mRNA value, or leave its assay and unit empty"] });
    expect(messagesOf(withMeasures({ erbb2Mrna: -3, erbb2MrnaAssay: "ONCOTYPE_DX", erbb2MrnaUnit: "SINGLE_GENE_SCORE" }))).toEqual({ "tests.0.erbb2Mrna": ["ERBB2 mRNA in this unit must be between 0 and 20"] });
    expect(messagesOf(withMeasures({ erbb2Mrna: 40, erbb2MrnaAssay: "ONCOTYPE_DX", erbb2MrnaUnit: "SINGLE_GENE_SCORE" }))["tests.0.erbb2Mrna"]?.[0]).toBe("ERBB2 mRNA must be between -20 and 25");
    expect(messagesOf(withMeasures({ erbb2Mrna: 5, erbb2MrnaAssay: "PCR", erbb2MrnaUnit: "SINGLE_GENE_SCORE" }))["tests.0.erbb2MrnaAssay"]?.[0]).toMatch(/^ERBB2 mRNA assay must be one of/);
    expect(messagesOf(withMeasures({ diaMembranePercent: 101, diaHScore: 12.5 }))).toEqual({
      "tests.0.diaMembranePercent": ["Membrane-stained cells (image analysis) must be between 0 and 100 %"],
      "tests.0.diaHScore": ["H-score (image analysis) must be a whole number"],
    });
    expect(messagesOf(withMeasures({ diaHScore: 301 }))).toEqual({ "tests.0.diaHScore": ["H-score (image analysis) must be between 0 and 300"] });
  });

  it("takes a line's measurability and confirms only a response (CR or PR), naming the field", () => {
    const input = validCase() as unknown as { patient: Record<string, unknown>; lines: Record<string, unknown>[] };
    input.patient.diseaseSetting = "DE_NOVO_METASTATIC";
    input.patient.daysToMetastasis = 0;
    input.lines[0] = { setting: "METASTATIC", lineNumber: 1, regimenClass: "HER2_TKI", agents: ["PYROTINIB", "CAPECITABINE"], startDay: 30, bestResponse: "PR", measurability: "MEASURABLE", responseConfirmation: "CONFIRMED" };
    expect(messagesOf(input)).toEqual({});
    const parsed = schemas.CaseInputSchema.safeParse(input);
    expect(parsed.success && parsed.data.lines[0]).toMatchObject({ measurability: "MEASURABLE", responseConfirmation: "CONFIRMED", regimenClass: "HER2_TKI" });
    input.lines[0] = { ...input.lines[0], bestResponse: "SD", measurability: "SOMETIMES" };
    const messages = messagesOf(input);
    expect(messages["lines.0.responseConfirmation"]).toEqual(["Only a response (CR or PR) is confirmed or not: leave it empty for SD, PD, NE or no response"]);
    expect(messages["lines.0.measurability"]?.[0]).toMatch(/^Measurable disease must be one of/);
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

describe("the early-disease rules (issue 14 §1)", () => {
  const neoadjuvant = { setting: "NEOADJUVANT", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: ["PACLITAXEL"], startDay: 20, endDay: 150 };
  function earlyCase(patient: Record<string, unknown>, extra: { lines?: unknown[]; recurrences?: unknown[] } = {}) {
    const base = validCase();
    return { ...base, patient: { ...base.patient, ...patient }, lines: extra.lines ?? [neoadjuvant], recurrences: extra.recurrences ?? [] };
  }
  const operated = { surgeryType: "MASTECTOMY", daysToSurgery: 180 };

  it("accepts ypT/ypN and RCB after a neoadjuvant line and a later surgery", () => {
    expect(messagesOf(earlyCase({ ...operated, ypTCategory: "T0", ypNCategory: "N0", rcbClass: "RCB_0", stagingBasis: "CLINICAL" }, { recurrences: [{ kind: "LOCAL", day: 700 }] }))).toEqual({});
  });

  it("refuses ypT, ypN and RCB without a neoadjuvant line, naming the field", () => {
    const messages = messagesOf(earlyCase({ ...operated, ypTCategory: "T1", ypNCategory: "N0", rcbClass: "RCB_I" }, { lines: [] }));
    expect(messages["patient.ypTCategory"]).toEqual(["The ypT category describes the tumour after neoadjuvant therapy: add the neoadjuvant treatment line, or leave it empty"]);
    expect(messages["patient.ypNCategory"]).toEqual(["The ypN category describes the tumour after neoadjuvant therapy: add the neoadjuvant treatment line, or leave it empty"]);
    expect(messages["patient.rcbClass"]).toEqual(["The RCB class describes the tumour after neoadjuvant therapy: add the neoadjuvant treatment line, or leave it empty"]);
  });

  it("refuses ypT without the surgical specimen after the neoadjuvant line", () => {
    expect(messagesOf(earlyCase({ ypTCategory: "T1" }))["patient.ypTCategory"]).toEqual(["The ypT category needs the surgical specimen after neoadjuvant therapy: enter the type and day of surgery"]);
    expect(messagesOf(earlyCase({ ypTCategory: "T1", surgeryType: "BREAST_CONSERVING", daysToSurgery: 10 }))["patient.daysToSurgery"]).toEqual([
      "The ypT category is read on the surgical specimen after neoadjuvant therapy: the day of surgery (day 10) must be after the neoadjuvant line's start (day 20)",
    ]);
  });

  it("keeps the surgery's type and day together, RCB-0 equal to pCR, and pathological staging for patients operated first", () => {
    expect(messagesOf(earlyCase({ daysToSurgery: 180 }))["patient.surgeryType"]).toEqual(["Type of surgery is required with a day of surgery"]);
    expect(messagesOf(earlyCase({ surgeryType: "NONE", daysToSurgery: 180 }))["patient.surgeryType"]).toEqual(["Type of surgery is No surgery: leave the day of surgery empty, or choose the type"]);
    expect(messagesOf(earlyCase({ surgeryType: "MASTECTOMY" }))["patient.daysToSurgery"]).toEqual(["Day of surgery is required with a type of surgery"]);
    expect(messagesOf(earlyCase({ ...operated, ypTCategory: "T1", ypNCategory: "N0", rcbClass: "RCB_0" }))["patient.rcbClass"]).toEqual(["RCB class RCB-0 is a pathological complete response: ypT0/Tis and ypN0 (or choose RCB-I to III)"]);
    expect(messagesOf(earlyCase({ ...operated, ypTCategory: "TIS", ypNCategory: "N0", rcbClass: "RCB_I" }))["patient.rcbClass"]).toEqual(["RCB class must be RCB-0 for a pathological complete response (ypT0/Tis ypN0)"]);
    expect(messagesOf(earlyCase({ stagingBasis: "PATHOLOGICAL" }))["patient.stagingBasis"]).toEqual([
      "Staging basis: a patient treated before surgery is staged clinically at diagnosis (cT/cN); the stage after neoadjuvant therapy is ypT/ypN",
    ]);
  });

  it("places recurrence events after the diagnosis and before the last contact, the distant one as the day of metastasis, in a bounded list", () => {
    const messages = messagesOf(earlyCase({}, { recurrences: [{ kind: "LOCAL", day: 0 }, { kind: "REGIONAL", day: 1200 }, { kind: "DISTANT", day: 500 }, { kind: "REGIONAL", day: 1200 }] }));
    expect(messages["recurrences.0.day"]).toEqual(["Day of the event must be between 1 and 36500 days since diagnosis"]);
    expect(messages["recurrences.1.day"]).toEqual(["Recurrence event 2 (day 1200) is after the last contact (day 1000)"]);
    expect(messages["recurrences.2.kind"]).toEqual(["Recurrence event 3: a distant recurrence is entered as days to metastasis (with the recurrent metastatic setting), not as an event"]);
    expect(messages["recurrences.3.day"]).toContain("Recurrence event 4 is entered twice (same kind and day)");
    const tooMany = Array.from({ length: 21 }, (_, index) => ({ kind: "LOCAL", day: index + 1 }));
    expect(messagesOf(earlyCase({}, { recurrences: tooMany })).recurrences).toEqual(["At most 20 recurrence events per case"]);
    const deNovo = { diseaseSetting: "DE_NOVO_METASTATIC", daysToMetastasis: 0, mCategory: "M1" };
    expect(messagesOf(earlyCase(deNovo, { lines: [], recurrences: [{ kind: "LOCAL", day: 300 }] }))["recurrences.0.kind"]).toEqual([
      "Recurrence event 1: recurrence events follow an early diagnosis; de novo metastatic disease has none",
    ]);
  });
});
