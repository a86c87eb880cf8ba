"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/guards";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { formValues } from "@/lib/http/form-values";
import { createUser } from "@/lib/users/create-user";
import { resetPassword } from "@/lib/users/reset-password";
import { CreateUserSchema, UpdateUserSchema, UserIdSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/update-user";

export type CreatedAccount = { id: string; email: string; password: string | null };
export type UpdatedAccount = { active: boolean; name: string };
export type ResetAccount = { email: string; password: string };

export async function createUserAction(_previous: ActionResult<CreatedAccount> | null, formData: FormData): Promise<ActionResult<CreatedAccount>> {
  return runAction(async () => {
    const actor = await requireRole("ADMIN");
    const { user, generatedPassword } = await createUser(actor, CreateUserSchema.parse(formValues(formData)));
    revalidatePath("/admin", "layout");
    return { id: user.id, email: user.email, password: generatedPassword };
  });
}

/** Name, role and site from the details form, or `active` from the deactivate/reactivate button. */
export async function updateUserAction(userId: string, _previous: ActionResult<UpdatedAccount> | null, formData: FormData): Promise<ActionResult<UpdatedAccount>> {
  return runAction(async () => {
    const actor = await requireRole("ADMIN");
    const user = await updateUser(actor, UserIdSchema.parse(userId), UpdateUserSchema.parse(formValues(formData)));
    revalidatePath("/admin", "layout");
    return { active: user.active, name: user.name };
  });
}

export async function resetPasswordAction(userId: string, _previous: ActionResult<ResetAccount> | null, _formData: FormData): Promise<ActionResult<ResetAccount>> {
  return runAction(async () => {
    const actor = await requireRole("ADMIN");
    const result = await resetPassword(actor, UserIdSchema.parse(userId));
    revalidatePath("/admin/audit");
    return result;
  });
}
