/**
 * Every derived column of a case, from what the coordinator entered, with the pure functions of
 * lib/her2 and derive-patient.ts: used by each write, the CSV import and the reclassification,
 * so that all three store exactly the same values.
 */
import type { Her2Category, IhcScore, IshGroup } from "../her2/classify";
import type { Specimen } from "../her2/cohort";
import {
  deriveHormoneReceptorStatus,
  derivePatientHer2,
  deriveTestClassification,
  type HrStatus,
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

export type PatientDerivedColumns = PatientHer2Derivation & { hrStatus: HrStatus | null; erLow: boolean | null };

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
] as const satisfies readonly (keyof PatientDerivedColumns)[];

/** The patient's HR status and HER2 cohorts from its receptors and its live (not deleted) tests. */
export function derivePatientColumns(
  receptors: { erPercent: number | null; prPercent: number | null },
  liveTests: readonly { daysSinceDiagnosis: number; specimen: Specimen; category: Her2Category }[],
): PatientDerivedColumns {
  return { ...deriveHormoneReceptorStatus(receptors.erPercent, receptors.prPercent), ...derivePatientHer2(liveTests) };
}
