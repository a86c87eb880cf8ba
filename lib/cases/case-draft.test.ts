import { describe, expect, it } from "vitest";
import { applyDates, buildCasePayload, emptyCaseDraft, emptyLineDraft, toPayloadValue } from "./case-draft";
import { findFullDates } from "./full-dates";
import { createCaseSchemas } from "./schemas";

const schemas = createCaseSchemas(String.raw`^[A-Z][A-Z0-9]{1,5}-\d{2,4}-\d{3,5}$`);

describe("the case form's payload", () => {
  it("sends numbers as numbers, empty optional fields as null and empty required ones as missing", () => {
    expect(toPayloadValue("grade", "2")).toBe(2);
    expect(toPayloadValue("ishRatio", "1,85")).toBe(1.85);
    expect(toPayloadValue("grade", "")).toBeNull();
    expect(toPayloadValue("daysToLastContact", "")).toBeUndefined();
    expect(toPayloadValue("erPercent", "ten")).toBe("ten");
  });

  it("turns typed dates into the diagnosis year and day offsets, and sends no date", () => {
    const draft = emptyCaseDraft(1);
    Object.assign(draft.patient, { studyId: "HER2-01-0042", ageAtDiagnosis: "58", diseaseSetting: "EARLY", vitalStatus: "ALIVE" });
    Object.assign(draft.tests[0] ?? {}, { specimen: "PRIMARY_BIOPSY", assay: "VENTANA_4B5", ihcScore: "IHC_1" });
    const line = emptyLineDraft();
    Object.assign(line, { setting: "ADJUVANT", regimenClass: "ENDOCRINE", agents: ["LETROZOLE"] });
    draft.lines.push(line);
    const testKey = draft.tests[0]?.key ?? "";
    const { draft: withDays, problems } = applyDates(draft, "2020-02-27", {
      "patient.daysToLastContact": "2021-02-27",
      [`test:${testKey}.daysSinceDiagnosis`]: "2020-03-01",
      [`line:${line.key}.startDay`]: "2020-04-01",
      [`line:${line.key}.endDay`]: "2020-01-01",
    });
    expect(problems).toEqual({ [`line:${line.key}.endDay`]: "This date is before the diagnosis" });
    expect(withDays.patient).toMatchObject({ diagnosisYear: "2020", daysToLastContact: "366" });
    expect(withDays.tests[0]?.daysSinceDiagnosis).toBe("3");
    expect(withDays.lines[0]?.startDay).toBe("34");
    const payload = buildCasePayload(withDays, { includeSite: true });
    expect(findFullDates(payload)).toEqual([]);
    expect(schemas.CaseInputSchema.safeParse(payload).success).toBe(true);
  });
});
