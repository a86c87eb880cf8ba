import "server-only";
// CDISC ODM 1.3.2 export (issue 18) of the filtered cohort, streamed: metadata, AdminData, one
// SubjectData per patient (a page at a time), then the AuditRecords of the exported rows from
// the audit trail (a second pass). AuditRecords and the users behind them go only to roles that
// may read the audit trail (coordinators: their site's; administrators: all); investigators
// get the same file without them (product.md §1). On PostgreSQL every part after the header is
// read from one snapshot through a server-side cursor (read-cohort-cases.ts).
import { can, type SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { patientFilterSql, SqlParameters } from "../analytics/filter-sql";
import type { DashboardFilters } from "../analytics/filters";
import { openCohortReader, type CohortReader, type CohortReaderKind } from "../interop/read-cohort-cases";
import { pullStream, startExport } from "../interop/start-export";
import { auditRecord, clinicalDataClose, clinicalDataOpen, locationOid, odmAdminData, odmHead, subjectData, userOid, type OdmAuditRecord } from "./odm-xml";

const ACTION_TEXT: Readonly<Record<string, string>> = { CREATE: "Entered", UPDATE: "Changed", DELETE: "Deleted", RESTORE: "Restored", IMPORT: "Imported" };

type EventRow = { id: string; user_id: string | null; at: Date; entity: string; entity_id: string; action: string; reason: string | null; study_id: string; site_code: string };

// The audit events of a set of patients' rows: the patient, and every HER2 test and treatment
// line it has had (deleted ones too: their deletion is part of the trail). `at` is stored in UTC
// without a zone: read as timestamptz so that postgres.js does not parse it in the process's zone.
const EVENTS_OF = (patients: string) => `
  SELECT a.id::text AS id, a.user_id, a.at AT TIME ZONE 'UTC' AS at, a.entity::text AS entity, a.entity_id, a.action::text AS action, a.reason, p.study_id, s.code AS site_code, a.user_email
    FROM ${patients} JOIN sites s ON s.id = p.site_id JOIN audit_events a ON a.entity = 'PATIENT' AND a.entity_id = p.id::text
  UNION ALL
  SELECT a.id::text, a.user_id, a.at AT TIME ZONE 'UTC', a.entity::text, a.entity_id, a.action::text, a.reason, p.study_id, s.code, a.user_email
    FROM ${patients} JOIN sites s ON s.id = p.site_id JOIN her2_tests t ON t.patient_id = p.id JOIN audit_events a ON a.entity = 'HER2_TEST' AND a.entity_id = t.id::text
  UNION ALL
  SELECT a.id::text, a.user_id, a.at AT TIME ZONE 'UTC', a.entity::text, a.entity_id, a.action::text, a.reason, p.study_id, s.code, a.user_email
    FROM ${patients} JOIN sites s ON s.id = p.site_id JOIN treatment_lines l ON l.patient_id = p.id JOIN audit_events a ON a.entity = 'TREATMENT_LINE' AND a.entity_id = l.id::text`;

async function auditUsers(cohort: CohortReader, user: SessionUser, filters: DashboardFilters): Promise<{ oid: string; loginName: string | null }[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await cohort.query<{ user_id: string | null; user_email: string | null }>(
    `SELECT DISTINCT ON (e.user_id) e.user_id, e.user_email FROM (${EVENTS_OF(`(SELECT * FROM patients p WHERE ${where}) p`)}) e ORDER BY e.user_id, e.id::bigint DESC`,
    ...parameters.values,
  );
  return rows.map((row) => ({ oid: userOid(row.user_id), loginName: row.user_id === null ? null : row.user_email }));
}

async function auditRecordsOf(cohort: CohortReader, patientIds: readonly number[]): Promise<OdmAuditRecord[]> {
  const rows = await cohort.query<EventRow>(`SELECT * FROM (${EVENTS_OF("(SELECT * FROM patients p WHERE p.id = ANY($1::int[])) p")}) e ORDER BY e.id::bigint`, [...patientIds]);
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    siteCode: row.site_code,
    at: row.at,
    reason: row.reason ?? ACTION_TEXT[row.action] ?? row.action,
    source: `audit event ${row.id}: ${row.entity} ${row.entity_id} of ${row.study_id}, ${row.action}`,
  }));
}

export async function exportOdm(user: SessionUser, filters: DashboardFilters, reader: CohortReaderKind = "auto"): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const createdAt = new Date();
  const withAudit = can(user, "audit:read-site");
  const { patients } = await startExport(user, filters, "CDISC ODM 1.3.2", { auditRecords: withAudit ? "included" : "not included (role)" });
  const db = await getDb();
  const sites = await db.site.findMany({ where: user.role === "COORDINATOR" ? { id: user.siteId ?? -1 } : {}, select: { code: true, name: true }, orderBy: { code: "asc" } });
  const encoder = new TextEncoder();
  const stamp = createdAt.toISOString();

  async function* chunks(cohort: CohortReader): AsyncGenerator<Uint8Array> {
    const users = withAudit ? await auditUsers(cohort, user, filters) : [];
    yield encoder.encode(
      odmHead({ fileOid: `HER2.ODM.${stamp.replace(/[^0-9]/g, "")}`, createdAt, studyName: "HER2 cohort registry", description: `Snapshot of ${patients} patients (${user.role === "COORDINATOR" ? "one site" : "all sites"}); ${withAudit ? "with" : "without"} the audit trail of their rows.` }) +
        odmAdminData(users, sites.map((site) => ({ oid: locationOid(site.code), name: site.name })), stamp.slice(0, 10)) +
        clinicalDataOpen,
    );
    for await (const page of cohort.cases()) {
      yield encoder.encode(page.map((item) => subjectData({ studyId: item.patient.studyId, siteCode: item.patient.siteCode, patient: item.patient, tests: item.tests, lines: item.lines, recurrences: item.recurrences })).join(""));
    }
    if (withAudit) {
      yield encoder.encode("<AuditRecords>\n");
      for await (const ids of cohort.ids()) yield encoder.encode((await auditRecordsOf(cohort, ids)).map(auditRecord).join(""));
      yield encoder.encode("</AuditRecords>\n");
    }
    yield encoder.encode(clinicalDataClose);
  }
  async function* closing(): AsyncGenerator<Uint8Array> {
    const cohort = openCohortReader(user, filters, reader);
    try {
      yield* chunks(cohort);
    } finally {
      await cohort.close();
    }
  }
  return { fileName: `her2-cohort-odm-${stamp.slice(0, 10)}.xml`, stream: pullStream(closing()) };
}
