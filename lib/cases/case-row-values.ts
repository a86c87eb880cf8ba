// The values of a case's rows as stored (entered fields plus the test's derived category), from
// parsed input: one place that maps the zod output to database columns. Pure.
import { PATIENT_FIELDS, TREATMENT_LINE_FIELDS, type Her2TestInput, type PatientInput, type RecurrenceInput, type TreatmentLineInput } from "./schemas";
import { deriveTestColumns } from "./derive-case";
import { derivePathologicCompleteResponse, deriveRecurrenceRows, describeRecurrences, enteredRecurrences, type RecurrenceValues } from "./early-disease";
import type { FieldChanges } from "./audit-changes";

export const STORED_TEST_FIELDS = [
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
  "ishGroup",
  "category",
] as const;

// pathologicCompleteResponse follows from ypT/ypN (lib/cases/early-disease.ts) and is stored and
// audited with them.
export const STORED_PATIENT_FIELDS = ["studyId", "siteId", ...PATIENT_FIELDS, "pathologicCompleteResponse"] as const;
export const STORED_LINE_FIELDS = TREATMENT_LINE_FIELDS;

export function toPatientValues(patient: Omit<PatientInput, "siteId">) {
  return {
    studyId: patient.studyId,
    diagnosisYear: patient.diagnosisYear,
    ageAtDiagnosis: patient.ageAtDiagnosis,
    sex: patient.sex,
    menopausalStatus: patient.menopausalStatus,
    histologicType: patient.histologicType,
    grade: patient.grade,
    tumourSizeMm: patient.tumourSizeMm,
    tCategory: patient.tCategory,
    nCategory: patient.nCategory,
    mCategory: patient.mCategory,
    stageGroup: patient.stageGroup,
    erPercent: patient.erPercent,
    prPercent: patient.prPercent,
    ki67Percent: patient.ki67Percent,
    germlineBrca: patient.germlineBrca,
    diseaseSetting: patient.diseaseSetting,
    daysToMetastasis: patient.daysToMetastasis,
    vitalStatus: patient.vitalStatus,
    daysToDeath: patient.daysToDeath,
    daysToLastContact: patient.daysToLastContact,
    stagingBasis: patient.stagingBasis,
    ypTCategory: patient.ypTCategory,
    ypNCategory: patient.ypNCategory,
    rcbClass: patient.rcbClass,
    surgeryType: patient.surgeryType,
    daysToSurgery: patient.daysToSurgery,
    pathologicCompleteResponse: derivePathologicCompleteResponse(patient.ypTCategory, patient.ypNCategory),
  };
}

export type PatientValues = ReturnType<typeof toPatientValues>;

/** A test as stored: what was entered, and its HER2 category and ISH group (lib/her2/classify.ts). */
export function toTestValues(test: Her2TestInput) {
  const ishRatio = test.ishRatio ?? null;
  const ishCopies = test.ishCopies ?? null;
  const derived = deriveTestColumns({ ihcScore: test.ihcScore, ishRatio, ishCopies });
  return {
    specimen: test.specimen,
    specimenSite: test.specimenSite,
    daysSinceDiagnosis: test.daysSinceDiagnosis,
    assay: test.assay,
    ihcScore: test.ihcScore,
    ishRatio,
    ishCopies,
    blockLabel: test.blockLabel,
    readKind: test.readKind,
    reader: test.reader,
    erbb2Mrna: test.erbb2Mrna,
    erbb2MrnaAssay: test.erbb2MrnaAssay,
    erbb2MrnaUnit: test.erbb2MrnaUnit,
    diaMembranePercent: test.diaMembranePercent,
    diaHScore: test.diaHScore,
    ishGroup: derived.ishGroup,
    category: derived.category,
  };
}

export type TestValues = ReturnType<typeof toTestValues>;

export function toLineValues(line: TreatmentLineInput) {
  return {
    setting: line.setting,
    lineNumber: line.lineNumber,
    regimenClass: line.regimenClass,
    agents: [...line.agents],
    startDay: line.startDay,
    endDay: line.endDay,
    bestResponse: line.bestResponse,
    measurability: line.measurability,
    responseConfirmation: line.responseConfirmation,
    progressionDay: line.progressionDay,
  };
}

export type LineValues = ReturnType<typeof toLineValues>;

/** The recurrence event rows stored for a patient: what was entered, and the distant one from its day of metastasis. */
export function toRecurrenceRows(patient: PatientValues, recurrences: readonly RecurrenceInput[]): RecurrenceValues[] {
  return deriveRecurrenceRows(patient, recurrences);
}

/**
 * The audit change of a patient's entered recurrence events (`recurrences`), empty when the
 * list is the same: the events are entered with the patient, so they are audited and versioned
 * with it.
 */
export function diffRecurrences(before: readonly RecurrenceValues[] | null, after: readonly RecurrenceValues[]): FieldChanges {
  const previous = describeRecurrences(enteredRecurrences(before ?? []));
  const next = describeRecurrences(enteredRecurrences(after));
  return previous === next ? {} : { recurrences: { before: previous, after: next } };
}
