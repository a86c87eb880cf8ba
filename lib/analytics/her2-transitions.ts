import "server-only";
import type { SessionUser } from "../auth/roles";
import type { EvaluableCategory } from "../her2/classify";
import { isHer2CohortKey } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { patientCountsLevel, queryPatientCounts } from "./patient-counts";
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
 * cohort_primary → her2_metastatic_category (both set). The cohort rule plays no part: each
 * transition is between two named tests. One pass over patients: a plain GROUP BY of the four
 * enum columns (at most 7⁴ groups, so PostgreSQL can aggregate in parallel workers), then each
 * pair is summed from those few rows. (Grouping sets or an unpivot per patient cannot run in
 * parallel and cost about 1.7 times as much at a million patients.) For the whole registry the
 * same four-category combinations come from the trigger-kept summary (patient-counts.ts).
 */
export async function countHer2Transitions(user: SessionUser, filters: DashboardFilters): Promise<Her2Transitions> {
  if (patientCountsLevel(user, filters) === "registry") return transitionsFromCounts(user, filters);
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ pair: "first" | "primary"; from: string; to: string; n: number }>(
    `WITH combinations AS (
       SELECT p.her2_first_category AS first_category, p.her2_last_category AS last_category,
              p.cohort_primary AS primary_category, p.her2_metastatic_category AS metastatic_category,
              count(*) AS n
         FROM patients p
        WHERE ${where}
        GROUP BY 1, 2, 3, 4
     )
     SELECT 'first' AS pair, first_category::text AS "from", last_category::text AS "to", sum(n)::int AS n
       FROM combinations
      WHERE first_category IS NOT NULL AND last_category IS NOT NULL
      GROUP BY first_category, last_category
     UNION ALL
     SELECT 'primary', primary_category::text, metastatic_category::text, sum(n)::int
       FROM combinations
      WHERE primary_category IS NOT NULL AND metastatic_category IS NOT NULL
      GROUP BY primary_category, metastatic_category`,
    parameters,
  );
  const transitions: Her2Transitions = { firstToLast: [], primaryToMetastatic: [] };
  for (const row of rows) {
    if (!isHer2CohortKey(row.from) || !isHer2CohortKey(row.to)) continue;
    (row.pair === "first" ? transitions.firstToLast : transitions.primaryToMetastatic).push({ from: row.from, to: row.to, n: row.n });
  }
  return transitions;
}

/** The transitions from the summary's "transition" counts ("first|last|primary|metastatic", '' for none). */
async function transitionsFromCounts(user: SessionUser, filters: DashboardFilters): Promise<Her2Transitions> {
  const counts = await queryPatientCounts(user, filters, { variables: ["transition"], level: "registry", perRule: false });
  const pairs = { first: new Map<string, number>(), primary: new Map<string, number>() };
  for (const count of counts) {
    const [first = "", last = "", primary = "", metastatic = ""] = (count.value ?? "").split("|");
    if (first !== "" && last !== "") pairs.first.set(`${first}|${last}`, (pairs.first.get(`${first}|${last}`) ?? 0) + count.n);
    if (primary !== "" && metastatic !== "") pairs.primary.set(`${primary}|${metastatic}`, (pairs.primary.get(`${primary}|${metastatic}`) ?? 0) + count.n);
  }
  const cells = (pairsOf: Map<string, number>): TransitionCell[] =>
    [...pairsOf].flatMap(([pair, n]) => {
      const [from = "", to = ""] = pair.split("|");
      return isHer2CohortKey(from) && isHer2CohortKey(to) ? [{ from, to, n }] : [];
    });
  return { firstToLast: cells(pairs.first), primaryToMetastatic: cells(pairs.primary) };
}
