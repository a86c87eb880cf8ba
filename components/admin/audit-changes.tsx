import type { Prisma } from "@/lib/generated/prisma/client";

function isFieldChange(value: unknown): value is { before: unknown; after: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "before" in value && "after" in value;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "(empty)";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** An audit event's `changes`: "field: before → after" lines, or "key: value" for other details. */
export function AuditChanges({ changes }: { changes: Prisma.JsonValue }) {
  if (changes === null) return <span className="text-slate-400">—</span>;
  if (typeof changes !== "object" || Array.isArray(changes)) return <span>{show(changes)}</span>;
  const entries = Object.entries(changes);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <dl className="space-y-0.5">
      {entries.map(([field, value]) => (
        <div key={field} className="flex flex-wrap gap-x-1">
          <dt className="font-medium text-slate-700">{field}:</dt>
          <dd>
            {isFieldChange(value) ? (
              <>
                <span className="text-slate-500">{show(value.before)}</span> <span aria-label="changed to">→</span> <span>{show(value.after)}</span>
              </>
            ) : (
              show(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
