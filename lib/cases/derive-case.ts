/**
 * Every derived column of a case, from what the coordinator entered, with the pure functions of
 * lib/her2 and derive-patient.ts: used by each write, the CSV import and the reclassification,
 * so that all three store exactly the same values.
 */
import type { Her2Category, IhcScore, IshGroup } from "../her2/classify";
import type { Specimen } from "../her2/cohort";
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

export type TestScoringValues = {
  ihcScore: IhcScore | null;
  ishRatio?: number | null;
  ishCopies?: number | null;
};

export type TestDerivedColumns = { category: Her2Category; ishGroup: IshGroup | null };

export function deriveTestColumns(test: TestScoringValues): TestDerivedColumns {
  return deriveTestClassification({ ihcScore: test.ihcScore, ishRatio: test.ishRatio ?? null, ishCopies: test.ishCopies ?? null });
}

export type PatientDerivedColumns = PatientHer2Derivation & NegativeCallCounts & { hrStatus: HrStatus | null; erLow: boolean | null };

export const PATIENT_DERIVED_FIELDS = [
  "hrStatus",
  "erLow",
  "cohortLatest",
  "cohortPrimary",
  "cohortHighest",
  "her2FirstCategory",
  "her2LastCategory",
  "her2MetastaticCategory",
  "evaluableTestCount",
  "ventanaZeroTests",
  "ventanaUltralowTests",
  "ventanaLowTests",
  "herceptestZeroTests",
  "herceptestUltralowTests",
  "herceptestLowTests",
  "otherAssayZeroTests",
  "otherAssayUltralowTests",
  "otherAssayLowTests",
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
] as const satisfies readonly (readonly [keyof NegativeCallCounts, string])[];

export type LiveTestForDerivation = { daysSinceDiagnosis: number; specimen: Specimen; category: Her2Category; assay: Her2AssayName };

/**
 * The patient's HR status, HER2 cohorts and negative-call counts from its receptors and its live
 * (not deleted) tests.
 */
export function derivePatientColumns(
  receptors: { erPercent: number | null; prPercent: number | null },
  liveTests: readonly LiveTestForDerivation[],
): PatientDerivedColumns {
  return { ...deriveHormoneReceptorStatus(receptors.erPercent, receptors.prPercent), ...derivePatientHer2(liveTests), ...countNegativeCalls(liveTests) };
}
