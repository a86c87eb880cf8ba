import "server-only";
// The analysis export (issue 5.6): tidy CSVs of patients, HER2 tests and treatment lines with
// every derived category and cohort, and their data dictionary, streamed as one ZIP so that a
// large registry never sits in memory. Scoped like every query (a coordinator: own site), live
// rows only, and recorded in the audit trail as EXPORT. On a PostgreSQL server the rows come from
// server-side cursors through postgres.js, all three files from one snapshot (issue 17 §6); on
// the embedded PGlite from Prisma in keyset pages: the same files. Either way rows are read only
// as fast as the client downloads (the stream asks for more), so memory stays bounded.
import { Zip, ZipDeflate, strToU8 } from "fflate";
import type postgres from "postgres";
import { getDb } from "../db/client";
import { getPrimarySql } from "../db/postgres-client";
import { listReplicas } from "../db/replicas";
import { readForAnalysis } from "../db/replica-routing";
import type { SessionUser } from "../auth/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import { CASE_FILES, CSV_COLUMNS, CSV_FILE_NAMES, type CaseFile } from "./csv-columns";
import { toCsvLine } from "./csv-write";
import { buildExportDictionary } from "./export-dictionary";
import { patientScopeSql } from "./patient-scope";

const PAGE = 5_000;

type Row = Record<string, unknown>;

// One query per file over the scope `scope`; `paged`: keyset pages (`$1` is the last id seen,
// scope parameters follow), else the whole file in id order for a cursor.
function queryOf(file: CaseFile, scope: string, paged: boolean): string {
  const page = (id: string) => (paged ? ` AND ${id} > $1 ORDER BY ${id} LIMIT ${PAGE}` : ` ORDER BY ${id}`);
  switch (file) {
    case "patients":
      return `SELECT p.*, p.id AS patient_id, s.code AS site_code, p.id AS page_id
                FROM patients p JOIN sites s ON s.id = p.site_id
               WHERE ${scope}${page("p.id")}`;
    case "her2_tests":
      return `SELECT t.*, t.id AS test_id, p.study_id, t.id AS page_id
                FROM her2_tests t JOIN patients p ON p.id = t.patient_id
               WHERE ${scope} AND t.deleted_at IS NULL${page("t.id")}`;
    case "treatment_lines":
      return `SELECT l.id AS line_id, l.patient_id, p.study_id, l.version, l.setting, l.line_number, l.regimen_class,
                     array_to_string(l.agents, ';') AS agents, l.start_day, l.end_day, l.best_response, l.progression_day, l.her2_at_start, l.id AS page_id
                FROM treatment_lines l JOIN patients p ON p.id = l.patient_id
               WHERE ${scope} AND l.deleted_at IS NULL${page("l.id")}`;
    // The entered events, as the import takes them back: the distant recurrence is days_to_metastasis.
    case "recurrence_events":
      return `SELECT r.patient_id, p.study_id, r.kind, r.day, r.id AS page_id
                FROM recurrence_events r JOIN patients p ON p.id = r.patient_id
               WHERE ${scope} AND r.kind <> 'DISTANT'${page("r.id")}`;
  }
}

/** Reads one file's rows in batches, handing each to `write`, which returns once the client wants more. */
type ReadFile = (file: CaseFile, write: (rows: Row[]) => Promise<void>) => Promise<void>;
/** Runs `work` with a reader of the files (in one snapshot where the client allows). */
type WithReader = (work: (read: ReadFile) => Promise<void>) => Promise<void>;

/** Prisma (PGlite, or any target): keyset pages of PAGE rows. */
function readWithPrisma(user: SessionUser): WithReader {
  const scope = patientScopeSql(user, "p", 2);
  return (work) =>
    work(async (file, write) => {
      let lastId = 0;
      for (;;) {
        const rows = await readForAnalysis(user, (db) => db.$queryRawUnsafe<Row[]>(queryOf(file, scope.sql, true), lastId, ...scope.params));
        if (rows.length > 0) await write(rows);
        if (rows.length < PAGE) break;
        lastId = Number(rows.at(-1)?.page_id ?? lastId);
      }
    });
}

/** postgres.js: a server-side cursor per file, PAGE rows a fetch, all files in one read-only snapshot. */
function readWithCursors(sql: postgres.Sql, user: SessionUser): WithReader {
  const scope = patientScopeSql(user, "p", 1);
  return async (work) => {
    await sql.begin("ISOLATION LEVEL REPEATABLE READ READ ONLY", (tx) =>
      work(async (file, write) => {
        for await (const rows of tx.unsafe(queryOf(file, scope.sql, false), scope.params as postgres.ParameterOrJSON<never>[]).cursor(PAGE)) {
          await write(rows as Row[]);
        }
      }),
    );
  };
}

export type ExportSummary = { patients: number; tests: number; lines: number };

/** How many rows the user's export holds (the exports page shows it before the download). */
export async function summarizeExport(user: SessionUser): Promise<ExportSummary> {
  const db = await getDb();
  const scope = patientScopeSql(user, "p", 1);
  const [row] = await db.$queryRawUnsafe<{ patients: number; tests: number; lines: number }[]>(
    `SELECT (SELECT COUNT(*)::int FROM patients p WHERE ${scope.sql}) AS patients,
            (SELECT COUNT(*)::int FROM her2_tests t JOIN patients p ON p.id = t.patient_id WHERE ${scope.sql} AND t.deleted_at IS NULL) AS tests,
            (SELECT COUNT(*)::int FROM treatment_lines l JOIN patients p ON p.id = l.patient_id WHERE ${scope.sql} AND l.deleted_at IS NULL) AS lines`,
    ...scope.params,
  );
  return row ?? { patients: 0, tests: 0, lines: 0 };
}

function cellOf(row: Row, column: string): unknown {
  const value = row[column];
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** "auto": cursors on a PostgreSQL server, else Prisma pages; "prisma": Prisma pages always (the test that compares both). */
export type ExportReader = "auto" | "prisma";

export async function exportCases(user: SessionUser, reader: ExportReader = "auto"): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const db = await getDb();
  const summary = await summarizeExport(user);
  const exportedAt = new Date();
  await recordAuditEvent(db, {
    actor: { id: user.id, email: user.email, siteId: user.siteId },
    entity: "EXPORT",
    action: "EXPORT",
    changes: { files: [...CASE_FILES.map((file) => CSV_FILE_NAMES[file]), "data-dictionary.md"], ...summary, scope: user.role === "COORDINATOR" ? "own site" : "all sites" },
    reason: "Analysis export (CSV)",
  });
  const stamp = exportedAt.toISOString().slice(0, 10);
  // With replicas configured the pages read a healthy replica (replica-routing.ts); the cursors
  // are the primary's, for a deployment without replicas.
  const sql = reader === "auto" && listReplicas().length === 0 ? getPrimarySql() : null;
  const withReader = sql ? readWithCursors(sql, user) : readWithPrisma(user);

  // The next batch is read only when the stream's queue has room (pull), so a slow download
  // holds a few batches in memory, not the registry.
  let wanted: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const waitForDemand = async () => {
          while ((controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wanted = resolve));
        };
        const zip = new Zip((error, chunk, final) => {
          if (error) {
            controller.error(error);
            return;
          }
          controller.enqueue(chunk);
          if (final) controller.close();
        });
        const run = () =>
          withReader(async (read) => {
            for (const file of CASE_FILES) {
              const entry = new ZipDeflate(CSV_FILE_NAMES[file], { level: 6 });
              zip.add(entry);
              const columns = CSV_COLUMNS[file].map((column) => column.column);
              entry.push(strToU8(toCsvLine(columns)));
              await read(file, async (rows) => {
                entry.push(strToU8(rows.map((row) => toCsvLine(columns.map((column) => cellOf(row, column)))).join("")));
                await waitForDemand();
              });
              entry.push(new Uint8Array(0), true);
            }
            const dictionary = new ZipDeflate("data-dictionary.md", { level: 6 });
            zip.add(dictionary);
            dictionary.push(strToU8(buildExportDictionary({ exportedAt, exportedBy: user.email, scope: user.role === "COORDINATOR" ? "your site only" : "all sites", summary })), true);
            zip.end();
          });
        run().catch((error: unknown) => controller.error(error));
      },
      pull() {
        wanted?.();
        wanted = null;
      },
    },
    { highWaterMark: 4 },
  );
  return { fileName: `her2-cohort-export-${stamp}.zip`, stream };
}
