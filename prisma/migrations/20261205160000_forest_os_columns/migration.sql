-- Written by hand (issue 14 and 17's benchmark miss: the cohort forest's OS cells at 3.1 times their
-- floor at a million patients). The forest reads, per live patient, OS from diagnosis and the
-- subgroup levels, packed (lib/analytics/cohort-forest-rows.ts). Computing them in the query cost
-- about 75 of its 225 ms per half of the patients (one core each): two CASE expressions for the
-- follow-up and four for the levels, on every patient of every request. They are now stored, as
-- generated columns: PostgreSQL computes them on every insert and update, whoever writes (the case
-- form, the import, the benchmark's COPY), so they cannot disagree with the columns they come from.
--   os_key        = OS days from diagnosis × 4 + death × 2 (the forest's key before its arm bit;
--                   NULL without a day, negative for inconsistent follow-up: both left out there)
--   subgroup_code = age band + 4 × HR status + 16 × menopausal status + 80 × diagnosis era, each
--                   the index of its level in cohort-forest-rows.ts (codeMultipliers; "unknown" the
--                   level after the listed ones). tests/integration/cohort-forest.test.ts compares
--                   every cell counted from them with a count per patient, on PostgreSQL and PGlite.
-- The outcome index carries the two instead of age and menopausal status, which only the forest
-- read from it (same entry size). The schema language has no generated columns or partial or
-- covering indexes: schema.prisma names the columns with @default(dbgenerated()) and Prisma never
-- writes them.
ALTER TABLE "patients"
  ADD COLUMN "os_key" INTEGER GENERATED ALWAYS AS (
    (CASE WHEN "vital_status" = 'DEAD' THEN "days_to_death" ELSE "days_to_last_contact" END) * 4
    + (CASE WHEN "vital_status" = 'DEAD' THEN 2 ELSE 0 END)
  ) STORED,
  ADD COLUMN "subgroup_code" INTEGER GENERATED ALWAYS AS (
    (CASE WHEN "age_at_diagnosis" < 50 THEN 0 WHEN "age_at_diagnosis" < 70 THEN 1 ELSE 2 END)
    + 4 * (CASE "hr_status" WHEN 'POSITIVE' THEN 0 WHEN 'NEGATIVE' THEN 1 ELSE 2 END)
    + 16 * (CASE "menopausal_status" WHEN 'PREMENOPAUSAL' THEN 0 WHEN 'PERIMENOPAUSAL' THEN 1 WHEN 'POSTMENOPAUSAL' THEN 2 ELSE 3 END)
    + 80 * (CASE WHEN "diagnosis_year" < 2015 THEN 0 WHEN "diagnosis_year" < 2020 THEN 1 ELSE 2 END)
  ) STORED;
DROP INDEX IF EXISTS "patients_outcome_join_idx";
CREATE INDEX "patients_outcome_join_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary",
           "cohort_highest", "vital_status", "days_to_death", "days_to_last_contact", "os_key", "subgroup_code")
  WHERE "deleted_at" IS NULL;
