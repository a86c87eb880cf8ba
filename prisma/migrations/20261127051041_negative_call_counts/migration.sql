-- AlterTable
ALTER TABLE "patients" ADD COLUMN     "herceptest_low_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "herceptest_ultralow_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "herceptest_zero_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "other_assay_low_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "other_assay_ultralow_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "other_assay_zero_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "ventana_low_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "ventana_ultralow_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "ventana_zero_tests" SMALLINT NOT NULL DEFAULT 0;

-- Written by hand: the counts of the cases already stored (lib/cases/derive-patient.ts
-- countNegativeCalls computes the same from each case's live tests on every write).
UPDATE "patients" p
   SET "ventana_zero_tests" = c.ventana_zero, "ventana_ultralow_tests" = c.ventana_ultralow, "ventana_low_tests" = c.ventana_low,
       "herceptest_zero_tests" = c.herceptest_zero, "herceptest_ultralow_tests" = c.herceptest_ultralow, "herceptest_low_tests" = c.herceptest_low,
       "other_assay_zero_tests" = c.other_zero, "other_assay_ultralow_tests" = c.other_ultralow, "other_assay_low_tests" = c.other_low
  FROM (SELECT t."patient_id",
               count(*) FILTER (WHERE t."assay" = 'VENTANA_4B5' AND t."category" = 'ZERO') AS ventana_zero,
               count(*) FILTER (WHERE t."assay" = 'VENTANA_4B5' AND t."category" = 'ULTRALOW') AS ventana_ultralow,
               count(*) FILTER (WHERE t."assay" = 'VENTANA_4B5' AND t."category" = 'LOW') AS ventana_low,
               count(*) FILTER (WHERE t."assay" = 'HERCEPTEST' AND t."category" = 'ZERO') AS herceptest_zero,
               count(*) FILTER (WHERE t."assay" = 'HERCEPTEST' AND t."category" = 'ULTRALOW') AS herceptest_ultralow,
               count(*) FILTER (WHERE t."assay" = 'HERCEPTEST' AND t."category" = 'LOW') AS herceptest_low,
               count(*) FILTER (WHERE t."assay" = 'OTHER' AND t."category" = 'ZERO') AS other_zero,
               count(*) FILTER (WHERE t."assay" = 'OTHER' AND t."category" = 'ULTRALOW') AS other_ultralow,
               count(*) FILTER (WHERE t."assay" = 'OTHER' AND t."category" = 'LOW') AS other_low
          FROM "her2_tests" t
         WHERE t."deleted_at" IS NULL AND t."category" IN ('ZERO', 'ULTRALOW', 'LOW')
         GROUP BY t."patient_id") c
 WHERE c."patient_id" = p."id";

ALTER TABLE "patients" ADD CONSTRAINT "patients_negative_call_counts_check" CHECK (
  "ventana_zero_tests" >= 0 AND "ventana_ultralow_tests" >= 0 AND "ventana_low_tests" >= 0 AND
  "herceptest_zero_tests" >= 0 AND "herceptest_ultralow_tests" >= 0 AND "herceptest_low_tests" >= 0 AND
  "other_assay_zero_tests" >= 0 AND "other_assay_ultralow_tests" >= 0 AND "other_assay_low_tests" >= 0);
