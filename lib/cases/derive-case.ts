/**
 * Every derived column of a case, from what the coordinator entered, with the pure functions of
 * lib/her2 and derive-patient.ts: used by each write, the CSV import and the reclassification,
 * so that all three store exactly the same values.
 */
import type { Her2Category, IhcScore, IshGroup } from "../her2/classify";
import { her2StatusAt, isResidualDiseaseSpecimen, type ReadKind, type Specimen, type TreatmentTiming } from "../her2/cohort";
import { deriveTreatmentTiming } from "../her2/specimen-timing";
import {
  countNegativeCalls,
  deriveHormoneReceptorStatus,
  derivePatientHer2,
  deriveTestClassification,
  type Her2AssayName,
  type HrStatus,
  type NegativeCallCounts,
  type PatientHer2Derivation,
} from "./derive-patient";
import { LINE_DERIVED_COLUMNS, deriveMetastaticLineRegimens, deriveMetastaticLineStarts, type LineForDerivation, type MetastaticLineRegimens } from "./derive-lines";
import { SPECIMEN_READ_FIELDS, deriveSpecimenReads, type SpecimenReadColumns } from "./derive-specimen-reads";
import { deriveReadPairCodes } from "./read-pair-codes";

export type TestScoringValues = {
  ihcScore: IhcScore | null;
  ishRatio?: number | null;
  ishCopies?: number | null;
};

export type TestDerivedColumns = { category: Her2Category; ishGroup: IshGroup | null };

export function deriveTestColumns(test: TestScoringValues): TestDerivedColumns {
  return deriveTestClassification({ ihcScore: test.ihcScore, ishRatio: test.ishRatio ?? null, ishCopies: test.ishCopies ?? null });
}

export type PatientDerivedColumns = PatientHer2Derivation &
  NegativeCallCounts &
  MetastaticLineRegimens & {
    hrStatus: HrStatus | null;
    erLow: boolean | null;
    /** Treatment uptake's (start year, line bucket, regimen classes) of the live metastatic lines (derive-lines.ts). */
    metastaticLineStarts: number[];
    /** The Agreement tab's pairs of reads its live tests carry, one code each (read-pair-codes.ts). */
    readPairCodes: number[];
  };

/**
 * The derived values a person reads in the case history: a change of HR status or cohort is
 * written to the audit trail with the edit that caused it.
 */
export const AUDITED_DERIVED_FIELDS = [
  "hrStatus",
  "erLow",
  "cohortLatest",
  "cohortPrimary",
  "cohortHighest",
  "her2FirstCategory",
  "her2LastCategory",
  "her2MetastaticCategory",
  "her2PreNeoadjuvantCategory",
  "her2ResidualCategory",
  "evaluableTestCount",
] as const satisfies readonly (keyof PatientDerivedColumns)[];

/**
 * Every derived column, stored on each write and compared by the reclassification. The
 * negative-call counts and the metastatic-line regimen sets are dashboard accelerators: counts of
 * the test and line rows, whose every change is audited row by row, so they are not audited again.
 */
export const PATIENT_DERIVED_FIELDS = [
  ...AUDITED_DERIVED_FIELDS,
  "ventanaZeroTests",
  "ventanaUltralowTests",
  "ventanaLowTests",
  "herceptestZeroTests",
  "herceptestUltralowTests",
  "herceptestLowTests",
  "otherAssayZeroTests",
  "otherAssayUltralowTests",
  "otherAssayLowTests",
  "ventanaNosTests",
  "herceptestNosTests",
  "otherAssayNosTests",
  "metastaticLine1Regimens",
  "metastaticLine2Regimens",
  "metastaticLine3Regimens",
  "metastaticLine4PlusRegimens",
  "metastaticLineStarts",
  "readPairCodes",
] as const satisfies readonly (keyof PatientDerivedColumns)[];

/** The negative-call count fields and their columns, in one order for the bulk inserts. */
export const NEGATIVE_CALL_COLUMNS = [
  ["ventanaZeroTests", "ventana_zero_tests"],
  ["ventanaUltralowTests", "ventana_ultralow_tests"],
  ["ventanaLowTests", "ventana_low_tests"],
  ["herceptestZeroTests", "herceptest_zero_tests"],
  ["herceptestUltralowTests", "herceptest_ultralow_tests"],
  ["herceptestLowTests", "herceptest_low_tests"],
  ["otherAssayZeroTests", "other_assay_zero_tests"],
  ["otherAssayUltralowTests", "other_assay_ultralow_tests"],
  ["otherAssayLowTests", "other_assay_low_tests"],
  ["ventanaNosTests", "ventana_nos_tests"],
  ["herceptestNosTests", "herceptest_nos_tests"],
  ["otherAssayNosTests", "other_assay_nos_tests"],
] as const satisfies readonly (readonly [keyof NegativeCallCounts, string])[];

type DerivedCount = keyof NegativeCallCounts | keyof MetastaticLineRegimens;

/**
 * The derived whole-number columns (negative-call counts, metastatic-line regimen sets) with their
 * SQL types, in one order for the bulk inserts and the reclassification.
 */
export const DERIVED_COUNT_COLUMNS: readonly { field: DerivedCount; column: string; type: "int2" | "int4" }[] = [
  ...NEGATIVE_CALL_COLUMNS.map(([field, column]) => ({ field, column, type: "int2" as const })),
  ...LINE_DERIVED_COLUMNS.map(([field, column]) => ({ field, column, type: "int4" as const })),
];

export type LiveTestForDerivation = {
  daysSinceDiagnosis: number;
  specimen: Specimen;
  category: Her2Category;
  assay: Her2AssayName;
  blockLabel?: string | null;
  readKind?: ReadKind | null;
  /** The Agreement tab's stored pairs (derive-specimen-reads.ts) need the score and the reader. */
  ihcScore?: IhcScore | null;
  reader?: string | null;
};

/** What a line adds to the derivation: its regimen (treatment uptake) and its days (specimen timing). */
export type LineForCaseDerivation = LineForDerivation & { startDay: number; endDay: number | null };

/** The derived columns of a HER2 test row: its timing against neoadjuvant therapy. */
export type TestTimingColumns = { treatmentTiming: TreatmentTiming; residualDisease: boolean };

/**
 * Each test's timing against the patient's live neoadjuvant lines, and whether it is the residual
 * tumour at surgery (a primary surgical specimen after neoadjuvant therapy).
 */
export function deriveTestTiming(test: { daysSinceDiagnosis: number; specimen: Specimen }, liveLines: readonly LineForCaseDerivation[]): TestTimingColumns {
  const treatmentTiming = deriveTreatmentTiming(test.daysSinceDiagnosis, liveLines);
  return { treatmentTiming, residualDisease: isResidualDiseaseSpecimen({ specimen: test.specimen, treatmentTiming }) };
}

/**
 * The HER2 status at the start of a line (lib/her2/cohort.ts her2StatusAt), from the patient's
 * live tests: the line-based endpoints group by it, so a test taken after the line started never
 * moves the patient between groups.
 */
export function deriveLineHer2AtStart(line: { startDay: number }, liveTests: readonly LiveTestForDerivation[]): Her2Category | null {
  return her2StatusAt(liveTests, line.startDay);
}

/**
 * What the patient's derived columns read from the patient row itself: the receptors (HR status)
 * and the diagnosis year (the calendar year each line started, for treatment uptake).
 */
export type PatientValuesForDerivation = { erPercent: number | null; prPercent: number | null; diagnosisYear: number };

/**
 * The patient's HR status, HER2 cohorts (with each test's timing against neoadjuvant therapy),
 * negative-call counts and pairs of reads from its receptors and its live (not deleted) tests, and
 * the regimen classes of its live metastatic lines (by line, and by the year and line they
 * started). `pairs`: the tests' pair columns when the caller has derived them already.
 */
export function derivePatientColumns(
  receptors: PatientValuesForDerivation,
  liveTests: readonly LiveTestForDerivation[],
  liveLines: readonly LineForCaseDerivation[],
  pairs: readonly SpecimenReadColumns[] = deriveSpecimenReads(liveTests),
): PatientDerivedColumns {
  const timedTests = liveTests.map((test) => ({ ...test, treatmentTiming: deriveTestTiming(test, liveLines).treatmentTiming }));
  return {
    ...deriveHormoneReceptorStatus(receptors.erPercent, receptors.prPercent),
    ...derivePatientHer2(timedTests),
    ...countNegativeCalls(liveTests),
    ...deriveMetastaticLineRegimens(liveLines),
    metastaticLineStarts: deriveMetastaticLineStarts(receptors.diagnosisYear, liveLines),
    readPairCodes: deriveReadPairCodes(liveTests, pairs),
  };
}

/**
 * A line's derived columns: the HER2 status at its start, and whether the patient had a live
 * CDK4/6-inhibitor line that started before it (a covariate of the regimen comparison, stored so
 * that the comparison reads it with the line instead of looking up the patient's other lines).
 */
export type LineDerivedColumns = { her2AtStart: Her2Category | null; priorCdk46: boolean };

export const LINE_DERIVED_FIELDS = ["her2AtStart", "priorCdk46"] as const satisfies readonly (keyof LineDerivedColumns)[];

/** Whether a live CDK4/6-inhibitor line of the patient started before `line`. */
export function derivePriorCdk46(line: { startDay: number }, liveLines: readonly LineForCaseDerivation[]): boolean {
  return liveLines.some((other) => other.regimenClass === "ENDOCRINE_CDK46" && other.startDay < line.startDay);
}

/** A test row's derived columns: its timing against neoadjuvant therapy and the Agreement tab's stored pairs. */
export type TestRowDerivedColumns = TestTimingColumns & SpecimenReadColumns;

export const TEST_ROW_DERIVED_FIELDS = ["treatmentTiming", "residualDisease", ...SPECIMEN_READ_FIELDS] as const satisfies readonly (keyof TestRowDerivedColumns)[];

/** Whether a stored row's derived columns differ from freshly derived ones (then the row is rewritten). */
export function derivedColumnsDiffer<Fields extends readonly string[]>(
  fields: Fields,
  stored: Readonly<Record<Fields[number], unknown>>,
  next: Readonly<Record<Fields[number], unknown>>,
): boolean {
  return fields.some((field: Fields[number]) => (stored[field] ?? null) !== (next[field] ?? null));
}

export type CaseDerivedColumns = {
  patient: PatientDerivedColumns;
  /** The derived columns of each test, in the order given (the creation order: it breaks ties between reads). */
  tests: TestRowDerivedColumns[];
  /** The derived columns of each line, in the order given. */
  lines: LineDerivedColumns[];
};

/**
 * Every derived column of a case's live rows at once (each write path stores them all, so the
 * patient, its tests and its lines cannot disagree): the tests' timing against neoadjuvant
 * therapy, the patient's columns, and each line's HER2 status at its start.
 */
export function deriveCaseColumns(
  receptors: PatientValuesForDerivation,
  liveTests: readonly LiveTestForDerivation[],
  liveLines: readonly LineForCaseDerivation[],
): CaseDerivedColumns {
  const pairs = deriveSpecimenReads(liveTests);
  return {
    patient: derivePatientColumns(receptors, liveTests, liveLines, pairs),
    tests: liveTests.map((test, index) => ({ ...deriveTestTiming(test, liveLines), ...(pairs[index] as SpecimenReadColumns) })),
    lines: liveLines.map((line) => ({ her2AtStart: deriveLineHer2AtStart(line, liveTests), priorCdk46: derivePriorCdk46(line, liveLines) })),
  };
}
