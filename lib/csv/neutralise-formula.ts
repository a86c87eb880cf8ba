// CSV injection (OWASP "CSV Injection"; issue 15 §8): a spreadsheet opening a CSV runs a cell
// that starts with =, +, -, @, a tab or a carriage return as a formula, so a site renamed
// `=HYPERLINK(...)` would reach every investigator who exports a chart. Every CSV the app writes
// passes its cells through this one function. Pure: the browser's chart exports use it too.

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number ("-12", "+3.5", "-1e-3", "-4 %") is data, not a formula, and is kept as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?( ?%)?$/;

/** The text a spreadsheet cannot run: a leading apostrophe before a would-be formula, as OWASP recommends. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Whether a cell would have been run as a formula (for tests and reports). */
export function isFormulaLike(text: string): boolean {
  return neutraliseFormula(text) !== text;
}
