/**
 * The example REDCap project of the demo: a data dictionary and a records export made here from
 * the synthetic demo cohort (lib/demo), shaped as a site's REDCap project would be: calendar
 * dates (diagnosis, birth, tests, treatment, surgery, recurrences), numbered choice codes,
 * checkboxes, three repeating instruments and data access groups. Its fields are generated from the app's field catalogue,
 * so a field added to the case schemas appears here too. Nothing in it is real. Pure.
 */
import { toCsvLine } from "../cases/csv-write";
import { DEMO_SITES, type DemoSite } from "../demo/demo-sites";
import { generateCohort } from "../demo/generate-cohort";
import { createRandom } from "../demo/random";
import type { DemoCase } from "../demo/types";
import { CATALOGUE_FILES, enteredFields, type CatalogueField, type CatalogueFile } from "../interop/field-catalogue";
import { DICTIONARY_COLUMNS } from "./dictionary";

export const EXAMPLE_FORMS: Readonly<Record<CatalogueFile, string>> = { patients: "baseline", her2_tests: "her2_test", treatment_lines: "treatment_line", recurrence_events: "recurrence_event" };
export const EXAMPLE_STUDY_PREFIX = "RCAP";
export const EXAMPLE_PATIENTS = 40;
const EXAMPLE_SEED = 1818;

type ExampleField = {
  name: string;
  form: string;
  type: "text" | "radio" | "checkbox";
  label: string;
  /** App code → REDCap choice code ("1", "2", …) for radio and checkbox fields. */
  choices: [string, string, string][] | null;
  validation: string;
  min: string;
  max: string;
  identifier: boolean;
  /** Where the value comes from. */
  target: CatalogueField | "record_id" | "study_id";
};

/** The REDCap name of a day field's date: days_to_death → death_date, start_day → start_date, a recurrence's day → recurrence_event_date. */
export function exampleDateName(file: CatalogueFile, column: string): string {
  const stem = column.replace(/^days_(to|since)_/, "").replace(/_days?$/, "");
  return stem === "" || stem === "day" || stem === "diagnosis" ? `${EXAMPLE_FORMS[file]}_date` : `${stem}_date`;
}

function exampleField(file: CatalogueFile, target: CatalogueField): ExampleField {
  const form = EXAMPLE_FORMS[file];
  const base = { form, min: "", max: "", identifier: false, target, choices: null, validation: "" } as const;
  if (target.field === "diagnosisYear") return { ...base, name: "diagnosis_date", type: "text", label: "Date of diagnosis", validation: "date_ymd", identifier: true };
  if (target.field === "ageAtDiagnosis") return { ...base, name: "birth_date", type: "text", label: "Date of birth", validation: "date_ymd", identifier: true };
  if (target.isDay) return { ...base, name: exampleDateName(file, target.column), type: "text", label: target.label.replace(/^Days? (to|of) /, "Date of ").replace(/ day$/, " date"), validation: "date_ymd", identifier: true };
  if (target.kind === "code" || target.kind === "codes") {
    const choices = (target.codes ?? []).map((code, index): [string, string, string] => [code, String(index + 1), target.codeLabels?.[code] ?? code]);
    return { ...base, name: target.column, type: target.kind === "code" ? "radio" : "checkbox", label: target.label, choices };
  }
  const validation = target.kind === "integer" ? "integer" : target.kind === "number" ? "number" : "";
  return { ...base, name: target.column, type: "text", label: target.label, validation, min: target.minimum === undefined ? "" : String(target.minimum), max: target.maximum === undefined ? "" : String(target.maximum) };
}

export function exampleFields(): ExampleField[] {
  const keys: ExampleField[] = [
    { name: "record_id", form: EXAMPLE_FORMS.patients, type: "text", label: "Record ID", choices: null, validation: "", min: "", max: "", identifier: false, target: "record_id" },
    { name: "study_id", form: EXAMPLE_FORMS.patients, type: "text", label: "Study ID", choices: null, validation: "", min: "", max: "", identifier: false, target: "study_id" },
  ];
  return [...keys, ...CATALOGUE_FILES.flatMap((file) => enteredFields(file).map((target) => exampleField(file, target)))];
}

export function buildExampleDictionary(): string {
  const rows = exampleFields().map((field) => {
    const choices = field.choices ? field.choices.map(([, code, label]) => `${code}, ${label}`).join(" | ") : "";
    const cells: string[] = [field.name, field.form, "", field.type, field.label, choices, "", field.validation, field.min, field.max, field.identifier ? "y" : "", "", "", "", "", "", "", ""];
    return toCsvLine(cells);
  });
  return [toCsvLine(DICTIONARY_COLUMNS), ...rows].join("");
}

type Day = { year: number; month: number; day: number };
const MS_PER_DAY = 86_400_000;
const toDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The example cases: the demo generator's, at the given sites, with study IDs RCAP-<site>-<n>. */
export function exampleCases(sites: readonly DemoSite[] = DEMO_SITES, patients = EXAMPLE_PATIENTS): DemoCase[] {
  return [...generateCohort({ patients, seed: EXAMPLE_SEED, sites })].map((demoCase) => ({
    ...demoCase,
    patient: { ...demoCase.patient, studyId: demoCase.patient.studyId.replace(/^HER2-/, `${EXAMPLE_STUDY_PREFIX}-`) },
  }));
}

export const exampleDagName = (siteCode: string) => `site_${siteCode.toLowerCase()}`;

/** The records export (flat, raw values) of the example cases, with dates made from day offsets. */
export function buildExampleRecords(cases: readonly DemoCase[]): string {
  const fields = exampleFields();
  const columnsOf = (field: ExampleField): string[] => (field.type === "checkbox" ? (field.choices ?? []).map(([, code]) => `${field.name}___${code}`) : [field.name]);
  const formFields = (form: string) => fields.filter((field) => field.form === form);
  const header = [
    "record_id",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
    "redcap_data_access_group",
    ...fields.filter((field) => field.name !== "record_id").flatMap(columnsOf),
    ...Object.values(EXAMPLE_FORMS).map((form) => `${form}_complete`),
  ];
  const random = createRandom(EXAMPLE_SEED);
  const lines = [toCsvLine(header)];
  cases.forEach((demoCase, index) => {
    const record = String(index + 1);
    const { patient } = demoCase;
    // Day 0: a day in the diagnosis year (so the year survives), then every event from it.
    const diagnosisMs = Date.UTC(patient.diagnosisYear, 0, 1) + random.integer(0, 364 - 40) * MS_PER_DAY;
    const diagnosis = new Date(diagnosisMs);
    const dx: Day = { year: diagnosis.getUTCFullYear(), month: diagnosis.getUTCMonth() + 1, day: diagnosis.getUTCDate() };
    const birthMs = Date.UTC(dx.year - patient.ageAtDiagnosis, dx.month - 1, dx.day) - random.integer(2, 300) * MS_PER_DAY;
    const valueOf = (field: ExampleField, values: Record<string, unknown>): Record<string, string> => {
      const target = field.target;
      if (target === "record_id") return { record_id: record };
      if (target === "study_id") return { study_id: patient.studyId };
      const value = values[target.field];
      if (target.field === "diagnosisYear") return { [field.name]: toDate(diagnosisMs) };
      if (target.field === "ageAtDiagnosis") return { [field.name]: toDate(birthMs) };
      if (value === null || value === undefined) return field.type === "checkbox" ? Object.fromEntries(columnsOf(field).map((column) => [column, "0"])) : {};
      if (target.isDay) return { [field.name]: toDate(diagnosisMs + Number(value) * MS_PER_DAY) };
      if (field.type === "radio") return { [field.name]: field.choices?.find(([code]) => code === value)?.[1] ?? "" };
      if (field.type === "checkbox") {
        const ticked = new Set(value as string[]);
        return Object.fromEntries((field.choices ?? []).map(([code, choice]) => [`${field.name}___${choice}`, ticked.has(code) ? "1" : "0"]));
      }
      return { [field.name]: String(value) };
    };
    const row = (instrument: string | null, instance: number | null, cells: Record<string, string>, complete: string) =>
      toCsvLine(header.map((column) => {
        if (column === "record_id") return record;
        if (column === "redcap_repeat_instrument") return instrument ?? "";
        if (column === "redcap_repeat_instance") return instance === null ? "" : String(instance);
        if (column === "redcap_data_access_group") return exampleDagName(patient.siteCode);
        if (column === complete) return "2";
        return cells[column] ?? "";
      }));
    const patientCells = Object.assign({}, ...formFields(EXAMPLE_FORMS.patients).map((field) => valueOf(field, patient as unknown as Record<string, unknown>))) as Record<string, string>;
    lines.push(row(null, null, patientCells, `${EXAMPLE_FORMS.patients}_complete`));
    demoCase.tests.forEach((test, testIndex) => {
      const cells = Object.assign({}, ...formFields(EXAMPLE_FORMS.her2_tests).map((field) => valueOf(field, test as unknown as Record<string, unknown>))) as Record<string, string>;
      lines.push(row(EXAMPLE_FORMS.her2_tests, testIndex + 1, cells, `${EXAMPLE_FORMS.her2_tests}_complete`));
    });
    demoCase.lines.forEach((line, lineIndex) => {
      const cells = Object.assign({}, ...formFields(EXAMPLE_FORMS.treatment_lines).map((field) => valueOf(field, line as unknown as Record<string, unknown>))) as Record<string, string>;
      lines.push(row(EXAMPLE_FORMS.treatment_lines, lineIndex + 1, cells, `${EXAMPLE_FORMS.treatment_lines}_complete`));
    });
    // The entered events; the distant recurrence is the date of metastasis, as in the app.
    demoCase.recurrences.filter((event) => event.kind !== "DISTANT").forEach((event, eventIndex) => {
      const cells = Object.assign({}, ...formFields(EXAMPLE_FORMS.recurrence_events).map((field) => valueOf(field, event as unknown as Record<string, unknown>))) as Record<string, string>;
      lines.push(row(EXAMPLE_FORMS.recurrence_events, eventIndex + 1, cells, `${EXAMPLE_FORMS.recurrence_events}_complete`));
    });
  });
  return lines.join("");
}
