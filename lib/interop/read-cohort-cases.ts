import "server-only";
// The cohort an interoperability export writes, read a page of patients at a time so that a
// registry of any size streams in bounded memory. On a PostgreSQL server without replicas, from
// a server-side cursor in one snapshot (read-cohort-cursor.ts, issue 17 §6, as the CSV export);
// otherwise (PGlite, or replicas configured) through Prisma: the patient ids of a page (keyset on
// id, in the user's scope and the export's filters), then those patients with their live tests,
// lines and recurrence events, so that every column (new ones too) comes along. Both give the same rows.
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { getPrimarySql } from "../db/postgres-client";
import { listReplicas } from "../db/replicas";
import { AppError } from "../errors";
import type { Her2Test, Patient, RecurrenceEvent, TreatmentLine } from "../generated/prisma/client";
import { patientFilterSql, SqlParameters } from "../analytics/filter-sql";
import type { DashboardFilters } from "../analytics/filters";
import { patientScope } from "../cases/patient-scope";
import { openCursorReader } from "./read-cohort-cursor";

/** A patient with its live tests and lines and its stored recurrence events (the DISTANT row included), each in day order. */
export type CohortCase = { patient: Patient & { siteCode: string }; tests: Her2Test[]; lines: TreatmentLine[]; recurrences: RecurrenceEvent[] };

export const EXPORT_PAGE_SIZE = 500;

/** How many patients the export holds. */
export async function countCohort(user: SessionUser, filters: DashboardFilters): Promise<number> {
  const db = await getDb();
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*)::int AS n FROM patients p WHERE ${where}`, ...parameters.values);
  return row?.n ?? 0;
}

function groupByPatient<T extends { patientId: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(row.patientId);
    if (list) list.push(row);
    else groups.set(row.patientId, [row]);
  }
  return groups;
}

async function loadCases(ids: readonly number[]): Promise<CohortCase[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const [patients, tests, lines, events] = await Promise.all([
    db.patient.findMany({ where: { id: { in: [...ids] } }, include: { site: { select: { code: true } } }, orderBy: { id: "asc" } }),
    db.her2Test.findMany({ where: { patientId: { in: [...ids] }, deletedAt: null }, orderBy: [{ patientId: "asc" }, { daysSinceDiagnosis: "asc" }, { id: "asc" }] }),
    db.treatmentLine.findMany({ where: { patientId: { in: [...ids] }, deletedAt: null }, orderBy: [{ patientId: "asc" }, { startDay: "asc" }, { id: "asc" }] }),
    db.recurrenceEvent.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [{ patientId: "asc" }, { day: "asc" }, { id: "asc" }] }),
  ]);
  const testsOf = groupByPatient(tests);
  const linesOf = groupByPatient(lines);
  const eventsOf = groupByPatient(events);
  return patients.map(({ site, ...patient }) => ({
    patient: { ...patient, siteCode: site.code },
    tests: testsOf.get(patient.id) ?? [],
    lines: linesOf.get(patient.id) ?? [],
    recurrences: eventsOf.get(patient.id) ?? [],
  }));
}

/** The cohort's patient ids, a page at a time (keyset on id). */
export async function* readCohortIds(user: SessionUser, filters: DashboardFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<number[]> {
  const db = await getDb();
  let lastId = 0;
  for (;;) {
    const parameters = new SqlParameters();
    const where = patientFilterSql(user, filters, parameters);
    const after = parameters.add(lastId);
    const rows = await db.$queryRawUnsafe<{ id: number }[]>(`SELECT p.id FROM patients p WHERE ${where} AND p.id > ${after}::int ORDER BY p.id LIMIT ${pageSize}`, ...parameters.values);
    if (rows.length === 0) return;
    yield rows.map((row) => row.id);
    lastId = rows.at(-1)?.id ?? lastId;
    if (rows.length < pageSize) return;
  }
}

/** The cohort, page by page (ordered by patient id). */
export async function* readCohortCases(user: SessionUser, filters: DashboardFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<CohortCase[]> {
  for await (const ids of readCohortIds(user, filters, pageSize)) yield await loadCases(ids);
}

/**
 * How an export reads its cohort: `cases()` and `ids()` page through it in patient id order,
 * `query()` runs one more statement in the same snapshot (the ODM's audit trail), `close()`
 * gives the connection back (call it whatever happens, once the stream ends).
 */
export type CohortReader = {
  cases(): AsyncGenerator<CohortCase[]>;
  ids(): AsyncGenerator<number[]>;
  query<Row>(text: string, ...values: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
};

/** "auto": a server-side cursor on a PostgreSQL server without replicas, else Prisma pages; "prisma": Prisma pages always (the test that compares both). */
export type CohortReaderKind = "auto" | "prisma";

function openPrismaReader(user: SessionUser, filters: DashboardFilters, pageSize: number): CohortReader {
  return {
    cases: () => readCohortCases(user, filters, pageSize),
    ids: () => readCohortIds(user, filters, pageSize),
    async query<Row>(text: string, ...values: unknown[]) {
      const db = await getDb();
      return db.$queryRawUnsafe<Row[]>(text, ...values);
    },
    close: async () => undefined,
  };
}

/** The reader of the user's filtered cohort (see CohortReaderKind). */
export function openCohortReader(user: SessionUser, filters: DashboardFilters, kind: CohortReaderKind = "auto", pageSize = EXPORT_PAGE_SIZE): CohortReader {
  const sql = kind === "auto" && listReplicas().length === 0 ? getPrimarySql() : null;
  return sql ? openCursorReader(sql, user, filters, pageSize) : openPrismaReader(user, filters, pageSize);
}

/** One patient in the user's scope; another site's (or a deleted) patient is NOT_FOUND. */
export async function readCohortCase(user: SessionUser, patientId: number): Promise<CohortCase> {
  const db = await getDb();
  const found = await db.patient.findFirst({ where: { AND: [patientScope(user), { id: patientId }] }, select: { id: true } });
  if (!found) throw new AppError("NOT_FOUND", "No such case.");
  const [item] = await loadCases([found.id]);
  if (!item) throw new AppError("NOT_FOUND", "No such case.");
  return item;
}
