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
import { LINE_DERIVED_COLUMNS, deriveMetastaticLineRegimens, type LineForDerivation, type MetastaticLineRegimens } from "./derive-lines";

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
  MetastaticLineRegimens & { hrStatus: HrStatus | null; erLow: boolean | null };

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
  "metastaticLine1Regimens",
  "metastaticLine2Regimens",
  "metastaticLine3Regimens",
  "metastaticLine4PlusRegimens",
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

type DerivedCount = keyof NegativeCallCounts | keyof MetastaticLineRegimens;

/**
 * The derived whole-number columns (negative-call counts, metastatic-line regimen sets) with their
 * SQL types, in one order for the bulk inserts and the reclassification.
 */
export const DERIVED_COUNT_COLUMNS: readonly { field: DerivedCount; column: string; type: "int2" | "int4" }[] = [
  ...NEGATIVE_CALL_COLUMNS.map(([field, column]) => ({ field, column, type: "int2" as const })),
  ...LINE_DERIVED_COLUMNS.map(([field, column]) => ({ field, column, type: "int4" as const })),
];

export type LiveTestForDerivation = { daysSinceDiagnosis: number; specimen: Specimen; category: Her2Category; assay: Her2AssayName };

/**
 * The patient's HR status, HER2 cohorts and negative-call counts from its receptors and its live
 * (not deleted) tests, and the regimen classes of its live metastatic lines.
 */
export function derivePatientColumns(
  receptors: { erPercent: number | null; prPercent: number | null },
  liveTests: readonly LiveTestForDerivation[],
  liveLines: readonly LineForDerivation[],
): PatientDerivedColumns {
  return {
    ...deriveHormoneReceptorStatus(receptors.erPercent, receptors.prPercent),
    ...derivePatientHer2(liveTests),
    ...countNegativeCalls(liveTests),
    ...deriveMetastaticLineRegimens(liveLines),
  };
}
