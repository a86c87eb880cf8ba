-- CreateEnum
CREATE TYPE "ReadKind" AS ENUM ('LOCAL', 'CENTRAL', 'REREAD');

-- CreateEnum
CREATE TYPE "TreatmentTiming" AS ENUM ('NO_NEOADJUVANT', 'BEFORE_NEOADJUVANT', 'DURING_NEOADJUVANT', 'AFTER_NEOADJUVANT');

-- AlterEnum
ALTER TYPE "Her2Category" ADD VALUE 'ZERO_NOS';

-- AlterEnum
ALTER TYPE "IhcScore" ADD VALUE 'IHC_0_NOS';

-- AlterTable
ALTER TABLE "her2_tests" ADD COLUMN     "block_label" TEXT,
ADD COLUMN     "read_kind" "ReadKind" NOT NULL DEFAULT 'LOCAL',
ADD COLUMN     "reader" TEXT,
ADD COLUMN     "residual_disease" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "treatment_timing" "TreatmentTiming" NOT NULL DEFAULT 'NO_NEOADJUVANT';

-- AlterTable
ALTER TABLE "patients" ADD COLUMN     "her2_pre_neoadjuvant_category" "Her2Category",
ADD COLUMN     "her2_residual_category" "Her2Category",
ADD COLUMN     "herceptest_nos_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "other_assay_nos_tests" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "ventana_nos_tests" SMALLINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "treatment_lines" ADD COLUMN     "her2_at_start" "Her2Category";

-- Written by hand from here on. The new categories (ZERO_NOS, IHC_0_NOS) are not used below:
-- PostgreSQL refuses a value added to an enum in the transaction that added it, and no stored row
-- can hold them yet. The derived values below equal what lib/cases/derive-case.ts computes for
-- the rows already stored (none has a block label yet, so every test is its own specimen); `npm
-- run db:reclassify` recomputes them all with the pure functions and changes nothing after this.

-- Study labels and pseudonyms only: a block label such as "A1" or "S2-B3", a reader such as "R1".
-- Short, starting with a letter, with at most four digits in a row, so neither can carry a record
-- number; lib/cases/schemas.ts also refuses date-like labels with a message on the field.
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_block_label_check" CHECK (
  "block_label" IS NULL OR ("block_label" ~ '^[A-Za-z][A-Za-z0-9-]{0,11}$' AND "block_label" !~ '[0-9]{5}'));
ALTER TABLE "her2_tests" ADD CONSTRAINT "her2_tests_reader_check" CHECK (
  "reader" IS NULL OR "reader" ~ '^[A-Z]{1,3}[0-9]{1,3}$');
ALTER TABLE "patients" ADD CONSTRAINT "patients_nos_call_counts_check" CHECK (
  "ventana_nos_tests" >= 0 AND "herceptest_nos_tests" >= 0 AND "other_assay_nos_tests" >= 0);

-- Each test's timing against the patient's neoadjuvant course (first start to last end; a line
-- without an end is ongoing): lib/her2/specimen-timing.ts.
UPDATE "her2_tests" t
   SET "treatment_timing" = CASE
         WHEN t."days_since_diagnosis" <= c.first_day THEN 'BEFORE_NEOADJUVANT'
         WHEN c.ongoing OR t."days_since_diagnosis" < c.last_day THEN 'DURING_NEOADJUVANT'
         ELSE 'AFTER_NEOADJUVANT' END::"TreatmentTiming",
       "residual_disease" = (t."specimen" = 'PRIMARY_SURGICAL' AND t."days_since_diagnosis" > c.first_day
                             AND NOT c.ongoing AND t."days_since_diagnosis" >= c.last_day)
  FROM (SELECT "patient_id", min("start_day") AS first_day, max(COALESCE("end_day", "start_day")) AS last_day,
               bool_or("end_day" IS NULL) AS ongoing
          FROM "treatment_lines"
         WHERE "deleted_at" IS NULL AND "setting" = 'NEOADJUVANT'
         GROUP BY "patient_id") c
 WHERE c."patient_id" = t."patient_id";

-- The HER2 status at each line's start: the latest live evaluable test taken on or before it, with
-- the `latest` rule's same-day order (care pathway, then expression): lib/her2/cohort.ts her2StatusAt.
UPDATE "treatment_lines" l
   SET "her2_at_start" = (
         SELECT t."category"
           FROM "her2_tests" t
          WHERE t."patient_id" = l."patient_id" AND t."deleted_at" IS NULL
            AND t."category" IN ('POSITIVE', 'LOW', 'ULTRALOW', 'ZERO')
            AND t."days_since_diagnosis" <= l."start_day"
          ORDER BY t."days_since_diagnosis" DESC,
                   CASE t."specimen" WHEN 'OTHER' THEN 0 WHEN 'PRIMARY_BIOPSY' THEN 1 WHEN 'PRIMARY_SURGICAL' THEN 2 ELSE 3 END DESC,
                   CASE t."category" WHEN 'ZERO' THEN 1 WHEN 'ULTRALOW' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END DESC
          LIMIT 1);

-- Pre-treatment primary call (earliest day; on it the surgical specimen, then the higher category)
-- → residual tumour at surgery (the latest such call).
UPDATE "patients" p
   SET "her2_pre_neoadjuvant_category" = (
         SELECT t."category" FROM "her2_tests" t
          WHERE t."patient_id" = p."id" AND t."deleted_at" IS NULL AND t."treatment_timing" = 'BEFORE_NEOADJUVANT'
            AND t."specimen" IN ('PRIMARY_BIOPSY', 'PRIMARY_SURGICAL') AND t."category" IN ('POSITIVE', 'LOW', 'ULTRALOW', 'ZERO')
          ORDER BY t."days_since_diagnosis",
                   CASE t."specimen" WHEN 'PRIMARY_SURGICAL' THEN 0 ELSE 1 END,
                   CASE t."category" WHEN 'ZERO' THEN 1 WHEN 'ULTRALOW' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END DESC
          LIMIT 1),
       "her2_residual_category" = (
         SELECT t."category" FROM "her2_tests" t
          WHERE t."patient_id" = p."id" AND t."deleted_at" IS NULL AND t."residual_disease"
            AND t."category" IN ('POSITIVE', 'LOW', 'ULTRALOW', 'ZERO')
          ORDER BY t."days_since_diagnosis" DESC,
                   CASE t."category" WHEN 'ZERO' THEN 1 WHEN 'ULTRALOW' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END DESC
          LIMIT 1)
 WHERE EXISTS (SELECT 1 FROM "her2_tests" t WHERE t."patient_id" = p."id" AND t."treatment_timing" <> 'NO_NEOADJUVANT');

-- The line-based outcome queries read the status at the line's start from the partial covering
-- index of live metastatic lines (20261127050937_dashboard_line_index), so it holds the column too.
DROP INDEX "treatment_lines_metastatic_regimen_idx";
CREATE INDEX "treatment_lines_metastatic_regimen_idx" ON "treatment_lines" ("regimen_class", "patient_id", "start_day", "line_number", "id")
  INCLUDE ("progression_day", "best_response", "her2_at_start")
  WHERE "deleted_at" IS NULL AND "setting" = 'METASTATIC';

-- The summary's cells (20261127071607_patient_counts) gain: ER %, PR % and tumour size per site and
-- rule (Table 1's new rows: PR status, ER %, tumour size; the diagnosis era comes from "year"),
-- unspecified IHC 0 calls per assay, and in "transition" the pre-treatment → residual pair and the
-- HR status (which decides ultralow's eligibility for T-DXd, DESTINY-Breast06):
-- "first|last|primary|metastatic|preNeoadjuvant|residual|hr".
CREATE OR REPLACE FUNCTION "patient_count_cells"(p "patients")
RETURNS TABLE ("site_id" INTEGER, "rule" TEXT, "cohort" "Her2Category", "variable" TEXT, "value" TEXT, "weight" INTEGER)
LANGUAGE sql STABLE AS $$
  SELECT p.site_id, r.rule, r.cohort, v.variable, v.value, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   CROSS JOIN (VALUES ('menopausal', p.menopausal_status::text), ('histology', p.histologic_type::text), ('grade', p.grade::text),
                      ('t', p.t_category::text), ('n', p.n_category::text), ('stage', p.stage_group::text),
                      ('hr', p.hr_status::text), ('erLow', p.er_low::text), ('brca', p.germline_brca::text),
                      ('setting', p.disease_setting::text), ('age', p.age_at_diagnosis::text), ('ki67', p.ki67_percent::text),
                      ('year', p.diagnosis_year::text), ('er', p.er_percent::text), ('pr', p.pr_percent::text),
                      ('size', p.tumour_size_mm::text)) AS v (variable, value)
   WHERE p.deleted_at IS NULL AND (v.variable <> 'erLow' OR p.hr_status = 'POSITIVE')
  UNION ALL
  SELECT NULL, r.rule, r.cohort, v.variable, v.value, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   CROSS JOIN (VALUES (CASE WHEN p.vital_status = 'DEAD' THEN 'osDeath' ELSE 'osCensor' END,
                       (CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death ELSE p.days_to_last_contact END)::text),
                      ('uptakeAny', p.diagnosis_year || ':' || (p.metastatic_line1_regimens | p.metastatic_line2_regimens | p.metastatic_line3_regimens | p.metastatic_line4plus_regimens)),
                      ('uptake1', p.diagnosis_year || ':' || p.metastatic_line1_regimens),
                      ('uptake2', p.diagnosis_year || ':' || p.metastatic_line2_regimens),
                      ('uptake3', p.diagnosis_year || ':' || p.metastatic_line3_regimens),
                      ('uptake4plus', p.diagnosis_year || ':' || p.metastatic_line4plus_regimens)) AS v (variable, value)
   WHERE p.deleted_at IS NULL AND (v.variable NOT LIKE 'uptake%' OR p.disease_setting <> 'EARLY')
  UNION ALL
  SELECT p.site_id, NULL, NULL, 'calls', c.value, c.weight
    FROM (VALUES ('VENTANA_4B5:ZERO', p.ventana_zero_tests::int), ('VENTANA_4B5:ULTRALOW', p.ventana_ultralow_tests::int),
                 ('VENTANA_4B5:LOW', p.ventana_low_tests::int), ('VENTANA_4B5:ZERO_NOS', p.ventana_nos_tests::int),
                 ('HERCEPTEST:ZERO', p.herceptest_zero_tests::int), ('HERCEPTEST:ULTRALOW', p.herceptest_ultralow_tests::int),
                 ('HERCEPTEST:LOW', p.herceptest_low_tests::int), ('HERCEPTEST:ZERO_NOS', p.herceptest_nos_tests::int),
                 ('OTHER:ZERO', p.other_assay_zero_tests::int), ('OTHER:ULTRALOW', p.other_assay_ultralow_tests::int),
                 ('OTHER:LOW', p.other_assay_low_tests::int), ('OTHER:ZERO_NOS', p.other_assay_nos_tests::int)) AS c (value, weight)
   WHERE p.deleted_at IS NULL AND c.weight <> 0
  UNION ALL
  SELECT NULL, NULL, NULL, 'transition',
         concat_ws('|', COALESCE(p.her2_first_category::text, ''), COALESCE(p.her2_last_category::text, ''),
                        COALESCE(p.cohort_primary::text, ''), COALESCE(p.her2_metastatic_category::text, ''),
                        COALESCE(p.her2_pre_neoadjuvant_category::text, ''), COALESCE(p.her2_residual_category::text, ''),
                        COALESCE(p.hr_status::text, '')), 1
   WHERE p.deleted_at IS NULL
     AND ((p.her2_first_category IS NOT NULL AND p.her2_last_category IS NOT NULL)
          OR (p.cohort_primary IS NOT NULL AND p.her2_metastatic_category IS NOT NULL)
          OR (p.her2_pre_neoadjuvant_category IS NOT NULL AND p.her2_residual_category IS NOT NULL))
$$;

SELECT "rebuild_patient_counts"();
