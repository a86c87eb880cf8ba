import "server-only";
import { env } from "../env";
import { statisticsPool } from "../workers/pools";
import { defineWorkerTask } from "../workers/worker-task";
import type { SessionUser } from "../auth/roles";
import type { DashboardFilters } from "./filters";
import { notComputedReason } from "./not-computed-in-time";
import { analyseComparisonCurves, comparisonModelsInput, joinComparison, type ComparisonOptions, type ForestRow, type NotComputed, type RegimenComparisonView } from "./regimen-comparison";
import { FOREST_VARIABLES, type ComparisonCells, type ForestVariable } from "./regimen-comparison-cells";
import { forestRowSteps, joinForest, type ComparisonTests } from "./regimen-comparison-models";
import { packModelsInput, type fitPackedComparisonTests } from "./regimen-comparison-packed";
import { queryComparisonRows } from "./regimen-comparison-rows";

// The comparison's Cox models took seconds at a million patients; on the event loop they held up
// every other request of the server (issue 15 §6). The adjusted model of each endpoint and the
// forest plot's six interaction likelihood-ratio tests (the larger fits: up to 49 coefficients)
// run in the statistics worker pool within STATS_TIME_BUDGET_MS, as Table 1's exact tests do.
// Meanwhile this thread computes the curves, log-rank test, unadjusted hazard ratio, restricted
// mean and response rates, then the forest's per-level hazard ratios (one small fit each),
// yielding to other requests between levels, as the cohort forest does (load-cohort-forest.ts):
// with everything in the worker, this thread sat idle for most of the fits while the worker
// worked alone on a 2-core machine. When the budget runs out, the page shows all of that and
// says, typed (NotComputed.notComputedInTime), that the adjusted models and the interaction tests
// were not computed in time. Their input travels packed in typed arrays whose buffers are moved,
// not cloned (regimen-comparison-packed.ts).
const FIT_COMPARISON_TESTS = defineWorkerTask<typeof fitPackedComparisonTests>("lib/analytics/regimen-comparison-packed.ts", "fitPackedComparisonTests");

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The whole comparison, its larger Cox models in the statistics pool. `budgetMs` defaults to STATS_TIME_BUDGET_MS. */
export async function analyseRegimenComparisonOffThread(cells: ComparisonCells, options: ComparisonOptions, run: { budgetMs?: number } = {}): Promise<RegimenComparisonView> {
  const budgetMs = run.budgetMs ?? env.STATS_TIME_BUDGET_MS;
  const modelsInput = comparisonModelsInput(cells, options);
  // The tests are sent first, so that the curves and the forest's rows are computed here while a worker fits them.
  const { packed, transfer } = packModelsInput(modelsInput);
  const fitted = statisticsPool().run(FIT_COMPARISON_TESTS, packed, { budgetMs, transfer });
  let curves: ReturnType<typeof analyseComparisonCurves>;
  const groups: { variable: ForestVariable; label: string; rows: ForestRow[] }[] = [];
  let overall: ForestRow;
  try {
    curves = analyseComparisonCurves(cells, options, modelsInput);
    const steps = forestRowSteps(modelsInput);
    await yieldToOtherRequests();
    overall = steps.overall();
    for (const group of steps.groups) {
      const rows: ForestRow[] = [];
      for (const level of group.levels) {
        await yieldToOtherRequests();
        rows.push(level());
      }
      groups.push({ variable: group.variable, label: group.label, rows });
    }
  } catch (error) {
    // Not awaited any more: its failure must not become an unhandled rejection.
    fitted.catch(() => undefined);
    throw error;
  }
  const outcome = await fitted;
  let tests: ComparisonTests;
  if (outcome.status === "not-computed-in-time") {
    const missing: NotComputed = { ok: false, reason: notComputedReason(outcome.budgetMs, outcome.phase), notComputedInTime: { budgetMs: outcome.budgetMs, phase: outcome.phase } };
    const adjusted = options.adjust.length === 0 ? null : missing;
    tests = { adjusted: { pfs: adjusted, os: adjusted }, interactions: Object.fromEntries(FOREST_VARIABLES.map((variable) => [variable, missing])) as ComparisonTests["interactions"] };
  } else {
    tests = outcome.value;
  }
  return joinComparison(curves, { adjusted: tests.adjusted, forest: joinForest(options.forest, overall, groups, tests.interactions) });
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
