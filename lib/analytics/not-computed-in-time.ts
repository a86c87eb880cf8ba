// A statistic the server stopped computing because its time budget ran out (issue 15 §6,
// lib/workers/worker-pool.ts): what the page shows instead of a p-value, with the reason. Pure.

export type NotComputedInTime = {
  test: "not-computed-in-time";
  testName: "Not computed in time";
  pValue: null;
  statistic: null;
  df: null;
  note: string;
};

function formatBudget(budgetMs: number): string {
  return budgetMs % 1000 === 0 ? `${budgetMs / 1000} s` : `${(budgetMs / 1000).toFixed(1)} s`;
}

/**
 * Why there is no value: still waiting for a free statistics worker when the budget ran out
 * (the server was busy with other tables), or computing (this table's exact test is too long,
 * and was stopped so that it cannot hold a worker for everyone else).
 */
export function notComputedReason(budgetMs: number, phase: "queued" | "running"): string {
  const budget = formatBudget(budgetMs);
  return phase === "queued"
    ? `Not computed in time: the server's statistics workers were busy with other requests for the whole ${budget} budget. Reload the page in a moment.`
    : `Not computed in time: the test did not finish within its ${budget} budget, so the server stopped it (long computations are cut off so that they cannot slow the app for everyone). Narrow the filters to fewer patients or categories, or compare fewer cohorts.`;
}

export function notComputedInTime(budgetMs: number, phase: "queued" | "running"): NotComputedInTime {
  return { test: "not-computed-in-time", testName: "Not computed in time", pValue: null, statistic: null, df: null, note: notComputedReason(budgetMs, phase) };
}
