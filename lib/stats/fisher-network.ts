import { addToCompensatedSum, createCompensatedSum, readCompensatedSum } from "./compensated-sum";
import { computeChiSquareUpperTail } from "./distributions";
import {
  boundRemainingLower,
  boundRemainingUpper,
  computeRoundingMargin,
  describeRemainingColumns,
  minimiseTwoColumnRemainder,
  splitLagrangianBound,
  type RemainingColumns,
} from "./fisher-bounds";
import { ColumnFillingEnumerator, type FillingPenalty } from "./fisher-column-fillings";
import { joinLastTwoColumns } from "./fisher-last-two-columns";
import { chargeWorkload, FisherWorkloadError, throwTooLarge, type FillingPruning, type FisherNetworkMode, type NetworkRun } from "./fisher-network-run";
import { NetworkStage, NO_PAST } from "./fisher-network-stage";
import { planFisherNetwork, type FisherNetworkPlan } from "./fisher-network-plan";

/**
 * The exact two-sided p-value of Fisher's test for an r x c table: the total probability, under
 * independence with both margins fixed, of every table at most as probable as the observed one,
 * P(table) <= P(observed) * (1 + 1e-7) as R's fisher.test (`relErr <- 1 + 10^(-7)`).
 *
 * P(table) = exp(K - T) with K = sum log r_i! + sum log c_j! - log N! and T = sum log x_ij!, so
 * the tables that count are those with T >= threshold = T_observed - log(1 + 1e-7).
 *
 * Network algorithm of Mehta & Patel (1983), as R's FEXACT implements it: the table is filled one
 * column at a time; a node is the multiset of what is left of the row totals (sorted, since
 * permuting rows does not change the remaining sub-problem) and keeps the distinct "past" values
 * of T on the paths into it with their probability (fisher-network-stage.ts). Each node has
 * bounds on the T of its completions (fisher-bounds.ts), so a path that reaches it is settled at
 * once when past + lower >= threshold (every completion counts: its whole probability) or
 * past + upper < threshold (none does); only the others are followed. With two columns left the
 * completions of a node are listed once and joined with all its past values
 * (fisher-last-two-columns.ts).
 *
 * Two ways to add it up (see docs/statistics.md):
 * 1. "more probable" first: Q, the probability of the tables MORE probable than the observed one,
 *    and p = 1 - Q. Those tables lie in a small convex region around the most probable table, so
 *    a branch is cut as soon as no table through it can beat P(observed): nothing is truncated,
 *    and for a typical Table 1 p-value this visits a tiny fraction of the tables. Probabilities are
 *    products of normalised conditional probabilities (fisher-column-fillings.ts), exact to about
 *    1e-13 relative, and sums are compensated, so 1 - Q is accepted when its error bound is below
 *    1e-8 of it (p above about 1e-4).
 * 2. Otherwise (small p) the tables at most as probable are added directly. Paths and fillings of
 *    negligible probability are skipped and the total skipped is kept: the answer is accepted only
 *    if that is below 1e-9 of the p-value, else the enumeration is redone with a smaller cut-off,
 *    finally with none.
 * The work is counted (not timed, so a table gets the same answer on every machine); beyond the
 * limit a FisherWorkloadError is thrown, and the caller may fall back to a simulated p-value.
 */
export const FISHER_WORKLOAD_LIMIT = 3_000_000;
/** Past values kept at once in one stage (memory guard: about 50 bytes each). */
export const FISHER_STORED_PATH_LIMIT = 600_000;

const LOG_RELATIVE_TOLERANCE = Math.log1p(1e-7);
/** In the direct sum, a path or filling is skipped below this share of the p-value guess. */
const NEGLIGIBLE_SHARE = 1e-16;
const ERROR_BUDGET = 1e-9;
/** 1 - Q is accepted when its rounding-error bound is at most this share of it. */
const COMPLEMENT_ERROR_BUDGET = 2e-8;
/** Relative safety margin on the cut of the "more probable" sum (rounding of log quantities). */
const CUT_MARGIN = 1e-7;
const UNIT_ROUNDOFF = 2 ** -53;

/** Assumes a validated table of counts with no all-zero row or column, at least 2 x 2. */
export function computeFisherNetworkPValue(table: number[][], workloadLimit = FISHER_WORKLOAD_LIMIT): number {
  const plan = planFisherNetwork(table);
  const workload = { used: 0, limit: workloadLimit };
  const complement = runNetwork(plan, "more-probable", workload, 0);
  workload.used = complement.workload;
  const moreProbable = readCompensatedSum(complement.total);
  const pValue = 1 - moreProbable;
  if (pValue > 0 && boundComplementError(complement, moreProbable) <= COMPLEMENT_ERROR_BUDGET * pValue) return Math.min(1, pValue);

  let guess = Math.max(pValue, Math.min(guessPValue(table), 1e-3));
  for (let attempt = 0; attempt < 4; attempt++) {
    const run = runNetwork(plan, "at-most-as-probable", workload, attempt === 3 ? 0 : guess);
    workload.used = run.workload;
    const direct = Math.max(readCompensatedSum(run.total), Number.MIN_VALUE);
    if (run.dropped <= ERROR_BUDGET * direct) return Math.min(1, direct);
    // Too much was skipped for this p-value: retry with a cut-off small enough for it.
    guess = Math.min(guess, direct) * Math.min(0.1, (ERROR_BUDGET * direct) / run.dropped / 10);
  }
  throw new Error("Fisher's exact test: the enumeration without cut-off left probability unaccounted for (a bug).");
}

/**
 * A bound on the error of the computed Q: each path probability is a product of at most
 * rows x columns level probabilities; a level's mode probability (R's dhyper algorithm) is good
 * to about 20 roundings, and every step walked from the mode multiplies by an exact ratio of
 * products (4 roundings). So each path is exact to (levels x (4 x longest walk + 20) + levels)
 * roundings, relatively; the compensated sum adds about 2 more, and 1 - Q one.
 */
function boundComplementError(run: NetworkRun, moreProbable: number): number {
  const levels = run.rowCount * run.columns.length;
  return (levels * (4 * run.enumerator.longestWalk + 21) + 2) * UNIT_ROUNDOFF * moreProbable + 2 * UNIT_ROUNDOFF;
}

/** The chi-square p-value only sets how small a skipped probability may be; never reported. */
function guessPValue(table: number[][]): number {
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  let statistic = 0;
  table.forEach((row, i) =>
    row.forEach((cell, j) => {
      const expected = ((rowTotals[i] ?? 0) * (columnTotals[j] ?? 0)) / total;
      statistic += (cell - expected) ** 2 / expected;
    }),
  );
  return computeChiSquareUpperTail(statistic, (rowTotals.length - 1) * (columnTotals.length - 1));
}

function runNetwork(plan: FisherNetworkPlan, mode: FisherNetworkMode, workload: { used: number; limit: number }, pValueGuess: number): NetworkRun {
  const { rows: rowTotals, columns: columnOrder, observedT, logFactorial } = plan;
  const rowCount = rowTotals.length;
  const columns = Int32Array.from(columnOrder);
  const lf = (value: number): number => logFactorial[value] ?? 0;
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const logConstant = rowTotals.reduce((sum, value) => sum + lf(value), 0) + columnOrder.reduce((sum, value) => sum + lf(value), 0) - lf(total);
  const columnSuffix = new Float64Array(columns.length + 1);
  const columnLogFactorialSuffix = new Float64Array(columns.length + 1);
  for (let j = columns.length - 1; j >= 0; j--) {
    columnSuffix[j] = (columnSuffix[j + 1] ?? 0) + (columns[j] ?? 0);
    columnLogFactorialSuffix[j] = (columnLogFactorialSuffix[j + 1] ?? 0) + lf(columns[j] ?? 0);
  }
  const observedProbability = Math.exp(logConstant - observedT);
  const run: NetworkRun = {
    mode,
    logFactorial,
    columns,
    rowCount,
    columnSuffix,
    columnLogFactorialSuffix,
    threshold: observedT - LOG_RELATIVE_TOLERANCE,
    // The p-value is at least P(observed), so the guess never makes the cut-off larger than needed.
    negligible: pValueGuess > 0 ? NEGLIGIBLE_SHARE * Math.max(pValueGuess, observedProbability) : 0,
    workload: workload.used,
    workloadLimit: workload.limit,
    total: createCompensatedSum(),
    dropped: 0,
    enumerator: new ColumnFillingEnumerator(logFactorial),
    scratch: {
      childRows: new Int32Array(rowCount),
      nodeRows: new Int32Array(rowCount),
      preparedRows: new Int32Array(rowCount),
      filling: new Int32Array(rowCount),
      sort: new Int32Array(rowCount),
      pastValues: new Float64Array(1024),
      pastMasses: new Float64Array(1024),
      penalty: { lambdas: new Float64Array(rowCount), minima: new Float64Array(rowCount), budget: 0 },
      joinValues: new Float64Array(4096),
      joinProbabilities: new Float64Array(4096),
      joinSums: new Float64Array(4098),
    },
  };

  let stage = new NetworkStage(rowCount);
  const root = stage.findOrAddNode(Int32Array.from(rowTotals).sort());
  prepareNode(run, stage, root, 0, describeRemainingColumns(columns));
  addClassifiedPast(run, stage, root, 0, 1);
  for (let column = 0; column <= columns.length - 2; column++) {
    const lastJoin = column === columns.length - 2;
    // Sized for a typical next stage; it grows by doubling (preallocating for the worst would hold
    // tens of MB for nothing).
    const next = lastJoin ? null : new NetworkStage(rowCount, Math.min(stage.nodeCount * 4, 1 << 14), Math.min(stage.pastCount * 4, 1 << 16));
    const nextColumns = lastJoin ? null : describeRemainingColumns(columns.subarray(column + 1));
    const remaining = describeRemainingColumns(columns.subarray(column));
    for (let node = 0; node < stage.nodeCount; node++) processNode(run, stage, node, column, remaining, next, nextColumns);
    if (next === null) break;
    stage = next;
  }
  return run;
}

/** Sets the node's bounds on the T of its completions (columns `column` to the end). */
function prepareNode(run: NetworkRun, stage: NetworkStage, node: number, column: number, remaining: RemainingColumns): void {
  const { logFactorial, rowCount } = run;
  const rows = copyNodeRows(stage, node, run.scratch.preparedRows);
  const twoLeft = column === run.columns.length - 2;
  stage.nodeLower[node] = twoLeft
    ? minimiseTwoColumnRemainder(logFactorial, rows, rowCount, run.columns[column] ?? 0, run.scratch.sort) - computeRoundingMargin(logFactorial, remaining.total)
    : boundRemainingLower(logFactorial, rows, rowCount, remaining);
  stage.nodeUpper[node] = boundRemainingUpper(logFactorial, rows, rowCount, remaining, run.scratch.sort);
  // The Lagrangian bound visits every remaining cell.
  chargeWorkload(run, rowCount * remaining.descending.length);
}

/**
 * Settles a path into `node` by the node's bounds if it can, else stores it. Every completion
 * of the path is more probable than the observed table when past + upper < threshold, none is
 * when past + lower >= threshold.
 */
function addClassifiedPast(run: NetworkRun, stage: NetworkStage, node: number, value: number, mass: number): void {
  const noneMoreProbable = value + (stage.nodeLower[node] ?? 0) >= run.threshold;
  const allMoreProbable = value + (stage.nodeUpper[node] ?? 0) < run.threshold;
  if (run.mode === "more-probable") {
    if (noneMoreProbable) return;
    if (allMoreProbable) return addToCompensatedSum(run.total, mass);
  } else {
    if (noneMoreProbable) return addToCompensatedSum(run.total, mass);
    if (allMoreProbable) return;
    if (mass < run.negligible) {
      run.dropped += mass;
      return;
    }
  }
  stage.addPast(node, value, mass);
  if (stage.pastCount > FISHER_STORED_PATH_LIMIT) throwTooLarge(`${FISHER_STORED_PATH_LIMIT.toLocaleString("en-US")} stored paths`);
}

function processNode(
  run: NetworkRun,
  stage: NetworkStage,
  node: number,
  column: number,
  remaining: RemainingColumns,
  next: NetworkStage | null,
  nextColumns: RemainingColumns | null,
): void {
  const rows = copyNodeRows(stage, node, run.scratch.nodeRows);
  let count = 0;
  let keptMass = 0;
  let smallestPast = Number.POSITIVE_INFINITY;
  let largestPast = Number.NEGATIVE_INFINITY;
  for (let past = stage.nodeFirstPast[node] ?? NO_PAST; past !== NO_PAST; past = stage.pastNext[past] ?? NO_PAST) {
    if (count === run.scratch.pastValues.length) growPastScratch(run);
    const value = stage.pastValue[past] ?? 0;
    const mass = stage.pastMass[past] ?? 0;
    run.scratch.pastValues[count] = value;
    run.scratch.pastMasses[count] = mass;
    count++;
    keptMass += mass;
    if (value < smallestPast) smallestPast = value;
    if (value > largestPast) largestPast = value;
  }
  chargeWorkload(run, count);
  if (count === 0) return;
  const pruning = choosePruning(run, rows, column, smallestPast, keptMass);
  if (next === null || nextColumns === null) {
    joinLastTwoColumns(run, rows, column, count, pruning, run.threshold - largestPast, run.threshold - smallestPast);
    return;
  }
  expandColumn(run, rows, column, count, pruning, choosePenalty(run, rows, column, remaining, smallestPast), next, nextColumns);
}

/**
 * More probable, three or more columns left: a filling whose cells alone push the Lagrangian
 * bound of T past threshold - (smallest past) cannot start a table more probable than the
 * observed one (fisher-bounds.ts, splitLagrangianBound).
 */
function choosePenalty(run: NetworkRun, rows: Int32Array, column: number, remaining: RemainingColumns, smallestPast: number): FillingPenalty | null {
  if (run.mode !== "more-probable") return null;
  const { penalty } = run.scratch;
  const base = splitLagrangianBound(run.logFactorial, rows, run.rowCount, remaining, run.columns[column] ?? 0, penalty.lambdas, penalty.minima);
  penalty.budget = run.threshold - smallestPast - base + computeRoundingMargin(run.logFactorial, run.columnSuffix[0] ?? 0);
  return penalty;
}


/**
 * More probable: a column filling x (or its prefix) is cut when even the most probable path
 * into the node, times P(x | node), cannot exceed P(threshold): then no table through it is more
 * probable than the observed one. In log terms P(path) = K - past + log(completions), so the cut
 * on P(x | node) is exp(smallest past - threshold - log(completions)).
 * At most as probable: skip fillings whose probability share of the node's paths is negligible.
 */
function choosePruning(run: NetworkRun, rows: Int32Array, column: number, smallestPast: number, keptMass: number): FillingPruning {
  if (run.mode === "at-most-as-probable") return { scale: keptMass, cutoff: run.negligible, accountTails: true };
  const { logFactorial, rowCount } = run;
  let logCompletions = (logFactorial[run.columnSuffix[column] ?? 0] ?? 0) - (run.columnLogFactorialSuffix[column] ?? 0);
  for (let i = 0; i < rowCount; i++) logCompletions -= logFactorial[rows[i] ?? 0] ?? 0;
  const margin = computeRoundingMargin(logFactorial, run.columnSuffix[0] ?? 0);
  return { scale: 1, cutoff: Math.exp(smallestPast - run.threshold - logCompletions - margin) * (1 - CUT_MARGIN), accountTails: false };
}

function expandColumn(
  run: NetworkRun,
  rows: Int32Array,
  column: number,
  count: number,
  pruning: FillingPruning,
  penalty: FillingPenalty | null,
  next: NetworkStage,
  nextColumns: RemainingColumns,
): void {
  const { rowCount } = run;
  const { childRows, filling } = run.scratch;
  const pastValues = run.scratch.pastValues;
  const pastMasses = run.scratch.pastMasses;
  const walkedBefore = run.enumerator.walked;
  run.dropped += run.enumerator.enumerate(rows, rowCount, run.columns[column] ?? 0, pruning.scale, pruning.cutoff, pruning.accountTails, filling, (step, probability) => {
    chargeWorkload(run, 1 + count);
    for (let i = 0; i < rowCount; i++) childRows[i] = (rows[i] ?? 0) - (filling[i] ?? 0);
    sortSmallAscending(childRows, rowCount);
    const before = next.nodeCount;
    const child = next.findOrAddNode(childRows);
    if (next.nodeCount > before) prepareNode(run, next, child, column + 1, nextColumns);
    for (let p = 0; p < count; p++) addClassifiedPast(run, next, child, (pastValues[p] ?? 0) + step, (pastMasses[p] ?? 0) * probability);
  }, penalty);
  chargeWorkload(run, (run.enumerator.walked - walkedBefore) >>> 2);
}

/** The node's remaining row totals, copied into `into` (a view per node would cost garbage collection). */
function copyNodeRows(stage: NetworkStage, node: number, into: Int32Array): Int32Array {
  const offset = node * stage.width;
  for (let i = 0; i < stage.width; i++) into[i] = stage.nodeRows[offset + i] ?? 0;
  return into;
}

/** Insertion sort: the rows of a node are a handful of numbers. */
function sortSmallAscending(values: Int32Array, size: number): void {
  for (let i = 1; i < size; i++) {
    const value = values[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (values[j] ?? 0) > value) {
      values[j + 1] = values[j] ?? 0;
      j--;
    }
    values[j + 1] = value;
  }
}

function growPastScratch(run: NetworkRun): void {
  const size = run.scratch.pastValues.length * 2;
  const values = new Float64Array(size);
  values.set(run.scratch.pastValues);
  const masses = new Float64Array(size);
  masses.set(run.scratch.pastMasses);
  run.scratch.pastValues = values;
  run.scratch.pastMasses = masses;
}

export { FisherWorkloadError };
