import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { cohortsOverlap, prepareCohortForestColumns } from "./cohort-forest";
import { startCohortInteractionTests, type InteractionOutcome } from "./cohort-forest-off-thread";
import { queryCohortForestCells } from "./cohort-forest-rows";
import type { DashboardFilters } from "./filters";
import type { ForestGroup, ForestVariable, ForestView } from "./regimen-comparison";
import { DAYS_PER_MONTH } from "./survival-analysis";

export type CohortForestView =
  | { status: "overlap" }
  | {
      status: "ready";
      forest: ForestView;
      /** Each variable's interaction test (likelihood ratio), or why it has none. */
      interactions: { variable: ForestVariable; label: string; outcome: InteractionOutcome }[];
    };

/**
 * The cohort view's forest plot of subgroups under `filters` (the cohorts in filters.cohortForest,
 * the endpoint, cohort rule, landmark and patient filters of the cohort curves): the query's
 * grouped cells, the hazard ratios per level on the request thread (grouped records: fast), and
 * one interaction test per variable in the worker pool, all variables at once.
 */
export async function loadCohortForest(user: SessionUser, filters: DashboardFilters, options: { budgetMs?: number } = {}): Promise<CohortForestView> {
  const { cohort, reference } = filters.cohortForest;
  if (cohortsOverlap(cohort, reference)) return { status: "overlap" };
  const cells = await queryCohortForestCells(user, filters);
  const prepared = prepareCohortForestColumns(cells, {
    cohort,
    reference,
    endpoint: filters.endpoint,
    landmarkDays: Math.round(filters.landmarkMonths * DAYS_PER_MONTH),
    smallCellThreshold: env.SMALL_CELL_THRESHOLD,
  });
  // The tests go to the pool first; the hazard ratios are computed here meanwhile, yielding after
  // each part so that the pool hands the next test to its worker as soon as one is done (the
  // request thread and the worker then use both cores, instead of one after the other). Then this
  // thread takes the small tests still waiting for the worker: at a million patients (PFS on
  // T-DXd) the worker's queue took about 180 ms, the hazard ratios here about 35.
  const tests = startCohortInteractionTests(
    prepared.interactionInputs.map((input) => input.cells),
    options,
  );
  const overall = prepared.overall();
  const forestGroups: ForestGroup[] = [];
  for (const group of prepared.groups) {
    await new Promise((resolve) => setImmediate(resolve));
    forestGroups.push(group());
  }
  await tests.takeBackSmall();
  const outcomes = await tests.outcomes();
  const analysis = { forest: { endpoint: prepared.endpoint, overall, groups: forestGroups } };
  const groups = analysis.forest.groups.map((group, index) => {
    const outcome = outcomes[index];
    return {
      ...group,
      interaction: outcome?.status === "done" ? { ok: true as const, statistic: outcome.statistic, df: outcome.df, pValue: outcome.pValue } : { ok: false as const, reason: outcome?.reason ?? "" },
    };
  });
  return {
    status: "ready",
    forest: { ...analysis.forest, groups },
    interactions: analysis.forest.groups.map((group, index) => ({ variable: group.variable, label: group.label, outcome: outcomes[index] ?? { status: "not-tested", reason: "" } })),
  };
}
