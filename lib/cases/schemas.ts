/**
 * The zod schemas of a case: the case form (inline messages), the server actions and route
 * handlers (parsing), and the CSV import (row validation, template and data dictionary) all use
 * these. Pure: no server imports, so the browser runs exactly the same rules.
 *
 * De-identification by construction (product.md §2): objects are strict (an unknown key such as
 * `diagnosisDate` is refused), every day is a whole number of days since diagnosis, and a
 * calendar date anywhere in a payload is refused with FULL_DATE_MESSAGE.
 */
import { z } from "zod";
import { Her2ScoringInputSchema } from "../her2/schemas";
import {
  Agent,
  BestResponse,
  Measurability,
  ResponseConfirmation,
  DiseaseSetting,
  GermlineBrca,
  Her2Assay,
  HistologicType,
  MCategory,
  MenopausalStatus,
  MrnaAssay,
  MrnaUnit,
  NCategory,
  ReadKind,
  RegimenClass,
  Sex,
  Specimen,
  SpecimenSite,
  StageGroup,
  TCategory,
  TreatmentSetting,
  VitalStatus,
  StagingBasis,
  RcbClass,
  SurgeryType,
  RecurrenceKind,
} from "./coded-values";
import { derivePathologicCompleteResponse } from "./early-disease";
import { MAX_INT4 } from "../db/integer-range";
import { freeText } from "../free-text";
import { FULL_DATE_MESSAGE, findFullDates, looksLikeFullDate } from "./full-dates";
import { MAX_STUDY_ID_LENGTH, describeStudyIdFormat } from "./study-id";

export const MAX_DAY = 36_500;
export const MIN_DIAGNOSIS_YEAR = 1950;
export const MAX_ENTERED_AGE = 120;
/** Ages of 90 and over are stored as 90 (HIPAA Safe Harbor) and shown as "90+". */
export const AGE_CAP = 90;
export const MAX_TESTS_PER_CASE = 50;
export const MAX_LINES_PER_CASE = 50;
/** More invasive events than one follow-up holds (STEEP 2.0 counts the first; later ones are kept). */
export const MAX_RECURRENCES_PER_CASE = 20;
export const REASON_MIN_LENGTH = 3;
export const REASON_MAX_LENGTH = 500;

// ---------------------------------------------------------------------------------------------
// Field builders: one message per way a value can be wrong, naming the field.

function describeTypeProblem(label: string, input: unknown, expected: string, dateMessage = FULL_DATE_MESSAGE): string {
  if (input === undefined || input === null || input === "") return `${label} is required`;
  if (looksLikeFullDate(input)) return dateMessage;
  return `${label} must be ${expected}`;
}

function wholeNumber(label: string, min: number, max: number, unit = "") {
  const range = `${label} must be between ${min} and ${max}${unit}`;
  return z
    .number({ error: (issue) => describeTypeProblem(label, issue.input, "a whole number") })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: range })
    .max(max, { error: range });
}

function daySince(label: string) {
  return wholeNumber(label, 0, MAX_DAY, " days since diagnosis");
}

function codedValue<const T extends Readonly<Record<string, string>>>(label: string, values: T) {
  const codes = Object.values(values).join(", ");
  return z.enum(values, { error: (issue) => describeTypeProblem(label, issue.input, `one of ${codes}`) });
}

/** Optional field: absent or null both mean "not recorded" and are stored as NULL. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullable().default(null);
}

const currentYear = () => new Date().getFullYear();

// ---------------------------------------------------------------------------------------------
// Patient

export function createStudyIdSchema(pattern: string) {
  const regex = new RegExp(pattern);
  return z
    .string({ error: (issue) => describeTypeProblem("Study ID", issue.input, "text") })
    .trim()
    .min(1, { error: "Study ID is required" })
    // Capped before the pattern runs (abort): a configured pattern never sees a long input.
    .max(MAX_STUDY_ID_LENGTH, { error: `Study ID is at most ${MAX_STUDY_ID_LENGTH} characters`, abort: true })
    .regex(regex, { error: `Study ID must be ${describeStudyIdFormat(pattern)}` })
    .meta({ description: "Study ID assigned by the study; the only way a patient is named. It carries the site code of the case's site." });
}

const patientFieldShape = {
  diagnosisYear: z
    .number({ error: (issue) => describeTypeProblem("Diagnosis year", issue.input, "a whole number (the year only)", "Diagnosis year takes the year only (e.g. 2019), not a full date") })
    .int({ error: "Diagnosis year must be a whole number (the year only)" })
    .min(MIN_DIAGNOSIS_YEAR, { error: `Diagnosis year must be ${MIN_DIAGNOSIS_YEAR} or later` })
    .refine((year) => year <= currentYear(), { error: "Diagnosis year cannot be in the future" })
    .meta({ description: "Calendar year of diagnosis (the index date; the full date is never stored)." }),
  ageAtDiagnosis: wholeNumber("Age at diagnosis", 0, MAX_ENTERED_AGE, " years")
    .transform((age) => Math.min(age, AGE_CAP))
    .meta({ description: "Age at diagnosis in whole years; 90 and over is stored as 90 and shown as 90+." }),
  sex: codedValue("Sex", Sex).default("FEMALE").meta({ description: "Sex (FEMALE when empty)." }),
  menopausalStatus: optional(codedValue("Menopausal status", MenopausalStatus)).meta({ description: "Menopausal status at diagnosis." }),
  histologicType: optional(codedValue("Histologic type", HistologicType)).meta({ description: "Histologic type of the invasive tumour." }),
  grade: optional(wholeNumber("Grade", 1, 3)).meta({ description: "Histologic grade, 1-3." }),
  tumourSizeMm: optional(wholeNumber("Tumour size", 0, 500, " mm")).meta({ description: "Size of the primary tumour in whole millimetres." }),
  tCategory: optional(codedValue("T category", TCategory)).meta({ description: "AJCC T category." }),
  nCategory: optional(codedValue("N category", NCategory)).meta({ description: "AJCC N category." }),
  mCategory: optional(codedValue("M category", MCategory)).meta({ description: "AJCC M category." }),
  stageGroup: optional(codedValue("Stage group", StageGroup)).meta({ description: "AJCC stage group without substage." }),
  erPercent: optional(wholeNumber("ER", 0, 100, " %")).meta({ description: "Oestrogen receptor, % of tumour cells stained (0-100)." }),
  prPercent: optional(wholeNumber("PR", 0, 100, " %")).meta({ description: "Progesterone receptor, % of tumour cells stained (0-100)." }),
  ki67Percent: optional(wholeNumber("Ki-67", 0, 100, " %")).meta({ description: "Ki-67 proliferation index, % of tumour cells (0-100)." }),
  germlineBrca: optional(codedValue("Germline BRCA status", GermlineBrca)).meta({ description: "Germline BRCA1/2 status." }),
  diseaseSetting: codedValue("Disease setting", DiseaseSetting).meta({ description: "Early, de novo metastatic or recurrent metastatic disease." }),
  daysToMetastasis: optional(daySince("Days to metastasis")).meta({ description: "Days since diagnosis to distant metastasis; required for metastatic settings." }),
  vitalStatus: codedValue("Vital status", VitalStatus).meta({ description: "Vital status at last information." }),
  daysToDeath: optional(daySince("Days to death")).meta({ description: "Days since diagnosis to death; required exactly when vital status is DEAD." }),
  daysToLastContact: daySince("Days to last contact").meta({ description: "Days since diagnosis to the last contact (the censoring day)." }),
  // Early disease (issue 14 §1), all optional.
  stagingBasis: optional(codedValue("Staging basis", StagingBasis)).meta({
    description: "Whether T and N at diagnosis are clinical (cT/cN, always so before neoadjuvant therapy) or pathological at primary surgery (pT/pN).",
  }),
  ypTCategory: optional(codedValue("ypT category", TCategory)).meta({ description: "Pathological T category after neoadjuvant therapy (ypT); needs a neoadjuvant line and surgery after it." }),
  ypNCategory: optional(codedValue("ypN category", NCategory)).meta({ description: "Pathological N category after neoadjuvant therapy (ypN); needs a neoadjuvant line and surgery after it." }),
  rcbClass: optional(codedValue("RCB class", RcbClass)).meta({ description: "Residual cancer burden class after neoadjuvant therapy (Symmans 2007); RCB-0 is pCR." }),
  surgeryType: optional(codedValue("Type of surgery", SurgeryType)).meta({ description: "Definitive breast surgery: breast-conserving, mastectomy, or none." }),
  daysToSurgery: optional(daySince("Day of surgery")).meta({ description: "Days since diagnosis to the definitive breast surgery (the surgical specimen); an origin of iDFS and DRFS." }),
};

export const PATIENT_FIELDS = Object.keys(patientFieldShape) as (keyof typeof patientFieldShape)[];
export type PatientField = (typeof PATIENT_FIELDS)[number];

type RuleContext = z.RefinementCtx;

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Rules between patient fields; run even when another field failed, so every message shows at once. */
function checkPatientRules(value: Record<string, unknown>, context: RuleContext, prefix: (string | number)[] = []): void {
  const dead = value.vitalStatus === "DEAD";
  if (dead && !isNumber(value.daysToDeath)) {
    context.addIssue({ code: "custom", path: [...prefix, "daysToDeath"], message: "Days to death is required when the patient has died" });
  }
  if (value.vitalStatus === "ALIVE" && value.daysToDeath !== null && value.daysToDeath !== undefined) {
    context.addIssue({ code: "custom", path: [...prefix, "daysToDeath"], message: "Leave days to death empty for a living patient, or set vital status to Dead" });
  }
  const metastatic = value.diseaseSetting === "DE_NOVO_METASTATIC" || value.diseaseSetting === "RECURRENT_METASTATIC";
  if (metastatic && !isNumber(value.daysToMetastasis)) {
    context.addIssue({ code: "custom", path: [...prefix, "daysToMetastasis"], message: "Days to metastasis is required for metastatic disease" });
  }
  if (value.diseaseSetting === "EARLY" && value.daysToMetastasis !== null && value.daysToMetastasis !== undefined) {
    context.addIssue({ code: "custom", path: [...prefix, "daysToMetastasis"], message: "Early disease has no distant metastasis: clear days to metastasis or choose a metastatic setting" });
  }
  if (dead && isNumber(value.daysToDeath) && isNumber(value.daysToLastContact) && value.daysToLastContact > value.daysToDeath) {
    context.addIssue({ code: "custom", path: [...prefix, "daysToLastContact"], message: "Last contact cannot be after death" });
  }
}

const whenObject = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

export function createPatientInputSchema(studyIdPattern: string) {
  return z
    .strictObject({ studyId: createStudyIdSchema(studyIdPattern), siteId: z.number({ error: "Site must be a site id" }).int({ error: "Site must be a site id" }).positive({ error: "Site must be a site id" }).max(MAX_INT4, { error: "There is no such site" }).optional(), ...patientFieldShape })
    .superRefine((value, context) => checkPatientRules(value as Record<string, unknown>, context), whenObject);
}

/** The patient fields alone (no study ID, no site), for the CSV template and the dictionary. */
export const PatientFieldsSchema = z.strictObject(patientFieldShape);

// ---------------------------------------------------------------------------------------------
// HER2 test: the scoring rules are lib/her2/schemas.ts's, shared with the classifier.

/**
 * A block label is a study label for the tissue block or specimen a test was read on ("A1",
 * "S2-B3"), never an identifier: a letter first, letters, digits and hyphens, at most 12
 * characters and 4 digits in all (no record number, no date fits). A reader is a pseudonym ("R1").
 */
export const BLOCK_LABEL_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,11}$/;
export const BLOCK_LABEL_MAX_DIGITS = 4;
export const READER_PATTERN = /^[A-Z]{1,3}[0-9]{1,3}$/;
const BLOCK_LABEL_MESSAGE = "Block label must be a short study label such as A1 or S2-B3 (a letter first, then letters, digits or hyphens; at most 12 characters and 4 digits)";
const READER_MESSAGE = "Reader must be a pseudonym such as R1 (1-3 capital letters, then 1-3 digits), never a name";

const blockLabel = z
  .string({ error: BLOCK_LABEL_MESSAGE })
  .trim()
  .transform((label) => (label === "" ? null : label.toUpperCase()))
  .refine((label) => label === null || (BLOCK_LABEL_PATTERN.test(label) && (label.match(/[0-9]/g)?.length ?? 0) <= BLOCK_LABEL_MAX_DIGITS), { error: BLOCK_LABEL_MESSAGE });

const readerPseudonym = z
  .string({ error: READER_MESSAGE })
  .trim()
  .transform((reader) => (reader === "" ? null : reader.toUpperCase()))
  .refine((reader) => reader === null || READER_PATTERN.test(reader), { error: READER_MESSAGE });

/**
 * Quantitative HER2 (issue 13 §3): the range of an ERBB2 mRNA value in each unit (Oncotype DX
 * reports ERBB2 as a log2 single-gene score, about 7-14 in practice; ΔCt is relative to the
 * assay's reference genes; RNA-seq as log2(TPM + 1)), and of the image-analysis measures. The
 * migration's CHECK constraints repeat them.
 */
export const MRNA_UNIT_RANGES: Readonly<Record<MrnaUnit, { minimum: number; maximum: number }>> = {
  SINGLE_GENE_SCORE: { minimum: 0, maximum: 20 },
  DELTA_CT: { minimum: -20, maximum: 20 },
  LOG2_TPM: { minimum: 0, maximum: 25 },
};
export const DIA_PERCENT_RANGE = { minimum: 0, maximum: 100 } as const;
export const DIA_H_SCORE_RANGE = { minimum: 0, maximum: 300 } as const;
const MRNA_OUTER = { minimum: -20, maximum: 25 };

function decimalNumber(label: string, min: number, max: number, unit = "") {
  const range = `${label} must be between ${min} and ${max}${unit}`;
  return z
    .number({ error: (issue) => describeTypeProblem(label, issue.input, "a number") })
    .min(min, { error: range })
    .max(max, { error: range });
}

const her2TestFieldShape = {
  specimen: codedValue("Specimen", Specimen).meta({ description: "Primary biopsy, primary surgical specimen, metastasis or other." }),
  specimenSite: optional(codedValue("Specimen site", SpecimenSite)).meta({ description: "Anatomical site of the specimen." }),
  daysSinceDiagnosis: daySince("Day of the test").meta({ description: "Days since diagnosis on which the specimen was taken (for a re-read, the day of the specimen, not of the reading)." }),
  assay: codedValue("Assay", Her2Assay).meta({ description: "HER2 IHC assay." }),
  blockLabel: optional(blockLabel).meta({ description: "Study label of the block or specimen read (e.g. A1); tests with the same label are reads of one specimen. Not an identifier." }),
  readKind: codedValue("Kind of read", ReadKind).default("LOCAL").meta({ description: "LOCAL (the site's report, the default), CENTRAL (central review) or REREAD (a second reader of the same block)." }),
  reader: optional(readerPseudonym).meta({ description: "Pseudonym of the reader (e.g. R1), never a name; required for a re-read." }),
  erbb2Mrna: optional(decimalNumber("ERBB2 mRNA", MRNA_OUTER.minimum, MRNA_OUTER.maximum)).meta({
    description: "ERBB2 mRNA of this read's tissue, in the unit of erbb2_mrna_unit (SINGLE_GENE_SCORE 0-20, DELTA_CT -20 to 20, LOG2_TPM 0-25); entered with its assay and unit.",
  }),
  erbb2MrnaAssay: optional(codedValue("ERBB2 mRNA assay", MrnaAssay)).meta({ description: "Assay that measured ERBB2 mRNA." }),
  erbb2MrnaUnit: optional(codedValue("ERBB2 mRNA unit", MrnaUnit)).meta({ description: "Unit of the ERBB2 mRNA value." }),
  diaMembranePercent: optional(decimalNumber("Membrane-stained cells (image analysis)", DIA_PERCENT_RANGE.minimum, DIA_PERCENT_RANGE.maximum, " %")).meta({
    description: "Digital image analysis: % of invasive tumour cells with membrane staining, 0-100.",
  }),
  diaHScore: optional(wholeNumber("H-score (image analysis)", DIA_H_SCORE_RANGE.minimum, DIA_H_SCORE_RANGE.maximum)).meta({
    description: "Digital image analysis H-score (1 x % weak + 2 x % moderate + 3 x % strong), 0-300.",
  }),
};

export const HER2_TEST_FIELDS = [
  "specimen",
  "specimenSite",
  "daysSinceDiagnosis",
  "assay",
  "ihcScore",
  "ishRatio",
  "ishCopies",
  "blockLabel",
  "readKind",
  "reader",
  "erbb2Mrna",
  "erbb2MrnaAssay",
  "erbb2MrnaUnit",
  "diaMembranePercent",
  "diaHScore",
] as const;
export type Her2TestField = (typeof HER2_TEST_FIELDS)[number];

/** A central review or a re-read names the block it read (or it would count as a new specimen) and a re-read its reader. */
function checkReadRules(value: Record<string, unknown>, context: RuleContext): void {
  const kind = value.readKind;
  if ((kind === "CENTRAL" || kind === "REREAD") && (value.blockLabel === null || value.blockLabel === undefined || value.blockLabel === "")) {
    context.addIssue({ code: "custom", path: ["blockLabel"], message: "A central review or re-read names the block it read (the label of the local read of that block)" });
  }
  if (kind === "REREAD" && (value.reader === null || value.reader === undefined || value.reader === "")) {
    context.addIssue({ code: "custom", path: ["reader"], message: "A re-read names its reader's pseudonym (e.g. R2)" });
  }
  checkMrnaRules(value, context);
}

const present = (value: unknown) => value !== null && value !== undefined && value !== "";

/** An mRNA value comes with its assay and unit (it means nothing without them), within its unit's range. */
function checkMrnaRules(value: Record<string, unknown>, context: RuleContext): void {
  const hasValue = present(value.erbb2Mrna);
  if (hasValue && !present(value.erbb2MrnaAssay)) context.addIssue({ code: "custom", path: ["erbb2MrnaAssay"], message: "Name the assay that measured ERBB2 mRNA" });
  if (hasValue && !present(value.erbb2MrnaUnit)) context.addIssue({ code: "custom", path: ["erbb2MrnaUnit"], message: "Give the unit of the ERBB2 mRNA value" });
  if (!hasValue && (present(value.erbb2MrnaAssay) || present(value.erbb2MrnaUnit))) {
    context.addIssue({ code: "custom", path: ["erbb2Mrna"], message: "Enter the ERBB2 mRNA value, or leave its assay and unit empty" });
  }
  const unit = value.erbb2MrnaUnit;
  if (hasValue && typeof value.erbb2Mrna === "number" && typeof unit === "string" && unit in MRNA_UNIT_RANGES) {
    const range = MRNA_UNIT_RANGES[unit as MrnaUnit];
    if (value.erbb2Mrna < range.minimum || value.erbb2Mrna > range.maximum) {
      context.addIssue({ code: "custom", path: ["erbb2Mrna"], message: `ERBB2 mRNA in this unit must be between ${range.minimum} and ${range.maximum}` });
    }
  }
}

export const Her2TestInputSchema = Her2ScoringInputSchema.safeExtend(her2TestFieldShape)
  .strict()
  .superRefine((value, context) => checkReadRules(value as Record<string, unknown>, context), whenObject);

// ---------------------------------------------------------------------------------------------
// Treatment line

const treatmentLineFieldShape = {
  setting: codedValue("Setting", TreatmentSetting).meta({ description: "Neoadjuvant, adjuvant or metastatic." }),
  lineNumber: wholeNumber("Line number", 1, 20).meta({ description: "Order of the line within its setting, 1-20." }),
  regimenClass: codedValue("Regimen class", RegimenClass).meta({ description: "Regimen class used by the outcome dashboards." }),
  agents: z
    .array(codedValue("Agent", Agent), { error: "Agents must be a list of drug codes" })
    .max(10, { error: "At most 10 agents per line" })
    .refine((agents) => new Set(agents).size === agents.length, { error: "Each agent may be listed once" })
    .default([])
    .meta({ description: "Drugs of the regimen, from the controlled list (separate several with ;)." }),
  startDay: daySince("Start day").meta({ description: "Days since diagnosis of the first dose." }),
  endDay: optional(daySince("End day")).meta({ description: "Days since diagnosis of the end of the line; empty while ongoing." }),
  bestResponse: optional(codedValue("Best response", BestResponse)).meta({ description: "Best overall response, RECIST 1.1." }),
  measurability: optional(codedValue("Measurable disease", Measurability)).meta({
    description: "Whether the line started with measurable disease (RECIST 1.1); non-measurable lines leave the objective response rate's denominator.",
  }),
  responseConfirmation: optional(codedValue("Response confirmation", ResponseConfirmation)).meta({
    description: "For a CR or PR: confirmed by a second assessment at least 4 weeks later, or not.",
  }),
  progressionDay: optional(daySince("Progression day")).meta({ description: "Days since diagnosis of progression on or after this line." }),
};

export const TREATMENT_LINE_FIELDS = Object.keys(treatmentLineFieldShape) as (keyof typeof treatmentLineFieldShape)[];
export type TreatmentLineField = (typeof TREATMENT_LINE_FIELDS)[number];

function checkLineRules(value: Record<string, unknown>, context: RuleContext): void {
  if (isNumber(value.startDay) && isNumber(value.endDay) && value.endDay < value.startDay) {
    context.addIssue({ code: "custom", path: ["endDay"], message: "End day cannot be before the start day" });
  }
  if (isNumber(value.startDay) && isNumber(value.progressionDay) && value.progressionDay < value.startDay) {
    context.addIssue({ code: "custom", path: ["progressionDay"], message: "Progression day cannot be before the start day" });
  }
  if (value.responseConfirmation !== null && value.responseConfirmation !== undefined && value.bestResponse !== "CR" && value.bestResponse !== "PR") {
    context.addIssue({ code: "custom", path: ["responseConfirmation"], message: "Only a response (CR or PR) is confirmed or not: leave it empty for SD, PD, NE or no response" });
  }
}

export const TreatmentLineInputSchema = z
  .strictObject(treatmentLineFieldShape)
  .superRefine((value, context) => checkLineRules(value as Record<string, unknown>, context), whenObject);

// ---------------------------------------------------------------------------------------------
// Recurrence event (issue 14 §1): an invasive disease event of STEEP 2.0 after an early diagnosis.

const recurrenceFieldShape = {
  kind: codedValue("Kind of event", RecurrenceKind).meta({
    description: "LOCAL or REGIONAL invasive recurrence, CONTRALATERAL_INVASIVE breast cancer, or SECOND_PRIMARY_INVASIVE cancer (non-breast). A distant recurrence is days_to_metastasis, not an event row.",
  }),
  day: wholeNumber("Day of the event", 1, MAX_DAY, " days since diagnosis").meta({ description: "Days since diagnosis of the event (after the diagnosis, on or before the last contact)." }),
};

export const RECURRENCE_FIELDS = Object.keys(recurrenceFieldShape) as (keyof typeof recurrenceFieldShape)[];
export const RecurrenceInputSchema = z.strictObject(recurrenceFieldShape);

// ---------------------------------------------------------------------------------------------
// The case: patient + tests + lines, with the rules that span them.

type EventDay = { path: (string | number)[]; day: number; label: string };

/** The parts of a case the rules between rows read (unparsed: the rules run beside the field checks). */
type CaseParts = { patient?: unknown; tests?: unknown; lines?: unknown; recurrences?: unknown };

function collectEventDays(value: CaseParts): EventDay[] {
  const days: EventDay[] = [];
  const patient = (value.patient ?? {}) as Record<string, unknown>;
  if (isNumber(patient.daysToMetastasis)) days.push({ path: ["patient", "daysToMetastasis"], day: patient.daysToMetastasis, label: "Metastasis" });
  const tests = Array.isArray(value.tests) ? value.tests : [];
  tests.forEach((test: Record<string, unknown>, index) => {
    if (isNumber(test?.daysSinceDiagnosis)) days.push({ path: ["tests", index, "daysSinceDiagnosis"], day: test.daysSinceDiagnosis, label: "This HER2 test" });
  });
  const lines = Array.isArray(value.lines) ? value.lines : [];
  lines.forEach((line: Record<string, unknown>, index) => {
    for (const [field, label] of [["startDay", "The start of this line"], ["endDay", "The end of this line"], ["progressionDay", "This progression"]] as const) {
      const day = line?.[field];
      if (isNumber(day)) days.push({ path: ["lines", index, field], day, label });
    }
  });
  if (isNumber(patient.daysToSurgery)) days.push({ path: ["patient", "daysToSurgery"], day: patient.daysToSurgery, label: "Surgery" });
  const recurrences = Array.isArray(value.recurrences) ? value.recurrences : [];
  recurrences.forEach((event: Record<string, unknown>, index) => {
    if (isNumber(event?.day)) days.push({ path: ["recurrences", index, "day"], day: event.day, label: `Recurrence event ${index + 1}` });
  });
  return days;
}

export type CaseRuleIssue = { path: (string | number)[]; message: string };

/**
 * Follow-up bounds every event: nothing is observed after the last contact, and nothing
 * happens after death. The message goes on the event, where the coordinator will look.
 */
export function findCaseRuleIssues(value: CaseParts): CaseRuleIssue[] {
  const issues: CaseRuleIssue[] = [];
  const patient = (value.patient ?? {}) as Record<string, unknown>;
  const lastContact = patient.daysToLastContact;
  const death = patient.vitalStatus === "DEAD" ? patient.daysToDeath : null;
  for (const event of collectEventDays(value)) {
    if (isNumber(death) && event.day > death) {
      issues.push({ path: event.path, message: `${event.label} (day ${event.day}) is after death (day ${death})` });
    } else if (isNumber(lastContact) && event.day > lastContact) {
      issues.push({ path: event.path, message: `${event.label} (day ${event.day}) is after the last contact (day ${lastContact})` });
    }
  }
  return issues;
}

const SETTING_WORDS: Readonly<Record<string, string>> = { NEOADJUVANT: "Neoadjuvant", ADJUVANT: "Adjuvant", METASTATIC: "Metastatic" };

/**
 * The disease setting against the staging at diagnosis: early disease is M0 and not stage IV;
 * de novo metastatic disease is M1 / stage IV at diagnosis; recurrent metastatic disease was M0
 * at diagnosis and recurred later (days to metastasis after day 0).
 */
function findSettingIssues(patient: Record<string, unknown>): CaseRuleIssue[] {
  const issues: CaseRuleIssue[] = [];
  const setting = patient.diseaseSetting;
  const m = patient.mCategory;
  const stage = patient.stageGroup;
  if (setting === "EARLY" || setting === "RECURRENT_METASTATIC") {
    const what = setting === "EARLY" ? "Early disease" : "Recurrent metastatic disease (metastatic after an early diagnosis)";
    if (m === "M1") issues.push({ path: ["patient", "mCategory"], message: `${what} is M0 at diagnosis: choose M0, or the de novo metastatic setting` });
    if (stage === "STAGE_IV") issues.push({ path: ["patient", "stageGroup"], message: `${what} is not stage IV at diagnosis: choose the stage at diagnosis, or the de novo metastatic setting` });
  }
  if (setting === "DE_NOVO_METASTATIC") {
    if (m === "M0") issues.push({ path: ["patient", "mCategory"], message: "De novo metastatic disease is M1 at diagnosis: choose M1, or the recurrent metastatic setting" });
    if (typeof stage === "string" && stage !== "STAGE_IV") issues.push({ path: ["patient", "stageGroup"], message: "De novo metastatic disease is stage IV at diagnosis: choose stage IV, or another setting" });
  }
  if (setting === "RECURRENT_METASTATIC" && patient.daysToMetastasis === 0) {
    issues.push({ path: ["patient", "daysToMetastasis"], message: "A recurrence comes after the diagnosis: days to metastasis must be 1 or more (metastatic at diagnosis is de novo metastatic)" });
  }
  return issues;
}

/**
 * Metastatic lines and metastasis specimens belong to metastatic disease, not before the day of
 * metastasis; line numbers run 1, 2, 3… within each setting without gaps or repeats.
 */
function findTreatmentAndSpecimenIssues(patient: Record<string, unknown>, tests: Record<string, unknown>[], lines: Record<string, unknown>[]): CaseRuleIssue[] {
  const issues: CaseRuleIssue[] = [];
  const early = patient.diseaseSetting === "EARLY";
  const metastasisDay = isNumber(patient.daysToMetastasis) ? patient.daysToMetastasis : null;
  lines.forEach((line, index) => {
    if (line?.setting !== "METASTATIC") return;
    if (early) {
      issues.push({ path: ["lines", index, "setting"], message: `Treatment line ${index + 1}: early disease has no metastatic line (choose neoadjuvant or adjuvant, or a metastatic disease setting)` });
    } else if (metastasisDay !== null && isNumber(line.startDay) && line.startDay < metastasisDay) {
      issues.push({ path: ["lines", index, "startDay"], message: `Treatment line ${index + 1}: a metastatic line cannot start (day ${line.startDay}) before the metastasis (day ${metastasisDay})` });
    }
  });
  tests.forEach((test, index) => {
    if (test?.specimen !== "METASTATIC") return;
    if (early) {
      issues.push({ path: ["tests", index, "specimen"], message: `HER2 test ${index + 1}: early disease has no metastasis specimen (choose the specimen, or a metastatic disease setting)` });
    } else if (metastasisDay !== null && isNumber(test.daysSinceDiagnosis) && test.daysSinceDiagnosis < metastasisDay) {
      issues.push({ path: ["tests", index, "daysSinceDiagnosis"], message: `HER2 test ${index + 1}: a metastasis specimen cannot be taken (day ${test.daysSinceDiagnosis}) before the metastasis (day ${metastasisDay})` });
    }
  });
  for (const setting of ["NEOADJUVANT", "ADJUVANT", "METASTATIC"]) {
    const numbered = lines.flatMap((line, index) => (line?.setting === setting && isNumber(line.lineNumber) ? [{ index, number: line.lineNumber }] : []));
    const seen = new Set<number>();
    for (const { index, number } of numbered) {
      if (seen.has(number)) issues.push({ path: ["lines", index, "lineNumber"], message: `Treatment line ${index + 1}: ${SETTING_WORDS[setting]?.toLowerCase()} line ${number} is entered twice` });
      seen.add(number);
    }
    const expected = seen.size;
    for (const { index, number } of numbered) {
      if (number > expected) {
        const missing = Array.from({ length: number - 1 }, (_, i) => i + 1).filter((n) => !seen.has(n));
        issues.push({ path: ["lines", index, "lineNumber"], message: `Treatment line ${index + 1}: ${SETTING_WORDS[setting]?.toLowerCase()} lines are numbered 1, 2, 3… without gaps (line ${missing.join(", ")} is missing)` });
      }
    }
  }
  return issues;
}

/** Reads of one block (same label) are one specimen: same specimen type, site and day. */
function findBlockIssues(tests: Record<string, unknown>[]): CaseRuleIssue[] {
  const issues: CaseRuleIssue[] = [];
  const firstOfBlock = new Map<string, { index: number; test: Record<string, unknown> }>();
  tests.forEach((test, index) => {
    const label = typeof test?.blockLabel === "string" ? test.blockLabel.trim().toUpperCase() : "";
    if (label === "") return;
    const first = firstOfBlock.get(label);
    if (!first) {
      firstOfBlock.set(label, { index, test });
      return;
    }
    const differs: [string, string][] = [];
    if (test.specimen !== first.test.specimen) differs.push(["specimen", "specimen"]);
    if ((test.specimenSite ?? null) !== (first.test.specimenSite ?? null)) differs.push(["specimenSite", "specimen site"]);
    if (test.daysSinceDiagnosis !== first.test.daysSinceDiagnosis) differs.push(["daysSinceDiagnosis", "day of the specimen"]);
    for (const [field, words] of differs) {
      issues.push({ path: ["tests", index, field], message: `HER2 test ${index + 1} reads block ${label} like HER2 test ${first.index + 1}, so it has the same ${words} (a re-read is of the same tissue)` });
    }
  });
  return issues;
}

const T_N_WORDS: Readonly<Record<string, string>> = { ypTCategory: "ypT category", ypNCategory: "ypN category", rcbClass: "RCB class" };

/**
 * Early disease (issue 14 §1): ypT, ypN and the RCB class describe the surgical specimen after
 * neoadjuvant therapy, so they need a neoadjuvant line and a surgery after its start; a surgery
 * has its type and day; RCB-0 is exactly pCR; pathological staging at diagnosis means surgery
 * came first. Recurrence events belong to an early diagnosis, come after it, and the distant one
 * is the day of metastasis.
 */
function findEarlyDiseaseIssues(patient: Record<string, unknown>, lines: Record<string, unknown>[], recurrences: Record<string, unknown>[]): CaseRuleIssue[] {
  const issues: CaseRuleIssue[] = [];
  const neoadjuvantStarts = lines.flatMap((line) => (line?.setting === "NEOADJUVANT" && isNumber(line.startDay) ? [line.startDay] : []));
  const firstNeoadjuvant = neoadjuvantStarts.length > 0 ? Math.min(...neoadjuvantStarts) : null;
  const surgeryDay = isNumber(patient.daysToSurgery) ? patient.daysToSurgery : null;
  const operated = patient.surgeryType === "BREAST_CONSERVING" || patient.surgeryType === "MASTECTOMY";
  for (const field of ["ypTCategory", "ypNCategory", "rcbClass"] as const) {
    if (!present(patient[field])) continue;
    const words = T_N_WORDS[field];
    if (firstNeoadjuvant === null) {
      issues.push({ path: ["patient", field], message: `The ${words} describes the tumour after neoadjuvant therapy: add the neoadjuvant treatment line, or leave it empty` });
    } else if (!operated || surgeryDay === null) {
      issues.push({ path: ["patient", field], message: `The ${words} needs the surgical specimen after neoadjuvant therapy: enter the type and day of surgery` });
    } else if (surgeryDay <= firstNeoadjuvant) {
      issues.push({ path: ["patient", "daysToSurgery"], message: `The ${words} is read on the surgical specimen after neoadjuvant therapy: the day of surgery (day ${surgeryDay}) must be after the neoadjuvant line's start (day ${firstNeoadjuvant})` });
    }
  }
  if (surgeryDay !== null && !operated) {
    issues.push({
      path: ["patient", "surgeryType"],
      message: patient.surgeryType === "NONE" ? "Type of surgery is No surgery: leave the day of surgery empty, or choose the type" : "Type of surgery is required with a day of surgery",
    });
  }
  if (operated && surgeryDay === null) issues.push({ path: ["patient", "daysToSurgery"], message: "Day of surgery is required with a type of surgery" });
  const pcr = derivePathologicCompleteResponse(patient.ypTCategory as TCategory | null, patient.ypNCategory as NCategory | null);
  if (patient.rcbClass === "RCB_0" && pcr === false) issues.push({ path: ["patient", "rcbClass"], message: "RCB class RCB-0 is a pathological complete response: ypT0/Tis and ypN0 (or choose RCB-I to III)" });
  if (present(patient.rcbClass) && patient.rcbClass !== "RCB_0" && pcr === true) issues.push({ path: ["patient", "rcbClass"], message: "RCB class must be RCB-0 for a pathological complete response (ypT0/Tis ypN0)" });
  if (patient.stagingBasis === "PATHOLOGICAL" && firstNeoadjuvant !== null) {
    issues.push({ path: ["patient", "stagingBasis"], message: "Staging basis: a patient treated before surgery is staged clinically at diagnosis (cT/cN); the stage after neoadjuvant therapy is ypT/ypN" });
  }
  const seen = new Set<string>();
  recurrences.forEach((event, index) => {
    if (event?.kind === "DISTANT") {
      issues.push({ path: ["recurrences", index, "kind"], message: `Recurrence event ${index + 1}: a distant recurrence is entered as days to metastasis (with the recurrent metastatic setting), not as an event` });
    }
    if (patient.diseaseSetting === "DE_NOVO_METASTATIC") {
      issues.push({ path: ["recurrences", index, "kind"], message: `Recurrence event ${index + 1}: recurrence events follow an early diagnosis; de novo metastatic disease has none` });
    }
    const key = `${String(event?.kind)} ${String(event?.day)}`;
    if (seen.has(key)) issues.push({ path: ["recurrences", index, "day"], message: `Recurrence event ${index + 1} is entered twice (same kind and day)` });
    seen.add(key);
  });
  return issues;
}

function asRecords(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((entry) => (typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {})) : [];
}

/** Every rule between fields of different rows of a case (follow-up, staging, lines, re-reads). */
export function findCrossFieldIssues(value: CaseParts): CaseRuleIssue[] {
  const patient = (typeof value.patient === "object" && value.patient !== null ? value.patient : {}) as Record<string, unknown>;
  const tests = asRecords(value.tests);
  const lines = asRecords(value.lines);
  const recurrences = asRecords(value.recurrences);
  return [
    ...findCaseRuleIssues(value),
    ...findSettingIssues(patient),
    ...findTreatmentAndSpecimenIssues(patient, tests, lines),
    ...findBlockIssues(tests),
    ...findEarlyDiseaseIssues(patient, lines, recurrences),
  ];
}

function checkCaseRules(value: CaseParts, context: RuleContext): void {
  for (const issue of findCrossFieldIssues(value)) context.addIssue({ code: "custom", path: issue.path, message: issue.message });
}

/**
 * More values than the largest case holds (50 tests, 50 lines, their deletions: about 2,000):
 * such a payload is refused before anything else reads it (issue 15 §4).
 */
export const MAX_PAYLOAD_VALUES = 5_000;

/** Whether a JSON-like value holds more than `limit` values, counted without recursion and stopping at the limit. */
function holdsMoreValuesThan(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  let seen = 0;
  while (pending.length > 0) {
    const next = pending.pop();
    seen += 1;
    if (seen > limit) return true;
    if (typeof next === "object" && next !== null) {
      const children = Array.isArray(next) ? next : Object.values(next);
      if (children.length > limit) return true;
      for (const child of children) pending.push(child);
    }
  }
  return false;
}

/** Refuses an oversized payload, then one holding a calendar date anywhere, before anything else is read. */
function rejectFullDates(value: unknown, context: RuleContext): void {
  if (holdsMoreValuesThan(value, MAX_PAYLOAD_VALUES)) {
    context.addIssue({ code: "custom", path: [], message: `The request holds more values than a case can (at most ${MAX_TESTS_PER_CASE} HER2 tests, ${MAX_LINES_PER_CASE} treatment lines and ${MAX_RECURRENCES_PER_CASE} recurrence events)` });
    return;
  }
  for (const location of findFullDates(value)) {
    context.addIssue({ code: "custom", path: location.path, message: FULL_DATE_MESSAGE });
  }
}

const RowIdSchema = z.number({ error: "Row id must be a number" }).int({ error: "Row id must be a whole number" }).positive({ error: "Row id must be positive" }).max(MAX_INT4, { error: "There is no such row" });
const VersionSchema = z.number({ error: "Version must be a number" }).int({ error: "Version must be a whole number" }).min(1, { error: "Version must be 1 or more" }).max(MAX_INT4, { error: "Version is out of range" });

const rowIdentityShape = { id: RowIdSchema.optional(), version: VersionSchema.optional() };

/** A test or line sent with the case: no id = new row; an id must come with the version the form was opened at. */
function checkRowIdentity(value: { id?: unknown; version?: unknown }, context: RuleContext): void {
  if (value.id !== undefined && value.version === undefined) {
    context.addIssue({ code: "custom", path: ["version"], message: "Send the version of the row being edited" });
  }
}

export const Her2TestRowSchema = Her2TestInputSchema.safeExtend(rowIdentityShape).superRefine(checkRowIdentity, whenObject);
export const TreatmentLineRowSchema = TreatmentLineInputSchema.safeExtend(rowIdentityShape).superRefine(checkRowIdentity, whenObject);

/**
 * A list refused by its length before any element is parsed: 25,000 entries are a 400 in
 * milliseconds, not after 25,000 element checks (issue 15 §4).
 */
function boundedList<T extends z.ZodType>(element: T, max: number, message: string) {
  return z
    .array(z.unknown(), { error: "Send a list" })
    .max(max, { error: message })
    .pipe(z.array(element));
}

const DeletedRowSchema = z.strictObject({ id: RowIdSchema, version: VersionSchema });

export const ReasonSchema = freeText("The reason", {
  error: "Give a reason for the change",
  min: REASON_MIN_LENGTH,
  minMessage: "Give a reason for the change (a few words)",
  max: REASON_MAX_LENGTH,
  maxMessage: `Keep the reason under ${REASON_MAX_LENGTH} characters`,
});

const recurrenceList = boundedList(RecurrenceInputSchema, MAX_RECURRENCES_PER_CASE, `At most ${MAX_RECURRENCES_PER_CASE} recurrence events per case`).default([]);

export function createCaseSchemas(studyIdPattern: string) {
  const PatientInputSchema = createPatientInputSchema(studyIdPattern);

  const CaseObjectSchema = z
    .strictObject({
      patient: PatientInputSchema,
      tests: boundedList(Her2TestInputSchema, MAX_TESTS_PER_CASE, `At most ${MAX_TESTS_PER_CASE} HER2 tests per case`).default([]),
      lines: boundedList(TreatmentLineInputSchema, MAX_LINES_PER_CASE, `At most ${MAX_LINES_PER_CASE} treatment lines per case`).default([]),
      recurrences: recurrenceList,
    })
    .superRefine(checkCaseRules, whenObject);

  const CaseUpdateObjectSchema = z
    .strictObject({
      patient: PatientInputSchema.safeExtend({ version: VersionSchema }),
      tests: boundedList(Her2TestRowSchema, MAX_TESTS_PER_CASE, `At most ${MAX_TESTS_PER_CASE} HER2 tests per case`).default([]),
      lines: boundedList(TreatmentLineRowSchema, MAX_LINES_PER_CASE, `At most ${MAX_LINES_PER_CASE} treatment lines per case`).default([]),
      // The whole list of the patient's events: it replaces the stored one.
      recurrences: recurrenceList,
      // A case holds at most this many live rows, so no edit can delete more (issue 15 §4).
      deletedTests: boundedList(DeletedRowSchema, MAX_TESTS_PER_CASE, `At most ${MAX_TESTS_PER_CASE} HER2 tests can be deleted at once (a case holds no more)`).default([]),
      deletedLines: boundedList(DeletedRowSchema, MAX_LINES_PER_CASE, `At most ${MAX_LINES_PER_CASE} treatment lines can be deleted at once (a case holds no more)`).default([]),
      reason: ReasonSchema,
    })
    .superRefine(checkCaseRules, whenObject);

  return {
    PatientInputSchema,
    /** The case as the form and the API create it. */
    CaseInputSchema: z.unknown().superRefine(rejectFullDates).pipe(CaseObjectSchema),
    /** The case as the form saves an edit: every row with its version, deletions, and a reason. */
    CaseUpdateSchema: z.unknown().superRefine(rejectFullDates).pipe(CaseUpdateObjectSchema),
    /** The objects without the date guard, for the form's inline messages (the browser never holds a date field). */
    CaseObjectSchema,
    CaseUpdateObjectSchema,
  };
}

export type CaseSchemas = ReturnType<typeof createCaseSchemas>;
export type PatientInput = z.output<CaseSchemas["PatientInputSchema"]>;
export type Her2TestInput = z.output<typeof Her2TestInputSchema>;
export type TreatmentLineInput = z.output<typeof TreatmentLineInputSchema>;
export type RecurrenceInput = z.output<typeof RecurrenceInputSchema>;
export type CaseInput = z.output<CaseSchemas["CaseObjectSchema"]>;
export type CaseUpdateInput = z.output<CaseSchemas["CaseUpdateObjectSchema"]>;

export const DeleteCaseInputSchema = z
  .unknown()
  .superRefine(rejectFullDates)
  .pipe(z.strictObject({ version: VersionSchema, reason: ReasonSchema }));
export type DeleteCaseInput = z.output<typeof DeleteCaseInputSchema>;

export const CaseIdSchema = z.coerce
  .number({ error: "Case id must be a number" })
  .int({ error: "Case id must be a whole number" })
  .positive({ error: "Case id must be positive" })
  .max(MAX_INT4, { error: "There is no such case" });
