// The import commit's two ways of writing new cases (issue 17 §6) store the same thing: COPY
// through postgres.js (a PostgreSQL server) and Prisma's multi-row INSERTs (the embedded PGlite,
// and imports that also update). The same cohort is imported once each way, under two study-ID
// prefixes, and every stored column of every row, and every audit event, is compared. On PGlite
// both imports take the INSERT path, so the comparison holds trivially there.
import { beforeAll, describe, expect, it } from "vitest";
import { importCases } from "../../lib/cases/import-cases";
import { getDb, getDatabaseKind } from "../../lib/db/client";
import { getPrimarySql } from "../../lib/db/postgres-client";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles } from "../support/synthetic-import";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("bp");
});

/** Every row of the three clinical tables and their audit events, for one prefix, without ids, study IDs and times. */
async function storedRows(prefix: string): Promise<{ patients: string[]; tests: string[]; lines: string[]; audit: string[] }> {
  const db = await getDb();
  const patients = `SELECT p.* FROM patients p WHERE p.study_id LIKE '${prefix}-%'`;
  const strip = (alias: string) => `to_jsonb(${alias}) - 'id' - 'patient_id' - 'study_id' - 'created_at' - 'updated_at'`;
  const read = async (query: string) => (await db.$queryRawUnsafe<{ row: string }[]>(query)).map((entry) => entry.row);
  return {
    patients: await read(`SELECT (${strip("p")})::text AS row FROM (${patients}) p ORDER BY p.study_id`),
    tests: await read(
      `SELECT (${strip("t")})::text AS row FROM her2_tests t JOIN (${patients}) p ON p.id = t.patient_id ORDER BY p.study_id, t.days_since_diagnosis, t.id`,
    ),
    lines: await read(
      `SELECT (${strip("l")})::text AS row FROM treatment_lines l JOIN (${patients}) p ON p.id = l.patient_id ORDER BY p.study_id, l.line_number, l.id`,
    ),
    audit: await read(
      `SELECT jsonb_build_object('entity', a.entity, 'action', a.action, 'site', a.site_id, 'reason', a.reason, 'user', a.user_id,
              'changes', a.changes - 'studyId' - 'patientId')::text AS row
         FROM audit_events a
         JOIN (${patients}) p ON (a.entity = 'PATIENT' AND a.entity_id = p.id::text)
           OR (a.entity = 'HER2_TEST' AND a.entity_id IN (SELECT t.id::text FROM her2_tests t WHERE t.patient_id = p.id))
           OR (a.entity = 'TREATMENT_LINE' AND a.entity_id IN (SELECT l.id::text FROM treatment_lines l WHERE l.patient_id = p.id))
        ORDER BY p.study_id, a.entity, a.id`,
    ),
  };
}

describe("the import commit's COPY and INSERT paths", () => {
  it("store the same rows and audit events for the same files", async () => {
    // On a server the first import really takes the COPY path: postgres.js has a pool there.
    expect(getPrimarySql() !== null).toBe(getDatabaseKind() === "postgresql");
    const files = (prefix: string) => syntheticImportFiles({ patients: 400, seed: 31, siteCode: fx.siteA.code, prefix });
    const copied = await importCases(fx.coordinatorA, files("BPCP"), { mode: "create", dryRun: false });
    const inserted = await importCases(fx.coordinatorA, files("BPIN"), { mode: "create", dryRun: false, bulkWrite: "insert" });
    expect(copied.committed && inserted.committed).toBe(true);
    const viaCopy = await storedRows("BPCP");
    const viaInsert = await storedRows("BPIN");
    expect(viaCopy.patients).toHaveLength(400);
    expect(viaCopy.tests.length).toBe(copied.testsToCreate);
    expect(viaCopy.audit.length).toBe(400 + copied.testsToCreate + copied.linesToCreate);
    expect(viaCopy).toEqual(viaInsert);
    const db = await getDb();
    const imports = await db.auditEvent.findMany({ where: { entity: "IMPORT", userId: fx.coordinatorA.id }, orderBy: { id: "asc" } });
    expect(imports.map((event) => event.changes)).toEqual([imports[0]?.changes, imports[0]?.changes]);
  });
});
