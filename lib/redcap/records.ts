/**
 * A REDCap records export ("CSV / Microsoft Excel (raw data)", flat): one row per record, plus
 * one row per instance of a repeating instrument (`redcap_repeat_instrument`,
 * `redcap_repeat_instance`), an event column in longitudinal projects and
 * `redcap_data_access_group` when the project has DAGs. Checkboxes come as one column per
 * choice (`field___code`, 1 = ticked); `<form>_complete` and survey columns are ignored.
 * Pure: this runs in the browser, so that no date in the export ever reaches the server.
 */
import Papa from "papaparse";
import { RedcapFileError, type RedcapDictionary, type RedcapField } from "./dictionary";

export type RedcapRow = {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  line: number;
  record: string;
  event: string | null;
  /** The repeating instrument of this row; null for the record's non-repeating data. */
  instrument: string | null;
  instance: number | null;
  dag: string | null;
  /** Raw values by field name (empty cells left out). */
  values: ReadonlyMap<string, string>;
  /** Ticked choice codes of each checkbox field. */
  checked: ReadonlyMap<string, readonly string[]>;
};

export type RedcapRecords = {
  rows: RedcapRow[];
  /** Record IDs in file order. */
  records: string[];
  repeatingInstruments: string[];
  events: string[];
  dags: string[];
};

const SPECIAL_COLUMNS = new Set(["redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance", "redcap_data_access_group", "redcap_survey_identifier"]);

/** How REDCap names a checkbox choice in a column (lower case; other characters as "_"). */
export function checkboxColumnCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

type ColumnRole =
  | { kind: "field"; field: RedcapField }
  | { kind: "checkbox"; field: RedcapField; code: string }
  | { kind: "special"; name: string }
  | { kind: "ignored" };

function classifyColumns(header: readonly string[], dictionary: RedcapDictionary): ColumnRole[] {
  const byName = new Map(dictionary.fields.map((field) => [field.name, field]));
  const forms = new Set(dictionary.forms);
  const unknown: string[] = [];
  const roles = header.map((raw): ColumnRole => {
    const name = raw.trim();
    if (SPECIAL_COLUMNS.has(name)) return { kind: "special", name };
    const field = byName.get(name);
    if (field && field.type !== "checkbox") return { kind: "field", field };
    const checkbox = /^(.+?)___(.+)$/.exec(name);
    if (checkbox) {
      const base = byName.get(checkbox[1] ?? "");
      const choice = base?.choices?.find((item) => checkboxColumnCode(item.code) === checkbox[2]);
      if (base && choice) return { kind: "checkbox", field: base, code: choice.code };
    }
    const form = /^(.+)_(complete|timestamp)$/.exec(name)?.[1];
    if (form && forms.has(form)) return { kind: "ignored" };
    unknown.push(name === "" ? "(empty header)" : name);
    return { kind: "ignored" };
  });
  if (unknown.length > 0) {
    throw new RedcapFileError(
      `The records export has column${unknown.length > 1 ? "s" : ""} that the data dictionary does not define: ${unknown.slice(0, 12).join(", ")}${unknown.length > 12 ? ", …" : ""}. Export the records and the dictionary from the same project.`,
    );
  }
  return roles;
}

export function parseRedcapRecords(text: string, dictionary: RedcapDictionary): RedcapRecords {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [header, ...body] = result.data;
  if (!header || header.length === 0) throw new RedcapFileError("The records export is empty.");
  if ((header[0] ?? "").trim() !== dictionary.recordIdField) {
    throw new RedcapFileError(`The records export starts with the column "${header[0] ?? ""}", but the data dictionary's record ID field is "${dictionary.recordIdField}". Export the records and the dictionary from the same project.`);
  }
  if (body.length === 0) throw new RedcapFileError("The records export has a header but no records.");
  const roles = classifyColumns(header, dictionary);
  const rows: RedcapRow[] = [];
  const records: string[] = [];
  const seenRecords = new Set<string>();
  const instruments = new Set<string>();
  const events = new Set<string>();
  const dags = new Set<string>();
  body.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length !== header.length) {
      throw new RedcapFileError(`Row ${line} of the records export has ${cells.length} cells but the header has ${header.length} (a missing or extra separator, or an unclosed quote).`);
    }
    const values = new Map<string, string>();
    const checked = new Map<string, string[]>();
    const special = new Map<string, string>();
    roles.forEach((role, column) => {
      const value = (cells[column] ?? "").trim();
      if (role.kind === "special") special.set(role.name, value);
      else if (role.kind === "field" && value !== "") values.set(role.field.name, value);
      else if (role.kind === "checkbox" && value === "1") checked.set(role.field.name, [...(checked.get(role.field.name) ?? []), role.code]);
    });
    const record = (cells[0] ?? "").trim();
    if (record === "") throw new RedcapFileError(`Row ${line} of the records export has no record ID.`);
    const instrument = special.get("redcap_repeat_instrument") || null;
    const instanceText = special.get("redcap_repeat_instance") ?? "";
    const instance = instanceText === "" ? null : Number(instanceText);
    if (instance !== null && (!Number.isInteger(instance) || instance < 1)) {
      throw new RedcapFileError(`Row ${line} of the records export (record ${record}) has the repeat instance "${instanceText}": a whole number of 1 or more is expected.`);
    }
    const event = special.get("redcap_event_name") || null;
    const dag = special.get("redcap_data_access_group") || null;
    if (instrument) instruments.add(instrument);
    if (event) events.add(event);
    if (dag) dags.add(dag);
    if (!seenRecords.has(record)) {
      seenRecords.add(record);
      records.push(record);
    }
    rows.push({ line, record, event, instrument, instance, dag, values, checked });
  });
  return { rows, records, repeatingInstruments: [...instruments], events: [...events], dags: [...dags] };
}
