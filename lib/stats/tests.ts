// Public tests for Table 1 and response rates, validated against R's stats package (see
// docs/statistics.md). The implementations live in the files named after them.
export { chiSquareTest } from "./chi-square-test";
export { fisherExactTest } from "./fisher-exact-test";
export { kruskalWallisTest } from "./kruskal-wallis-test";
export { clopperPearsonInterval } from "./clopper-pearson-interval";
export { compareCategorical } from "./compare-categorical";
