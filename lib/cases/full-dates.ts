/**
 * Recognises calendar dates, so that none reaches the server or the database (product.md §2,
 * HIPAA Safe Harbor: dates more specific than the year are identifiers). Pure: the case form,
 * the CSV import and the server share it.
 */
export const FULL_DATE_MESSAGE = "Full dates are not accepted: send days since diagnosis";

const DATE_PATTERNS: readonly RegExp[] = [
  // ISO 8601 dates and timestamps: 2021-03-04, 2021-03-04T10:00:00Z, 2021-3-4
  /^\s*\d{4}-\d{1,2}-\d{1,2}(?:[T\s].*)?$/,
  // 2021/03/04, 2021.03.04
  /^\s*\d{4}[/.]\d{1,2}[/.]\d{1,2}\s*$/,
  // 04/03/2021, 4.3.21, 04-03-2021 (day-month or month-day, either order)
  /^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$/,
  // 4 March 2021, 4-Mar-2021, March 4, 2021, Mar 2021-style with a day
  /\b\d{1,2}[\s-]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s-]+\d{2,4}\b/i,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/i,
];

/** True for a string that reads as a calendar date (or a Date object). */
export function looksLikeFullDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (typeof value !== "string") return false;
  return DATE_PATTERNS.some((pattern) => pattern.test(value));
}

export type FullDateLocation = { path: (string | number)[] };

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

function pathOf(visit: Visit, root: (string | number)[]): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let node: Visit | null = visit; node && node.key !== null; node = node.parent) keys.push(node.key);
  return [...root, ...keys.reverse()];
}

/**
 * Every place in a JSON-like value that holds a calendar date, with its path. Walked with an
 * explicit stack (and paths built only for what is found) rather than recursion: a request body
 * nested 100,000 levels deep must be refused by the schema, not overflow the call stack (a 500).
 */
export function findFullDates(value: unknown, path: (string | number)[] = []): FullDateLocation[] {
  const found: FullDateLocation[] = [];
  const pending: Visit[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop() as Visit;
    if (looksLikeFullDate(visit.value)) {
      found.push({ path: pathOf(visit, path) });
      continue;
    }
    // Array.from visits the holes of a sparse array too (as undefined), unlike map.
    const entries: [string | number, unknown][] = Array.isArray(visit.value)
      ? Array.from(visit.value as unknown[], (item, index): [number, unknown] => [index, item])
      : typeof visit.value === "object" && visit.value !== null
        ? Object.entries(visit.value)
        : [];
    // Reversed onto the stack, so that locations come out in document order.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index] as [string | number, unknown];
      pending.push({ value: item, key, parent: visit });
    }
  }
  return found;
}
