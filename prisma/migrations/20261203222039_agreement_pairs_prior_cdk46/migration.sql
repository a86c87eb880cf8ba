-- AlterTable
ALTER TABLE "her2_tests" ADD COLUMN     "central_category" "Her2Category",
ADD COLUMN     "central_score" "IhcScore",
ADD COLUMN     "herceptest_category" "Her2Category",
ADD COLUMN     "herceptest_score" "IhcScore",
ADD COLUMN     "read_b_category" "Her2Category",
ADD COLUMN     "read_b_score" "IhcScore",
ADD COLUMN     "read_c_category" "Her2Category",
ADD COLUMN     "read_c_score" "IhcScore";

-- AlterTable
ALTER TABLE "treatment_lines" ADD COLUMN     "prior_cdk46" BOOLEAN NOT NULL DEFAULT false;

-- Written by hand (issues 13 and 14, their benchmark misses at a million patients). The rows
-- stored before this migration get the derived columns every write path now stores
-- (lib/cases/derive-specimen-reads.ts, lib/cases/derive-case.ts derivePriorCdk46): the same
-- definitions in SQL. `npm run db:reclassify` compares them with the TypeScript derivation and
-- repairs any row that disagrees.

-- The Agreement tab's pairs, on the first read of each specimen: a specimen is one patient's live
-- reads with an IHC score and one block label (trimmed, upper case); reads are ordered LOCAL,
-- CENTRAL, REREAD, then by reader (none first, code-point order), then by row.
WITH reads AS (
  SELECT t.id, t.patient_id, upper(btrim(t.block_label)) AS block, t.assay, t.read_kind, t.ihc_score, t.category, t.reader COLLATE "C" AS reader,
         CASE t.read_kind WHEN 'LOCAL' THEN 0 WHEN 'CENTRAL' THEN 1 ELSE 2 END AS kind_order
    FROM her2_tests t
   WHERE t.block_label IS NOT NULL AND t.deleted_at IS NULL AND t.ihc_score IS NOT NULL
),
by_assay AS (
  SELECT id, row_number() OVER w AS k,
         lead(ihc_score) OVER w AS b_score, lead(category) OVER w AS b_category,
         lead(ihc_score, 2) OVER w AS c_score, lead(category, 2) OVER w AS c_category
    FROM reads
  WINDOW w AS (PARTITION BY patient_id, block, assay ORDER BY kind_order, reader NULLS FIRST, id)
),
first_local AS (
  SELECT DISTINCT ON (patient_id, block) id, patient_id, block FROM reads WHERE read_kind = 'LOCAL' ORDER BY patient_id, block, reader NULLS FIRST, id
),
first_central AS (
  SELECT DISTINCT ON (patient_id, block) patient_id, block, ihc_score, category FROM reads WHERE read_kind = 'CENTRAL' ORDER BY patient_id, block, reader NULLS FIRST, id
),
first_ventana AS (
  SELECT DISTINCT ON (patient_id, block) id, patient_id, block FROM reads WHERE assay = 'VENTANA_4B5' ORDER BY patient_id, block, kind_order, reader NULLS FIRST, id
),
first_herceptest AS (
  SELECT DISTINCT ON (patient_id, block) patient_id, block, ihc_score, category FROM reads WHERE assay = 'HERCEPTEST' ORDER BY patient_id, block, kind_order, reader NULLS FIRST, id
),
pairs AS (
  SELECT id, b_score, b_category, c_score, c_category,
         NULL::"IhcScore" AS central_score, NULL::"Her2Category" AS central_category, NULL::"IhcScore" AS herceptest_score, NULL::"Her2Category" AS herceptest_category
    FROM by_assay WHERE k = 1 AND b_score IS NOT NULL
  UNION ALL
  SELECT l.id, NULL, NULL, NULL, NULL, c.ihc_score, c.category, NULL, NULL
    FROM first_local l JOIN first_central c ON c.patient_id = l.patient_id AND c.block = l.block
  UNION ALL
  SELECT v.id, NULL, NULL, NULL, NULL, NULL, NULL, h.ihc_score, h.category
    FROM first_ventana v JOIN first_herceptest h ON h.patient_id = v.patient_id AND h.block = v.block
),
merged AS (
  SELECT id, max(b_score) AS b_score, max(b_category) AS b_category, max(c_score) AS c_score, max(c_category) AS c_category,
         max(central_score) AS central_score, max(central_category) AS central_category,
         max(herceptest_score) AS herceptest_score, max(herceptest_category) AS herceptest_category
    FROM pairs GROUP BY id
)
UPDATE "her2_tests" t
   SET "read_b_score" = m.b_score, "read_b_category" = m.b_category, "read_c_score" = m.c_score, "read_c_category" = m.c_category,
       "central_score" = m.central_score, "central_category" = m.central_category,
       "herceptest_score" = m.herceptest_score, "herceptest_category" = m.herceptest_category
  FROM merged m
 WHERE t.id = m.id;

-- The comparison's covariate: a live CDK4/6-inhibitor line started before the line.
UPDATE "treatment_lines" l
   SET "prior_cdk46" = true
  FROM (SELECT patient_id, min(start_day) AS first_day
          FROM treatment_lines
         WHERE deleted_at IS NULL AND regimen_class = 'ENDOCRINE_CDK46'
         GROUP BY patient_id) c
 WHERE c.patient_id = l.patient_id AND l.deleted_at IS NULL AND l.start_day > c.first_day;

-- The Agreement tab counts the tests that carry a pair, with the patient filters: a partial
-- covering index holds exactly those rows (a few per cent of the tests), so its query reads them
-- and not every labelled read. The schema language has no partial indexes; the engine leaves them.
CREATE INDEX "her2_tests_read_pairs_idx" ON "her2_tests" ("patient_id")
  INCLUDE ("ihc_score", "category", "read_b_score", "read_b_category", "read_c_score", "read_c_category",
           "central_score", "central_category", "herceptest_score", "herceptest_category")
  WHERE "deleted_at" IS NULL AND ("read_b_score" IS NOT NULL OR "central_score" IS NOT NULL OR "herceptest_score" IS NOT NULL);
