import "server-only";
// Writes an import plan in one transaction: new cases with bulk inserts (ids drawn from the
// tables' sequences, so concurrent writers never collide), updates row by row after locking
// and re-checking versions, and one audit event per written row plus one for the import.
// Any failure rolls everything back: all or nothing. On a PostgreSQL server an import that only
// creates cases runs its transaction on postgres.js and streams the rows with COPY (issue 17 §6);
// imports that update cases, and the embedded PGlite, use Prisma's transaction and multi-row
// INSERTs: the same rows, ids and audit events either way.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { SessionUser } from "../auth/roles";
import { insertRows, toArrayLiteral, type ColumnSpec, type RawExecutor } from "../db/bulk-insert";
import { CopyRefusedError, startCopy, toCopyChunks } from "../db/copy-stream";
import { toCopyLine } from "../db/copy-text";
import type postgres from "postgres";
import { getPrimarySql } from "../db/postgres-client";
import { LINE_COLUMNS, PATIENT_COLUMNS, RECURRENCE_COLUMNS, TEST_COLUMNS, toColumnValues } from "../db/clinical-columns";
import { AppError } from "../errors";
import { diffFields, type FieldChanges } from "./audit-changes";
import { toSnakeCase } from "./csv-columns";
import { STORED_LINE_FIELDS, STORED_PATIENT_FIELDS, STORED_TEST_FIELDS } from "./case-row-values";
import { AUDITED_DERIVED_FIELDS } from "./derive-case";
import type { ImportPlan } from "./plan-import";

const INSERT_BATCH = 5_000;

const AUDIT_COLUMNS: ColumnSpec[] = [
  { column: "user_id", type: "text" },
  { column: "user_email", type: "text" },
  { column: "site_id", type: "int4" },
  { column: "entity", type: '"AuditEntity"' },
  { column: "entity_id", type: "text" },
  { column: "action", type: '"AuditAction"' },
  { column: "changes", type: "jsonb" },
  { column: "reason", type: "text" },
];

type Tx = Prisma.TransactionClient;

/**
 * One CREATE audit event per row just inserted, built by PostgreSQL from the stored row: the
 * same `{ field: { before: null, after } }` shape as the case form's events (camelCase field
 * names, non-null fields only), without shipping hundreds of thousands of JSON documents.
 */
async function recordCreatedRows(
  tx: BulkWriter,
  user: SessionUser,
  table: "patients" | "her2_tests" | "treatment_lines",
  fields: readonly string[],
  ids: readonly number[],
  reason: string,
): Promise<void> {
  if (ids.length === 0) return;
  const entity = table === "patients" ? "PATIENT" : table === "her2_tests" ? "HER2_TEST" : "TREATMENT_LINE";
  const siteSql = table === "patients" ? "r.site_id" : "(SELECT site_id FROM patients WHERE patients.id = r.patient_id)";
  await tx.execute(
    `INSERT INTO audit_events (user_id, user_email, site_id, entity, entity_id, action, changes, reason)
     SELECT $1, $2, ${siteSql}, '${entity}'::"AuditEntity", r.id::text, 'CREATE'::"AuditAction",
            (SELECT jsonb_object_agg(m.field, jsonb_build_object('before', NULL, 'after', e.value))
               FROM jsonb_each(to_jsonb(r)) AS e(key, value)
               JOIN unnest($3::text[], $4::text[]) AS m(col, field) ON m.col = e.key
              WHERE e.value <> 'null'::jsonb),
            $5
       FROM "${table}" r WHERE r.id = ANY($6::int4[]) ORDER BY r.id`,
    user.id,
    user.email,
    fields.map(toSnakeCase),
    [...fields],
    reason,
    [...ids],
  );
}

/** `count` new ids from the table's own sequence: safe beside concurrent inserts. */
async function allocateIds(tx: BulkWriter, table: "patients" | "her2_tests" | "treatment_lines", count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int4 AS id FROM generate_series(1, $1::int4)`,
    count,
  );
  return rows.map((row) => row.id);
}

/** "auto": COPY through postgres.js on a PostgreSQL server when the import only creates cases; "insert": Prisma's INSERTs always. */
export type BulkWrite = "auto" | "insert";

/** What the bulk part of the commit needs from its transaction, on either client. */
type BulkWriter = {
  execute: (query: string, ...values: unknown[]) => Promise<unknown>;
  query: <Row>(query: string, ...values: unknown[]) => Promise<Row[]>;
  insert: (table: string, columns: ColumnSpec[], rows: unknown[][]) => Promise<void>;
};

/** Prisma's transaction: multi-row INSERTs of unnested arrays (works on PGlite too). */
function prismaWriter(tx: Tx): BulkWriter {
  return {
    execute: (query, ...values) => tx.$executeRawUnsafe(query, ...values),
    query: <Row>(query: string, ...values: unknown[]) => tx.$queryRawUnsafe<Row[]>(query, ...values),
    insert: async (table, columns, rows) => {
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await insertRows(tx as unknown as RawExecutor, table, columns, rows.slice(start, start + INSERT_BATCH));
      }
    },
  };
}

/** A postgres.js transaction: rows streamed with COPY FROM STDIN, a batch of lines per write. */
function copyWriter(tx: postgres.TransactionSql): BulkWriter {
  return {
    execute: (query, ...values) => tx.unsafe(query, values as postgres.ParameterOrJSON<never>[]),
    query: async <Row>(query: string, ...values: unknown[]) => [...(await tx.unsafe(query, values as postgres.ParameterOrJSON<never>[]))] as Row[],
    insert: async (table, columns, rows) => {
      if (rows.length === 0) return;
      const copy = await startCopy(tx, table, columns);
      for (const chunk of toCopyChunks(rows, toCopyLine)) await copy.write(chunk);
      await copy.end();
    },
  };
}


export async function commitImportPlan(
  db: PrismaClient,
  user: SessionUser,
  plan: ImportPlan,
  mode: "create" | "update",
  onProgress: (written: number, total: number) => void,
  bulkWrite: BulkWrite = "auto",
): Promise<void> {
  const reason = mode === "update" ? "CSV import (update existing cases)" : "CSV import";
  const audit: unknown[][] = [];
  const auditRow = (siteId: number, entity: string, entityId: number, action: string, changes: FieldChanges | null) => {
    audit.push([user.id, user.email, siteId, entity, String(entityId), action, changes ? JSON.stringify(changes) : null, reason]);
  };
  const total = plan.newCases.length + plan.updates.length;
  const sql = plan.updates.length === 0 && bulkWrite === "auto" ? getPrimarySql() : null;
  if (sql) {
    onProgress(0, total);
    try {
      await sql.begin((tx) => writeNewCases(copyWriter(tx), user, plan, mode, audit, reason, onProgress));
      return;
    } catch (error) {
      if (!(error instanceof CopyRefusedError)) throw error;
      // Rolled back; the INSERT path below reports which row and why.
      audit.length = 0;
    }
  }
  await db.$transaction(
    async (tx) => {
      // Updates first, under lock, re-checking the versions read during validation. Locked in id
      // order, so that two imports (or an import and a case save) never wait on each other in a cycle.
      if (plan.updates.length > 0) {
        const locked = await tx.$queryRawUnsafe<{ id: number; version: number }[]>(
          `SELECT id, version FROM patients WHERE id = ANY($1::int4[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
          plan.updates.map((update) => update.patientId),
        );
        const versions = new Map(locked.map((row) => [row.id, row.version]));
        const stale = plan.updates.filter((update) => versions.get(update.patientId) !== update.expectedVersion);
        if (stale.length > 0) {
          throw new AppError("CONFLICT", `${stale.length} case(s) changed while the import ran; nothing was imported. Export again and retry.`, {
            details: { rows: stale.map((update) => update.row) },
          });
        }
      }
      for (const update of plan.updates) {
        const now = new Date();
        for (const test of update.changedTests) {
          const result = await tx.her2Test.updateMany({ where: { id: test.id, version: test.version, deletedAt: null }, data: { ...test.values, version: { increment: 1 }, updatedAt: now } });
          if (result.count !== 1) throw new AppError("CONFLICT", `HER2 test ${test.id} changed while the import ran; nothing was imported.`);
          auditRow(update.siteId, "HER2_TEST", test.id, "UPDATE", test.changes);
        }
        for (const line of update.changedLines) {
          const result = await tx.treatmentLine.updateMany({ where: { id: line.id, version: line.version, deletedAt: null }, data: { ...line.values, version: { increment: 1 }, updatedAt: now } });
          if (result.count !== 1) throw new AppError("CONFLICT", `Treatment line ${line.id} changed while the import ran; nothing was imported.`);
          auditRow(update.siteId, "TREATMENT_LINE", line.id, "UPDATE", line.changes);
        }
        for (const test of update.newTests) {
          const created = await tx.her2Test.create({ data: { ...test, patientId: update.patientId } });
          auditRow(update.siteId, "HER2_TEST", created.id, "CREATE", diffFields(null, test, STORED_TEST_FIELDS));
        }
        for (const line of update.newLines) {
          const created = await tx.treatmentLine.create({ data: { ...line, patientId: update.patientId } });
          auditRow(update.siteId, "TREATMENT_LINE", created.id, "CREATE", diffFields(null, line, STORED_LINE_FIELDS));
        }
        // Rows the file left alone whose derived columns follow the change (not audited: derived).
        for (const test of update.refreshedTests) await tx.her2Test.update({ where: { id: test.id }, data: test.values });
        for (const line of update.refreshedLines) await tx.treatmentLine.update({ where: { id: line.id }, data: line.values });
        // The patient's events are replaced as a whole (audited on the patient as `recurrences`).
        if (update.recurrences !== null) {
          await tx.recurrenceEvent.deleteMany({ where: { patientId: update.patientId } });
          if (update.recurrences.length > 0) await tx.recurrenceEvent.createMany({ data: update.recurrences.map((event) => ({ ...event, patientId: update.patientId })) });
        }
        const bump = Object.keys(update.enteredChanges).length > 0;
        if (bump || update.derivedStale) {
          await tx.patient.update({ where: { id: update.patientId }, data: { ...update.patientValues, ...(bump ? { version: { increment: 1 } } : {}) } });
        }
        if (bump || Object.keys(update.derivedChanges).length > 0) {
          auditRow(update.siteId, "PATIENT", update.patientId, "UPDATE", { ...update.enteredChanges, ...update.derivedChanges });
        }
      }
      onProgress(plan.updates.length, total);
      await writeNewCases(prismaWriter(tx), user, plan, mode, audit, reason, onProgress);
    },
    { timeout: 10 * 60 * 1000, maxWait: 30_000 },
  );
}

/** The new cases, their audit events and the import's own, with the events of the updates gathered in `audit`. */
async function writeNewCases(
  tx: BulkWriter,
  user: SessionUser,
  plan: ImportPlan,
  mode: "create" | "update",
  audit: unknown[][],
  reason: string,
  onProgress: (written: number, total: number) => void,
): Promise<void> {
  const total = plan.newCases.length + plan.updates.length;
    // New cases: bulk inserts in batches.
    const patientIds = await allocateIds(tx, "patients", plan.newCases.length);
    const testIds = await allocateIds(tx, "her2_tests", plan.newCases.reduce((sum, item) => sum + item.tests.length, 0));
    const lineIds = await allocateIds(tx, "treatment_lines", plan.newCases.reduce((sum, item) => sum + item.lines.length, 0));
    let nextTest = 0;
    let nextLine = 0;
    const now = new Date();
    for (let start = 0; start < plan.newCases.length; start += INSERT_BATCH) {
      const patients: unknown[][] = [];
      const tests: unknown[][] = [];
      const lines: unknown[][] = [];
      const recurrences: unknown[][] = [];
      const batchTestIds: number[] = [];
      const batchLineIds: number[] = [];
      plan.newCases.slice(start, start + INSERT_BATCH).forEach((item, offset) => {
        const id = patientIds[start + offset] ?? 0;
        patients.push(toColumnValues(PATIENT_COLUMNS, { ...item.patient, id, studyId: item.studyId, siteId: item.siteId, updatedAt: now }, toArrayLiteral));
        for (const test of item.tests) {
          const testId = testIds[nextTest++] ?? 0;
          batchTestIds.push(testId);
          tests.push(toColumnValues(TEST_COLUMNS, { ...test, id: testId, patientId: id, updatedAt: now }, toArrayLiteral));
        }
        for (const line of item.lines) {
          const lineId = lineIds[nextLine++] ?? 0;
          batchLineIds.push(lineId);
          lines.push(toColumnValues(LINE_COLUMNS, { ...line, id: lineId, patientId: id, updatedAt: now }, toArrayLiteral));
        }
        for (const event of item.recurrences) recurrences.push(toColumnValues(RECURRENCE_COLUMNS, { ...event, patientId: id }, toArrayLiteral));
      });
      await tx.insert("patients", PATIENT_COLUMNS, patients);
      await tx.insert("her2_tests", TEST_COLUMNS, tests);
      await tx.insert("treatment_lines", LINE_COLUMNS, lines);
      await tx.insert("recurrence_events", RECURRENCE_COLUMNS, recurrences);
      await recordCreatedRows(tx, user, "patients", [...STORED_PATIENT_FIELDS, ...AUDITED_DERIVED_FIELDS], patients.map((row) => row[0] as number), reason);
      await recordCreatedRows(tx, user, "her2_tests", STORED_TEST_FIELDS, batchTestIds, reason);
      await recordCreatedRows(tx, user, "treatment_lines", STORED_LINE_FIELDS, batchLineIds, reason);
      onProgress(plan.updates.length + Math.min(plan.newCases.length, start + INSERT_BATCH), total);
    }

    audit.push([
      user.id,
      user.email,
      user.siteId,
      "IMPORT",
      null,
      "IMPORT",
      JSON.stringify({
        mode,
        patientsCreated: plan.newCases.length,
        patientsUpdated: plan.updates.length,
        testsCreated: testIds.length + plan.updates.reduce((sum, item) => sum + item.newTests.length, 0),
        linesCreated: lineIds.length + plan.updates.reduce((sum, item) => sum + item.newLines.length, 0),
        recurrenceEventsCreated: plan.newCases.reduce((sum, item) => sum + item.recurrences.length, 0),
      }),
      reason,
    ]);
    await tx.insert("audit_events", AUDIT_COLUMNS, audit);
}
