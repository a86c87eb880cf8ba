-- Written by hand (issue 14 §6): the stored lines whose agents belong to a regimen class added by
-- 20261203153705_regimen_classes move to it, by the rules of lib/cases/regimen-classes.ts
-- regimenClassOfAgents (the most specific agent names the class): a line with a HER2- or
-- TROP2-directed ADC stays with its ADC; otherwise a HER2 TKI (lapatinib, neratinib, tucatinib,
-- pyrotinib) makes it HER2_TKI, whatever trastuzumab or chemotherapy goes with it; datopotamab
-- deruxtecan makes it OTHER_TROP2_ADC; and, when no HER2 antibody, PARP, CDK4/6 inhibitor or
-- other more specific agent is there, a PI3K/AKT/mTOR inhibitor makes it ENDOCRINE_PI3K_AKT_MTOR.
-- A separate migration from the one adding the enum values: PostgreSQL cannot use a value added
-- in the same transaction. Each moved line gets a new version and an audit event naming the change.
WITH "reclassified" AS (
  SELECT l."id", l."patient_id", l."regimen_class" AS "before",
         CASE
           WHEN l."agents" && ARRAY['TRASTUZUMAB_DERUXTECAN', 'TRASTUZUMAB_EMTANSINE']::"Agent"[] THEN NULL
           WHEN l."agents" && ARRAY['DISITAMAB_VEDOTIN', 'TRASTUZUMAB_REZETECAN']::"Agent"[] THEN 'OTHER_HER2_ADC'
           WHEN l."agents" && ARRAY['SACITUZUMAB_GOVITECAN']::"Agent"[] THEN NULL
           WHEN l."agents" && ARRAY['DATOPOTAMAB_DERUXTECAN']::"Agent"[] THEN 'OTHER_TROP2_ADC'
           WHEN l."agents" && ARRAY['LAPATINIB', 'NERATINIB', 'TUCATINIB', 'PYROTINIB']::"Agent"[] THEN 'HER2_TKI'
           WHEN l."agents" && ARRAY['TRASTUZUMAB', 'PERTUZUMAB', 'OLAPARIB', 'TALAZOPARIB', 'PALBOCICLIB', 'RIBOCICLIB', 'ABEMACICLIB']::"Agent"[] THEN NULL
           WHEN l."agents" && ARRAY['ALPELISIB', 'INAVOLISIB', 'CAPIVASERTIB', 'EVEROLIMUS']::"Agent"[] THEN 'ENDOCRINE_PI3K_AKT_MTOR'
         END::"RegimenClass" AS "after"
    FROM "treatment_lines" l
), "moved" AS (
  UPDATE "treatment_lines" l
     SET "regimen_class" = r."after", "version" = l."version" + 1, "updated_at" = CURRENT_TIMESTAMP
    FROM "reclassified" r
   WHERE r."id" = l."id" AND r."after" IS NOT NULL AND r."after" <> r."before"
  RETURNING l."id", l."patient_id", r."before", r."after"
)
INSERT INTO "audit_events" ("site_id", "entity", "entity_id", "action", "changes", "reason")
SELECT p."site_id", 'TREATMENT_LINE', m."id"::text, 'UPDATE',
       jsonb_build_object('regimenClass', jsonb_build_object('before', m."before"::text, 'after', m."after"::text)),
       'Migration 20261203153706_reclassify_regimen_lines: regimen class from the line''s agents'
  FROM "moved" m JOIN "patients" p ON p."id" = m."patient_id";

-- The patients' bit sets of metastatic regimen classes, over the fifteen classes (bit i = the i-th
-- class of this list, REGIMEN_CLASS_BITS in lib/cases/derive-lines.ts). Only rows that change are
-- written, so the patient_counts triggers see just those.
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
                        'ENDOCRINE', 'ENDOCRINE_CDK46', 'PARP_INHIBITOR', 'IMMUNOTHERAPY', 'OTHER',
                        'OTHER_HER2_ADC', 'OTHER_TROP2_ADC', 'HER2_TKI', 'ENDOCRINE_PI3K_AKT_MTOR']::"RegimenClass"[],
                  l."regimen_class") - 1) AS bit) b
         WHERE l."deleted_at" IS NULL AND l."setting" = 'METASTATIC'
         GROUP BY l."patient_id") r
 WHERE r."patient_id" = p."id"
   AND (p."metastatic_line1_regimens", p."metastatic_line2_regimens", p."metastatic_line3_regimens", p."metastatic_line4plus_regimens")
       IS DISTINCT FROM (r.line1, r.line2, r.line3, r.line4plus);

-- The response rates (lib/analytics/response-rates.ts) now read each line's measurability and
-- response confirmation: the covering index of the first line of a class per patient
-- (20261127050937_dashboard_line_index, last rebuilt by 20261203113216_her2_status_in_time) gains
-- them, so that query stays an index-only scan.
DROP INDEX "treatment_lines_metastatic_regimen_idx";
CREATE INDEX "treatment_lines_metastatic_regimen_idx" ON "treatment_lines" ("regimen_class", "patient_id", "start_day", "line_number", "id")
  INCLUDE ("progression_day", "best_response", "her2_at_start", "measurability", "response_confirmation")
  WHERE "deleted_at" IS NULL AND "setting" = 'METASTATIC';
