-- The dashboards' line-based queries (PFS and OS from a line, response, treatment uptake) read
-- live metastatic lines of one regimen class, first line per patient by start day. This partial
-- covering index holds exactly those lines in that order, so PostgreSQL answers them with an
-- index-only scan instead of reading every treatment line (npm run bench, docs/dashboards.md §9).
-- Written by hand: Prisma's schema language has no partial indexes (without a preview feature),
-- and the schema engine leaves an index it does not model in place.
CREATE INDEX "treatment_lines_metastatic_regimen_idx" ON "treatment_lines" ("regimen_class", "patient_id", "start_day", "line_number", "id")
  INCLUDE ("progression_day", "best_response")
  WHERE "deleted_at" IS NULL AND "setting" = 'METASTATIC';
