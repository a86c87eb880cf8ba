-- Joint statistics of the columns that choose the regimen comparison's lines
-- (regimen-comparison-rows.ts queryComparisonRows, issue 14). They are strongly dependent: lines 2
-- and later are metastatic only, and the HER2 status at a line's start follows the regimen (T-DXd
-- lines start in HER2-low). Multiplied as independent columns, PostgreSQL expected 54,000 of the
-- 200,000 T-DXd or chemotherapy lines 2+ in HER2-low at a million patients; at that size it sorted
-- them for DISTINCT ON from treatment_lines_metastatic_regimen_idx instead of reading
-- treatment_lines_comparison_idx, which returns them already in that order, and it planned a
-- parallel join that ran the first-line subquery in every process (docs/dashboards.md §9).
-- With these (most common combinations and functional dependencies) it expects 199,000 and reads the
-- ordered index. Not part of Prisma's schema (it neither models nor drops statistics objects).
CREATE STATISTICS IF NOT EXISTS "treatment_lines_comparison_stats" (mcv, dependencies)
  ON "setting", "line_number", "regimen_class", "her2_at_start" FROM "treatment_lines";

-- Statistics objects are filled by ANALYZE: without it the plans would change only at the next
-- autovacuum analyze of the table.
ANALYZE "treatment_lines";
