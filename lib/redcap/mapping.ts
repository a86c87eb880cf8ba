/**
 * How a REDCap project's fields become the app's fields: for each app field (keyed
 * `<file>.<column>`, e.g. `her2_tests.ihc_score`) the REDCap field it comes from and, for coded
 * fields, which app code each REDCap choice code means. Saved per study (table
 * redcap_mappings) so that the next export of the same project imports without a new mapping.
 * One zod schema, shared by the browser (the mapping form) and the server (saving). Pure.
 */
import { z } from "zod";
import { freeText } from "../free-text";
import { CATALOGUE_FILES, type CatalogueFile } from "../interop/field-catalogue";

export const MAPPING_VERSION = 1;
export const MAX_MAPPED_FIELDS = 500;
export const MAX_CHOICES_PER_FIELD = 300;

const redcapName = z.string().regex(/^[A-Za-z0-9_]{1,100}$/, { error: "A REDCap field or form name has letters, digits and _ only (at most 100)" });
const redcapCode = z.string().regex(/^[-\w. ]{1,60}$/, { error: "A REDCap choice code has letters, digits, -, _ or . (at most 60)" });
const appCode = z.string().regex(/^[A-Z0-9_]{0,60}$/, { error: "An app code has capital letters, digits and _ (empty = not recorded)" });
/** The files whose rows repeat per patient (HER2 tests, treatment lines, recurrence events, and any added later): each comes from one REDCap instrument. */
export type ChildFile = Exclude<CatalogueFile, "patients">;
export const CHILD_FILES = CATALOGUE_FILES.filter((file): file is ChildFile => file !== "patients") as [ChildFile, ...ChildFile[]];

const targetKey = z.string().regex(new RegExp(`^(${CATALOGUE_FILES.join("|")})\\.[a-z0-9_]{1,64}$`), { error: "Unknown app field" });
const siteCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, { error: "A site code has letters, digits, - or _" });

export const FieldMappingSchema = z.strictObject({
  source: redcapName,
  /** REDCap choice code → app code ("" = leave the app field empty). */
  codes: z.record(redcapCode, appCode).refine((codes) => Object.keys(codes).length <= MAX_CHOICES_PER_FIELD, { error: `At most ${MAX_CHOICES_PER_FIELD} choices per field` }).optional(),
});

/** As many site codes as a field has choices (issue 15 §4: every list is bounded). */
function boundedCodes<T extends z.ZodType<Record<string, string>>>(codes: T) {
  return codes.refine((value) => Object.keys(value).length <= MAX_CHOICES_PER_FIELD, { error: `At most ${MAX_CHOICES_PER_FIELD} site codes` });
}

export const SiteSourceSchema = z.discriminatedUnion("source", [
  /** Coordinators' imports: every case goes to their own site. */
  z.strictObject({ source: z.literal("own") }),
  /** The record's data access group, each DAG's unique name mapped to a site code. */
  z.strictObject({ source: z.literal("dag"), codes: boundedCodes(z.record(redcapName, siteCode)) }),
  /** A REDCap field; each of its values (or choice codes) mapped to a site code, or used as the code when not listed. */
  z.strictObject({ source: z.literal("field"), field: redcapName, codes: boundedCodes(z.record(redcapCode, siteCode)) }),
]);

export const RedcapMappingSchema = z.strictObject({
  version: z.literal(MAPPING_VERSION),
  /** The REDCap date field that is day 0: every other date becomes days since it, and it becomes the diagnosis year. */
  diagnosisDateField: redcapName.nullable(),
  site: SiteSourceSchema,
  /** The instrument (form) each repeating part comes from; null when the project has none. */
  instruments: z.partialRecord(z.enum(CHILD_FILES, { error: "Unknown app file" }), redcapName.nullable()),
  fields: z.record(targetKey, FieldMappingSchema).refine((fields) => Object.keys(fields).length <= MAX_MAPPED_FIELDS, { error: `At most ${MAX_MAPPED_FIELDS} mapped fields` }),
});

export type FieldMapping = z.output<typeof FieldMappingSchema>;
export type SiteSource = z.output<typeof SiteSourceSchema>;
export type RedcapMapping = z.output<typeof RedcapMappingSchema>;

export const MAPPING_NAME_MAX = 80;

export const SaveRedcapMappingSchema = z.strictObject({
  /** The stored mapping being replaced, with the version it was loaded at; absent for a new one. */
  id: z.number().int().positive().max(2_147_483_647).optional(),
  expectedVersion: z.number().int().min(1).max(2_147_483_647).optional(),
  name: freeText("The mapping name", { error: "Give the mapping a name", min: 3, minMessage: "Give the mapping a name of 3 or more characters", max: MAPPING_NAME_MAX, maxMessage: `Keep the name under ${MAPPING_NAME_MAX} characters` }),
  /** The REDCap field names of the dictionary the mapping was made for (to offer it again for the same project). */
  fieldNames: z.array(redcapName).max(5_000, { error: "A data dictionary of at most 5,000 fields" }),
  mapping: RedcapMappingSchema,
});
export type SaveRedcapMappingInput = z.output<typeof SaveRedcapMappingSchema>;

export function targetKeyOf(file: CatalogueFile, column: string): string {
  return `${file}.${column}`;
}

export function emptyMapping(): RedcapMapping {
  return { version: MAPPING_VERSION, diagnosisDateField: null, site: { source: "own" }, instruments: {}, fields: {} };
}
