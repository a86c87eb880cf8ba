// npm run db:reclassify's core: finds stale derived values, writes back only those, reports per rule.
import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/demo/seed-demo";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";

describe("reclassifying every case", () => {
  it("changes nothing on a consistent database, then repairs stale categories and cohorts", async () => {
    const db = await getDb();
    await seedDemo(db, { patients: 400, seed: 11, sites: 4, password: "integration-Pass-1", batchSize: 100 });
    const clean = await reclassifyCases(db, { batchSize: 37 });
    expect(clean).toMatchObject({ patients: 400, testsChanged: 0, patientsChanged: 0, cohortChanges: { latest: 0, primary: 0, highest: 0 } });

    // Simulate a rule change: stored values no longer match what the rules give.
    const target = await db.her2Test.findFirstOrThrow({ where: { ihcScore: "IHC_1", specimen: "PRIMARY_BIOPSY", ishRatio: null }, orderBy: { id: "asc" } });
    await db.her2Test.update({ where: { id: target.id }, data: { category: "ZERO" } });
    await db.$executeRawUnsafe(`UPDATE patients SET cohort_highest = NULL, hr_status = NULL WHERE id IN (SELECT id FROM patients WHERE cohort_highest IS NOT NULL ORDER BY id LIMIT 10)`);
    const before = await db.patient.findUniqueOrThrow({ where: { id: target.patientId } });

    const repaired = await reclassifyCases(db, { batchSize: 37 });
    expect(repaired.testsChanged).toBe(1);
    expect(repaired.cohortChanges.highest).toBeGreaterThanOrEqual(10);
    expect(repaired.patientsChanged).toBeGreaterThanOrEqual(10);
    expect((await db.her2Test.findUniqueOrThrow({ where: { id: target.id } })).category).toBe("LOW");
    const after = await db.patient.findUniqueOrThrow({ where: { id: target.patientId } });
    expect(after.version).toBe(before.version);
    const nulls = await db.patient.count({ where: { cohortHighest: null, evaluableTestCount: { gt: 0 } } });
    expect(nulls).toBe(0);

    const again = await reclassifyCases(db);
    expect(again.patientsChanged).toBe(0);
    const audit = await db.auditEvent.findFirst({ where: { reason: { contains: "Reclassification" } } });
    expect(audit?.changes).toMatchObject({ testsChanged: 1 });
  });
});
