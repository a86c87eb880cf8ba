import "server-only";
import { env } from "../env";
import { statisticsPool } from "../workers/pools";
import { defineWorkerTask, type TaskOutcome } from "../workers/worker-task";
import type { SessionUser } from "../auth/roles";
import type { DashboardFilters } from "./filters";
import { interactionInput } from "./cohort-forest";
import { startCohortInteractionTests, type InteractionOutcome } from "./cohort-forest-off-thread";
import { notComputedReason } from "./not-computed-in-time";
import { comparisonCurveSteps, comparisonModelsInput, joinComparison, type ComparisonOptions, type ForestGroup, type ForestRow, type NotComputed, type RegimenComparisonView } from "./regimen-comparison";
import { FOREST_VARIABLES, type ComparisonColumns, type ForestVariable } from "./regimen-comparison-cells";
import { fitAdjustedModels, fitsAnyAdjustedModel, forestRowSteps, joinForest, notCompared, type ComparisonTests } from "./regimen-comparison-models";
import { packAdjustedInput, type fitPackedAdjustedModels } from "./regimen-comparison-packed";
import { queryComparisonRows } from "./regimen-comparison-rows";

// The comparison's Cox models took seconds at a million patients; on the event loop they held up
// every other request of the server (issue 15 §6). The adjusted model of each endpoint and the
// forest plot's six interaction likelihood-ratio tests (the larger fits: up to 49 coefficients)
// run in the statistics worker pool within STATS_TIME_BUDGET_MS, as Table 1's exact tests do:
// the adjusted models as one task, each interaction test as its own (the cohort forest's,
// cohort-forest-off-thread.ts), queued largest first. Meanwhile this thread computes the curves,
// log-rank test, unadjusted hazard ratio, restricted mean and response rates, then the forest's
// per-level hazard ratios (one small fit each), yielding to other requests between levels, and
// then takes back the small interaction tests no worker has started (at a million patients the
// worker's queue took about 0.5 s after this thread's 0.3 s of work). When the budget runs out,
// the page shows all of that and says, typed (NotComputed.notComputedInTime), which of the
// adjusted models and interaction tests were not computed in time. Their input travels packed in
// typed arrays whose buffers are moved, not cloned (regimen-comparison-packed.ts).
const FIT_ADJUSTED_MODELS = defineWorkerTask<typeof fitPackedAdjustedModels>("lib/analytics/regimen-comparison-packed.ts", "fitPackedAdjustedModels");

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

function notComputed(budgetMs: number, phase: "queued" | "running"): NotComputed {
  return { ok: false, reason: notComputedReason(budgetMs, phase), notComputedInTime: { budgetMs, phase } };
}

function interactionOf(outcome: InteractionOutcome): ForestGroup["interaction"] {
  switch (outcome.status) {
    case "done":
      return { ok: true, statistic: outcome.statistic, df: outcome.df, pValue: outcome.pValue };
    case "not-computed-in-time":
      return notComputed(outcome.budgetMs, outcome.phase);
    case "not-tested":
      return { ok: false, reason: outcome.reason };
  }
}

/** The whole comparison, its larger Cox models in the statistics pool. `budgetMs` defaults to STATS_TIME_BUDGET_MS. */
export async function analyseRegimenComparisonOffThread(cells: ComparisonColumns, options: ComparisonOptions, run: { budgetMs?: number } = {}): Promise<RegimenComparisonView> {
  const budgetMs = run.budgetMs ?? env.STATS_TIME_BUDGET_MS;
  const modelsInput = comparisonModelsInput(cells, options);
  // The fits are sent first, so that the curves and the forest's rows are computed here while a worker fits them.
  let adjustedRun: Promise<TaskOutcome<ComparisonTests["adjusted"]>> | null = null;
  if (fitsAnyAdjustedModel(modelsInput)) {
    const { packed, transfer } = packAdjustedInput(modelsInput);
    adjustedRun = statisticsPool().run(FIT_ADJUSTED_MODELS, packed, { budgetMs, transfer });
    // Handled at once as well as awaited below: a failure while this thread is busy must not be an unhandled rejection.
    adjustedRun.catch(() => undefined);
  }
  const tests = startCohortInteractionTests(
    FOREST_VARIABLES.map((variable) => interactionInput(variable, modelsInput.forest[variable])),
    { budgetMs },
  );
  // Should this thread's share throw, the worker's runs finish on their own: their failures are
  // already handled (above, and in startCohortInteractionTests), so none goes unhandled.
  const curveSteps = comparisonCurveSteps(cells, options, modelsInput);
  let curveStep = curveSteps.next();
  while (!curveStep.done) {
    await yieldToOtherRequests();
    curveStep = curveSteps.next();
  }
  const curves = curveStep.value;
  const steps = forestRowSteps(modelsInput);
  await yieldToOtherRequests();
  const overall = steps.overall();
  const groups: { variable: ForestVariable; label: string; rows: ForestRow[] }[] = [];
  for (const group of steps.groups) {
    const rows: ForestRow[] = [];
    for (const level of group.levels) {
      await yieldToOtherRequests();
      rows.push(level());
    }
    groups.push({ variable: group.variable, label: group.label, rows });
  }
  await tests.takeBackSmall();
  const [adjustedOutcome, interactionOutcomes] = await Promise.all([adjustedRun, tests.outcomes()]);
  let adjusted: ComparisonTests["adjusted"];
  if (adjustedOutcome === null) adjusted = fitAdjustedModels(modelsInput);
  else if (adjustedOutcome.status === "not-computed-in-time") {
    const missing = notComputed(adjustedOutcome.budgetMs, adjustedOutcome.phase);
    adjusted = { pfs: modelsInput.compared.pfs ? missing : notCompared(options), os: modelsInput.compared.os ? missing : notCompared(options) };
  } else adjusted = adjustedOutcome.value;
  const interactions = Object.fromEntries(
    FOREST_VARIABLES.map((variable, index) => [variable, interactionOf(interactionOutcomes[index] ?? { status: "not-tested", reason: "" })]),
  ) as ComparisonTests["interactions"];
  return joinComparison(curves, { adjusted, forest: joinForest(options.forest, overall, groups, interactions) });
}

/** The comparison's options from the page's filters; τ as defaultTauMonths gives it. */
export function comparisonOptionsOf(filters: DashboardFilters, tauMonths: number, smallCellThreshold: number): ComparisonOptions {
  const comparison = filters.comparison;
  return { armA: comparison.armA, armB: comparison.armB, adjust: comparison.adjust, forest: comparison.forest, tauMonths, smallCellThreshold };
}

/** The query and the statistics of the regimen comparison, as the Outcomes tab runs them (and the benchmark times them). */
export async function loadRegimenComparison(user: SessionUser, filters: DashboardFilters, options: ComparisonOptions): Promise<RegimenComparisonView> {
  return analyseRegimenComparisonOffThread(await queryComparisonRows(user, filters), options);
}
