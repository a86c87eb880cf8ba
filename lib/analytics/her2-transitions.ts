import "server-only";
import type { SessionUser } from "../auth/roles";
import { isEvaluableCategory, isHer2Category, type EvaluableCategory } from "../her2/classify";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { patientCountsLevel, queryPatientCounts } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

/** Patients whose two named calls were `from` and `to`, split by HR status (ultralow's T-DXd eligibility needs it). */
export type TransitionCell = { from: EvaluableCategory; to: EvaluableCategory; hrPositive: boolean; n: number };

export const TRANSITION_PAIRS = ["firstToLast", "primaryToMetastatic", "preNeoadjuvantToResidual"] as const;
export type TransitionPair = (typeof TRANSITION_PAIRS)[number];

/**
 * - firstToLast: first → last evaluable specimen, patients with two or more;
 * - primaryToMetastatic: primary tumour (the `primary` rule's specimen) → latest metastasis;
 * - preNeoadjuvantToResidual: pre-treatment primary → residual tumour at surgery after
 *   neoadjuvant therapy (a change under treatment, kept apart from evolution over time).
 * Re-reads of one block are one specimen (lib/her2/cohort.ts), so they never make a transition.
 */
export type Her2Transitions = Record<TransitionPair, TransitionCell[]>;

/** The derived patient columns of each pair (docs/data-dictionary.md §6). */
const PAIR_COLUMNS: Readonly<Record<TransitionPair, readonly [string, string]>> = {
  firstToLast: ["her2_first_category", "her2_last_category"],
  primaryToMetastatic: ["cohort_primary", "her2_metastatic_category"],
  preNeoadjuvantToResidual: ["her2_pre_neoadjuvant_category", "her2_residual_category"],
};

/**
 * HER2 category transitions from the derived columns. The cohort rule plays no part: each
 * transition is between two named specimens. One pass over patients: a plain GROUP BY of the six
 * enum columns and the HR status (PostgreSQL can aggregate that in parallel workers), then each
 * pair is summed from those few rows. (Grouping sets or an unpivot per patient cannot run in
 * parallel and cost about 1.7 times as much at a million patients.) For the whole registry the
 * same combinations come from the trigger-kept summary (patient-counts.ts).
 */
export async function countHer2Transitions(user: SessionUser, filters: DashboardFilters): Promise<Her2Transitions> {
  if (patientCountsLevel(user, filters) === "registry") return transitionsFromCounts(user, filters);
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const columns = TRANSITION_PAIRS.flatMap((pair) => PAIR_COLUMNS[pair]);
  const sums = TRANSITION_PAIRS.map(
    (pair, index) => `SELECT '${pair}' AS pair, c${2 * index}::text AS "from", c${2 * index + 1}::text AS "to", hr_positive, sum(n)::int AS n
       FROM combinations
      WHERE c${2 * index} IS NOT NULL AND c${2 * index + 1} IS NOT NULL
      GROUP BY c${2 * index}, c${2 * index + 1}, hr_positive`,
  );
  const rows = await runAggregateQuery<{ pair: TransitionPair; from: string; to: string; hr_positive: boolean; n: number }>(
    user,
    `WITH combinations AS (
       SELECT ${columns.map((column, index) => `p.${column} AS c${index}`).join(", ")},
              COALESCE(p.hr_status = 'POSITIVE', false) AS hr_positive, count(*) AS n
         FROM patients p
        WHERE ${where}
        GROUP BY ${columns.map((_, index) => index + 1).join(", ")}, ${columns.length + 1}
     )
     ${sums.join("\n     UNION ALL\n     ")}`,
    parameters,
  );
  const transitions = emptyTransitions();
  for (const row of rows) {
    const cell = toCell(row.from, row.to, row.hr_positive, row.n);
    if (cell) transitions[row.pair].push(cell);
  }
  return transitions;
}

function emptyTransitions(): Her2Transitions {
  return { firstToLast: [], primaryToMetastatic: [], preNeoadjuvantToResidual: [] };
}

function toCell(from: string, to: string, hrPositive: boolean, n: number): TransitionCell | null {
  if (!isHer2Category(from) || !isHer2Category(to) || !isEvaluableCategory(from) || !isEvaluableCategory(to)) return null;
  return { from, to, hrPositive, n };
}

/**
 * The transitions from the summary's "transition" counts
 * ("first|last|primary|metastatic|preNeoadjuvant|residual|hr", '' for none).
 */
async function transitionsFromCounts(user: SessionUser, filters: DashboardFilters): Promise<Her2Transitions> {
  const counts = await queryPatientCounts(user, filters, { variables: ["transition"], level: "registry", perRule: false });
  const sums = new Map<string, number>();
  for (const count of counts) {
    const [first = "", last = "", primary = "", metastatic = "", pre = "", residual = "", hr = ""] = (count.value ?? "").split("|");
    const hrPositive = hr === "POSITIVE";
    const pairs: [TransitionPair, string, string][] = [
      ["firstToLast", first, last],
      ["primaryToMetastatic", primary, metastatic],
      ["preNeoadjuvantToResidual", pre, residual],
    ];
    for (const [pair, from, to] of pairs) {
      if (from === "" || to === "") continue;
      const key = `${pair}|${from}|${to}|${hrPositive}`;
      sums.set(key, (sums.get(key) ?? 0) + count.n);
    }
  }
  const transitions = emptyTransitions();
  for (const [key, n] of sums) {
    const [pair = "", from = "", to = "", hrPositive = ""] = key.split("|");
    const cell = toCell(from, to, hrPositive === "true", n);
    if (cell && (TRANSITION_PAIRS as readonly string[]).includes(pair)) transitions[pair as TransitionPair].push(cell);
  }
  return transitions;
}
