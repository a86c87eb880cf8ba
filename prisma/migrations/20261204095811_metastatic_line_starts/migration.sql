-- Treatment uptake by the calendar year each metastatic line started (issue 16 §12) joined every
-- metastatic line to its patient and counted distinct patients: 25 times a scan of the patients
-- at a million. Each patient now stores one element per (start year, line bucket) with that
-- year's regimen classes, so the chart is one pass over patients (encoding, kept equal to this
-- backfill: deriveMetastaticLineStarts in lib/cases/derive-lines.ts):
--   ((year - 1900) << 20) | (bucket << 16) | bit set of the regimen classes (REGIMEN_CLASS_BITS)
-- with year = diagnosis year + floor(start day / 365.25) and bucket 0 = any metastatic line,
-- 1, 2, 3 = that line number, 4 = lines numbered 4 or later; elements in ascending order.
ALTER TABLE "patients" ADD COLUMN "metastatic_line_starts" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[];

-- From the live metastatic lines (of every patient, deleted ones too, as the reclassification
-- derives them, so that a restored case is current). One statement, so the patient_counts
-- triggers run once; the patients with no such line keep the default.
UPDATE "patients" p
   SET "metastatic_line_starts" = s.starts
  FROM (SELECT c.patient_id, array_agg(c.element ORDER BY c.element) AS starts
          FROM (SELECT x.patient_id, ((x.year - 1900) << 20) | (x.bucket << 16) | bit_or(x.bit) AS element
                  FROM (SELECT l."patient_id", q."diagnosis_year" + floor(l."start_day" / 365.25)::int AS year, b.bucket,
                               1 << (array_position(
                                 ARRAY['T_DXD', 'T_DM1', 'TRASTUZUMAB_BASED', 'SACITUZUMAB_GOVITECAN', 'OTHER_ADC', 'CHEMOTHERAPY',
                                       'ENDOCRINE', 'ENDOCRINE_CDK46', 'PARP_INHIBITOR', 'IMMUNOTHERAPY', 'OTHER',
                                       'OTHER_HER2_ADC', 'OTHER_TROP2_ADC', 'HER2_TKI', 'ENDOCRINE_PI3K_AKT_MTOR']::"RegimenClass"[],
                                 l."regimen_class") - 1) AS bit
                          FROM "treatment_lines" l
                          JOIN "patients" q ON q."id" = l."patient_id"
                         CROSS JOIN LATERAL (VALUES (0), (LEAST(l."line_number", 4))) AS b(bucket)
                         WHERE l."deleted_at" IS NULL AND l."setting" = 'METASTATIC') x
                 GROUP BY x.patient_id, x.year, x.bucket) c
         GROUP BY c.patient_id) s
 WHERE s.patient_id = p."id";

-- The chart reads only the patients with such a line (about half of them) and, of each, the
-- patient filters' columns and the cohorts: a covering partial index makes that an index-only
-- scan of a tenth of the table's size instead of a scan deforming every row up to its last
-- column (countTreatmentUptake adds the predicate so that the planner can use it). Keyed by the
-- diagnosis year, the commonest patient filter.
CREATE INDEX "patients_line_starts_idx" ON "patients" ("diagnosis_year")
  INCLUDE ("site_id", "hr_status", "stage_group", "disease_setting", "cohort_latest", "cohort_primary", "cohort_highest", "metastatic_line_starts")
  WHERE "deleted_at" IS NULL AND "metastatic_line_starts" <> '{}';
