-- CreateTable
CREATE TABLE "patient_counts" (
    "id" BIGSERIAL NOT NULL,
    "site_id" INTEGER,
    "rule" TEXT,
    "cohort" "Her2Category",
    "variable" TEXT NOT NULL,
    "value" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "patient_counts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "patient_counts_rule_variable_idx" ON "patient_counts"("rule", "variable");

-- Written by hand from here on: what "patient_counts" holds, the triggers that keep it current,
-- and the counts of the patients already stored. Why a summary: at a million patients, Table 1
-- hashes every patient row once per grouping set in one process (PostgreSQL does not run
-- GROUPING SETS in parallel workers), about 12 times a sequential scan, and the other dashboard
-- queries of the whole registry 3 to 5 times; these counts answer them from far fewer rows
-- (docs/dashboards.md §9).

-- The variables, and where each is counted (lib/analytics/patient-counts.ts reads them):
--   per site and rule: Table 1's (menopausal … ki67, the keys of lib/analytics/table-one-variables.ts)
--     and "year" (diagnosis year: the Overview's counts);
--   for the registry (site NULL), per rule: "osDeath" / "osCensor" (day of death, or of last
--     contact alive: overall survival from diagnosis) and "uptakeAny", "uptake1" … "uptake4plus"
--     (metastatic patients: "year:bits", the regimen classes of their metastatic lines as a bit set);
--   per site, no rule (rule and cohort NULL): "calls" ("assay:category", weighted by the patient's
--     negative-call counts: the calling-rate funnels);
--   for the registry, no rule: "transition" ("first|last|primary|metastatic" categories, '' for none).
-- Per site, days or year-and-regimen combinations would be nearly as many rows as patients, so
-- those are kept for the registry only (a view of some sites reads "patients").
ALTER TABLE "patient_counts" ADD CONSTRAINT "patient_counts_rule_check" CHECK (
  ("rule" IS NOT NULL AND "rule" IN ('latest', 'primary', 'highest')) = ("variable" NOT IN ('calls', 'transition'))
  AND ("rule" IS NOT NULL OR "cohort" IS NULL));
ALTER TABLE "patient_counts" ADD CONSTRAINT "patient_counts_site_check" CHECK (
  ("site_id" IS NULL) = ("variable" IN ('osDeath', 'osCensor', 'uptakeAny', 'uptake1', 'uptake2', 'uptake3', 'uptake4plus', 'transition')));

-- The cells of one patient row, with the value as text exactly as the dashboards' own queries over
-- "patients" group it (enum labels, integers, true/false) and a weight (1, or a count). A deleted
-- patient has none. ER-low is counted among HR-positive patients only (ASCO/CAP 2020).
CREATE FUNCTION "patient_count_cells"(p "patients")
RETURNS TABLE ("site_id" INTEGER, "rule" TEXT, "cohort" "Her2Category", "variable" TEXT, "value" TEXT, "weight" INTEGER)
LANGUAGE sql STABLE AS $$
  SELECT p.site_id, r.rule, r.cohort, v.variable, v.value, 1
    FROM (VALUES ('latest', p.cohort_latest), ('primary', p.cohort_primary), ('highest', p.cohort_highest)) AS r (rule, cohort)
   CROSS JOIN (VALUES ('menopausal', p.menopausal_status::text), ('histology', p.histologic_type::text), ('grade', p.grade::text),
                      ('t', p.t_category::text), ('n', p.n_category::text), ('stage', p.stage_group::text),
                      ('hr', p.hr_status::text), ('erLow', p.er_low::text), ('brca', p.germline_brca::text),
                      ('setting', p.disease_setting::text), ('age', p.age_at_diagnosis::text), ('ki67', p.ki67_percent::text),
                      ('year', p.diagnosis_year::text)) AS v (variable, value)
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
                 ('VENTANA_4B5:LOW', p.ventana_low_tests::int), ('HERCEPTEST:ZERO', p.herceptest_zero_tests::int),
                 ('HERCEPTEST:ULTRALOW', p.herceptest_ultralow_tests::int), ('HERCEPTEST:LOW', p.herceptest_low_tests::int),
                 ('OTHER:ZERO', p.other_assay_zero_tests::int), ('OTHER:ULTRALOW', p.other_assay_ultralow_tests::int),
                 ('OTHER:LOW', p.other_assay_low_tests::int)) AS c (value, weight)
   WHERE p.deleted_at IS NULL AND c.weight <> 0
  UNION ALL
  SELECT NULL, NULL, NULL, 'transition',
         concat_ws('|', COALESCE(p.her2_first_category::text, ''), COALESCE(p.her2_last_category::text, ''),
                        COALESCE(p.cohort_primary::text, ''), COALESCE(p.her2_metastatic_category::text, '')), 1
   WHERE p.deleted_at IS NULL
     AND ((p.her2_first_category IS NOT NULL AND p.her2_last_category IS NOT NULL)
          OR (p.cohort_primary IS NOT NULL AND p.her2_metastatic_category IS NOT NULL))
$$;

-- Each statement on "patients" appends the signed difference it made, summed per cell, in its own
-- transaction: readers see the counts and the rows of the same commits, and writers append rows
-- rather than update shared ones, so concurrent case edits and imports never wait on each other.
CREATE FUNCTION "patient_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
    SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, sum(c.weight)::int
      FROM new_rows r CROSS JOIN LATERAL "patient_count_cells"(r) c
     GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
    SELECT d.site_id, d.rule, d.cohort, d.variable, d.value, sum(d.weight)::int
      FROM (SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, c.weight FROM new_rows r CROSS JOIN LATERAL "patient_count_cells"(r) c
            UNION ALL
            SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, -c.weight FROM old_rows r CROSS JOIN LATERAL "patient_count_cells"(r) c) d
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.weight) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
    SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, -sum(c.weight)::int
      FROM old_rows r CROSS JOIN LATERAL "patient_count_cells"(r) c
     GROUP BY 1, 2, 3, 4, 5;
  ELSE
    DELETE FROM "patient_counts";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "patient_counts_insert" AFTER INSERT ON "patients"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_counts_apply"();
CREATE TRIGGER "patient_counts_update" AFTER UPDATE ON "patients"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_counts_apply"();
CREATE TRIGGER "patient_counts_delete" AFTER DELETE ON "patients"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_counts_apply"();
CREATE TRIGGER "patient_counts_truncate" AFTER TRUNCATE ON "patients"
  FOR EACH STATEMENT EXECUTE FUNCTION "patient_counts_apply"();

-- Sums the appended deltas into one row per cell. Safe beside writers: it moves only the rows its
-- snapshot sees (rows of transactions still open stay as they are). One at a time (a transaction
-- advisory lock): a second compaction meanwhile returns at once rather than wait for, or deadlock
-- with, the first.
CREATE FUNCTION "compact_patient_counts"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('patient_counts')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM "patient_counts" RETURNING "site_id", "rule", "cohort", "variable", "value", "n")
  INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
  SELECT "site_id", "rule", "cohort", "variable", "value", sum("n")::int
    FROM moved
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum("n") <> 0;
END
$$;

-- Counts everything again from "patients" (after a bulk load with the insert trigger disabled,
-- or to repair). It waits for a compaction under way (the same advisory lock), and writers wait
-- for it (SHARE lock), so no write is counted twice or missed.
CREATE FUNCTION "rebuild_patient_counts"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('patient_counts'));
  LOCK TABLE "patients" IN SHARE MODE;
  DELETE FROM "patient_counts";
  INSERT INTO "patient_counts" ("site_id", "rule", "cohort", "variable", "value", "n")
  SELECT c.site_id, c.rule, c.cohort, c.variable, c.value, sum(c.weight)::int
    FROM "patients" p CROSS JOIN LATERAL "patient_count_cells"(p) c
   GROUP BY 1, 2, 3, 4, 5;
END
$$;

SELECT "rebuild_patient_counts"();
