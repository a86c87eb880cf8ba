import "server-only";
// The analysis export (issue 5.6): tidy CSVs of patients, HER2 tests and treatment lines with
// every derived category and cohort, and their data dictionary, streamed as one ZIP so that a
// large registry never sits in memory. Scoped like every query (a coordinator: own site), live
// rows only, and recorded in the audit trail as EXPORT.
import { Zip, ZipDeflate, strToU8 } from "fflate";
import { getDb } from "../db/client";
import { readForAnalysis } from "../db/replica-routing";
import type { SessionUser } from "../auth/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import { CASE_FILES, CSV_COLUMNS, CSV_FILE_NAMES, type CaseFile } from "./csv-columns";
import { toCsvLine } from "./csv-write";
import { buildExportDictionary } from "./export-dictionary";
import { patientScopeSql } from "./patient-scope";

const PAGE = 5_000;

type Row = Record<string, unknown>;

// One keyset-paged query per file; `$1` is the last id seen, scope parameters follow.
function queryOf(file: CaseFile, scope: string): string {
  switch (file) {
    case "patients":
      return `SELECT p.*, p.id AS patient_id, s.code AS site_code, p.id AS page_id
                FROM patients p JOIN sites s ON s.id = p.site_id
               WHERE ${scope} AND p.id > $1 ORDER BY p.id LIMIT ${PAGE}`;
    case "her2_tests":
      return `SELECT t.*, t.id AS test_id, p.study_id, t.id AS page_id
                FROM her2_tests t JOIN patients p ON p.id = t.patient_id
               WHERE ${scope} AND t.deleted_at IS NULL AND t.id > $1 ORDER BY t.id LIMIT ${PAGE}`;
    case "treatment_lines":
      return `SELECT l.id AS line_id, l.patient_id, p.study_id, l.version, l.setting, l.line_number, l.regimen_class,
                     array_to_string(l.agents, ';') AS agents, l.start_day, l.end_day, l.best_response, l.progression_day, l.her2_at_start, l.id AS page_id
                FROM treatment_lines l JOIN patients p ON p.id = l.patient_id
               WHERE ${scope} AND l.deleted_at IS NULL AND l.id > $1 ORDER BY l.id LIMIT ${PAGE}`;
    // The entered events, as the import takes them back: the distant recurrence is days_to_metastasis.
    case "recurrence_events":
      return `SELECT r.patient_id, p.study_id, r.kind, r.day, r.id AS page_id
                FROM recurrence_events r JOIN patients p ON p.id = r.patient_id
               WHERE ${scope} AND r.kind <> 'DISTANT' AND r.id > $1 ORDER BY r.id LIMIT ${PAGE}`;
  }
}

export type ExportSummary = { patients: number; tests: number; lines: number };

/** How many rows the user's export holds (the exports page shows it before the download). */
export async function summarizeExport(user: SessionUser): Promise<ExportSummary> {
  const scope = patientScopeSql(user, "p", 1);
  // A large registry's export reads from a replica when one may serve the user (the audit event
  // of the export is a write, on the primary).
  const [row] = await readForAnalysis(user, (db) => db.$queryRawUnsafe<{ patients: number; tests: number; lines: number }[]>(
    `SELECT (SELECT COUNT(*)::int FROM patients p WHERE ${scope.sql}) AS patients,
            (SELECT COUNT(*)::int FROM her2_tests t JOIN patients p ON p.id = t.patient_id WHERE ${scope.sql} AND t.deleted_at IS NULL) AS tests,
            (SELECT COUNT(*)::int FROM treatment_lines l JOIN patients p ON p.id = l.patient_id WHERE ${scope.sql} AND l.deleted_at IS NULL) AS lines`,
    ...scope.params,
  ));
  return row ?? { patients: 0, tests: 0, lines: 0 };
}

function cellOf(row: Row, column: string): unknown {
  const value = row[column];
  if (typeof value === "bigint") return Number(value);
  return value;
}

export async function exportCases(user: SessionUser): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
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
  const scope = patientScopeSql(user, "p", 2);
  const stamp = exportedAt.toISOString().slice(0, 10);

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new Zip((error, chunk, final) => {
        if (error) {
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      try {
        for (const file of CASE_FILES) {
          const entry = new ZipDeflate(CSV_FILE_NAMES[file], { level: 6 });
          zip.add(entry);
          const columns = CSV_COLUMNS[file].map((column) => column.column);
          entry.push(strToU8(toCsvLine(columns)));
          let lastId = 0;
          for (;;) {
            const rows = await readForAnalysis(user, (reader) => reader.$queryRawUnsafe<Row[]>(queryOf(file, scope.sql), lastId, ...scope.params));
            if (rows.length === 0) break;
            entry.push(strToU8(rows.map((row) => toCsvLine(columns.map((column) => cellOf(row, column)))).join("")));
            lastId = Number(rows.at(-1)?.page_id ?? lastId);
            if (rows.length < PAGE) break;
          }
          entry.push(new Uint8Array(0), true);
        }
        const dictionary = new ZipDeflate("data-dictionary.md", { level: 6 });
        zip.add(dictionary);
        dictionary.push(strToU8(buildExportDictionary({ exportedAt, exportedBy: user.email, scope: user.role === "COORDINATOR" ? "your site only" : "all sites", summary })), true);
        zip.end();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return { fileName: `her2-cohort-export-${stamp}.zip`, stream };
}
