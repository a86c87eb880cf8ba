-- Treatment uptake by the calendar year a metastatic line started (treatment-uptake.ts
-- countTreatmentUptake) of the whole registry from the summary "patient_counts", as overall
-- survival and the early view's iDFS and DRFS already are: at a million patients its index-only
-- scan of the patients with a metastatic line took about 3 times a count(*) of the table (0.2 s),
-- and 1.3 s at ten million, where the summary holds one row per cohort and element.
--   "lineStart" (registry, per rule): one cell per element of a live patient's
--     metastatic_line_starts (((year - 1900) << 20) | (bucket << 16) | regimen-class bit set,
--     20261204095811_metastatic_line_starts), the element as its decimal text.
-- It replaces the registry-wide "uptakeAny", "uptake1" … "uptake4plus" (the diagnosis year and the
-- regimen bit sets of lines 1-4+), which no dashboard has read since the chart counts by the year
-- a line started; their rows go with the rebuild below.

DELETE FROM "patient_counts" WHERE "variable" LIKE 'uptake%';
ALTER TABLE "patient_counts" DROP CONSTRAINT "patient_counts_site_check";
ALTER TABLE "patient_counts" ADD CONSTRAINT "patient_counts_site_check" CHECK (
  ("site_id" IS NULL) = ("variable" IN ('osDeath', 'osCensor', 'lineStart', 'transition',
                                        'idfsEvent', 'idfsCensor', 'drfsEvent', 'drfsCensor',
                                        'idfsSurgeryEvent', 'idfsSurgeryCensor', 'drfsSurgeryEvent', 'drfsSurgeryCensor')));

-- The cells of 20261204124500_early_outcome_counts, with "lineStart" in place of "uptake*" (the
-- second and third parts).
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
