/**
 * The `changes` of an audit event: `{ field: { before, after } }` for the fields that changed,
 * nothing else (docs/data-dictionary.md §9). Pure.
 */
export type FieldChange = { before: unknown; after: unknown };
export type FieldChanges = Record<string, FieldChange>;

function normalise(value: unknown): unknown {
  return value === undefined ? null : value;
}

export function isSameValue(a: unknown, b: unknown): boolean {
  const left = normalise(a);
  const right = normalise(b);
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => isSameValue(item, right[index]));
  }
  return Object.is(left, right) || left === right;
}

/** The fields among `fields` whose value differs between `before` and `after`. */
export function diffFields<K extends string>(
  before: Partial<Record<K, unknown>> | null,
  after: Partial<Record<K, unknown>> | null,
  fields: readonly K[],
): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const previous = normalise(before?.[field]);
    const next = normalise(after?.[field]);
    if (!isSameValue(previous, next)) changes[field] = { before: previous, after: next };
  }
  return changes;
}

export function hasChanges(changes: FieldChanges): boolean {
  return Object.keys(changes).length > 0;
}
