import "server-only";
import type { SessionUser } from "../auth/roles";
import type { Her2Category, IhcScore } from "../her2/classify";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

/** One read's IHC score and the category it was classified into. */
export type ReadCall = { score: IhcScore; category: Her2Category };

/**
 * Specimens (one patient's reads with the same block label) read two or three times with the
 * same assay: the first three reads in a fixed order (LOCAL, CENTRAL, REREAD; then the reader's
 * pseudonym, then the row), as `a`, `b` and `c` (null when read twice), and how many specimens
 * share these calls.
 */
export type ReaderCallCombination = { a: ReadCall; b: ReadCall; c: ReadCall | null; n: number };

/** A specimen's first local and first central read (any assay), by the patient's site. */
export type LocalCentralCombination = { siteCode: string; siteName: string; local: ReadCall; central: ReadCall; n: number };

/** A specimen's first VENTANA 4B5 read and first HercepTest read. */
export type AssayCombination = { ventana: ReadCall; herceptest: ReadCall; n: number };

export type BlockReadCounts = { readers: ReaderCallCombination[]; localCentral: LocalCentralCombination[]; assays: AssayCombination[] };

type CallColumns<Name extends string> = Record<`${Name}_score` | `${Name}_category`, string>;

function call<Name extends string>(row: CallColumns<Name>, name: Name): ReadCall {
  return { score: row[`${name}_score`] as IhcScore, category: row[`${name}_category`] as Her2Category };
}

type PairRow = CallColumns<"x"> & CallColumns<"y"> & Partial<CallColumns<"z">> & { kind: "readers" | "localCentral" | "assays"; code: string | null; name: string | null; n: number };

/**
 * Every agreement count of the Agreement tab, aggregated in PostgreSQL in one query. Each
 * specimen's pairs of reads are stored on its first read on every write (lib/cases/
 * derive-specimen-reads.ts holds the definitions: reader pairs and triples of one assay, first
 * local against first central read, first VENTANA 4B5 against first HercepTest read), and the
 * partial covering index `her2_tests_read_pairs_idx` holds exactly the tests that carry one: the
 * query reads those (a few per cent of the tests) with the patient filters, once (unfiltered,
 * their patients from the narrow `patients_live_site_idx`), and groups them three ways in one pass. Kappa, intervals and suppression are computed from these counts by
 * present-agreement.ts.
 */
export async function countBlockReads(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  // One pass over the pairs, grouped three ways at once (GROUPING SETS: one hash table per set,
  // no materialized CTE read three times, which spilled to disk at a million patients). A set's
  // groups whose pair is absent (its second read NULL) are the tests that carry only another
  // kind of pair: HAVING drops them.
  const rows = await runAggregateQuery<PairRow>(
    user,
    `SELECT g.kind, s.code, s.name, g.ihc_score::text AS x_score, g.category::text AS x_category,
            (CASE g.kind WHEN 'readers' THEN g.read_b_score WHEN 'localCentral' THEN g.central_score ELSE g.herceptest_score END)::text AS y_score,
            (CASE g.kind WHEN 'readers' THEN g.read_b_category WHEN 'localCentral' THEN g.central_category ELSE g.herceptest_category END)::text AS y_category,
            g.read_c_score::text AS z_score, g.read_c_category::text AS z_category, g.n
       FROM (SELECT CASE WHEN GROUPING(t.read_b_score) = 0 THEN 'readers' WHEN GROUPING(t.central_score) = 0 THEN 'localCentral' ELSE 'assays' END AS kind,
                    p.site_id, t.ihc_score, t.category, t.read_b_score, t.read_b_category, t.read_c_score, t.read_c_category,
                    t.central_score, t.central_category, t.herceptest_score, t.herceptest_category, count(*)::int AS n
               FROM her2_tests t
               JOIN patients p ON p.id = t.patient_id
              WHERE t.deleted_at IS NULL AND (t.read_b_score IS NOT NULL OR t.central_score IS NOT NULL OR t.herceptest_score IS NOT NULL)
                AND ${where}
              GROUP BY GROUPING SETS (
                (t.ihc_score, t.category, t.read_b_score, t.read_b_category, t.read_c_score, t.read_c_category),
                (p.site_id, t.ihc_score, t.category, t.central_score, t.central_category),
                (t.ihc_score, t.category, t.herceptest_score, t.herceptest_category))
             HAVING CASE WHEN GROUPING(t.read_b_score) = 0 THEN t.read_b_score IS NOT NULL
                         WHEN GROUPING(t.central_score) = 0 THEN t.central_score IS NOT NULL
                         ELSE t.herceptest_score IS NOT NULL END) g
       LEFT JOIN sites s ON g.kind = 'localCentral' AND s.id = g.site_id`,
    parameters,
    // Room for the three sets' hash tables (4.5 MB at 10M patients; see AggregateQueryOptions).
    { workMemMb: 32 },
  );
  const counts: BlockReadCounts = { readers: [], localCentral: [], assays: [] };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.kind === "readers") {
      counts.readers.push({
        a: call(row, "x"),
        b: call(row, "y"),
        c: row.z_score === null || row.z_score === undefined ? null : { score: row.z_score as IhcScore, category: row.z_category as Her2Category },
        n,
      });
    } else if (row.kind === "localCentral") {
      counts.localCentral.push({ siteCode: row.code ?? "", siteName: row.name ?? "", local: call(row, "x"), central: call(row, "y"), n });
    } else {
      counts.assays.push({ ventana: call(row, "x"), herceptest: call(row, "y"), n });
    }
  }
  return counts;
}
