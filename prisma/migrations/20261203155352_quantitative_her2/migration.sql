-- CreateEnum
CREATE TYPE "MrnaAssay" AS ENUM ('ONCOTYPE_DX', 'RT_QPCR', 'RNA_SEQ', 'OTHER');

-- CreateEnum
CREATE TYPE "MrnaUnit" AS ENUM ('SINGLE_GENE_SCORE', 'DELTA_CT', 'LOG2_TPM');

-- AlterTable
ALTER TABLE "her2_tests" ADD COLUMN     "dia_h_score" INTEGER,
ADD COLUMN     "dia_membrane_percent" DOUBLE PRECISION,
ADD COLUMN     "erbb2_mrna" DOUBLE PRECISION,
ADD COLUMN     "erbb2_mrna_assay" "MrnaAssay",
ADD COLUMN     "erbb2_mrna_unit" "MrnaUnit";

-- Written by hand (issue 13). The ranges of lib/cases/schemas.ts, so that no write path (the
-- form, the import, a bulk load) can store a value the case schema would refuse: an mRNA value
-- comes with its assay and unit, within its unit's range.
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_erbb2_mrna_complete" CHECK (
  ("erbb2_mrna" IS NULL AND "erbb2_mrna_assay" IS NULL AND "erbb2_mrna_unit" IS NULL)
  OR ("erbb2_mrna" IS NOT NULL AND "erbb2_mrna_assay" IS NOT NULL AND "erbb2_mrna_unit" IS NOT NULL));
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_erbb2_mrna_range" CHECK (
  "erbb2_mrna" IS NULL
  OR ("erbb2_mrna_unit" = 'SINGLE_GENE_SCORE' AND "erbb2_mrna" BETWEEN 0 AND 20)
  OR ("erbb2_mrna_unit" = 'DELTA_CT' AND "erbb2_mrna" BETWEEN -20 AND 20)
  OR ("erbb2_mrna_unit" = 'LOG2_TPM' AND "erbb2_mrna" BETWEEN 0 AND 25));
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_dia_range" CHECK (
  ("dia_membrane_percent" IS NULL OR "dia_membrane_percent" BETWEEN 0 AND 100)
  AND ("dia_h_score" IS NULL OR "dia_h_score" BETWEEN 0 AND 300));

-- The Agreement tab reads labelled reads (reads-of-blocks.ts) and reads with a quantitative
-- measure (quantitative-her2.ts): a few of a patient's tests at most. These partial covering
-- indexes hold exactly those rows, so its queries do not scan every test
-- (docs/dashboards.md §9). The schema language has no partial indexes; the engine leaves them.
CREATE INDEX "her2_tests_block_reads_idx" ON "her2_tests" ("patient_id")
  INCLUDE ("block_label", "assay", "read_kind", "reader", "ihc_score", "category")
  WHERE "block_label" IS NOT NULL AND "deleted_at" IS NULL AND "ihc_score" IS NOT NULL;
CREATE INDEX "her2_tests_measures_idx" ON "her2_tests" ("patient_id")
  INCLUDE ("ihc_score", "erbb2_mrna", "erbb2_mrna_unit", "dia_membrane_percent", "dia_h_score")
  WHERE "deleted_at" IS NULL AND "ihc_score" IS NOT NULL
    AND ("erbb2_mrna" IS NOT NULL OR "dia_membrane_percent" IS NOT NULL OR "dia_h_score" IS NOT NULL);
