import { requireRole } from "@/lib/auth/guards";
import { caseSchemas } from "@/lib/cases/case-schemas";
import { deleteCase } from "@/lib/cases/delete-case";
import { CaseIdSchema, DeleteCaseInputSchema } from "@/lib/cases/schemas";
import { updateCase } from "@/lib/cases/update-case";
import { withErrorHandling } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-json-body";

type Context = { params: Promise<{ id: string }> };

/** PATCH /api/cases/:id: saves an edit (CaseUpdate: versions, deletions, reason); 409 when stale. */
export const PATCH = withErrorHandling(async (request: Request, context: Context) => {
  const user = await requireRole("COORDINATOR", "ADMIN");
  const id = CaseIdSchema.parse((await context.params).id);
  const updated = await updateCase(user, id, caseSchemas.CaseUpdateSchema.parse(await readJsonBody(request)));
  return Response.json(updated);
});

/** DELETE /api/cases/:id with { version, reason }: soft delete. */
export const DELETE = withErrorHandling(async (request: Request, context: Context) => {
  const user = await requireRole("COORDINATOR", "ADMIN");
  const id = CaseIdSchema.parse((await context.params).id);
  const deleted = await deleteCase(user, id, DeleteCaseInputSchema.parse(await readJsonBody(request)));
  return Response.json(deleted);
});
