-- AlterTable
ALTER TABLE "patients" ADD COLUMN     "metastatic_line1_regimens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "metastatic_line2_regimens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "metastatic_line3_regimens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "metastatic_line4plus_regimens" INTEGER NOT NULL DEFAULT 0;

-- Written by hand: the bit sets of the cases already stored (lib/cases/derive-lines.ts computes the
-- same from each case's live lines on every write). Bit i stands for the i-th class of this list,
-- REGIMEN_CLASS_BITS there.
UPDATE "patients" p
   SET "metastatic_line1_regimens" = r.line1, "metastatic_line2_regimens" = r.line2,
       "metastatic_line3_regimens" = r.line3, "metastatic_line4plus_regimens" = r.line4plus
  FROM (SELECT l."patient_id",
               COALESCE(bit_or(b.bit) FILTER (WHERE l."line_number" = 1), 0) AS line1,
               COALESCE(bit_or(b.bit) FILTER (WHERE l."line_number" = 2), 0) AS line2,
               COALESCE(bit_or(b.bit) FILTER (WHERE l."line_number" = 3), 0) AS line3,
               COALESCE(bit_or(b.bit) FILTER (WHERE l."line_number" >= 4), 0) AS line4plus
          FROM "treatment_lines" l
         CROSS JOIN LATERAL (SELECT 1 << (array_position(
                  ARRAY['T_DXD', 'T_DM1', 'TRASTUZUMAB_BASED', 'SACITUZUMAB_GOVITECAN', 'OTHER_ADC', 'CHEMOTHERAPY',
                        'ENDOCRINE', 'ENDOCRINE_CDK46', 'PARP_INHIBITOR', 'IMMUNOTHERAPY', 'OTHER']::"RegimenClass"[],
                  l."regimen_class") - 1) AS bit) b
         WHERE l."deleted_at" IS NULL AND l."setting" = 'METASTATIC'
         GROUP BY l."patient_id") r
 WHERE r."patient_id" = p."id";
