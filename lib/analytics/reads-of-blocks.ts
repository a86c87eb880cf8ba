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
 * query reads those (a few per cent of the tests) with the patient filters, once, and groups them
 * three ways. Kappa, intervals and suppression are computed from these counts by
 * present-agreement.ts.
 */
export async function countBlockReads(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<PairRow>(
    `WITH pairs AS MATERIALIZED (
            SELECT p.site_id, t.ihc_score, t.category, t.read_b_score, t.read_b_category, t.read_c_score, t.read_c_category,
                   t.central_score, t.central_category, t.herceptest_score, t.herceptest_category
              FROM her2_tests t
              JOIN patients p ON p.id = t.patient_id
             WHERE t.deleted_at IS NULL AND (t.read_b_score IS NOT NULL OR t.central_score IS NOT NULL OR t.herceptest_score IS NOT NULL)
               AND ${where}
          ),
          readers AS (
            SELECT ihc_score, category, read_b_score, read_b_category, read_c_score, read_c_category, count(*)::int AS n
              FROM pairs WHERE read_b_score IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6
          ),
          local_central AS (
            SELECT site_id, ihc_score, category, central_score, central_category, count(*)::int AS n
              FROM pairs WHERE central_score IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5
          ),
          assays AS (
            SELECT ihc_score, category, herceptest_score, herceptest_category, count(*)::int AS n
              FROM pairs WHERE herceptest_score IS NOT NULL
             GROUP BY 1, 2, 3, 4
          )
     SELECT 'readers' AS kind, NULL AS code, NULL AS name, ihc_score::text AS x_score, category::text AS x_category,
            read_b_score::text AS y_score, read_b_category::text AS y_category, read_c_score::text AS z_score, read_c_category::text AS z_category, n
       FROM readers
     UNION ALL
     SELECT 'localCentral', s.code, s.name, ihc_score::text, category::text, central_score::text, central_category::text, NULL, NULL, n
       FROM local_central JOIN sites s ON s.id = local_central.site_id
     UNION ALL
     SELECT 'assays', NULL, NULL, ihc_score::text, category::text, herceptest_score::text, herceptest_category::text, NULL, NULL, n
       FROM assays`,
    parameters,
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
