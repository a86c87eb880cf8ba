import { requireUser } from "@/lib/auth/guards";
import { withErrorHandling } from "@/lib/http/error-response";
import { exportFiltersOf } from "@/lib/interop/export-request";
import { exportOdm } from "@/lib/odm/export-odm";

/** GET /api/exports/odm?<dashboard filters>: the cohort as one CDISC ODM 1.3.2 Snapshot, streamed, scoped to the user. */
export const GET = withErrorHandling(async (request: Request) => {
  const user = await requireUser();
  const { fileName, stream } = await exportOdm(user, exportFiltersOf(new URL(request.url)));
  return new Response(stream, { headers: { "Content-Type": "application/xml; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" } });
});
