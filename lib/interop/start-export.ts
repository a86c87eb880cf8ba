import "server-only";
// What every interoperability export does before it streams: count the cohort in the user's
// scope, apply the small-cell rule (an investigator's filtered cohort of 1 to k-1 patients is
// refused, as its counts would be suppressed on the dashboards), and record the export in the
// audit trail with its format, filters and size.
import { can, type SessionUser } from "../auth/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { hasPatientFilters, toDashboardQuery, type DashboardFilters } from "../analytics/filters";
import { isSuppressed } from "../analytics/small-cells";
import { countCohort } from "./read-cohort-cases";

export type ExportFormat = "FHIR mCODE NDJSON" | "FHIR mCODE ZIP" | "FHIR mCODE bundle" | "CDISC ODM 1.3.2";

export async function startExport(user: SessionUser, filters: DashboardFilters, format: ExportFormat, extra: Record<string, string | number> = {}): Promise<{ patients: number }> {
  if (!can(user, "exports:download")) throw new AppError("FORBIDDEN", "Your role cannot export data.");
  const patients = await countCohort(user, filters);
  if (user.role === "INVESTIGATOR" && isSuppressed(patients, env.SMALL_CELL_THRESHOLD)) {
    throw new AppError("FORBIDDEN", `This cohort has fewer than ${env.SMALL_CELL_THRESHOLD} patients: the study's small-cell rule does not allow exporting it. Widen the filters.`);
  }
  const db = await getDb();
  await recordAuditEvent(db, {
    actor: { id: user.id, email: user.email, siteId: user.siteId },
    entity: "EXPORT",
    action: "EXPORT",
    changes: { format, patients, scope: user.role === "COORDINATOR" ? "own site" : "all sites", filters: hasPatientFilters(filters) ? toDashboardQuery(filters) : "none", ...extra },
    reason: `Interoperability export (${format})`,
  });
  return { patients };
}

/** A byte stream that produces its next chunk only when the reader asks (bounded memory whatever the cohort's size). */
export function pullStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
