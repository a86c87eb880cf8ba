import "server-only";
import type { SessionUser } from "../auth/roles";
import type { IhcScore } from "../her2/classify";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { MEASURES } from "./quantitative-measures";
import { runAggregateQuery } from "./run-query";

/** The measure's distribution among reads with one IHC score (percentile_cont: R's type 7). */
export type ScoreDistribution = { score: IhcScore; n: number; p05: number; q1: number; median: number; q3: number; p95: number };

/** Reads whose value, at the measure's resolution, is `value`, on either side of IHC 0 vs ≥1+. */
export type ValueCount = { value: number; atLeastOnePlus: boolean; n: number };

export type QuantitativeCounts = { byScore: ScoreDistribution[]; values: ValueCount[] };

/** The two aggregates travel as rows of one result, told apart by `kind`. */
type ScoreRow = { kind: "score"; score: IhcScore; n: number; q: number[]; step: null; one_plus: null };
type ValueRow = { kind: "value"; score: null; n: number; q: null; step: number; one_plus: boolean };

/**
 * The chosen quantitative measure against the IHC call of the same read, aggregated in
 * PostgreSQL: its percentiles by IHC score (the box plot) and the reads by value and by IHC 0 vs
 * ≥1+ (the ROC curve and the cut-off's sensitivity and specificity, computed from these groups by
 * present-quantitative.ts). Live reads of patients in scope with an IHC score and the measure; an
 * mRNA measure pools one unit only. The partial index `her2_tests_measures_idx` holds these rows.
 */
export async function countQuantitativeHer2(user: SessionUser, filters: DashboardFilters): Promise<QuantitativeCounts> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const definition = MEASURES[filters.measure];
  const unit = definition.unit === null ? "" : ` AND t.erbb2_mrna_unit = ${parameters.add(definition.unit)}::"MrnaUnit"`;
  const resolution = parameters.add(definition.resolution);
  // One statement for both aggregates, from one frequency table of the measured reads (IHC
  // score, value, reads), counted in PostgreSQL's parallel workers: reports carry a value at a
  // fixed precision, so a few hundred rows at a million patients (331 for the mRNA score), from
  // which both the percentiles and the counts by value are exact. Materializing every measured
  // read and sorting it per score for percentile_cont took about a third of the query (1M:
  // 343 → 216 ms, EXPLAIN ANALYZE, docs/dashboards.md §9). Values of arbitrary precision would make
  // the table as long as the reads: the window's sort then has 16 MB of work_mem, as the
  // percentiles' sort had.
  //
  // The percentile p of a score's N reads is percentile_cont's: with h = p·(N − 1), the values of
  // rank floor(h) and ceil(h) (from 0, in value order) interpolated as lo + (hi − lo)·(h − floor(h))
  // (PostgreSQL's float8_lerp); a value's reads hold the ranks [upto − n, upto).
  const rows = await runAggregateQuery<ScoreRow | ValueRow>(
    user,
    `WITH f AS MATERIALIZED (
       SELECT t.ihc_score, t.${definition.column}::float8 AS v, count(*) AS n
         FROM her2_tests t
         JOIN patients p ON p.id = t.patient_id
        WHERE t.deleted_at IS NULL AND t.ihc_score IS NOT NULL AND t.${definition.column} IS NOT NULL${unit} AND ${where}
        GROUP BY 1, 2),
     c AS (
       SELECT f.ihc_score, f.v, f.n, sum(f.n) OVER (PARTITION BY f.ihc_score ORDER BY f.v) AS upto, sum(f.n) OVER (PARTITION BY f.ihc_score) AS total
         FROM f),
     r AS (
       SELECT c.ihc_score, c.total, k.i, k.p * (c.total - 1)::float8 AS h,
              min(c.v) FILTER (WHERE c.upto > floor(k.p * (c.total - 1)::float8)) AS lo,
              min(c.v) FILTER (WHERE c.upto > ceil(k.p * (c.total - 1)::float8)) AS hi
         FROM c CROSS JOIN unnest(ARRAY[0.05, 0.25, 0.5, 0.75, 0.95]::float8[]) WITH ORDINALITY AS k (p, i)
        GROUP BY c.ihc_score, c.total, k.i, k.p)
     SELECT 'score' AS kind, r.ihc_score::text AS score, r.total::int AS n,
            array_agg(r.lo + (r.hi - r.lo) * (r.h - floor(r.h)) ORDER BY r.i) AS q,
            NULL::int AS step, NULL::boolean AS one_plus
       FROM r
      GROUP BY r.ihc_score, r.total
     UNION ALL
     SELECT 'value', NULL, sum(f.n)::int, NULL,
            round(f.v / ${resolution}::float8)::int, f.ihc_score NOT IN ('IHC_0_NULL', 'IHC_0_ULTRALOW', 'IHC_0_NOS')
       FROM f
      GROUP BY 5, 6`,
    parameters,
    { indexesInMemory: true, workMemMb: 16 },
  );
  const byScore = rows.filter((row): row is ScoreRow => row.kind === "score");
  const values = rows.filter((row): row is ValueRow => row.kind === "value");
  return {
    byScore: byScore.map((row) => {
      const [p05 = Number.NaN, q1 = Number.NaN, median = Number.NaN, q3 = Number.NaN, p95 = Number.NaN] = row.q.map(Number);
      return { score: row.score, n: Number(row.n), p05, q1, median, q3, p95 };
    }),
    // Whole steps times the resolution, rounded again so that 0.1 × 97 reads 9.7, not 9.700000000000001.
    values: values.map((row) => ({ value: Number((Number(row.step) * definition.resolution).toFixed(6)), atLeastOnePlus: row.one_plus, n: Number(row.n) })),
  };
}
