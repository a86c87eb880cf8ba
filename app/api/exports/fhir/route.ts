import { requireUser } from "@/lib/auth/guards";
import { exportFhirCohort } from "@/lib/fhir/export-fhir";
import { withErrorHandling } from "@/lib/http/error-response";
import { FhirFormatSchema, exportFiltersOf } from "@/lib/interop/export-request";

/** GET /api/exports/fhir?format=ndjson|zip&<dashboard filters>: the cohort as mCODE bundles, streamed, scoped to the user. */
export const GET = withErrorHandling(async (request: Request) => {
  const user = await requireUser();
  const url = new URL(request.url);
  const format = FhirFormatSchema.parse(url.searchParams.get("format") ?? undefined);
  const { fileName, contentType, stream } = await exportFhirCohort(user, exportFiltersOf(url), format);
  return new Response(stream, { headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" } });
});
