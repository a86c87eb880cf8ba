-- Written by hand (issue 14's benchmark miss: the cohort forest's OS cells at about 8x their floor
-- at a million patients). The cohort forest reads, per patient, the cohort, follow-up and filter
-- columns of patients_outcome_join_idx and the subgroups' age and menopausal status. Without those
-- two in an index it reads every patient row, and at a million patients unpacking the columns of
-- those rows (about 285 bytes wide) took two thirds of its time: 270 ms with this index against
-- 650 ms from the table (docs/dashboards.md §9, tenth round). The two columns add 4 bytes each to
-- an entry (70 MB to 79 MB at a million patients); a separate index would add 79 MB and a second
-- update per patient write. The schema language has no partial or covering indexes; the engine
-- leaves them in place.
DROP INDEX IF EXISTS "patients_outcome_join_idx";
CREATE INDEX "patients_outcome_join_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary",
           "cohort_highest", "vital_status", "days_to_death", "days_to_last_contact", "age_at_diagnosis", "menopausal_status")
  WHERE "deleted_at" IS NULL;
