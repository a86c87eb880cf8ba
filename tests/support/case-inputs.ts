// Valid case payloads for tests, as the case form would send them (days since diagnosis only).
import { createCaseSchemas, type CaseInput, type CaseUpdateInput } from "../../lib/cases/schemas";
import type { CaseDetail } from "../../lib/cases/get-case";
import { DEFAULT_STUDY_ID_PATTERN } from "../../lib/cases/study-id";

export const TEST_STUDY_ID_PATTERN = DEFAULT_STUDY_ID_PATTERN;
export const testSchemas = createCaseSchemas(TEST_STUDY_ID_PATTERN);

let counter = 100;
/** The site whose code rawCase's study IDs carry: the latest fixture's site A (coordinator A's). */
let studySite = "77";
export function setStudySite(code: string): void {
  studySite = code;
}

export function nextStudyId(site = studySite): string {
  counter += 1;
  return `TEST-${site}-${String(counter).padStart(4, "0")}`;
}

/** A raw payload (before parsing), IHC 2+ with a negative ISH: HER2-low. */
export function rawCase(overrides: { patient?: Record<string, unknown>; tests?: unknown[]; lines?: unknown[] } = {}) {
  return {
    patient: {
      studyId: nextStudyId(),
      diagnosisYear: 2021,
      ageAtDiagnosis: 54,
      sex: "FEMALE",
      erPercent: 80,
      prPercent: 20,
      diseaseSetting: "EARLY",
      vitalStatus: "ALIVE",
      daysToLastContact: 900,
      ...overrides.patient,
    },
    tests: overrides.tests ?? [
      { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_2", ishRatio: 1.4, ishCopies: 2.9 },
    ],
    lines: overrides.lines ?? [
      { setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE", agents: ["LETROZOLE"], startDay: 60, endDay: 800, bestResponse: null, progressionDay: null },
    ],
  };
}

export function parseCase(raw: unknown): CaseInput {
  return testSchemas.CaseInputSchema.parse(raw);
}

/** The update payload the form sends for a case as loaded, with `edit` applied to the raw object. */
export function updateFrom(detail: CaseDetail, reason: string, edit: (raw: RawUpdate) => void = () => {}): CaseUpdateInput {
  const raw: RawUpdate = {
    patient: {
      version: detail.version,
      studyId: detail.studyId,
      diagnosisYear: detail.diagnosisYear,
      ageAtDiagnosis: detail.ageAtDiagnosis,
      sex: detail.sex,
      menopausalStatus: detail.menopausalStatus,
      histologicType: detail.histologicType,
      grade: detail.grade,
      tumourSizeMm: detail.tumourSizeMm,
      tCategory: detail.tCategory,
      nCategory: detail.nCategory,
      mCategory: detail.mCategory,
      stageGroup: detail.stageGroup,
      erPercent: detail.erPercent,
      prPercent: detail.prPercent,
      ki67Percent: detail.ki67Percent,
      germlineBrca: detail.germlineBrca,
      diseaseSetting: detail.diseaseSetting,
      daysToMetastasis: detail.daysToMetastasis,
      vitalStatus: detail.vitalStatus,
      daysToDeath: detail.daysToDeath,
      daysToLastContact: detail.daysToLastContact,
      stagingBasis: detail.stagingBasis,
      ypTCategory: detail.ypTCategory,
      ypNCategory: detail.ypNCategory,
      rcbClass: detail.rcbClass,
      surgeryType: detail.surgeryType,
      daysToSurgery: detail.daysToSurgery,
    },
    recurrences: detail.recurrences.map((event) => ({ kind: event.kind, day: event.day })),
    tests: detail.tests.map((test) => ({
      id: test.id,
      version: test.version,
      specimen: test.specimen,
      specimenSite: test.specimenSite,
      daysSinceDiagnosis: test.daysSinceDiagnosis,
      assay: test.assay,
      ihcScore: test.ihcScore,
      ishRatio: test.ishRatio,
      ishCopies: test.ishCopies,
      blockLabel: test.blockLabel,
      readKind: test.readKind,
      reader: test.reader,
    })),
    lines: detail.lines.map((line) => ({
      id: line.id,
      version: line.version,
      setting: line.setting,
      lineNumber: line.lineNumber,
      regimenClass: line.regimenClass,
      agents: line.agents,
      startDay: line.startDay,
      endDay: line.endDay,
      bestResponse: line.bestResponse,
      progressionDay: line.progressionDay,
    })),
    deletedTests: [],
    deletedLines: [],
    reason,
  };
  edit(raw);
  return testSchemas.CaseUpdateSchema.parse(raw);
}

export type RawUpdate = {
  patient: Record<string, unknown>;
  tests: Record<string, unknown>[];
  lines: Record<string, unknown>[];
  recurrences: Record<string, unknown>[];
  deletedTests: { id: number; version: number }[];
  deletedLines: { id: number; version: number }[];
  reason: string;
};
