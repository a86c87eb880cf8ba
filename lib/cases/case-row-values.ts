// The values of a case's rows as stored (entered fields plus the test's derived category), from
// parsed input: one place that maps the zod output to database columns. Pure.
import { PATIENT_FIELDS, TREATMENT_LINE_FIELDS, type Her2TestInput, type PatientInput, type TreatmentLineInput } from "./schemas";
import { deriveTestColumns } from "./derive-case";

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

export const STORED_PATIENT_FIELDS = ["studyId", "siteId", ...PATIENT_FIELDS] as const;
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
