/**
 * Optimistic locking (product.md §3): a row is saved only if it is still at the version the
 * form was opened at. For each stale row, what the user sent and what is stored now, so the
 * form can show what changed since. Pure.
 */
import { isSameValue } from "./audit-changes";

export type ConflictEntity = "PATIENT" | "HER2_TEST" | "TREATMENT_LINE";

export type ConflictField = { field: string; yourValue: unknown; currentValue: unknown };

export type RowConflict = {
  entity: ConflictEntity;
  id: number;
  /** changed: saved by someone else since; deleted: deleted since (or no longer part of this case). */
  kind: "changed" | "deleted";
  currentVersion: number | null;
  yourVersion: number;
  fields: ConflictField[];
  changedBy?: string | null;
  changedAt?: string | null;
};

type StoredRow = { id: number; version: number; deletedAt: Date | null };

export function findRowConflicts<V extends object>(
  entity: ConflictEntity,
  sent: readonly { id: number; version: number; values: V | null }[],
  stored: readonly StoredRow[],
  fields: readonly string[],
): RowConflict[] {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const conflicts: RowConflict[] = [];
  for (const row of sent) {
    const current = byId.get(row.id);
    if (!current || current.deletedAt !== null) {
      conflicts.push({ entity, id: row.id, kind: "deleted", currentVersion: null, yourVersion: row.version, fields: [] });
      continue;
    }
    if (current.version === row.version) continue;
    const differences: ConflictField[] = [];
    if (row.values !== null) {
      const values = row.values as Record<string, unknown>;
      const currentValues = current as unknown as Record<string, unknown>;
      for (const field of fields) {
        if (!(field in values)) continue;
        if (!isSameValue(values[field], currentValues[field])) {
          differences.push({ field, yourValue: values[field] ?? null, currentValue: currentValues[field] ?? null });
        }
      }
    }
    conflicts.push({ entity, id: row.id, kind: "changed", currentVersion: current.version, yourVersion: row.version, fields: differences });
  }
  return conflicts;
}
