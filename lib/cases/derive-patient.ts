/**
 * The values derived from what a coordinator enters, recomputed on every write so that the
 * dashboards can filter and group on plain indexed columns.
 */
import { classifyHer2Test, type Her2Category, type IhcScore, type IshGroup } from "../her2/classify";
import { deriveCohorts, type Specimen } from "../her2/cohort";

export type HrStatus = "POSITIVE" | "NEGATIVE";

export type HormoneReceptorDerivation = { hrStatus: HrStatus | null; erLow: boolean | null };

/**
 * ASCO/CAP ER/PgR guideline (2020): ER or PgR ≥ 1 % is positive; ER 1-10 % is reported as
 * "ER-low positive". Unknown when either value needed for the call is missing.
 */
export function deriveHormoneReceptorStatus(erPercent: number | null, prPercent: number | null): HormoneReceptorDerivation {
  const erLow = erPercent === null ? null : erPercent >= 1 && erPercent <= 10;
  if ((erPercent ?? 0) >= 1 || (prPercent ?? 0) >= 1) return { hrStatus: "POSITIVE", erLow };
  if (erPercent === null || prPercent === null) return { hrStatus: null, erLow };
  return { hrStatus: "NEGATIVE", erLow };
}

export type Her2TestScoring = { ihcScore: IhcScore | null; ishRatio: number | null; ishCopies: number | null };

export function deriveTestClassification(test: Her2TestScoring): { category: Her2Category; ishGroup: IshGroup | null } {
  const { category, ishGroup } = classifyHer2Test({ ihc: test.ihcScore, ishRatio: test.ishRatio, ishCopies: test.ishCopies });
  return { category, ishGroup };
}

export type PatientHer2Derivation = {
  cohortLatest: Her2Category | null;
  cohortPrimary: Her2Category | null;
  cohortHighest: Her2Category | null;
  her2FirstCategory: Her2Category | null;
  her2LastCategory: Her2Category | null;
  her2MetastaticCategory: Her2Category | null;
  evaluableTestCount: number;
};

const EVALUABLE = new Set<Her2Category>(["POSITIVE", "LOW", "ULTRALOW", "ZERO"]);

/** The patient's cohort under each rule and its first → last transition, from its live tests. */
export function derivePatientHer2(
  tests: readonly { daysSinceDiagnosis: number; specimen: Specimen; category: Her2Category }[],
): PatientHer2Derivation {
  const cohorts = deriveCohorts(tests);
  return {
    cohortLatest: cohorts.latest,
    cohortPrimary: cohorts.primary,
    cohortHighest: cohorts.highest,
    her2FirstCategory: cohorts.transitionFrom,
    her2LastCategory: cohorts.transitionTo,
    her2MetastaticCategory: cohorts.metastatic,
    evaluableTestCount: tests.filter((test) => EVALUABLE.has(test.category)).length,
  };
}

export type Her2AssayName = "VENTANA_4B5" | "HERCEPTEST" | "OTHER";

/** Live HER2-negative evaluable tests of a patient, by assay and category. */
export type NegativeCallCounts = {
  ventanaZeroTests: number;
  ventanaUltralowTests: number;
  ventanaLowTests: number;
  herceptestZeroTests: number;
  herceptestUltralowTests: number;
  herceptestLowTests: number;
  otherAssayZeroTests: number;
  otherAssayUltralowTests: number;
  otherAssayLowTests: number;
};

const NEGATIVE_CALL_FIELDS: Readonly<Record<Her2AssayName, Readonly<Record<"ZERO" | "ULTRALOW" | "LOW", keyof NegativeCallCounts>>>> = {
  VENTANA_4B5: { ZERO: "ventanaZeroTests", ULTRALOW: "ventanaUltralowTests", LOW: "ventanaLowTests" },
  HERCEPTEST: { ZERO: "herceptestZeroTests", ULTRALOW: "herceptestUltralowTests", LOW: "herceptestLowTests" },
  OTHER: { ZERO: "otherAssayZeroTests", ULTRALOW: "otherAssayUltralowTests", LOW: "otherAssayLowTests" },
};

/**
 * How the patient's live tests were called among HER2-negative evaluable results (ZERO, ULTRALOW,
 * LOW), per assay: the inputs of the HER2-low and HER2-ultralow calling rates (docs/dashboards.md
 * §6), kept on the patient so that the dashboard sums them without reading every test.
 */
export function countNegativeCalls(tests: readonly { assay: Her2AssayName; category: Her2Category }[]): NegativeCallCounts {
  const counts: NegativeCallCounts = {
    ventanaZeroTests: 0,
    ventanaUltralowTests: 0,
    ventanaLowTests: 0,
    herceptestZeroTests: 0,
    herceptestUltralowTests: 0,
    herceptestLowTests: 0,
    otherAssayZeroTests: 0,
    otherAssayUltralowTests: 0,
    otherAssayLowTests: 0,
  };
  for (const test of tests) {
    switch (test.category) {
      case "ZERO":
      case "ULTRALOW":
      case "LOW":
        counts[NEGATIVE_CALL_FIELDS[test.assay][test.category]] += 1;
        break;
      case "POSITIVE":
      case "EQUIVOCAL":
      case "INDETERMINATE":
        break;
    }
  }
  return counts;
}
