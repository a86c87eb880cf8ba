"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/guards";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { formValues } from "@/lib/http/form-values";
import { createSite } from "@/lib/sites/create-site";
import { CreateSiteSchema, SiteIdSchema, UpdateSiteSchema } from "@/lib/sites/schemas";
import { updateSite } from "@/lib/sites/update-site";

export type SavedSite = { id: number; code: string; name: string; active: boolean };

export async function createSiteAction(_previous: ActionResult<SavedSite> | null, formData: FormData): Promise<ActionResult<SavedSite>> {
  const result = await runAction(async () => {
    const actor = await requireRole("ADMIN");
    const site = await createSite(actor, CreateSiteSchema.parse(formValues(formData)));
    revalidatePath("/admin", "layout");
    return site;
  });
  // Back to the list, which says what was added.
  if (result.ok) redirect(`/admin/sites?created=${encodeURIComponent(result.data.code)}`);
  return result;
}

/** The name from the edit form, or `active` from the deactivate/reactivate button. */
export async function updateSiteAction(siteId: number, _previous: ActionResult<SavedSite> | null, formData: FormData): Promise<ActionResult<SavedSite>> {
  return runAction(async () => {
    const actor = await requireRole("ADMIN");
    const site = await updateSite(actor, SiteIdSchema.parse(siteId), UpdateSiteSchema.parse(formValues(formData)));
    revalidatePath("/admin", "layout");
    return site;
  });
}
