-- The Agreement tab's pairs of reads (reads-of-blocks.ts countBlockReads, issue 17) of the whole
-- registry or of some sites from the summary "patient_counts", as the calling rates already are:
-- at ten million patients its join of every test carrying a pair (a third of the patients carry
-- one) with its patient took 2.4 s, 2.6 times a count(*) of her2_tests.
--
-- "read_pair_codes": one integer per pair of reads the patient's live tests carry (the stored
-- pairs of 20261203222039_agreement_pairs_prior_cdk46), in ascending order, encoded as
-- lib/cases/read-pair-codes.ts encodes them (kept there on every write, like the other derived
-- columns; `npm run db:reclassify` repairs it):
--   kind | a.score << 2 | a.category << 5 | b.score << 8 | b.category << 11 | c.score << 14 | c.category << 17
-- kind 0 = reader pair or triple (a = the first read, b = read_b, c = read_c), 1 = local against
-- central (b = central), 2 = VENTANA 4B5 against HercepTest (b = herceptest); each score and
-- category as its 1-based position in the arrays below, 0 for none.
ALTER TABLE "patients" ADD COLUMN "read_pair_codes" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[];

-- The backfill, for every patient (soft-deleted ones too, as the reclassification derives them),
-- from the live tests' stored pairs. The summary's update trigger is off for it: the rebuild at
-- the end counts everything again once.
ALTER TABLE "patients" DISABLE TRIGGER "patient_counts_update";
UPDATE "patients" p
   SET "read_pair_codes" = s.codes
  FROM (SELECT x.patient_id, array_agg(x.code ORDER BY x.code) AS codes
          FROM (SELECT t."patient_id", k.code
                  FROM "her2_tests" t
                 CROSS JOIN LATERAL (VALUES
                   (CASE WHEN t."read_b_score" IS NOT NULL THEN
                      0 | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."ihc_score"), 0) << 2) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."category"), 0) << 5)
                        | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."read_b_score"), 0) << 8) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."read_b_category"), 0) << 11)
                        | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."read_c_score"), 0) << 14) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."read_c_category"), 0) << 17) END),
                   (CASE WHEN t."central_score" IS NOT NULL THEN
                      1 | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."ihc_score"), 0) << 2) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."category"), 0) << 5)
                        | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."central_score"), 0) << 8) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."central_category"), 0) << 11) END),
                   (CASE WHEN t."herceptest_score" IS NOT NULL THEN
                      2 | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."ihc_score"), 0) << 2) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."category"), 0) << 5)
                        | (COALESCE(array_position(ARRAY['IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_1', 'IHC_2', 'IHC_3', 'IHC_0_NOS']::"IhcScore"[], t."herceptest_score"), 0) << 8) | (COALESCE(array_position(ARRAY['POSITIVE', 'LOW', 'ULTRALOW', 'ZERO', 'EQUIVOCAL', 'INDETERMINATE', 'ZERO_NOS']::"Her2Category"[], t."herceptest_category"), 0) << 11) END)) AS k (code)
                 WHERE t."deleted_at" IS NULL AND t."ihc_score" IS NOT NULL AND k.code IS NOT NULL
                   AND (t."read_b_score" IS NOT NULL OR t."central_score" IS NOT NULL OR t."herceptest_score" IS NOT NULL)) x
         GROUP BY x.patient_id) s
 WHERE s.patient_id = p."id";
ALTER TABLE "patients" ENABLE TRIGGER "patient_counts_update";

-- "readPair" (per site, no rule): one cell per code of a live patient, the code as its decimal text.
ALTER TABLE "patient_counts" DROP CONSTRAINT "patient_counts_rule_check";
ALTER TABLE "patient_counts" ADD CONSTRAINT "patient_counts_rule_check" CHECK (
  ("rule" IS NOT NULL AND "rule" IN ('latest', 'primary', 'highest')) = ("variable" NOT IN ('calls', 'transition', 'readPair'))
  AND ("rule" IS NOT NULL OR "cohort" IS NULL));
-- The cells of 20261205020000_line_start_counts with it added (the fifth part).
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
  SELECT NULL, r.rule, r.cohort, CASE WHEN p.vital_status = 'DEAD' THEN 'osDeath' ELSE 'osCensor' END,
         (CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death ELSE p.days_to_last_contact END)::text, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   WHERE p.deleted_at IS NULL
  UNION ALL
  SELECT NULL, r.rule, r.cohort, 'lineStart', e.element::text, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   CROSS JOIN unnest(p.metastatic_line_starts) AS e (element)
   WHERE p.deleted_at IS NULL
  UNION ALL
  SELECT NULL, r.rule, r.cohort, e.endpoint || CASE WHEN e.event_day IS NULL THEN 'Censor' ELSE 'Event' END,
         (COALESCE(e.event_day, p.days_to_last_contact) - e.origin)::text, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   CROSS JOIN (VALUES ('idfs', LEAST(p.first_idfs_recurrence_day, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END), 0),
                      ('drfs', LEAST(p.first_distant_recurrence_day, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END), 0),
                      ('idfsSurgery', LEAST(p.first_idfs_recurrence_day, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END), p.days_to_surgery),
                      ('drfsSurgery', LEAST(p.first_distant_recurrence_day, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END), p.days_to_surgery))
         AS e (endpoint, event_day, origin)
   WHERE p.deleted_at IS NULL AND p.disease_setting IN ('EARLY', 'RECURRENT_METASTATIC') AND e.origin IS NOT NULL
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
  SELECT p.site_id, NULL, NULL, 'readPair', e.code::text, 1
    FROM unnest(p.read_pair_codes) AS e (code)
   WHERE p.deleted_at IS NULL
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
