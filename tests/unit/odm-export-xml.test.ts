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

  it("the validator refuses what the schema forbids", { timeout: 60_000 }, async () => {
    expect((await odmSchemaErrors(document(true, (xml) => xml.replace('FileType="Snapshot"', 'FileType="Everything"')))).length).toBeGreaterThan(0);
    expect((await odmSchemaErrors(document(true, (xml) => xml.replace("<AuditRecords>", "<AuditRecords><Oops/>")))).length).toBeGreaterThan(0);
  });
});
