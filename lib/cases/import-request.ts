/**
 * The import form as the route handler receives it (multipart): the mode, dry run or commit,
 * and up to four files. One zod schema; an empty file input counts as no file. Pure.
 */
import { z } from "zod";

/** The largest upload accepted (all three files together): about 85,000 patients with their tests and lines. */
export const MAX_IMPORT_BYTES = 30_000_000;

const optionalFile = z
  .unknown()
  .transform((value) => (value instanceof File && value.size > 0 ? value : undefined))
  .optional();

export const ImportRequestSchema = z.object({
  mode: z.enum(["create", "update"], { error: 'Mode must be "create" or "update"' }).default("create"),
  dryRun: z.enum(["true", "false"], { error: 'dryRun must be "true" or "false"' }).default("true").transform((value) => value === "true"),
  patients: z.custom<File>((value) => value instanceof File && value.size > 0, { error: "Choose the patients.csv file" }),
  her2_tests: optionalFile,
  treatment_lines: optionalFile,
  recurrence_events: optionalFile,
});

export function formDataObject(form: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) object[key] = value;
  return object;
}
