/**
 * The case form's state: every input as the text typed, and the payload built from it. Pure, so
 * the conversion is unit-tested. Calendar dates typed in "date mode" live only in `dates` (never
 * in the payload): `applyDates` turns them into the diagnosis year and day offsets first.
 */
import { offsetFromDiagnosis, diagnosisYearOf } from "./date-offsets";
import { HER2_TEST_FIELDS, PATIENT_FIELDS, type PatientField } from "./schemas";
import type { CaseDetail } from "./get-case";

export type PatientDraft = Record<PatientField | "studyId" | "siteId", string>;

export type TestDraft = {
  key: string;
  id?: number;
  version?: number;
  specimen: string;
  specimenSite: string;
  daysSinceDiagnosis: string;
  assay: string;
  ihcScore: string;
  ishRatio: string;
  ishCopies: string;
  blockLabel: string;
  readKind: string;
  reader: string;
  erbb2Mrna: string;
  erbb2MrnaAssay: string;
  erbb2MrnaUnit: string;
  diaMembranePercent: string;
  diaHScore: string;
};

export type LineDraft = {
  key: string;
  id?: number;
  version?: number;
  setting: string;
  lineNumber: string;
  regimenClass: string;
  agents: string[];
  startDay: string;
  endDay: string;
  bestResponse: string;
  measurability: string;
  responseConfirmation: string;
  progressionDay: string;
};

/** A recurrence event as typed (kind and day): the list is sent whole and replaces the stored one. */
export type RecurrenceDraft = { key: string; kind: string; day: string };

export type CaseDraft = {
  patient: PatientDraft;
  patientVersion?: number;
  tests: TestDraft[];
  lines: LineDraft[];
  recurrences: RecurrenceDraft[];
  deletedTests: { id: number; version: number }[];
  deletedLines: { id: number; version: number }[];
};

/** Fields whose text is a number in the payload; the rest are codes. */
const NUMBER_FIELDS = new Set<string>([
  "siteId",
  "diagnosisYear",
  "ageAtDiagnosis",
  "grade",
  "tumourSizeMm",
  "erPercent",
  "prPercent",
  "ki67Percent",
  "daysToMetastasis",
  "daysToDeath",
  "daysToLastContact",
  "daysToSurgery",
  "day",
  "daysSinceDiagnosis",
  "ishRatio",
  "ishCopies",
  "erbb2Mrna",
  "diaMembranePercent",
  "diaHScore",
  "lineNumber",
  "startDay",
  "endDay",
  "progressionDay",
]);

/** Required fields: an empty input is sent as missing (so the message says "is required"), not as null. */
const REQUIRED_FIELDS = new Set<string>([
  "studyId",
  "diagnosisYear",
  "ageAtDiagnosis",
  "sex",
  "diseaseSetting",
  "vitalStatus",
  "daysToLastContact",
  "specimen",
  "daysSinceDiagnosis",
  "assay",
  "readKind",
  "setting",
  "lineNumber",
  "regimenClass",
  "startDay",
  "kind",
  "day",
]);

/** Text → payload value: numbers when they read as numbers, else the text (the schema names the problem). */
export function toPayloadValue(field: string, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return REQUIRED_FIELDS.has(field) || field === "siteId" ? undefined : null;
  if (!NUMBER_FIELDS.has(field)) return trimmed;
  const number = Number(trimmed.replace(",", "."));
  return Number.isFinite(number) && /^[-+]?\d*[.,]?\d+$/.test(trimmed) ? number : trimmed;
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

let keyCounter = 0;
export function newRowKey(): string {
  keyCounter += 1;
  return `new-${keyCounter}`;
}

export function emptyTestDraft(): TestDraft {
  return { key: newRowKey(), specimen: "", specimenSite: "", daysSinceDiagnosis: "", assay: "", ihcScore: "", ishRatio: "", ishCopies: "", blockLabel: "", readKind: "LOCAL", reader: "", erbb2Mrna: "", erbb2MrnaAssay: "", erbb2MrnaUnit: "", diaMembranePercent: "", diaHScore: "" };
}

export function emptyLineDraft(): LineDraft {
  return { key: newRowKey(), setting: "", lineNumber: "1", regimenClass: "", agents: [], startDay: "", endDay: "", bestResponse: "", measurability: "", responseConfirmation: "", progressionDay: "" };
}

export function emptyRecurrenceDraft(): RecurrenceDraft {
  return { key: newRowKey(), kind: "", day: "" };
}

export function emptyCaseDraft(siteId: number | null): CaseDraft {
  const patient = Object.fromEntries([...PATIENT_FIELDS, "studyId", "siteId"].map((field) => [field, ""])) as PatientDraft;
  patient.sex = "FEMALE";
  patient.siteId = siteId === null ? "" : String(siteId);
  return { patient, tests: [emptyTestDraft()], lines: [], recurrences: [], deletedTests: [], deletedLines: [] };
}

export function draftFromCase(detail: CaseDetail): CaseDraft {
  const patient = Object.fromEntries(
    [...PATIENT_FIELDS, "studyId"].map((field) => [field, textOf((detail as unknown as Record<string, unknown>)[field])]),
  ) as PatientDraft;
  patient.siteId = String(detail.site.id);
  return {
    patient,
    patientVersion: detail.version,
    tests: detail.tests.map((test) => ({
      key: `test-${test.id}`,
      id: test.id,
      version: test.version,
      specimen: test.specimen,
      specimenSite: textOf(test.specimenSite),
      daysSinceDiagnosis: String(test.daysSinceDiagnosis),
      assay: test.assay,
      ihcScore: textOf(test.ihcScore),
      ishRatio: textOf(test.ishRatio),
      ishCopies: textOf(test.ishCopies),
      blockLabel: textOf(test.blockLabel),
      readKind: test.readKind,
      reader: textOf(test.reader),
      erbb2Mrna: textOf(test.erbb2Mrna),
      erbb2MrnaAssay: textOf(test.erbb2MrnaAssay),
      erbb2MrnaUnit: textOf(test.erbb2MrnaUnit),
      diaMembranePercent: textOf(test.diaMembranePercent),
      diaHScore: textOf(test.diaHScore),
    })),
    lines: detail.lines.map((line) => ({
      key: `line-${line.id}`,
      id: line.id,
      version: line.version,
      setting: line.setting,
      lineNumber: String(line.lineNumber),
      regimenClass: line.regimenClass,
      agents: [...line.agents],
      startDay: String(line.startDay),
      endDay: textOf(line.endDay),
      bestResponse: textOf(line.bestResponse),
      measurability: textOf(line.measurability),
      responseConfirmation: textOf(line.responseConfirmation),
      progressionDay: textOf(line.progressionDay),
    })),
    recurrences: detail.recurrences.map((event, index) => ({ key: `recurrence-${index}`, kind: event.kind, day: String(event.day) })),
    deletedTests: [],
    deletedLines: [],
  };
}

function rowPayload<T extends { key: string; id?: number; version?: number }>(row: T, fields: readonly (keyof T & string)[]): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (row.id !== undefined) {
    payload.id = row.id;
    payload.version = row.version;
  }
  for (const field of fields) {
    const value = row[field];
    payload[field] = Array.isArray(value) ? value : toPayloadValue(field, String(value));
  }
  return payload;
}

const TEST_FIELDS = HER2_TEST_FIELDS;
const LINE_FIELDS = ["setting", "lineNumber", "regimenClass", "agents", "startDay", "endDay", "bestResponse", "measurability", "responseConfirmation", "progressionDay"] as const;

/** The payload for createCase (no versions) or updateCase (versions, deletions, reason). */
export function buildCasePayload(draft: CaseDraft, options: { includeSite: boolean; reason?: string }): Record<string, unknown> {
  const patient: Record<string, unknown> = {};
  for (const field of [...PATIENT_FIELDS, "studyId"] as const) patient[field] = toPayloadValue(field, draft.patient[field]);
  if (options.includeSite) patient.siteId = toPayloadValue("siteId", draft.patient.siteId);
  const payload: Record<string, unknown> = {
    patient,
    tests: draft.tests.map((test) => rowPayload(test, TEST_FIELDS)),
    lines: draft.lines.map((line) => rowPayload(line, LINE_FIELDS)),
    recurrences: draft.recurrences.map((event) => ({ kind: toPayloadValue("kind", event.kind), day: toPayloadValue("day", event.day) })),
  };
  if (draft.patientVersion !== undefined) {
    patient.version = draft.patientVersion;
    payload.deletedTests = draft.deletedTests;
    payload.deletedLines = draft.deletedLines;
    payload.reason = options.reason ?? "";
  }
  return payload;
}

/**
 * Dates typed in date mode, keyed by where their day goes: "patient.daysToDeath",
 * "test:<row key>.daysSinceDiagnosis", "line:<row key>.startDay", "recurrence:<row key>.day". Row keys, not indices, so
 * that removing a row does not move a date onto another.
 */
export type DateEntries = Record<string, string>;

/**
 * Writes the day offsets (and the diagnosis year) computed from the dates typed, and returns
 * the messages for dates that cannot be used. The dates themselves stay in the browser.
 */
export function applyDates(draft: CaseDraft, diagnosisDate: string, dates: DateEntries): { draft: CaseDraft; problems: Record<string, string> } {
  const next: CaseDraft = structuredClone(draft);
  const problems: Record<string, string> = {};
  const year = diagnosisYearOf(diagnosisDate);
  if (year !== null) next.patient.diagnosisYear = String(year);
  for (const [target, date] of Object.entries(dates)) {
    if (date === "") continue;
    const result = offsetFromDiagnosis(diagnosisDate, date);
    if (!result.ok) {
      problems[target] = result.message;
      continue;
    }
    setDayText(next, target, String(result.days));
  }
  return { draft: next, problems };
}

function setDayText(draft: CaseDraft, target: string, text: string): void {
  const [owner, field] = target.split(".");
  if (!owner || !field) return;
  if (owner === "patient") {
    (draft.patient as Record<string, string>)[field] = text;
    return;
  }
  const [kind, key] = owner.split(":");
  const rows: { key: string }[] = kind === "test" ? draft.tests : kind === "line" ? draft.lines : kind === "recurrence" ? draft.recurrences : [];
  const row = rows.find((candidate) => candidate.key === key) as unknown as Record<string, string> | undefined;
  if (row) row[field] = text;
}
