import "server-only";
import type { SessionUser } from "../auth/roles";
import type { Her2Category, IhcScore } from "../her2/classify";
import { decodeReadPair, encodeReadPair } from "../cases/read-pair-codes";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { READ_PAIR_VARIABLE, noteAppendedRows, patientCountsLevel, summaryScopeSql } from "./patient-counts";
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
 * Every agreement count of the Agreement tab, aggregated in PostgreSQL in one query, each list in
 * a fixed order (by the pair's code, read-pair-codes.ts; local-central by site code too). Each
 * specimen's pairs of reads are stored on its first read on every write (lib/cases/
 * derive-specimen-reads.ts holds the definitions: reader pairs and triples of one assay, first
 * local against first central read, first VENTANA 4B5 against first HercepTest read), and on its
 * patient as codes (`read_pair_codes`). Kappa, intervals and suppression are computed from these
 * counts by present-agreement.ts.
 *
 * Without patient filters other than sites (the whole registry, some sites, a coordinator's site),
 * the codes' counts per site come from the summary `patient_counts` ("readPair"): a few hundred
 * rows per site. Otherwise the partial covering index `her2_tests_read_pairs_idx` holds exactly
 * the tests that carry a pair: the query reads those with the patient filters, once, and groups
 * them three ways in one pass.
 */
export async function countBlockReads(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
  const counts = patientCountsLevel(user, filters) !== null ? await blockReadsFromCounts(user, filters) : await scanBlockReads(user, filters);
  const code = (a: ReadCall, b: ReadCall, c: ReadCall | null) => encodeReadPair({ kind: "readers", a, b, c });
  counts.readers.sort((x, y) => code(x.a, x.b, x.c) - code(y.a, y.b, y.c));
  counts.localCentral.sort((x, y) => (x.siteCode < y.siteCode ? -1 : x.siteCode > y.siteCode ? 1 : code(x.local, x.central, null) - code(y.local, y.central, null)));
  counts.assays.sort((x, y) => code(x.ventana, x.herceptest, null) - code(y.ventana, y.herceptest, null));
  return counts;
}

type PairCountRow = { code: number; siteCode: string | null; siteName: string | null; n: number; appended: number };

/**
 * The counts from the summary: per code, summed over the sites in scope, and per site for the
 * local-central pairs (kind 1, the code's low two bits). Cells are signed deltas until compacted;
 * a code whose specimens all left sums to 0 and is dropped, as the scan would not see it.
 */
async function blockReadsFromCounts(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
  const parameters = new SqlParameters();
  const variable = parameters.add(READ_PAIR_VARIABLE);
  const scope = summaryScopeSql(user, filters, "site", parameters);
  const rows = await runAggregateQuery<PairCountRow>(
    user,
    `SELECT c.code, s.code AS "siteCode", s.name AS "siteName", sum(c.n)::int AS n, sum(c.parts - 1)::int AS appended
       FROM (SELECT c.value::int AS code, c.site_id, sum(c.n) AS n, count(*) AS parts
               FROM patient_counts c
              WHERE c.rule IS NULL AND c.variable = ${variable} AND ${scope}
              GROUP BY c.value, c.site_id) c
       LEFT JOIN sites s ON c.code & 3 = 1 AND s.id = c.site_id
      GROUP BY c.code, s.code, s.name
     HAVING sum(c.n) <> 0`,
    parameters,
  );
  noteAppendedRows(rows.reduce((sum, row) => sum + row.appended, 0));
  const counts: BlockReadCounts = { readers: [], localCentral: [], assays: [] };
  for (const row of rows) {
    const pair = decodeReadPair(Number(row.code));
    const n = Number(row.n);
    if (pair.kind === "readers") counts.readers.push({ a: pair.a, b: pair.b, c: pair.c, n });
    else if (pair.kind === "localCentral") counts.localCentral.push({ siteCode: row.siteCode ?? "", siteName: row.siteName ?? "", local: pair.a, central: pair.b, n });
    else counts.assays.push({ ventana: pair.a, herceptest: pair.b, n });
  }
  return counts;
}

async function scanBlockReads(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
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
