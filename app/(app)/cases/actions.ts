"use server";

import { requireRole } from "@/lib/auth/guards";
import { caseSchemas } from "@/lib/cases/case-schemas";
import { createCase } from "@/lib/cases/create-case";
import { deleteCase } from "@/lib/cases/delete-case";
import { CaseIdSchema, DeleteCaseInputSchema } from "@/lib/cases/schemas";
import { updateCase } from "@/lib/cases/update-case";
import { runAction, type ActionResult } from "@/lib/http/action-result";

// The case form's writes. Each checks the role (the data layer checks it again, with the site),
// parses the payload with the same schema the form validated with, and calls one lib function.

export async function createCaseAction(payload: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(async () => {
    const user = await requireRole("COORDINATOR", "ADMIN");
    const created = await createCase(user, caseSchemas.CaseInputSchema.parse(payload));
    return { id: created.id };
  });
}

export async function updateCaseAction(caseId: unknown, payload: unknown): Promise<ActionResult<{ id: number; version: number }>> {
  return runAction(async () => {
    const user = await requireRole("COORDINATOR", "ADMIN");
    const updated = await updateCase(user, CaseIdSchema.parse(caseId), caseSchemas.CaseUpdateSchema.parse(payload));
    return { id: updated.id, version: updated.version };
  });
}

export async function deleteCaseAction(caseId: unknown, payload: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(async () => {
    const user = await requireRole("COORDINATOR", "ADMIN");
    return deleteCase(user, CaseIdSchema.parse(caseId), DeleteCaseInputSchema.parse(payload));
  });
}
