import { z } from "zod";
import { MAX_INT4 } from "../db/integer-range";
import { freeText } from "../free-text";

/**
 * Site codes are the middle part of every study ID (product.md §2: `^[A-Z]{2,6}-\d{2,4}-\d{3,5}$`,
 * e.g. ABC-01-0042), so they are 2 to 4 digits and never change once a site exists.
 */
export const SITE_CODE_PATTERN = /^\d{2,4}$/;

export const SiteCodeSchema = z
  .string({ error: "Enter the site code" })
  .trim()
  .min(1, "Enter the site code")
  .regex(SITE_CODE_PATTERN, "Site codes are 2 to 4 digits, such as 01 (the middle part of study IDs)");

const SiteNameSchema = freeText("The site's name", { error: "Enter the site's name", min: 2, minMessage: "Enter the site's name (at least 2 characters)", max: 120, maxMessage: "Site names are at most 120 characters" });

const FormBooleanSchema = z.union([z.boolean(), z.stringbool()]);

export const CreateSiteSchema = z.object({ code: SiteCodeSchema, name: SiteNameSchema });
export type CreateSiteInput = z.infer<typeof CreateSiteSchema>;

/** An edit changes the name or the active flag; the code is fixed (study IDs embed it). */
export const UpdateSiteSchema = z
  .object({ name: SiteNameSchema.optional(), active: FormBooleanSchema.optional() })
  .refine((input) => input.name !== undefined || input.active !== undefined, { message: "Nothing to change", path: ["name"] });
export type UpdateSiteInput = z.infer<typeof UpdateSiteSchema>;

export const SiteIdSchema = z.coerce.number({ error: "Not a site" }).int("Not a site").positive("Not a site").max(MAX_INT4, "Not a site");
