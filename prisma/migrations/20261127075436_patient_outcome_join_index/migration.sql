-- The line-based outcome queries (PFS and OS from a line, response rates) join the first matching
-- metastatic line of each patient (about 80,000 T-DXd lines at a million patients) to the
-- patient's cohort, follow-up and filter columns. Without this index PostgreSQL scans every
-- patient row (about 230 bytes wide) to hash-join them; with it, it merges the lines (already in
-- patient order) with this narrow partial covering index in an index-only scan, in about half the
-- time (npm run bench, docs/dashboards.md §9). It holds live patients only, and only the columns
-- those queries read: a wider one (every column the dashboards filter on) was slower to scan.
-- Written by hand: Prisma's schema language has no partial or covering indexes (without a
-- preview feature), and the schema engine leaves an index it does not model in place.
CREATE INDEX "patients_outcome_join_idx" ON "patients" ("id")
  INCLUDE ("site_id", "diagnosis_year", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary",
           "cohort_highest", "vital_status", "days_to_death", "days_to_last_contact")
  WHERE "deleted_at" IS NULL;
