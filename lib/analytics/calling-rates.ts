import "server-only";
import type { SessionUser } from "../auth/roles";
import type { Her2Assay } from "../generated/prisma/enums";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

/** HER2-negative evaluable tests of one site or one assay, by category. */
export type CallingCounts = { zero: number; ultralow: number; low: number };

export type CallingRates = {
  bySite: ({ code: string; name: string } & CallingCounts)[];
  byAssay: ({ assay: Her2Assay } & CallingCounts)[];
};

/**
 * How each site and each assay calls HER2-negative tests (issue 7 §5): live tests of patients in
 * scope with category ZERO, ULTRALOW or LOW (IHC 2+ with negative ISH is LOW too). One pass over
 * her2_tests joined once to patients, grouped two ways with GROUPING SETS.
 */
export async function countHer2Calls(user: SessionUser, filters: DashboardFilters): Promise<CallingRates> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ by: "site" | "assay"; code: string | null; name: string | null; assay: Her2Assay | null } & CallingCounts>(
    `SELECT g.by, s.code, s.name, g.assay, g.zero, g.ultralow, g.low
       FROM (SELECT CASE WHEN GROUPING(p.site_id) = 0 THEN 'site' ELSE 'assay' END AS by,
                    p.site_id, t.assay::text AS assay,
                    count(*) FILTER (WHERE t.category = 'ZERO')::int AS zero,
                    count(*) FILTER (WHERE t.category = 'ULTRALOW')::int AS ultralow,
                    count(*) FILTER (WHERE t.category = 'LOW')::int AS low
               FROM her2_tests t
               JOIN patients p ON p.id = t.patient_id
              WHERE ${where} AND t.deleted_at IS NULL AND t.category IN ('ZERO', 'ULTRALOW', 'LOW')
              GROUP BY GROUPING SETS ((p.site_id), (t.assay))) g
       LEFT JOIN sites s ON s.id = g.site_id`,
    parameters,
  );
  const rates: CallingRates = { bySite: [], byAssay: [] };
  for (const row of rows) {
    const counts = { zero: row.zero, ultralow: row.ultralow, low: row.low };
    if (row.by === "site" && row.code !== null && row.name !== null) rates.bySite.push({ code: row.code, name: row.name, ...counts });
    else if (row.by === "assay" && row.assay !== null) rates.byAssay.push({ assay: row.assay, ...counts });
  }
  rates.bySite.sort((a, b) => a.code.localeCompare(b.code));
  const assayOrder: Her2Assay[] = ["VENTANA_4B5", "HERCEPTEST", "OTHER"];
  rates.byAssay.sort((a, b) => assayOrder.indexOf(a.assay) - assayOrder.indexOf(b.assay));
  return rates;
}
