-- Written by hand (issue 14's benchmark miss: the regimen comparison's rows query at 12× its floor
-- at a million patients). Two partial covering indexes so that queryComparisonRows
-- (lib/analytics/regimen-comparison-rows.ts) reads only index pages:
-- - the live lines of one setting and HER2 status at the start, in the order of its DISTINCT ON
--   (patient, start day, line number, id), with every column it reads: a comparison within one
--   HER2 group reads its candidate lines already ordered, without sorting them;
-- - the live patients with the columns the comparison reads (the patient filters, follow-up, and
--   the subgroups' age and menopausal status, which patients_outcome_join_idx does not hold: that
--   one is kept narrow for the queries that read only its columns).
-- The schema language has no partial or covering indexes; the engine leaves them in place.
CREATE INDEX "treatment_lines_comparison_idx" ON "treatment_lines" ("setting", "her2_at_start", "patient_id", "start_day", "line_number", "id")
  INCLUDE ("regimen_class", "progression_day", "best_response", "measurability", "prior_cdk46")
  WHERE "deleted_at" IS NULL;
CREATE INDEX "patients_comparison_join_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "age_at_diagnosis", "menopausal_status",
           "vital_status", "days_to_death", "days_to_last_contact")
  WHERE "deleted_at" IS NULL;
