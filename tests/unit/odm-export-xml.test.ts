// ODM 1.3.2 pieces of synthetic cases validate against the ODM 1.3.2 XML Schema; the export from
// the database (AuditRecords, AdminData, roles) is tested in tests/integration/interop-exports.test.ts.
import { describe, expect, it } from "vitest";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { auditRecord, clinicalDataClose, clinicalDataOpen, odmAdminData, odmHead, subjectData, locationOid, userOid } from "../../lib/odm/odm-xml";
import { odmSchemaErrors } from "../support/odm-validation";

function document(withAudit: boolean, mangle: (xml: string) => string = (xml) => xml): string {
  let nextId = 1;
  const subjects = [...generateCohort({ patients: 25, seed: 9 })].map((item) => subjectData({
    studyId: item.patient.studyId,
    siteCode: item.patient.siteCode,
    patient: item.patient,
    tests: item.tests.map((test) => ({ ...test, id: nextId++ })),
    lines: item.lines.map((line) => ({ ...line, id: nextId++ })),
    recurrences: item.recurrences.map((event) => ({ ...event, id: nextId++ })),
  }));
  const audit = withAudit ? `<AuditRecords>${auditRecord({ id: "7", userId: "abc", siteCode: "01", at: new Date("2026-01-02T03:04:05Z"), reason: "Typo <fixed> & checked", source: "PATIENT 1 UPDATE" })}</AuditRecords>\n` : "";
  return mangle(
    odmHead({ fileOid: "HER2.TEST", createdAt: new Date("2026-01-02T00:00:00Z"), description: "test", studyName: "HER2 cohort" }) +
      odmAdminData(withAudit ? [{ oid: userOid("abc"), loginName: "a@b.example" }, { oid: userOid(null), loginName: null }] : [], ["01", "02", "03", "04"].map((code) => ({ oid: locationOid(code), name: `Site ${code}` })), "2026-01-02") +
      clinicalDataOpen +
      subjects.join("") +
      audit +
      clinicalDataClose,
  );
}

describe("ODM 1.3.2 export pieces", () => {
  it("validate against the ODM 1.3.2 schema, with and without AuditRecords", { timeout: 60_000 }, async () => {
    expect(await odmSchemaErrors(document(true))).toEqual([]);
    expect(await odmSchemaErrors(document(false))).toEqual([]);
  });

  it("hold every early-disease field and the recurrence events (issue 14 §1) in the metadata and the subjects' data", () => {
    const head = odmHead({ fileOid: "HER2.TEST", createdAt: new Date("2026-01-02T00:00:00Z"), description: "test", studyName: "HER2 cohort" });
    const items = ["PATIENT.STAGING_BASIS", "PATIENT.YP_T_CATEGORY", "PATIENT.YP_N_CATEGORY", "PATIENT.RCB_CLASS", "PATIENT.SURGERY_TYPE", "PATIENT.DAYS_TO_SURGERY", "PATIENT.PATHOLOGIC_COMPLETE_RESPONSE", "TREATMENT_LINE.MEASURABILITY", "TREATMENT_LINE.RESPONSE_CONFIRMATION", "RECURRENCE_EVENT.KIND", "RECURRENCE_EVENT.DAY"];
    for (const item of items) expect({ item, defined: head.includes(`<ItemDef OID="IT.${item}"`), referenced: head.includes(`ItemOID="IT.${item}"`) }).toEqual({ item, defined: true, referenced: true });
    expect(head).toContain('<ItemGroupDef OID="IG.RECURRENCE_EVENT" Name="Recurrence event" Repeating="Yes">');
    expect(head).toContain('<ItemGroupRef ItemGroupOID="IG.RECURRENCE_EVENT" OrderNumber="4" Mandatory="No"/>');
    expect(head).toMatch(/<ItemDef OID="IT.RECURRENCE_EVENT.DAY" Name="day" DataType="integer" Origin="CRF"><Description>.*<\/Description><Question><TranslatedText xml:lang="en">Day of the event<\/TranslatedText><\/Question><RangeCheck Comparator="GE" SoftHard="Hard"><CheckValue>1<\/CheckValue>/);
    expect(head).toContain('<CodeListItem CodedValue="CONTRALATERAL_INVASIVE" OrderNumber="4"><Decode><TranslatedText xml:lang="en">Contralateral invasive breast cancer</TranslatedText></Decode></CodeListItem>');
    const [item] = [...generateCohort({ patients: 1, seed: 9 })];
    if (!item) throw new Error("no case");
    const subject = subjectData({
      studyId: "X-01-0001",
      siteCode: "01",
      patient: { ...item.patient, stagingBasis: "CLINICAL", ypTCategory: "T0", ypNCategory: "N0", rcbClass: "RCB_0", surgeryType: "MASTECTOMY", daysToSurgery: 190, pathologicCompleteResponse: true },
      tests: [],
      lines: [{ ...item.lines[0], id: 5, measurability: "MEASURABLE", responseConfirmation: "CONFIRMED" }],
      recurrences: [{ id: 8, kind: "LOCAL", day: 400 }, { id: 9, kind: "DISTANT", day: 900 }],
    });
    expect(subject).toContain('<ItemData ItemOID="IT.PATIENT.YP_T_CATEGORY" Value="T0"/><ItemData ItemOID="IT.PATIENT.YP_N_CATEGORY" Value="N0"/><ItemData ItemOID="IT.PATIENT.RCB_CLASS" Value="RCB_0"/><ItemData ItemOID="IT.PATIENT.SURGERY_TYPE" Value="MASTECTOMY"/><ItemData ItemOID="IT.PATIENT.DAYS_TO_SURGERY" Value="190"/>');
    expect(subject).toContain('<ItemData ItemOID="IT.PATIENT.PATHOLOGIC_COMPLETE_RESPONSE" Value="true"/>');
    expect(subject).toContain('<ItemData ItemOID="IT.TREATMENT_LINE.MEASURABILITY" Value="MEASURABLE"/><ItemData ItemOID="IT.TREATMENT_LINE.RESPONSE_CONFIRMATION" Value="CONFIRMED"/>');
    // The entered event; the distant one is days_to_metastasis, as in the CSV files.
    expect(subject).toContain('<ItemGroupData ItemGroupOID="IG.RECURRENCE_EVENT" ItemGroupRepeatKey="8"><ItemData ItemOID="IT.RECURRENCE_EVENT.KIND" Value="LOCAL"/><ItemData ItemOID="IT.RECURRENCE_EVENT.DAY" Value="400"/></ItemGroupData>');
    expect(subject).not.toContain('Value="DISTANT"');
  });

  it("the validator refuses what the schema forbids", { timeout: 60_000 }, async () => {
    expect((await odmSchemaErrors(document(true, (xml) => xml.replace('FileType="Snapshot"', 'FileType="Everything"')))).length).toBeGreaterThan(0);
    expect((await odmSchemaErrors(document(true, (xml) => xml.replace("<AuditRecords>", "<AuditRecords><Oops/>")))).length).toBeGreaterThan(0);
  });
});
