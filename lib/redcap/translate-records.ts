/**
 * REDCap records + mapping → the app's import files (patients.csv, her2_tests.csv,
 * treatment_lines.csv, recurrence_events.csv), which then go through the app's own dry run and all-or-nothing commit
 * unchanged. Runs in the browser (product.md §2, docs/interoperability.md): REDCap dates become
 * the diagnosis year and whole days since the date of diagnosis here, so no calendar date leaves
 * the coordinator's computer. Every problem is named by record, instrument, instance and REDCap
 * field; so are the server's errors afterwards (`relabelImportErrors`). Pure.
 */
import { CODES_SEPARATOR, CSV_FILE_NAMES, templateColumns } from "../cases/csv-columns";
import { toCsvLine } from "../cases/csv-write";
import { daysBetween, daysInMonth, type CalendarDate } from "../cases/date-offsets";
import { CATALOGUE_FILES, enteredFields, type CatalogueField, type CatalogueFile } from "../interop/field-catalogue";
import { isDateField, type RedcapDictionary, type RedcapField } from "./dictionary";
import { CHILD_FILES, targetKeyOf, type RedcapMapping } from "./mapping";
import type { RedcapRecords, RedcapRow } from "./records";

export type RedcapOrigin = { record: string; event: string | null; instrument: string | null; instance: number | null };
export type RedcapIssue = RedcapOrigin & { field: string | null; message: string };

export type TranslatedImport = {
  /** The import files, as the Import page would upload them (recurrence_events.csv with its header alone when no instrument is mapped to it). */
  csv: Record<CatalogueFile, string>;
  /** Where each data row of each file came from: index 0 is spreadsheet row 2. */
  origins: Record<CatalogueFile, RedcapOrigin[]>;
  issues: RedcapIssue[];
  /** Records read, and rows written to each file. */
  counts: { records: number; rows: Record<CatalogueFile, number> };
};

/** REDCap's raw export writes dates as YYYY-MM-DD (datetimes with a time after a space); M-D-Y and D-M-Y are read when the field says so. */
export function parseRedcapDate(text: string, validation: string): CalendarDate | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  let parts: [number, number, number] | null = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : null;
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (!parts && local) {
    if (validation.endsWith("_mdy")) parts = [Number(local[3]), Number(local[1]), Number(local[2])];
    else if (validation.endsWith("_dmy")) parts = [Number(local[3]), Number(local[2]), Number(local[1])];
  }
  if (!parts) return null;
  const [year, month, day] = parts;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Whole years from `birth` to `on` (the age on that day). */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

type Values = { values: ReadonlyMap<string, string>; checked: ReadonlyMap<string, readonly string[]> };
type Converted = { ok: true; cell: string } | { ok: false; message: string };

const empty: Converted = { ok: true, cell: "" };

function convertField(target: CatalogueField, source: RedcapField, mappingCodes: Readonly<Record<string, string>> | undefined, values: Values, diagnosis: CalendarDate | null, diagnosisField: string | null): Converted {
  if (source.type === "checkbox") {
    const ticked = values.checked.get(source.name) ?? [];
    const codes: string[] = [];
    for (const code of ticked) {
      const appCode = mappingCodes?.[code];
      if (appCode === undefined) return { ok: false, message: `The ticked choice ${describeChoice(source, code)} has no app code in the mapping` };
      if (appCode !== "") codes.push(appCode);
    }
    if (target.kind !== "codes" && codes.length > 1) return { ok: false, message: `More than one choice is ticked, but ${target.label} takes one` };
    return { ok: true, cell: codes.join(CODES_SEPARATOR) };
  }
  const raw = values.values.get(source.name);
  if (raw === undefined || raw === "") return empty;
  if (isDateField(source)) {
    const date = parseRedcapDate(raw, source.validation);
    // The value itself is not repeated in the message: it may be a full date.
    if (!date) return { ok: false, message: `Not a date as REDCap exports them (YYYY-MM-DD)` };
    if (target.field === "diagnosisYear") return { ok: true, cell: String(date.year) };
    if (!diagnosis) return { ok: false, message: diagnosisField ? `Needs the date of diagnosis (${diagnosisField}), which is empty for this record` : "Needs a date of diagnosis: choose the REDCap field that holds it" };
    if (target.field === "ageAtDiagnosis") {
      const age = ageOn(date, diagnosis);
      return age < 0 ? { ok: false, message: "The date of birth is after the date of diagnosis" } : { ok: true, cell: String(age) };
    }
    if (!target.isDay) return { ok: false, message: `${target.label} is not a day: map a field that is not a date` };
    const days = daysBetween(diagnosis, date);
    return days < 0 ? { ok: false, message: `This date is ${-days} day${days === -1 ? "" : "s"} before the date of diagnosis` } : { ok: true, cell: String(days) };
  }
  if (source.choices && mappingCodes) {
    const appCode = mappingCodes[raw];
    if (appCode === undefined) return { ok: false, message: `The choice ${describeChoice(source, raw)} has no app code in the mapping` };
    return { ok: true, cell: appCode };
  }
  return { ok: true, cell: raw };
}

function describeChoice(source: RedcapField, code: string): string {
  const label = source.choices?.find((choice) => choice.code === code)?.label;
  return label && label !== code ? `${code} ("${label}")` : code;
}

type Section = { file: CatalogueFile; targets: { target: CatalogueField; source: RedcapField; codes: Readonly<Record<string, string>> | undefined }[] };

function sectionsOf(dictionary: RedcapDictionary, mapping: RedcapMapping, issues: RedcapIssue[]): Section[] {
  const byName = new Map(dictionary.fields.map((field) => [field.name, field]));
  return CATALOGUE_FILES.map((file) => ({
    file,
    targets: enteredFields(file).flatMap((target) => {
      const entry = mapping.fields[targetKeyOf(file, target.column)];
      if (!entry) return [];
      const source = byName.get(entry.source);
      if (!source) {
        issues.push({ record: "", event: null, instrument: null, instance: null, field: entry.source, message: `${target.label} is mapped to ${entry.source}, which is not in this data dictionary` });
        return [];
      }
      return [{ target, source, codes: entry.codes }];
    }),
  }));
}

/** A record's non-repeating values, merged over its events; a value that differs between events is a problem. */
function mergeRecordValues(rows: readonly RedcapRow[], issues: RedcapIssue[], dictionary: RedcapDictionary): Values {
  const values = new Map<string, string>();
  const checked = new Map<string, string[]>();
  const formOf = new Map(dictionary.fields.map((field) => [field.name, field.form]));
  for (const row of rows) {
    for (const [name, value] of row.values) {
      const before = values.get(name);
      if (before === undefined) values.set(name, value);
      else if (before !== value) issues.push({ record: row.record, event: row.event, instrument: formOf.get(name) ?? null, instance: null, field: name, message: "The field has different values in different events; keep one" });
    }
    for (const [name, codes] of row.checked) checked.set(name, [...new Set([...(checked.get(name) ?? []), ...codes])]);
  }
  return { values, checked };
}

export function translateRecords(dictionary: RedcapDictionary, records: RedcapRecords, mapping: RedcapMapping): TranslatedImport {
  const issues: RedcapIssue[] = [];
  const sections = sectionsOf(dictionary, mapping, issues);
  const byName = new Map(dictionary.fields.map((field) => [field.name, field]));
  const studyIdSource = mapping.fields[targetKeyOf("patients", "study_id")]?.source ?? dictionary.recordIdField;
  const diagnosisField = mapping.diagnosisDateField ? (byName.get(mapping.diagnosisDateField) ?? null) : null;
  if (mapping.diagnosisDateField && !diagnosisField) issues.push({ record: "", event: null, instrument: null, instance: null, field: mapping.diagnosisDateField, message: "The date of diagnosis field is not in this data dictionary" });
  const repeating = new Set(records.repeatingInstruments);

  const columns = Object.fromEntries(CATALOGUE_FILES.map((file) => [file, templateColumns(file).map((column) => column.column)])) as Record<CatalogueFile, string[]>;
  const lines = Object.fromEntries(CATALOGUE_FILES.map((file) => [file, [toCsvLine(columns[file])]])) as Record<CatalogueFile, string[]>;
  const origins = Object.fromEntries(CATALOGUE_FILES.map((file) => [file, []])) as unknown as Record<CatalogueFile, RedcapOrigin[]>;
  const counts = { records: records.records.length, rows: Object.fromEntries(CATALOGUE_FILES.map((file) => [file, 0])) as Record<CatalogueFile, number> };
  const sectionOf = new Map(sections.map((section) => [section.file, section]));

  const rowsByRecord = new Map<string, RedcapRow[]>();
  for (const row of records.rows) rowsByRecord.set(row.record, [...(rowsByRecord.get(row.record) ?? []), row]);

  for (const record of records.records) {
    const rows = rowsByRecord.get(record) ?? [];
    const base = mergeRecordValues(rows.filter((row) => row.instrument === null), issues, dictionary);
    const origin: RedcapOrigin = { record, event: null, instrument: null, instance: null };
    let diagnosis: CalendarDate | null = null;
    if (diagnosisField) {
      const raw = base.values.get(diagnosisField.name);
      diagnosis = raw ? parseRedcapDate(raw, diagnosisField.validation) : null;
      if (raw && !diagnosis) issues.push({ ...origin, instrument: diagnosisField.form, field: diagnosisField.name, message: "The date of diagnosis is not a date as REDCap exports them (YYYY-MM-DD)" });
    }
    const studyId = studyIdSource === dictionary.recordIdField ? record : (base.values.get(studyIdSource) ?? "");
    if (studyId === "") issues.push({ ...origin, instrument: byName.get(studyIdSource)?.form ?? null, field: studyIdSource, message: "The study ID is empty" });

    const cellsOf = (section: Section, values: Values, where: RedcapOrigin): Record<string, string> => {
      const cells: Record<string, string> = {};
      for (const { target, source, codes } of section.targets) {
        const converted = convertField(target, source, codes, values, diagnosis, diagnosisField?.name ?? null);
        if (converted.ok) cells[target.column] = converted.cell;
        else issues.push({ ...where, instrument: where.instrument ?? source.form, field: source.name, message: converted.message });
      }
      return cells;
    };
    const write = (file: CatalogueFile, cells: Record<string, string>, where: RedcapOrigin) => {
      lines[file].push(toCsvLine(columns[file].map((column) => cells[column] ?? "")));
      origins[file].push(where);
    };

    const patientCells = cellsOf(sectionOf.get("patients") as Section, base, origin);
    patientCells.study_id = studyId;
    patientCells.site_code = siteCodeOf(mapping, rows, base, origin, issues);
    write("patients", patientCells, origin);
    counts.rows.patients += 1;

    for (const file of CHILD_FILES) {
      const section = sectionOf.get(file);
      const instrument = mapping.instruments[file] ?? null;
      if (!section || section.targets.length === 0) continue;
      const instances = instrument && repeating.has(instrument)
        ? rows.filter((row) => row.instrument === instrument).map((row) => ({ values: { values: row.values, checked: row.checked }, where: { record, event: row.event, instrument, instance: row.instance } }))
        : [{ values: base, where: { ...origin, instrument } }];
      for (const instance of instances) {
        // A non-repeating form (or an empty instance) with none of the mapped fields filled has no test or line.
        const filled = section.targets.some(({ source }) => (instance.values.values.get(source.name) ?? "") !== "" || (instance.values.checked.get(source.name)?.length ?? 0) > 0);
        if (!filled) continue;
        const cells = cellsOf(section, instance.values, instance.where);
        cells.study_id = studyId;
        write(section.file, cells, instance.where);
        counts.rows[file] += 1;
      }
    }
  }
  return {
    csv: Object.fromEntries(CATALOGUE_FILES.map((file) => [file, lines[file].join("")])) as Record<CatalogueFile, string>,
    origins,
    issues,
    counts,
  };
}

function siteCodeOf(mapping: RedcapMapping, rows: readonly RedcapRow[], base: Values, origin: RedcapOrigin, issues: RedcapIssue[]): string {
  const site = mapping.site;
  switch (site.source) {
    case "own":
      return "";
    case "dag": {
      const dag = rows.find((row) => row.dag !== null)?.dag ?? null;
      if (!dag) {
        issues.push({ ...origin, field: "redcap_data_access_group", message: "The record has no data access group, so its site is unknown" });
        return "";
      }
      const code = site.codes[dag];
      if (!code) issues.push({ ...origin, field: "redcap_data_access_group", message: `The data access group ${dag} has no site in the mapping` });
      return code ?? "";
    }
    case "field": {
      const value = base.values.get(site.field) ?? base.checked.get(site.field)?.[0] ?? "";
      return site.codes[value] ?? value;
    }
  }
}

export type AppImportError = { file: string; row: number | null; column: string | null; message: string };

/** The app's import errors (file, row, column) told in REDCap's terms (record, instrument, instance, field). */
export function relabelImportErrors(errors: readonly AppImportError[], translated: Pick<TranslatedImport, "origins">, mapping: RedcapMapping, recordIdField: string): RedcapIssue[] {
  const fileOf = new Map(CATALOGUE_FILES.map((file) => [CSV_FILE_NAMES[file], file]));
  return errors.map((error) => {
    const file = fileOf.get(error.file);
    const origin = file && error.row !== null ? translated.origins[file][error.row - 2] : undefined;
    let field: string | null = null;
    if (file && error.column) {
      if (error.column === "site_code") field = mapping.site.source === "field" ? mapping.site.field : mapping.site.source === "dag" ? "redcap_data_access_group" : null;
      else if (error.column === "study_id") field = file === "patients" ? (mapping.fields[targetKeyOf("patients", "study_id")]?.source ?? recordIdField) : recordIdField;
      else field = mapping.fields[targetKeyOf(file, error.column)]?.source ?? null;
    }
    return { record: origin?.record ?? "", event: origin?.event ?? null, instrument: origin?.instrument ?? null, instance: origin?.instance ?? null, field, message: error.message };
  });
}
