// The `changes` of an audit event: { field: { before, after } } for the fields that changed
// (data-dictionary.md §9), so the trail shows what an edit did without copying whole rows.
export type AuditValue = string | number | boolean | null;
export type FieldChange = { before: AuditValue; after: AuditValue };
export type AuditChanges = Record<string, FieldChange>;

export function diffChanges<T extends Record<string, AuditValue>>(before: T, after: T): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of Object.keys(after)) {
    const was = before[field] ?? null;
    const now = after[field] ?? null;
    if (was !== now) changes[field] = { before: was, after: now };
  }
  return changes;
}

/** The changes of a newly created row: every field, from nothing. */
export function creationChanges(after: Record<string, AuditValue>): AuditChanges {
  return Object.fromEntries(Object.entries(after).map(([field, value]) => [field, { before: null, after: value }]));
}
