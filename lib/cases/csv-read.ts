/**
 * Reading an uploaded CSV file: bytes → UTF-8 text (a byte-order mark is dropped; UTF-16 and
 * other encodings are refused with a message), text → header and rows (papaparse; comma,
 * semicolon or tab), and the header checked against the file's columns. Problems with the file
 * as a whole are AppError VALIDATION (400), naming the file; problems in a row are reported
 * row by row by the import. Pure.
 */
import Papa from "papaparse";
import { AppError } from "../errors";
import { CSV_FILE_NAMES, importColumns, type CaseFile } from "./csv-columns";

export type CsvRow = { row: number; cells: Record<string, string>; cellCount: number };
export type ParsedCsv = { file: CaseFile; header: string[]; rows: CsvRow[] };

function fileError(file: CaseFile, message: string): AppError {
  return new AppError("VALIDATION", `${CSV_FILE_NAMES[file]}: ${message}`, { fields: [{ path: CSV_FILE_NAMES[file], message }] });
}

export function decodeCsvBytes(file: CaseFile, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw fileError(file, "the file is UTF-16 text; save it as \"CSV UTF-8\" and upload it again");
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 (e.g. a Latin-1 or Windows-1252 export) is refused, not garbled.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileError(file, "the file is not UTF-8 text; save it as \"CSV UTF-8\" and upload it again");
  }
  if (text.includes("\u0000")) throw fileError(file, "the file holds binary data, not CSV text");
  return text;
}

export function parseCsvText(file: CaseFile, text: string): ParsedCsv {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] });
  const [header, ...body] = result.data;
  if (!header || header.every((cell) => cell.trim() === "")) throw fileError(file, "the file is empty: it needs a header row and at least one data row");
  const names = header.map((cell) => cell.trim().toLowerCase());
  checkHeader(file, names);
  // Row numbers as a spreadsheet shows them: the header is row 1.
  const lineOfRecord = body.map((_, index) => index + 2);
  const rows: CsvRow[] = body.map((cells, index) => ({
    row: lineOfRecord[index] ?? index + 2,
    cellCount: cells.length,
    cells: Object.fromEntries(names.map((name, column) => [name, cells[column] ?? ""])),
  }));
  if (rows.length === 0) throw fileError(file, "the file has a header but no data rows");
  return { file, header: names, rows };
}

/** Missing required columns and unknown columns are refused together, with their names. */
export function checkHeader(file: CaseFile, names: readonly string[]): void {
  const known = importColumns(file);
  const knownNames = new Set(known.map((column) => column.column));
  const problems: string[] = [];
  const missing = known.filter((column) => column.required && !names.includes(column.column)).map((column) => column.column);
  const unknown = names.filter((name) => !knownNames.has(name));
  const duplicated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  if (unknown.length > 0) problems.push(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => (name === "" ? "(empty header)" : name)).join(", ")}`);
  if (duplicated.length > 0) problems.push(`column${duplicated.length > 1 ? "s" : ""} given twice: ${[...new Set(duplicated)].join(", ")}`);
  if (problems.length > 0) {
    throw fileError(file, `${problems.join("; ")}. Download the template for the expected columns.`);
  }
}
