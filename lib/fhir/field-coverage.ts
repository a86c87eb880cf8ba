/**
 * Where each entered field of the app goes in the mCODE export, or why it does not. A field
 * added to the case schemas must get a line here (tests/unit/fhir-field-coverage.test.ts fails
 * and names it): the FHIR mapping of a clinical field is a decision (a LOINC or SNOMED code, an
 * mCODE profile), not something to generate. docs/interoperability.md lists the same table.
 */
export const FHIR_FIELD_COVERAGE: Readonly<Record<string, string>> = {
  "patients.diagnosis_year": "Patient extension diagnosis-year; the anchor of every synthetic date",
  "patients.age_at_diagnosis": "Patient extension age-at-diagnosis (90 = 90 or older)",
  "patients.sex": "Patient.gender",
  "patients.menopausal_status": "not mapped: mCODE has no element for it",
  "patients.histologic_type": "primary Condition extension histologyMorphologyBehavior (SNOMED 82711006 for NST; text for the others)",
  "patients.grade": "not mapped: mCODE STU4 has no histologic grade profile",
  "patients.tumour_size_mm": "not mapped: mcode-tumor-size needs a Tumor body structure or an excised specimen, which the app does not record",
  "patients.t_category": "Observation mcode-tnm-primary-tumor-category (LOINC 21905-5, AJCC cT)",
  "patients.n_category": "Observation mcode-tnm-regional-nodes-category (LOINC 21906-3, AJCC cN)",
  "patients.m_category": "Observation mcode-tnm-distant-metastases-category (LOINC 21907-1, AJCC cM)",
  "patients.stage_group": "Observation mcode-tnm-stage-group (LOINC 21908-9) and Condition.stage.summary",
  "patients.er_percent": "Observations mcode-tumor-marker-test: LOINC 85337-4 (positive from 1 %) and 85329-1 (%)",
  "patients.pr_percent": "Observations mcode-tumor-marker-test: LOINC 85339-0 (positive from 1 %) and 85325-9 (%)",
  "patients.ki67_percent": "Observation mcode-tumor-marker-test: LOINC 29593-1 (%)",
  "patients.germline_brca": "not mapped: a germline variant needs mCODE's genomics profiles (variant, gene), which the app's status does not carry",
  "patients.disease_setting": "Condition mcode-secondary-cancer-condition when metastatic (de novo or recurrent in its text)",
  "patients.days_to_metastasis": "secondary Condition.onsetDateTime",
  "patients.vital_status": "Patient.deceased[x]",
  "patients.days_to_death": "Patient.deceasedDateTime",
  "patients.days_to_last_contact": "Patient extension days-to-last-contact",
  "patients.staging_basis": "the kind of staging of the T and N Observations and the stage group: clinical (LOINC 21905-5, 21906-3, 21908-9; cT/cN values) or pathological at primary surgery (21899-0, 21900-6, 21902-2; pT/pN values); mCODE STU4 has one profile per category for both, M stays clinical",
  "patients.yp_t_category": "Observation mcode-tnm-primary-tumor-category (LOINC 21899-0, pathology) with the AJCC value ypT… (the IG's prefixed convention), dated the day of surgery",
  "patients.yp_n_category": "Observation mcode-tnm-regional-nodes-category (LOINC 21900-6, pathology) with the AJCC value ypN…, dated the day of surgery",
  "patients.rcb_class": "not mapped: mCODE STU4 has no residual cancer burden element (pCR itself follows from the ypT and ypN Observations)",
  "patients.surgery_type": "Procedure mcode-cancer-related-surgical-procedure: SNOMED 64368001 (breast-conserving) or 69031006 (mastectomy), reason = the primary cancer; no surgery writes no Procedure",
  "patients.days_to_surgery": "that Procedure's performedDateTime, and the effectiveDateTime of the ypT and ypN Observations",
  "her2_tests.specimen": "Specimen mcode-human-specimen type",
  "her2_tests.specimen_site": "Specimen.collection.bodySite (text and local code)",
  "her2_tests.days_since_diagnosis": "Specimen.collection.collectedDateTime and the tests' effectiveDateTime",
  "her2_tests.assay": "HER2 IHC Observation.method",
  "her2_tests.ihc_score": "Observation LOINC 85319-2 (answers LA6111-4 0, LA11841-6 1+, LA11842-4 2+, LA11843-2 3+)",
  "her2_tests.ish_ratio": "Observation LOINC 49683-6",
  "her2_tests.ish_copies": "Observation LOINC 74860-8",
  // Issue 12's re-read fields reached main as issue 18 ended: not in the bundle yet (candidates:
  // the block as the Specimen's container identifier, the reader as the Observation's performer).
  "her2_tests.block_label": "not mapped yet",
  "her2_tests.read_kind": "not mapped yet",
  "her2_tests.reader": "not mapped yet",
  // Issue 13's quantitative measures: no mCODE profile for them; candidates are Observations
  // with LOINC codes for ERBB2 mRNA and for image-analysis results.
  "her2_tests.erbb2_mrna": "not mapped yet",
  "her2_tests.erbb2_mrna_assay": "not mapped yet",
  "her2_tests.erbb2_mrna_unit": "not mapped yet",
  "her2_tests.dia_membrane_percent": "not mapped yet",
  "her2_tests.dia_h_score": "not mapped yet",
  "treatment_lines.setting": "MedicationAdministration extensions treatment-line.setting and mcode-procedure-intent",
  "treatment_lines.line_number": "MedicationAdministration extension treatment-line.lineNumber",
  "treatment_lines.regimen_class": "MedicationAdministration extension treatment-line.regimenClass",
  "treatment_lines.agents": "one MedicationAdministration per drug (medicationCodeableConcept)",
  "treatment_lines.start_day": "MedicationAdministration.effectivePeriod.start",
  "treatment_lines.end_day": "MedicationAdministration.effectivePeriod.end and status",
  "treatment_lines.best_response": "MedicationAdministration extension treatment-line.bestResponse (its day is not recorded, so no disease status)",
  "treatment_lines.measurability": "MedicationAdministration extension treatment-line.measurability (mCODE has no element for RECIST measurability)",
  "treatment_lines.response_confirmation": "MedicationAdministration extension treatment-line.responseConfirmation (with bestResponse, which has no day either)",
  "treatment_lines.progression_day": "Observation mcode-cancer-disease-status (LOINC 97509-4, worsened)",
  // Recurrence events (issue 14 §1): the distant recurrence is the secondary Condition of days_to_metastasis.
  "recurrence_events.kind":
    "LOCAL and REGIONAL: Observation mcode-cancer-disease-status (LOINC 97509-4, worsened, focus the primary cancer; the kind as a local code); CONTRALATERAL_INVASIVE: a further Condition mcode-primary-cancer-condition (C50.919/C50.929); SECOND_PRIMARY_INVASIVE: mcode-primary-cancer-condition SNOMED 363346000",
  "recurrence_events.day": "that Observation's effectiveDateTime or that Condition's onsetDateTime",
};
