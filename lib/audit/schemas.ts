import { z } from "zod";
import { AuditAction, AuditEntity } from "../generated/prisma/enums";
import { isPlainText } from "../plain-text";

export const AUDIT_PAGE_SIZE = 50;

const emptyAsUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

/** A calendar day (UTC) typed into a filter; the audit trail's own timestamps, not clinical dates. */
const DaySchema = z.iso.date("Enter a date as YYYY-MM-DD");

/** Filters of the audit trail, read from the address bar (so a filtered view can be shared). */
export const AuditQuerySchema = z
  .object({
    entity: z.preprocess(emptyAsUndefined, z.enum(AuditEntity, { error: "Not a kind of record" }).optional()),
    entityId: z.preprocess(emptyAsUndefined, z.string().trim().max(64, "Record ids are at most 64 characters").refine(isPlainText, "Record ids are letters and digits").optional()),
    action: z.preprocess(emptyAsUndefined, z.enum(AuditAction, { error: "Not an action" }).optional()),
    /** Part of the acting user's e-mail address. */
    user: z.preprocess(emptyAsUndefined, z.string().trim().max(254, "At most 254 characters").refine(isPlainText, "Search with text only").optional()),
    from: z.preprocess(emptyAsUndefined, DaySchema.optional()),
    to: z.preprocess(emptyAsUndefined, DaySchema.optional()),
    page: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1)),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["to"],
    message: "The end date is before the start date",
  });

export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type AuditFilters = Omit<AuditQuery, "page">;
