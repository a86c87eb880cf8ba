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

/** Every place in a JSON-like value that holds a calendar date, with its path. */
export function findFullDates(value: unknown, path: (string | number)[] = []): FullDateLocation[] {
  if (looksLikeFullDate(value)) return [{ path }];
  if (Array.isArray(value)) return value.flatMap((item, index) => findFullDates(item, [...path, index]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => findFullDates(item, [...path, key]));
  }
  return [];
}
