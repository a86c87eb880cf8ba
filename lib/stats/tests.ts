// Public tests and intervals for Table 1, response rates and early-disease comparisons, validated
// against R's stats package (see docs/statistics.md). The implementations live in the files
// named after them.
export { chiSquareTest } from "./chi-square-test";
export { fisherExactTest } from "./fisher-exact-test";
export { kruskalWallisTest } from "./kruskal-wallis-test";
export { clopperPearsonInterval } from "./clopper-pearson-interval";
export { compareCategorical } from "./compare-categorical";
export type { MantelHaenszelOddsRatio } from "./mantel-haenszel-odds-ratio";
export type { ProportionDifference } from "./proportion-difference";
export { wilsonInterval } from "./wilson-interval";
export { proportionDifference } from "./proportion-difference";
export { mantelHaenszelOddsRatio } from "./mantel-haenszel-odds-ratio";
