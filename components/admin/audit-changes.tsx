import type { Prisma } from "@/lib/generated/prisma/client";
import { compareFields, labelOfField } from "@/lib/cases/field-labels";
import { readableValue } from "@/lib/cases/readable-values";

function isFieldChange(value: unknown): value is { before: unknown; after: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "before" in value && "after" in value;
}

/**
 * An audit event's `changes` as people read them (issue 16 §13): "Regimen class: Chemotherapy →
 * Trastuzumab deruxtecan (T-DXd)" with the form's field names and value labels, or "name: value"
 * for other details; never camelCase codes or JSON.
 */
export function AuditChanges({ changes }: { changes: Prisma.JsonValue }) {
  if (changes === null) return <span className="text-slate-500">—</span>;
  if (typeof changes !== "object" || Array.isArray(changes)) return <span>{readableValue("", changes)}</span>;
  const entries = Object.entries(changes).sort(([a], [b]) => compareFields(a, b));
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="space-y-0.5">
      {entries.map(([field, value]) => (
        <div key={field} className="flex flex-wrap gap-x-1">
          <dt className="font-medium text-slate-700">{labelOfField(field)}:</dt>
          <dd>
            {isFieldChange(value) ? (
              <>
                <span className="text-slate-600">{readableValue(field, value.before)}</span> <span aria-label="changed to">→</span> <span>{readableValue(field, value.after)}</span>
              </>
            ) : (
              readableValue(field, value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
