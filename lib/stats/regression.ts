// Public regression models beyond Cox (lib/stats/survival.ts), validated against R's glm (see
// docs/statistics.md). The implementation lives in the file named after it.
export type { LogisticRegression, LogisticRow, LogisticTerm } from "./logistic-regression";
export { logisticRegression } from "./logistic-regression";
