import "server-only";
// mCODE export (issue 18): the filtered cohort as NDJSON (one Bundle per line, the FHIR bulk
// data convention) or as a ZIP of one Bundle per patient, streamed a page of patients at a
// time (a server-side cursor on PostgreSQL, read-cohort-cases.ts); or one patient's Bundle.
// Scoped, small-cell checked and audited by startExport.
import { Zip, ZipDeflate, strToU8 } from "fflate";
import type { Bundle } from "@medplum/fhirtypes";
import type { SessionUser } from "../auth/roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import type { DashboardFilters } from "../analytics/filters";
import { openCohortReader, readCohortCase, type CohortReaderKind } from "../interop/read-cohort-cases";
import { pullStream, startExport } from "../interop/start-export";
import { buildPatientBundle } from "./patient-bundle";

export type FhirExportFormat = "ndjson" | "zip";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

const safeFileName = (studyId: string) => studyId.replace(/[^A-Za-z0-9_-]/g, "_");

export async function exportFhirCohort(user: SessionUser, filters: DashboardFilters, format: FhirExportFormat, reader: CohortReaderKind = "auto"): Promise<{ fileName: string; contentType: string; stream: ReadableStream<Uint8Array> }> {
  const exportedAt = new Date();
  await startExport(user, filters, format === "zip" ? "FHIR mCODE ZIP" : "FHIR mCODE NDJSON");
  const stamp = exportedAt.toISOString().slice(0, 10);
  const encoder = new TextEncoder();

  async function* ndjson(): AsyncGenerator<Uint8Array> {
    const cohort = openCohortReader(user, filters, reader);
    try {
      for await (const page of cohort.cases()) {
        yield encoder.encode(page.map((item) => `${JSON.stringify(buildPatientBundle(item, exportedAt))}\n`).join(""));
      }
    } finally {
      await cohort.close();
    }
  }

  async function* zip(): AsyncGenerator<Uint8Array> {
    const queue: Uint8Array[] = [];
    let failure: Error | null = null;
    // fflate's ZipDeflate is synchronous: each push hands its compressed bytes to this callback at once.
    const archive = new Zip((error, chunk) => {
      if (error) failure = error;
      else queue.push(chunk);
    });
    const cohort = openCohortReader(user, filters, reader);
    try {
      for await (const page of cohort.cases()) {
        for (const item of page) {
          const entry = new ZipDeflate(`${safeFileName(item.patient.studyId)}.json`, { level: 6 });
          archive.add(entry);
          entry.push(strToU8(JSON.stringify(buildPatientBundle(item, exportedAt))), true);
        }
        if (failure) throw failure;
        yield concat(queue.splice(0));
      }
    } finally {
      await cohort.close();
    }
    archive.end();
    if (failure) throw failure;
    yield concat(queue.splice(0));
  }

  return format === "zip"
    ? { fileName: `her2-cohort-mcode-${stamp}.zip`, contentType: "application/zip", stream: pullStream(zip()) }
    : { fileName: `her2-cohort-mcode-${stamp}.ndjson`, contentType: "application/fhir+ndjson", stream: pullStream(ndjson()) };
}

/** One patient's mCODE bundle (the case must be in the user's scope). */
export async function exportPatientBundle(user: SessionUser, patientId: number): Promise<{ fileName: string; bundle: Bundle }> {
  const item = await readCohortCase(user, patientId);
  const db = await getDb();
  await recordAuditEvent(db, {
    actor: { id: user.id, email: user.email, siteId: user.siteId },
    entity: "EXPORT",
    entityId: patientId,
    action: "EXPORT",
    changes: { format: "FHIR mCODE bundle", patients: 1, studyId: item.patient.studyId },
    reason: "Interoperability export (FHIR mCODE bundle of one patient)",
  });
  return { fileName: `${safeFileName(item.patient.studyId)}-mcode.json`, bundle: buildPatientBundle(item, new Date()) };
}
