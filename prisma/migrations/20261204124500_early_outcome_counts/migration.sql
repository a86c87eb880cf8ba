-- The early view's iDFS and DRFS of the whole registry (early-disease-records.ts
-- aggregateInvasiveDiseaseRecords, issue 14) from the summary "patient_counts", as overall survival
-- from diagnosis already is (survival-records.ts): at a million patients the scan of the early
-- patients (even as an index-only scan of patients_early_outcome_idx, with per-row day expressions
-- and hashing) took 5-7 times a count(*) of the table, where the summary holds one row per cohort
-- and day. New registry-wide variables, per rule, for the patients diagnosed with early disease
-- (disease setting EARLY or RECURRENT_METASTATIC):
--   "idfsEvent" / "idfsCensor": the day of the iDFS event (the earlier of first_idfs_recurrence_day
--     and death) or, without one, of the last contact; time zero the diagnosis;
--   "drfsEvent" / "drfsCensor": the same with first_distant_recurrence_day;
--   "idfsSurgeryEvent" / "idfsSurgeryCensor", "drfsSurgeryEvent" / "drfsSurgeryCensor": the same
--     minus days_to_surgery (time zero the surgery), operated patients only.
-- The values are exactly the scan's time expression (negative ones are the patients it excludes).
-- The recurrence days are kept on the patient by the triggers of …_recurrence_first_days, whose
-- UPDATE of "patients" runs the summary's triggers: every write of recurrence_events moves these
-- cells too.

ALTER TABLE "patient_counts" DROP CONSTRAINT "patient_counts_site_check";
ALTER TABLE "patient_counts" ADD CONSTRAINT "patient_counts_site_check" CHECK (
  ("site_id" IS NULL) = ("variable" IN ('osDeath', 'osCensor', 'uptakeAny', 'uptake1', 'uptake2', 'uptake3', 'uptake4plus', 'transition',
                                        'idfsEvent', 'idfsCensor', 'drfsEvent', 'drfsCensor',
                                        'idfsSurgeryEvent', 'idfsSurgeryCensor', 'drfsSurgeryEvent', 'drfsSurgeryCensor')));

-- The cells of 20261203113216_her2_status_in_time, with the early outcomes added (the fourth part).
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

-- The compaction and the rebuild (20261127071607_patient_counts) write the cells in the order the
-- dashboards read them (rule, variable, …): a read of one variable pair then touches a few hundred
-- adjacent pages instead of one page per row. Grouped by hash, the 47,000 rows of a pair of day
-- variables (osDeath / osCensor, idfsEvent / idfsCensor) lay on 7,500 of the table's 10,000 pages
-- at a million patients, and the SQL of a read took 0.4-1.9 s on a loaded machine (134 ms once in
-- order). Deltas appended by writes land at the end as before, until the next compaction orders
-- them in.
CREATE OR REPLACE FUNCTION "compact_patient_counts"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('patient_counts')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM "patient_counts" RETURNING "site_id", "rule", "cohort", "variable", "value", "n")
  INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
  SELECT "site_id", "rule", "cohort", "variable", "value", sum("n")::int
    FROM moved
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum("n") <> 0
   ORDER BY "rule", "variable", "site_id", "cohort", "value";
END
$$;

CREATE OR REPLACE FUNCTION "rebuild_patient_counts"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('patient_counts'));
  LOCK TABLE "patients" IN SHARE MODE;
  DELETE FROM "patient_counts";
  INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
  SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, sum(c.weight)::int
    FROM "patients" p CROSS JOIN LATERAL "patient_count_cells"(p) c
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 2, 4, 1, 3, 5;
END
$$;

SELECT "rebuild_patient_counts"();
