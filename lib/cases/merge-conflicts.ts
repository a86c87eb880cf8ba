// A three-way merge of a stale save (issue 16 §7): for each field someone else changed since the
// form was opened, compare the value the form opened with (base), the user's (yours) and the
// stored one (theirs). Only a field both changed, to different values, is a conflict the user
// decides; a field only the user changed keeps the user's value and a field only the other person
// changed takes theirs, so no edit is lost and none is silently overwritten. Pure.
import { isSameValue } from "./audit-changes";
import type { RowConflict } from "./row-conflicts";

export type FieldMergeKind = "conflict" | "yours" | "theirs";

export type FieldMerge = { field: string; kind: FieldMergeKind; base: unknown; yours: unknown; theirs: unknown };

export type RowMerge = Omit<RowConflict, "fields"> & { fields: FieldMerge[] };

/** `baseOf` gives the value a row's field had when the form was opened (undefined when unknown). */
export function planMerge(conflicts: readonly RowConflict[], baseOf: (entity: RowConflict["entity"], id: number, field: string) => unknown): RowMerge[] {
  return conflicts.map((conflict) => ({
    ...conflict,
    fields: conflict.fields.map((field) => {
      const base = baseOf(conflict.entity, conflict.id, field.field);
      const kind: FieldMergeKind = isSameValue(base ?? null, field.currentValue) ? "yours" : isSameValue(base ?? null, field.yourValue) ? "theirs" : "conflict";
      return { field: field.field, kind, base: base ?? null, yours: field.yourValue, theirs: field.currentValue };
    }),
  }));
}

/** Which value each field ends with: the user's choice for a conflict, else the side that changed it. */
export function resolveField(merge: FieldMerge, choice: "yours" | "theirs" | undefined): "yours" | "theirs" {
  return merge.kind === "conflict" ? (choice ?? "yours") : merge.kind;
}
