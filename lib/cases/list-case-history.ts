import "server-only";
import { getDb } from "../db/client";
import { can, type SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { SPECIMEN_LABELS, TREATMENT_SETTING_LABELS } from "./coded-values";
import { patientScope } from "./patient-scope";

const HISTORY_LIMIT = 1_000;

/**
 * The audit events of one case: the patient and every HER2 test and treatment line it has had
 * (deleted ones included), newest first. Coordinators see their site's cases; administrators
 * every case; investigators have no access to the audit trail (product.md §1).
 */
export async function listCaseHistory(user: SessionUser, patientId: number) {
  if (!can(user, "audit:read-site")) throw new AppError("FORBIDDEN", "Your role cannot see the audit trail.");
  const db = await getDb();
  const patient = await db.patient.findFirst({
    where: { AND: [patientScope(user), { id: patientId }] },
    select: { id: true, studyId: true, version: true },
  });
  if (!patient) throw new AppError("NOT_FOUND", "No such case.");
  const [tests, lines] = await Promise.all([
    db.her2Test.findMany({ where: { patientId }, select: { id: true, specimen: true, daysSinceDiagnosis: true } }),
    db.treatmentLine.findMany({ where: { patientId }, select: { id: true, setting: true, lineNumber: true } }),
  ]);
  const events = await db.auditEvent.findMany({
    where: {
      OR: [
        { entity: "PATIENT", entityId: String(patientId) },
        { entity: "HER2_TEST", entityId: { in: tests.map((test) => String(test.id)) } },
        { entity: "TREATMENT_LINE", entityId: { in: lines.map((line) => String(line.id)) } },
      ],
    },
    orderBy: { id: "desc" },
    take: HISTORY_LIMIT,
  });
  // Labels people read (issue 16 §13): the form's words for the specimen and setting, no codes.
  const testLabels = new Map(tests.map((test) => [String(test.id), `HER2 test (${SPECIMEN_LABELS[test.specimen].toLowerCase()}, day ${test.daysSinceDiagnosis})`]));
  const lineLabels = new Map(lines.map((line) => [String(line.id), `Treatment line (${TREATMENT_SETTING_LABELS[line.setting].toLowerCase()}, line ${line.lineNumber})`]));
  return {
    patient,
    truncated: events.length === HISTORY_LIMIT,
    events: events.map((event) => ({
      id: String(event.id),
      at: event.at.toISOString(),
      userEmail: event.userEmail,
      entity: event.entity,
      entityId: event.entityId,
      subject:
        event.entity === "HER2_TEST"
          ? (testLabels.get(event.entityId ?? "") ?? "HER2 test")
          : event.entity === "TREATMENT_LINE"
            ? (lineLabels.get(event.entityId ?? "") ?? "Treatment line")
            : `Case ${patient.studyId}`,
      action: event.action,
      changes: (event.changes ?? null) as Record<string, { before: unknown; after: unknown }> | null,
      reason: event.reason,
    })),
  };
}

export type CaseHistory = Awaited<ReturnType<typeof listCaseHistory>>;
export type CaseHistoryEvent = CaseHistory["events"][number];
