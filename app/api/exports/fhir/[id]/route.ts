import { requireUser } from "@/lib/auth/guards";
import { exportPatientBundle } from "@/lib/fhir/export-fhir";
import { withErrorHandling } from "@/lib/http/error-response";
import { CaseIdSchema } from "@/lib/cases/schemas";

/** GET /api/exports/fhir/<case id>: one patient's mCODE bundle (another site's case is 404 for a coordinator). */
export const GET = withErrorHandling(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const patientId = CaseIdSchema.parse((await context.params).id);
  const { fileName, bundle } = await exportPatientBundle(user, patientId);
  return new Response(JSON.stringify(bundle, null, 2), { headers: { "Content-Type": "application/fhir+json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" } });
});
