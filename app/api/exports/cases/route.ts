import { requireUser } from "@/lib/auth/guards";
import { exportCases } from "@/lib/cases/export-cases";
import { withErrorHandling } from "@/lib/http/error-response";

/** GET /api/exports/cases: the analysis export (ZIP of three CSVs and the data dictionary), scoped to the user. */
export const GET = withErrorHandling(async () => {
  const user = await requireUser();
  const { fileName, stream } = await exportCases(user);
  return new Response(stream, {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
});
