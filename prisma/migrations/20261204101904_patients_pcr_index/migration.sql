-- The early view's pCR counts (early-disease-records.ts countPathologicResponses) read only the
-- live patients with a known pCR (about 14 % of the benchmark's registry) and of each the patient
-- filters, the cohorts, HR status and the pCR itself. A partial covering index of exactly those
-- rows and columns is a few MB: the query reads it in an index-only scan (indexesInMemory,
-- run-query.ts) instead of scanning every patient row. Written by hand: Prisma's schema language
-- has no partial or covering indexes, and the schema engine leaves an index it does not model in place.
CREATE INDEX "patients_pcr_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary", "cohort_highest",
           "pathologic_complete_response")
  WHERE "deleted_at" IS NULL AND "pathologic_complete_response" IS NOT NULL;
