// A chart's data as a table: what "Show data table" prints and "Export CSV" writes, built from
// the same aggregates the chart draws (no second query). Pure.
import Papa from "papaparse";
import { neutraliseFormula } from "@/lib/csv/neutralise-formula";

export type TableCell = string | number | null;

export type TableData = { columns: string[]; rows: TableCell[][] };

/**
 * RFC 4180 CSV with a header row; empty cells for null. Text cells (a site's name, a label) go
 * through the app's one formula neutraliser, so a cell such as `=HYPERLINK(...)` is not run by a
 * spreadsheet while negative numbers stay numbers (papaparse's escapeFormulae would quote them).
 */
export function toCsv(table: TableData, caption = ""): string {
  const cellText = (cell: string | number) => (typeof cell === "string" ? neutraliseFormula(cell) : cell);
  // The caption (filters, rule, export date; issue 16 §19) as a leading comment row: R's
  // read.csv(comment.char = "#") and pandas' read_csv(comment="#") skip it.
  const comment = caption === "" ? "" : `# ${caption.replace(/[\r\n]+/g, " ")}\n`;
  return comment + Papa.unparse({ fields: table.columns.map(neutraliseFormula), data: table.rows.map((row) => row.map((cell) => (cell === null ? "" : cellText(cell)))) }, { newline: "\n" });
}

/** A file name from a chart title: "Patients per cohort" → "patients-per-cohort". */
export function toFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/-+/g, "-");
  return slug === "" ? "chart" : slug.slice(0, 80);
}

/** A column of calendar years ("Year of diagnosis", "Year"): shown as 2012, not 2,012. */
export function isYearColumn(column: string): boolean {
  return /\byear\b/i.test(column);
}

/** How "Show data table" prints a cell: counts with thousands separators, years without. */
export function formatTableCell(cell: TableCell, column: string): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  return cell.toLocaleString("en", { maximumFractionDigits: 4, useGrouping: !isYearColumn(column) });
}
