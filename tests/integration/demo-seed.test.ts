import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { derivePatientHer2 } from "../../lib/cases/derive-patient";
import { checkHealth } from "../../lib/health/check-health";
import { DatabaseNotEmptyError, seedDemo } from "../../lib/demo/seed-demo";
import { verifyPassword } from "../../lib/auth/password";
import type { Her2Category } from "../../lib/her2/classify";
import type { Specimen } from "../../lib/her2/cohort";

describe("the demo seed on a migrated database", () => {
  it("reports a healthy, current database before and after", async () => {
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    expect(report.database.reachable).toBe(true);
    expect(report.database.migrations?.pending).toEqual([]);
  });

  it("loads the cohort, one user per role, and derived columns that match the rows", async () => {
    const db = await getDb();
    const result = await seedDemo(db, { patients: 300, seed: 5, sites: 4, password: "integration-Pass-1", batchSize: 70 });
    expect(result.patients).toBe(300);
    expect(await db.patient.count()).toBe(300);
    expect(await db.her2Test.count()).toBe(result.tests);
    expect(await db.treatmentLine.count()).toBe(result.lines);

    const users = await db.user.findMany({ orderBy: { email: "asc" } });
    expect(users.map((user) => user.role).sort()).toEqual(["ADMIN", "COORDINATOR", "INVESTIGATOR"]);
    for (const user of users) expect(await verifyPassword(user.passwordHash, "integration-Pass-1")).toBe(true);

    // Every stored cohort equals what the derivation gives for the stored tests.
    const patients = await db.patient.findMany({ include: { her2Tests: true } });
    for (const patient of patients) {
      const tests = patient.her2Tests.map((test) => ({
        daysSinceDiagnosis: test.daysSinceDiagnosis,
        specimen: test.specimen as Specimen,
        category: test.category as Her2Category,
        blockLabel: test.blockLabel,
        readKind: test.readKind,
        treatmentTiming: test.treatmentTiming,
      }));
      expect(patient).toMatchObject(derivePatientHer2(tests));
    }

    // The explicit ids moved the sequences on: the next insert does not collide.
    const site = await db.site.create({ data: { code: "99", name: "Next site" } });
    expect(site.id).toBe(5);
    const audit = await db.auditEvent.findFirst({ where: { entity: "IMPORT" } });
    expect(audit?.changes).toMatchObject({ patients: 300 });
  });

  it("refuses to seed a database that already holds data", async () => {
    const db = await getDb();
    await expect(seedDemo(db, { patients: 10, seed: 1, sites: 4 })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
  });

  it("keeps the audit trail append-only in the database itself", async () => {
    const db = await getDb();
    await expect(db.$executeRawUnsafe(`UPDATE audit_events SET reason = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it("rejects an ISH ratio without its copy number at the database level too", async () => {
    const db = await getDb();
    const patient = await db.patient.findFirstOrThrow();
    await expect(
      db.her2Test.create({
        data: { patientId: patient.id, specimen: "OTHER", daysSinceDiagnosis: 1, assay: "OTHER", ihcScore: "IHC_2", ishRatio: 2.5, category: "EQUIVOCAL" },
      }),
    ).rejects.toThrow(/her2_tests_ish_pair/);
  });
});
