/**
 * How much of each kind of follow-up a synthetic cohort holds. "demo" is the default cohort of
 * the demo, the tests and the e2e suite (≈1.7 HER2 tests and ≈1.6 treatment lines a patient).
 * "registry" is a metastatic-enriched registry, as real-world HER2-low series are (patients are
 * often enrolled when metastatic disease is treated, so de novo and recurrent metastatic disease
 * are over-represented, metastases are biopsied more often, and the diagnostic block is re-read
 * by a central laboratory): ≈2.5 tests and ≈2 lines a patient, the load `npm run bench` asks
 * for. Both profiles draw every patient with the same functions and derive every category and
 * cohort with lib/her2 and lib/cases/derive-patient.
 */
export type CohortProfileName = "demo" | "registry";

export type CohortProfile = {
  /** Share of patients metastatic at diagnosis (≈6-8 % in population series). */
  deNovoMetastaticRate: number;
  /** Multiplies the yearly recurrence hazard of early disease. */
  recurrenceHazardRatio: number;
  /** Share of operated patients whose surgical specimen is tested again. */
  surgicalRetestRate: number;
  /** Share of patients with metastatic disease whose metastasis is biopsied. */
  metastaticBiopsyRate: number;
  /** Share of biopsied patients biopsied again before a later line… */
  rebiopsyRate: number;
  /** …from this metastatic line number on. */
  rebiopsyFromLine: number;
  /** Share of patients whose diagnostic block is re-read by a central laboratory (0: never drawn). */
  centralReviewRate: number;
  /** Share of centrally reviewed blocks read again by a research pathologist (a third read). */
  researchRereadRate: number;
  /** Share of diagnostic blocks stained again with the other assay (VENTANA 4B5 ↔ HercepTest). */
  secondAssayRate: number;
  /** Share of HR-positive early-disease patients whose diagnostic read carries an ERBB2 mRNA value (Oncotype DX). */
  mrnaRate: number;
};

export const COHORT_PROFILES: Readonly<Record<CohortProfileName, CohortProfile>> = {
  demo: {
    deNovoMetastaticRate: 0.08,
    recurrenceHazardRatio: 1,
    surgicalRetestRate: 0.55,
    metastaticBiopsyRate: 0.65,
    rebiopsyRate: 0.3,
    rebiopsyFromLine: 3,
    centralReviewRate: 0.1,
    researchRereadRate: 0.5,
    secondAssayRate: 0.05,
    mrnaRate: 0.35,
  },
  registry: {
    deNovoMetastaticRate: 0.2,
    recurrenceHazardRatio: 3,
    surgicalRetestRate: 0.8,
    metastaticBiopsyRate: 0.85,
    rebiopsyRate: 0.6,
    rebiopsyFromLine: 2,
    centralReviewRate: 0.3,
    researchRereadRate: 0.3,
    secondAssayRate: 0.05,
    mrnaRate: 0.3,
  },
};
