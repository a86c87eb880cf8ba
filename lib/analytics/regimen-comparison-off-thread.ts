import "server-only";
import { env } from "../env";
import { statisticsPool } from "../workers/pools";
import { defineWorkerTask } from "../workers/worker-task";
import type { SessionUser } from "../auth/roles";
import type { DashboardFilters } from "./filters";
import { notComputedReason } from "./not-computed-in-time";
import { analyseComparisonCurves, comparisonModelsInput, joinComparison, type ComparisonOptions, type RegimenComparisonView } from "./regimen-comparison";
import type { ComparisonCells } from "./regimen-comparison-cells";
import { packModelsInput, type fitPackedComparisonModels } from "./regimen-comparison-packed";
import { queryComparisonRows } from "./regimen-comparison-rows";

// The comparison's Cox models (the adjusted model of each endpoint, the forest plot's per-level
// fits and its six interaction likelihood-ratio tests) took seconds at a million patients; on the
// event loop they held up every other request of the server (issue 15 §6). They run in the
// statistics worker pool within STATS_TIME_BUDGET_MS, as Table 1's exact tests do; the curves,
// log-rank test, unadjusted hazard ratio, restricted mean and response rates stay here (they take
// milliseconds on the counted cells). When the budget runs out, the page shows the curves and
// says, typed (NotComputed.notComputedInTime), that the models were not computed in time. Their
// input travels packed in typed arrays whose buffers are moved, not cloned (regimen-comparison-packed.ts).
const FIT_COMPARISON_MODELS = defineWorkerTask<typeof fitPackedComparisonModels>("lib/analytics/regimen-comparison-packed.ts", "fitPackedComparisonModels");

/** The whole comparison, its Cox models in the statistics pool. `budgetMs` defaults to STATS_TIME_BUDGET_MS. */
export async function analyseRegimenComparisonOffThread(cells: ComparisonCells, options: ComparisonOptions, run: { budgetMs?: number } = {}): Promise<RegimenComparisonView> {
  const budgetMs = run.budgetMs ?? env.STATS_TIME_BUDGET_MS;
  // The models are sent first, so that the curves are computed here while a worker fits them.
  const { packed, transfer } = packModelsInput(comparisonModelsInput(cells, options));
  const fitted = statisticsPool().run(FIT_COMPARISON_MODELS, packed, { budgetMs, transfer });
  let curves: ReturnType<typeof analyseComparisonCurves>;
  try {
    curves = analyseComparisonCurves(cells, options);
  } catch (error) {
    // Not awaited any more: its failure must not become an unhandled rejection.
    fitted.catch(() => undefined);
    throw error;
  }
  const outcome = await fitted;
  if (outcome.status === "not-computed-in-time") {
    return joinComparison(curves, { notComputedInTime: { budgetMs: outcome.budgetMs, phase: outcome.phase }, reason: notComputedReason(outcome.budgetMs, outcome.phase) });
  }
  return joinComparison(curves, outcome.value);
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
