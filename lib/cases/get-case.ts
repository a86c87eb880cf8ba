import "server-only";
import { getDb } from "../db/client";
import type { SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { enteredRecurrences } from "./early-disease";
import { patientScope } from "./patient-scope";

/**
 * One case with its live tests, lines and entered recurrence events, for the case form. Another site's case (for a
 * coordinator), a deleted one or a missing one is NOT_FOUND, so existence does not leak.
 */
export async function getCase(user: SessionUser, patientId: number) {
  const db = await getDb();
  const patient = await db.patient.findFirst({
    where: { AND: [patientScope(user), { id: patientId }] },
    include: {
      site: { select: { id: true, code: true, name: true } },
      her2Tests: { where: { deletedAt: null }, orderBy: [{ daysSinceDiagnosis: "asc" }, { id: "asc" }] },
      treatmentLines: { where: { deletedAt: null }, orderBy: [{ startDay: "asc" }, { id: "asc" }] },
      recurrenceEvents: { select: { kind: true, day: true } },
    },
  });
  if (!patient) throw new AppError("NOT_FOUND", "No such case.");
  const { her2Tests, treatmentLines, recurrenceEvents, site, createdAt, updatedAt, deletedAt: _deletedAt, ...fields } = patient;
  return {
    ...fields,
    site,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    tests: her2Tests.map(({ createdAt: _c, updatedAt: _u, deletedAt: _d, ...test }) => test),
    lines: treatmentLines.map(({ createdAt: _c, updatedAt: _u, deletedAt: _d, ...line }) => line),
    // The entered events; the distant recurrence is the patient's days to metastasis.
    recurrences: enteredRecurrences(recurrenceEvents),
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCase>>;
export type CaseDetailTest = CaseDetail["tests"][number];
export type CaseDetailLine = CaseDetail["lines"][number];
