import { requireRole } from "@/lib/auth/guards";
import { caseSchemas } from "@/lib/cases/case-schemas";
import { createCase } from "@/lib/cases/create-case";
import { withErrorHandling } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";

/** POST /api/cases: creates a case from a JSON CaseInput (the same schema as the case form). */
export const POST = withErrorHandling(async (request: Request) => {
  const user = await requireRole("COORDINATOR", "ADMIN");
  const input = caseSchemas.CaseInputSchema.parse(await readJsonBody(request));
  const created = await createCase(user, input);
  return Response.json(created, { status: 201, headers: { Location: `/cases/${created.id}` } });
});
