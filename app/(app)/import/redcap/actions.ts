"use server";

import { requireRole } from "@/lib/auth/guards";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { SaveRedcapMappingSchema } from "@/lib/redcap/mapping";
import { saveRedcapMapping } from "@/lib/redcap/saved-mappings";

/** Saves a REDCap mapping (new, or a new version of one the user may edit). */
export async function saveRedcapMappingAction(payload: unknown): Promise<ActionResult<{ id: number; version: number }>> {
  return runAction(async () => {
    const user = await requireRole("COORDINATOR", "ADMIN");
    return saveRedcapMapping(user, SaveRedcapMappingSchema.parse(payload));
  });
}
