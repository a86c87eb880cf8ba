import "server-only";
// The interoperability exports' cohort read through a server-side cursor (issue 17 §6), the way
// the CSV export reads its files: one connection of the postgres.js pool, held for the export,
// in one read-only REPEATABLE READ transaction (every page, and the ODM's audit pass, from one
// snapshot), a `DECLARE … CURSOR` over the cohort's patients in id order fetched a page at a
// time, and each page's live tests, lines and recurrence events read by patient id in the same transaction. Rows
// come back with Prisma's field names and values (cohort-columns.ts), so that the FHIR and ODM
// files are byte for byte those of the Prisma path (read-cohort-cases.ts).
import type postgres from "postgres";
import type { SessionUser } from "../auth/roles";
import { patientFilterSql, SqlParameters } from "../analytics/filter-sql";
import type { DashboardFilters } from "../analytics/filters";
import type { Her2Test, Patient, RecurrenceEvent, TreatmentLine } from "../generated/prisma/client";
import { EVENT_FIELDS, LINE_FIELDS, PATIENT_FIELDS, selectList, TEST_FIELDS } from "./cohort-columns";
import type { CohortCase, CohortReader } from "./read-cohort-cases";

/**
 * A parameter as postgres.js sends it: an array as PostgreSQL's array literal, since postgres.js
 * serializes only the arrays of types it fetched when it connected (not an enum created since).
 */
export function toPostgresParameter(value: unknown): postgres.ParameterOrJSON<never> {
  if (!Array.isArray(value)) return value as postgres.ParameterOrJSON<never>;
  const element = (item: unknown) => (item === null || item === undefined ? "NULL" : `"${String(item).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return `{${value.map(element).join(",")}}`;
}

const parametersOf = (values: readonly unknown[]) => values.map(toPostgresParameter);

function groupByPatient<T extends { patientId: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(row.patientId);
    if (list) list.push(row);
    else groups.set(row.patientId, [row]);
  }
  return groups;
}

/** A cohort reader on a connection of `sql`'s pool; `close()` ends its transaction and gives the connection back. */
export function openCursorReader(sql: postgres.Sql, user: SessionUser, filters: DashboardFilters, pageSize: number): CohortReader {
  let session: Promise<postgres.ReservedSql> | null = null;
  let cursors = 0;
  // The transaction starts on first use, so that an export refused or never read holds no connection.
  const connection = () => {
    session ??= (async () => {
      const reserved = await sql.reserve();
      try {
        await reserved.unsafe("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      } catch (error) {
        reserved.release();
        throw error;
      }
      return reserved;
    })();
    return session;
  };

  /** The cohort's patient rows (`select` over `patients p`), a page at a time, from a cursor. */
  async function* pages<Row>(select: string): AsyncGenerator<Row[]> {
    const tx = await connection();
    const name = `cohort_${++cursors}`;
    const parameters = new SqlParameters();
    const where = patientFilterSql(user, filters, parameters);
    await tx.unsafe(`DECLARE ${name} NO SCROLL CURSOR FOR SELECT ${select} WHERE ${where} ORDER BY p.id`, parametersOf(parameters.values));
    try {
      for (;;) {
        const rows = (await tx.unsafe(`FETCH ${pageSize} FROM ${name}`)) as unknown as Row[];
        if (rows.length > 0) yield rows;
        if (rows.length < pageSize) return;
      }
    } finally {
      // Closed at once (a reader stopped early leaves no open portal behind in the transaction).
      await tx.unsafe(`CLOSE ${name}`).catch(() => undefined);
    }
  }

  return {
    async *cases() {
      const tx = await connection();
      for await (const patients of pages<Patient & { siteCode: string }>(`${selectList(PATIENT_FIELDS, "p")}, site.code AS "siteCode" FROM patients p JOIN sites site ON site.id = p.site_id`)) {
        const ids = `{${patients.map((patient) => patient.id).join(",")}}`;
        const tests = (await tx.unsafe(`SELECT ${selectList(TEST_FIELDS, "t")} FROM her2_tests t WHERE t.patient_id = ANY($1::int[]) AND t.deleted_at IS NULL ORDER BY t.patient_id, t.days_since_diagnosis, t.id`, [ids])) as unknown as Her2Test[];
        const lines = (await tx.unsafe(`SELECT ${selectList(LINE_FIELDS, "l")} FROM treatment_lines l WHERE l.patient_id = ANY($1::int[]) AND l.deleted_at IS NULL ORDER BY l.patient_id, l.start_day, l.id`, [ids])) as unknown as TreatmentLine[];
        const events = (await tx.unsafe(`SELECT ${selectList(EVENT_FIELDS, "r")} FROM recurrence_events r WHERE r.patient_id = ANY($1::int[]) ORDER BY r.patient_id, r.day, r.id`, [ids])) as unknown as RecurrenceEvent[];
        const testsOf = groupByPatient(tests);
        const linesOf = groupByPatient(lines);
        const eventsOf = groupByPatient(events);
        yield patients.map((patient): CohortCase => ({ patient, tests: testsOf.get(patient.id) ?? [], lines: linesOf.get(patient.id) ?? [], recurrences: eventsOf.get(patient.id) ?? [] }));
      }
    },
    async *ids() {
      for await (const rows of pages<{ id: number }>("p.id FROM patients p")) yield rows.map((row) => row.id);
    },
    async query<Row>(text: string, ...values: unknown[]) {
      const tx = await connection();
      return (await tx.unsafe(text, parametersOf(values))) as unknown as Row[];
    },
    async close() {
      if (session === null) return;
      const pending = session;
      session = null;
      const tx = await pending.catch(() => null);
      if (tx === null) return;
      try {
        // Read only: COMMIT and ROLLBACK are alike; ROLLBACK also ends a transaction an error aborted.
        await tx.unsafe("ROLLBACK");
      } finally {
        tx.release();
      }
    },
  };
}
