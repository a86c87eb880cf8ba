// CSV writing as R's read.csv, SAS PROC IMPORT and Stata's import delimited read it (RFC 4180):
// comma-separated, a header row, empty cells for missing values, quotes only where needed,
// lists of codes joined with ";". A cell a spreadsheet would run as a formula is neutralised
// (lib/csv/neutralise-formula.ts); numbers, negative ones included, are written as they are. Pure.
import { neutraliseFormula } from "../csv/neutralise-formula";
import { CODES_SEPARATOR } from "./csv-columns";

export function formatCsvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const raw = Array.isArray(value) ? value.join(CODES_SEPARATOR) : value instanceof Date ? value.toISOString() : String(value);
  const text = neutraliseFormula(raw);
  return text !== raw || /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(values: readonly unknown[]): string {
  return `${values.map(formatCsvCell).join(",")}\r\n`;
}
