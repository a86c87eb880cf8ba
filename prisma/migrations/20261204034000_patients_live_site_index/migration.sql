-- Written by hand (issue 13: the Agreement tab at a million patients). countBlockReads
-- (lib/analytics/reads-of-blocks.ts) joins the tests that carry a pair of reads to their live
-- patients for the liveness and the site alone; without filters the merge join reads every live
-- patient, and the narrowest covering index it had (patients_comparison_join_idx, 64 MB at 1M)
-- holds ten more columns. This one holds only the id and the site of live patients (21 MB at 1M),
-- so the unfiltered join, and a coordinator's (site scope), read a third of the pages.
-- The schema language has no partial or covering indexes; the engine leaves them in place.
CREATE INDEX "patients_live_site_idx" ON "patients" ("id") INCLUDE ("site_id") WHERE "deleted_at" IS NULL;
