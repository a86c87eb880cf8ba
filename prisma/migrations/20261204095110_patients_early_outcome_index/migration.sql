-- The early view's iDFS and DRFS (early-disease-records.ts aggregateInvasiveDiseaseRecords) read
-- the patients diagnosed with early disease (early or recurrent metastatic setting, about 80 % of
-- the registry) and of each only these columns: the patient filters, the cohorts, follow-up,
-- surgery and the first recurrence days. A covering partial index holds them in about a quarter
-- of the table's pages (58 MB at a million patients against 250 MB), so the query is a parallel
-- index-only scan (run with indexesInMemory, run-query.ts) rather than a scan of every row. The
-- disease setting is included for the setting filter. Written by hand: Prisma's schema language
-- has no partial or covering indexes, and the schema engine leaves an index it does not model in place.
CREATE INDEX "patients_early_outcome_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary", "cohort_highest",
           "vital_status", "days_to_death", "days_to_last_contact", "days_to_surgery",
           "first_idfs_recurrence_day", "first_distant_recurrence_day")
  WHERE "deleted_at" IS NULL AND "disease_setting" IN ('EARLY', 'RECURRENT_METASTATIC');
