import "server-only";
import type { SessionUser } from "../auth/roles";
import type { EvaluableCategory } from "../her2/classify";
import { isHer2CohortKey } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

export type TransitionCell = { from: EvaluableCategory; to: EvaluableCategory; n: number };

export type Her2Transitions = {
  /** First → last evaluable test, patients with two or more evaluable tests. */
  firstToLast: TransitionCell[];
  /** Primary tumour (the `primary` rule's test) → latest evaluable metastasis test. */
  primaryToMetastatic: TransitionCell[];
};

/**
 * HER2 category transitions (issue 7 §5) from the derived columns (docs/data-dictionary.md §6):
 * her2_first_category → her2_last_category (set only with two or more evaluable tests) and
 * cohort_primary → her2_metastatic_category (both set). One pass with GROUPING SETS. The cohort
 * rule plays no part: each transition is between two named tests.
 */
export async function countHer2Transitions(user: SessionUser, filters: DashboardFilters): Promise<Her2Transitions> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ pair: "first" | "primary"; from: string; to: string; n: number }>(
    `SELECT v.pair, v.from_category AS "from", v.to_category AS "to", count(*)::int AS n
       FROM patients p
      CROSS JOIN LATERAL (VALUES
        ('first', p.her2_first_category::text, p.her2_last_category::text),
        ('primary', p.cohort_primary::text, p.her2_metastatic_category::text)
      ) AS v(pair, from_category, to_category)
      WHERE ${where} AND v.from_category IS NOT NULL AND v.to_category IS NOT NULL
      GROUP BY 1, 2, 3`,
    parameters,
  );
  const transitions: Her2Transitions = { firstToLast: [], primaryToMetastatic: [] };
  for (const row of rows) {
    if (!isHer2CohortKey(row.from) || !isHer2CohortKey(row.to)) continue;
    (row.pair === "first" ? transitions.firstToLast : transitions.primaryToMetastatic).push({ from: row.from, to: row.to, n: row.n });
  }
  return transitions;
}
