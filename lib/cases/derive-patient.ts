/**
 * The values derived from what a coordinator enters, recomputed on every write so that the
 * dashboards can filter and group on plain indexed columns.
 */
import { classifyHer2Test, type Her2Category, type IhcScore, type IshGroup } from "../her2/classify";
import { deriveCohorts, type ClassifiedTest, type ReadKind } from "../her2/cohort";

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
  her2PreNeoadjuvantCategory: Her2Category | null;
  her2ResidualCategory: Her2Category | null;
  evaluableTestCount: number;
};

/**
 * The patient's cohort under each rule, its transitions (first → last, primary → metastasis,
 * pre-treatment → residual disease) and its number of evaluable specimens, from its live tests
 * (with their timing against neoadjuvant therapy; re-reads of one block count as one specimen).
 */
export function derivePatientHer2(tests: readonly ClassifiedTest[]): PatientHer2Derivation {
  const cohorts = deriveCohorts(tests);
  return {
    cohortLatest: cohorts.latest,
    cohortPrimary: cohorts.primary,
    cohortHighest: cohorts.highest,
    her2FirstCategory: cohorts.transitionFrom,
    her2LastCategory: cohorts.transitionTo,
    her2MetastaticCategory: cohorts.metastatic,
    her2PreNeoadjuvantCategory: cohorts.preNeoadjuvant,
    her2ResidualCategory: cohorts.residual,
    evaluableTestCount: cohorts.evaluableSpecimens,
  };
}

export type Her2AssayName = "VENTANA_4B5" | "HERCEPTEST" | "OTHER";

/** Live HER2-negative evaluable local reads of a patient, by assay and category. */
export type NegativeCallCounts = {
  ventanaZeroTests: number;
  ventanaUltralowTests: number;
  ventanaLowTests: number;
  ventanaNosTests: number;
  herceptestZeroTests: number;
  herceptestUltralowTests: number;
  herceptestLowTests: number;
  herceptestNosTests: number;
  otherAssayZeroTests: number;
  otherAssayUltralowTests: number;
  otherAssayLowTests: number;
  otherAssayNosTests: number;
};

type NegativeCategory = "ZERO" | "ULTRALOW" | "LOW" | "ZERO_NOS";

const NEGATIVE_CALL_FIELDS: Readonly<Record<Her2AssayName, Readonly<Record<NegativeCategory, keyof NegativeCallCounts>>>> = {
  VENTANA_4B5: { ZERO: "ventanaZeroTests", ULTRALOW: "ventanaUltralowTests", LOW: "ventanaLowTests", ZERO_NOS: "ventanaNosTests" },
  HERCEPTEST: { ZERO: "herceptestZeroTests", ULTRALOW: "herceptestUltralowTests", LOW: "herceptestLowTests", ZERO_NOS: "herceptestNosTests" },
  OTHER: { ZERO: "otherAssayZeroTests", ULTRALOW: "otherAssayUltralowTests", LOW: "otherAssayLowTests", ZERO_NOS: "otherAssayNosTests" },
};

/**
 * How the site called the patient's live tests among HER2-negative evaluable results (ZERO,
 * ULTRALOW, LOW, ZERO_NOS), per assay: the inputs of the HER2-low and HER2-ultralow calling rates
 * (docs/dashboards.md §6), kept on the patient so that the dashboard sums them without reading
 * every test. Only the site's own (local) reads count: a central review or a research re-read is
 * another laboratory's or reader's call of the same tissue, measured by the agreement analyses.
 */
export function countNegativeCalls(tests: readonly { assay: Her2AssayName; category: Her2Category; readKind?: ReadKind | null }[]): NegativeCallCounts {
  const counts: NegativeCallCounts = {
    ventanaZeroTests: 0,
    ventanaUltralowTests: 0,
    ventanaLowTests: 0,
    ventanaNosTests: 0,
    herceptestZeroTests: 0,
    herceptestUltralowTests: 0,
    herceptestLowTests: 0,
    herceptestNosTests: 0,
    otherAssayZeroTests: 0,
    otherAssayUltralowTests: 0,
    otherAssayLowTests: 0,
    otherAssayNosTests: 0,
  };
  for (const test of tests) {
    if ((test.readKind ?? "LOCAL") !== "LOCAL") continue;
    switch (test.category) {
      case "ZERO":
      case "ULTRALOW":
      case "LOW":
      case "ZERO_NOS":
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
