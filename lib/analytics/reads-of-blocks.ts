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

/**
 * The reads this view compares: live tests with an IHC score and a block label, of patients in
 * scope, with the block label as lib/her2/cohort.ts compares it (trimmed, upper case) and the
 * order of reads within one specimen. The partial index `her2_tests_block_reads_idx` holds
 * exactly these rows, so only labelled tests are read, not every test.
 */
function readsSql(where: string): string {
  return `SELECT t.patient_id, p.site_id, upper(btrim(t.block_label)) AS block, t.assay, t.read_kind, t.ihc_score::text AS score, t.category::text AS category,
                 CASE t.read_kind WHEN 'LOCAL' THEN 0 WHEN 'CENTRAL' THEN 1 ELSE 2 END AS kind_order, t.reader, t.id
            FROM her2_tests t
            JOIN patients p ON p.id = t.patient_id
           WHERE t.block_label IS NOT NULL AND t.deleted_at IS NULL AND t.ihc_score IS NOT NULL AND ${where}`;
}

type CallColumns<Name extends string> = Record<`${Name}_score` | `${Name}_category`, string>;

function call<Name extends string>(row: CallColumns<Name>, name: Name): ReadCall {
  return { score: row[`${name}_score`] as IhcScore, category: row[`${name}_category`] as Her2Category };
}

/**
 * Every agreement count of the Agreement tab, aggregated in PostgreSQL: three GROUP BYs over the
 * labelled reads (reader pairs and triples of one assay; local against central by site; VENTANA
 * 4B5 against HercepTest), run in parallel. Kappa, intervals and suppression are computed from
 * these counts by present-agreement.ts.
 */
export async function countBlockReads(user: SessionUser, filters: DashboardFilters): Promise<BlockReadCounts> {
  const [readers, localCentral, assays] = await Promise.all([readerCombinations(user, filters), localCentralCombinations(user, filters), assayCombinations(user, filters)]);
  return { readers, localCentral, assays };
}

async function readerCombinations(user: SessionUser, filters: DashboardFilters): Promise<ReaderCallCombination[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<CallColumns<"a"> & CallColumns<"b"> & Partial<CallColumns<"c">> & { n: number }>(
    user,
    `WITH reads AS (${readsSql(where)}),
          ordered AS (
            SELECT patient_id, block, assay, score, category,
                   row_number() OVER (PARTITION BY patient_id, block, assay ORDER BY kind_order, reader NULLS FIRST, id) AS k
              FROM reads
          ),
          -- One row per specimen and assay with its first three reads side by side: a pivot in one
          -- pass, not self-joins of the CTE (which the planner may run as nested loops over it).
          blocks AS (
            SELECT max(score) FILTER (WHERE k = 1) AS a_score, max(category) FILTER (WHERE k = 1) AS a_category,
                   max(score) FILTER (WHERE k = 2) AS b_score, max(category) FILTER (WHERE k = 2) AS b_category,
                   max(score) FILTER (WHERE k = 3) AS c_score, max(category) FILTER (WHERE k = 3) AS c_category
              FROM ordered
             WHERE k <= 3
             GROUP BY patient_id, block, assay
            HAVING count(*) FILTER (WHERE k = 2) > 0
          )
     SELECT a_score, a_category, b_score, b_category, c_score, c_category, count(*)::int AS n
       FROM blocks
      GROUP BY 1, 2, 3, 4, 5, 6`,
    parameters,
  );
  return rows.map((row) => ({
    a: call(row, "a"),
    b: call(row, "b"),
    c: row.c_score === null || row.c_score === undefined ? null : { score: row.c_score as IhcScore, category: row.c_category as Her2Category },
    n: Number(row.n),
  }));
}

async function localCentralCombinations(user: SessionUser, filters: DashboardFilters): Promise<LocalCentralCombination[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<CallColumns<"local"> & CallColumns<"central"> & { code: string; name: string; n: number }>(
    user,
    `WITH reads AS (${readsSql(where)}),
          firsts AS (
            SELECT DISTINCT ON (patient_id, block, read_kind) patient_id, site_id, block, read_kind, score, category
              FROM reads
             WHERE read_kind IN ('LOCAL', 'CENTRAL')
             ORDER BY patient_id, block, read_kind, reader NULLS FIRST, id
          ),
          blocks AS (
            SELECT site_id,
                   max(score) FILTER (WHERE read_kind = 'LOCAL') AS local_score, max(category) FILTER (WHERE read_kind = 'LOCAL') AS local_category,
                   max(score) FILTER (WHERE read_kind = 'CENTRAL') AS central_score, max(category) FILTER (WHERE read_kind = 'CENTRAL') AS central_category
              FROM firsts
             GROUP BY patient_id, block, site_id
            HAVING count(*) = 2
          ),
          pairs AS (
            SELECT site_id, local_score, local_category, central_score, central_category, count(*)::int AS n
              FROM blocks
             GROUP BY 1, 2, 3, 4, 5
          )
     SELECT s.code, s.name, pairs.local_score, pairs.local_category, pairs.central_score, pairs.central_category, pairs.n
       FROM pairs JOIN sites s ON s.id = pairs.site_id`,
    parameters,
  );
  return rows.map((row) => ({ siteCode: row.code, siteName: row.name, local: call(row, "local"), central: call(row, "central"), n: Number(row.n) }));
}

async function assayCombinations(user: SessionUser, filters: DashboardFilters): Promise<AssayCombination[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<CallColumns<"ventana"> & CallColumns<"herceptest"> & { n: number }>(
    user,
    `WITH reads AS (${readsSql(where)}),
          firsts AS (
            SELECT DISTINCT ON (patient_id, block, assay) patient_id, block, assay, score, category
              FROM reads
             WHERE assay IN ('VENTANA_4B5', 'HERCEPTEST')
             ORDER BY patient_id, block, assay, kind_order, reader NULLS FIRST, id
          ),
          blocks AS (
            SELECT max(score) FILTER (WHERE assay = 'VENTANA_4B5') AS ventana_score, max(category) FILTER (WHERE assay = 'VENTANA_4B5') AS ventana_category,
                   max(score) FILTER (WHERE assay = 'HERCEPTEST') AS herceptest_score, max(category) FILTER (WHERE assay = 'HERCEPTEST') AS herceptest_category
              FROM firsts
             GROUP BY patient_id, block
            HAVING count(*) = 2
          )
     SELECT ventana_score, ventana_category, herceptest_score, herceptest_category, count(*)::int AS n
       FROM blocks
      GROUP BY 1, 2, 3, 4`,
    parameters,
  );
  return rows.map((row) => ({ ventana: call(row, "ventana"), herceptest: call(row, "herceptest"), n: Number(row.n) }));
}
