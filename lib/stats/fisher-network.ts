import { computeChiSquareUpperTail, buildLogFactorialTable } from "./distributions";
import { boundRemainingLogFactorialSum } from "./fisher-bounds";
import { forEachLikelyColumnFilling } from "./fisher-column-fillings";

/**
 * The exact two-sided p-value of Fisher's test for an r x c table: the total probability, under
 * independence with both margins fixed, of every table at most as probable as the observed one,
 * P(table) <= P(observed) * (1 + 1e-7) as R's fisher.test (`relErr <- 1 + 10^(-7)`).
 *
 * P(table) = exp(K - T) with K = sum log r_i! + sum log c_j! - log N! and T = sum log x_ij!, so
 * the tables to count are those with T >= T_observed - log(1 + 1e-7).
 *
 * Network algorithm in the spirit of Mehta & Patel (1983), which R's FEXACT implements: the
 * table is filled one column at a time; a node is the multiset of what is left of the row totals
 * (sorted, since permuting rows does not change the remaining sub-problem) and keeps the distinct
 * "past" values of T on the paths into it, with their multiplicity. At every node:
 *  - if past + (a lower bound of T over the completions) reaches the threshold, every completion
 *    counts, and their total probability has a closed form (N'! / prod r'! prod c'!);
 *  - if past + (an upper bound) cannot reach it, none does;
 *  - otherwise the next column is enumerated. With two columns left the completions of the node
 *    are listed once, sorted, and joined with all its past values by binary search.
 * Paths and column fillings whose probability is negligible (below 1e-14 of a first guess of the
 * p-value) are skipped, and an upper bound of everything skipped is kept: the answer is accepted
 * only if that bound is below 1e-9 of the p-value, else the enumeration is redone without
 * skipping. Past values equal to 1e-9 on the log scale are merged (FEXACT also merges within a
 * tolerance). The work and memory are counted; beyond the limits an Error is thrown.
 */
export const FISHER_WORKLOAD_LIMIT = 10_000_000;
/** Past values kept at once across the nodes of a stage (memory guard). */
export const FISHER_STORED_PATH_LIMIT = 600_000;

const LOG_RELATIVE_TOLERANCE = Math.log1p(1e-7);
const NEGLIGIBLE_SHARE = 1e-16;
const ERROR_BUDGET = 1e-8;
const MERGE_SCALE = 1e9;
/** Up to this many past values, a node's last two columns are joined without sorting. */
const DIRECT_JOIN_PASTS = 8;

/** pastIndex maps a rounded past value to its slot; created only once a node has two pasts. */
type NetworkNode = { rows: number[]; pastValues: number[]; pastWeights: number[]; pastIndex: Map<number, number> | null };

type Network = {
  logFactorial: Float64Array;
  columns: number[];
  /** Sum of the column totals, and of their log factorials, from column k to the end. */
  columnSuffix: number[];
  columnLogFactorialSuffix: number[];
  threshold: number;
  logConstant: number;
  negligible: number;
  keyBase: number;
  numericKeys: boolean;
  workload: number;
  workloadLimit: number;
  pValue: number;
  dropped: number;
};

/** Assumes a validated table of counts with no all-zero row or column, at least 2 x 2. */
export function computeFisherNetworkPValue(table: number[][], workloadLimit = FISHER_WORKLOAD_LIMIT): number {
  const oriented = (table[0]?.length ?? 0) >= table.length ? table : transpose(table);
  let guess = guessPValue(oriented);
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = runNetwork(oriented, workloadLimit, guess);
    if (run.dropped <= ERROR_BUDGET * run.pValue) return Math.min(1, run.pValue);
    // Too much was skipped for this p-value: retry with a cut-off small enough for it.
    guess = Math.min(guess, run.pValue) * Math.min(0.1, (ERROR_BUDGET * run.pValue) / run.dropped / 10);
  }
  return Math.min(1, runNetwork(oriented, workloadLimit, 0).pValue);
}

/** The chi-square p-value only sets how small a skipped probability must be; never reported. */
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

function runNetwork(table: number[][], workloadLimit: number, pValueGuess: number): Network {
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  // Ascending column totals: the largest column is the last one, filled by difference.
  const columns = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0)).sort((a, b) => a - b);
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const logFactorial = buildLogFactorialTable(total);
  const logFactorialOf = (value: number): number => logFactorial[value] ?? 0;

  let observedT = 0;
  for (const row of table) for (const cell of row) observedT += logFactorialOf(cell);
  const logConstant =
    rowTotals.reduce((sum, value) => sum + logFactorialOf(value), 0) +
    columns.reduce((sum, value) => sum + logFactorialOf(value), 0) -
    logFactorialOf(total);
  const columnSuffix = new Array<number>(columns.length + 1).fill(0);
  const columnLogFactorialSuffix = new Array<number>(columns.length + 1).fill(0);
  for (let j = columns.length - 1; j >= 0; j--) {
    columnSuffix[j] = (columnSuffix[j + 1] ?? 0) + (columns[j] ?? 0);
    columnLogFactorialSuffix[j] = (columnLogFactorialSuffix[j + 1] ?? 0) + logFactorialOf(columns[j] ?? 0);
  }
  const observedProbability = Math.exp(logConstant - observedT);
  const network: Network = {
    logFactorial,
    columns,
    columnSuffix,
    columnLogFactorialSuffix,
    threshold: observedT - LOG_RELATIVE_TOLERANCE,
    logConstant,
    // The p-value is at least P(observed), so the guess never makes the cut-off larger than needed.
    negligible: NEGLIGIBLE_SHARE * Math.max(pValueGuess, observedProbability) * (pValueGuess > 0 ? 1 : 0),
    keyBase: total + 1,
    numericKeys: Math.pow(total + 1, rowTotals.length) < Number.MAX_SAFE_INTEGER,
    workload: 0,
    workloadLimit,
    pValue: 0,
    dropped: 0,
  };

  const rootRows = [...rowTotals].sort((a, b) => a - b);
  let stage = new Map<number | string, NetworkNode>();
  stage.set(makeKey(network, rootRows), { rows: rootRows, pastValues: [0], pastWeights: [1], pastIndex: null });
  for (let column = 0; column <= columns.length - 2; column++) {
    const next = new Map<number | string, NetworkNode>();
    const stored = { count: 0 };
    for (const node of stage.values()) processNode(network, node, column, next, stored);
    stage = next;
  }
  return network;
}

function processNode(
  network: Network,
  node: NetworkNode,
  column: number,
  next: Map<number | string, NetworkNode>,
  stored: { count: number },
): void {
  const { lower, upper } = boundRemainingLogFactorialSum(network.logFactorial, node.rows, network.columns.slice(column));
  const remainingTotal = network.columnSuffix[column] ?? 0;
  // log of the sum over completions of prod 1 / x!, i.e. N'! / (prod r'! prod c'!).
  const logCompletions =
    (network.logFactorial[remainingTotal] ?? 0) -
    node.rows.reduce((sum, value) => sum + (network.logFactorial[value] ?? 0), 0) -
    (network.columnLogFactorialSuffix[column] ?? 0);
  const keptValues: number[] = [];
  const keptWeights: number[] = [];
  let keptMass = 0;
  for (let i = 0; i < node.pastValues.length; i++) {
    const past = node.pastValues[i] ?? 0;
    if (past + upper < network.threshold) continue;
    const weight = node.pastWeights[i] ?? 0;
    const mass = weight * Math.exp(network.logConstant - past + logCompletions);
    if (past + lower >= network.threshold) network.pValue += mass;
    else if (mass < network.negligible) network.dropped += mass;
    else {
      keptValues.push(past);
      keptWeights.push(weight);
      keptMass += mass;
    }
  }
  chargeWorkload(network, node.pastValues.length);
  if (keptValues.length === 0) return;
  if (column === network.columns.length - 2) {
    joinLastTwoColumns(network, node.rows, column, keptValues, keptWeights, keptMass, lower);
  }
  else expandColumn(network, node.rows, column, keptValues, keptWeights, keptMass, next, stored);
}

function expandColumn(
  network: Network,
  rows: number[],
  column: number,
  keptValues: number[],
  keptWeights: number[],
  keptMass: number,
  next: Map<number | string, NetworkNode>,
  stored: { count: number },
): void {
  network.dropped += forEachLikelyColumnFilling(
    rows,
    network.columns[column] ?? 0,
    network.logFactorial,
    keptMass,
    network.negligible,
    (filling) => {
      chargeWorkload(network, keptValues.length + 1);
      let step = 0;
      const childRows = rows.map((value, i) => {
        const cell = filling[i] ?? 0;
        step += network.logFactorial[cell] ?? 0;
        return value - cell;
      });
      childRows.sort((a, b) => a - b);
      const key = makeKey(network, childRows);
      let child = next.get(key);
      if (child === undefined) {
        child = { rows: childRows, pastValues: [], pastWeights: [], pastIndex: null };
        next.set(key, child);
      }
      for (let i = 0; i < keptValues.length; i++) {
        stored.count += addPast(child, (keptValues[i] ?? 0) + step, keptWeights[i] ?? 0);
      }
      if (stored.count > FISHER_STORED_PATH_LIMIT) throwTooLarge(`${FISHER_STORED_PATH_LIMIT.toLocaleString("en-US")} stored paths`);
    },
  );
}

/** Adds a past value to a node, merging it with an equal one; returns 1 if a new slot was used. */
function addPast(node: NetworkNode, value: number, weight: number): number {
  const mergeKey = Math.round(value * MERGE_SCALE);
  if (node.pastValues.length === 0) {
    node.pastValues.push(value);
    node.pastWeights.push(weight);
    return 1;
  }
  if (node.pastIndex === null) {
    node.pastIndex = new Map([[Math.round((node.pastValues[0] ?? 0) * MERGE_SCALE), 0]]);
  }
  const index = node.pastIndex.get(mergeKey);
  if (index !== undefined) {
    node.pastWeights[index] = (node.pastWeights[index] ?? 0) + weight;
    return 0;
  }
  node.pastIndex.set(mergeKey, node.pastValues.length);
  node.pastValues.push(value);
  node.pastWeights.push(weight);
  return 1;
}

/**
 * Two columns left: each filling x of the first one fixes the table, with
 * t(x) = sum log x_i! + log (r_i - x_i)!. A node with a few past values adds the qualifying
 * completions to each of them directly; one with many lists its completions once, sorted, and
 * finds each past value's share by binary search over suffix sums.
 */
function joinLastTwoColumns(
  network: Network,
  rows: number[],
  column: number,
  keptValues: number[],
  keptWeights: number[],
  keptMass: number,
  lowerBound: number,
): void {
  const pastCount = keptValues.length;
  const direct = pastCount <= DIRECT_JOIN_PASTS;
  const thresholds = keptValues.map((past) => network.threshold - past);
  const directSums = new Float64Array(direct ? pastCount : 0);
  const completions: number[] = [];
  network.dropped += forEachLikelyColumnFilling(
    rows,
    network.columns[column] ?? 0,
    network.logFactorial,
    keptMass,
    network.negligible,
    (filling) => {
      chargeWorkload(network, 1);
      let t = 0;
      for (let i = 0; i < rows.length; i++) {
        const cell = filling[i] ?? 0;
        t += (network.logFactorial[cell] ?? 0) + (network.logFactorial[(rows[i] ?? 0) - cell] ?? 0);
      }
      if (!direct) {
        completions.push(t);
        return;
      }
      // exp(lowerBound - t) <= 1 (up to the bound's margin): no overflow, and no underflow that matters.
      const share = Math.exp(lowerBound - t);
      for (let i = 0; i < pastCount; i++) if (t >= (thresholds[i] ?? 0)) directSums[i] = (directSums[i] ?? 0) + share;
    },
  );
  if (direct) {
    chargeWorkload(network, pastCount);
    for (let i = 0; i < pastCount; i++) {
      const sum = directSums[i] ?? 0;
      if (sum > 0) network.pValue += (keptWeights[i] ?? 0) * Math.exp(network.logConstant - (keptValues[i] ?? 0) - lowerBound) * sum;
    }
    return;
  }
  chargeWorkload(network, pastCount);
  const sorted = Float64Array.from(completions).sort();
  const smallest = sorted[0] ?? 0;
  // tail[i] = sum over l >= i of exp(smallest - t_l), scaled so that no term overflows.
  const tail = new Float64Array(sorted.length + 1);
  for (let i = sorted.length - 1; i >= 0; i--) tail[i] = (tail[i + 1] ?? 0) + Math.exp(smallest - (sorted[i] ?? 0));
  for (let i = 0; i < pastCount; i++) {
    const share = tail[findFirstAtLeast(sorted, thresholds[i] ?? 0)] ?? 0;
    if (share > 0) network.pValue += (keptWeights[i] ?? 0) * Math.exp(network.logConstant - (keptValues[i] ?? 0) - smallest) * share;
  }
}

function findFirstAtLeast(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function makeKey(network: Network, sortedRows: number[]): number | string {
  if (!network.numericKeys) return sortedRows.join(",");
  let key = 0;
  for (let i = sortedRows.length - 1; i >= 0; i--) key = key * network.keyBase + (sortedRows[i] ?? 0);
  return key;
}

function chargeWorkload(network: Network, steps: number): void {
  network.workload += steps;
  if (network.workload > network.workloadLimit) {
    throwTooLarge(`${network.workloadLimit.toLocaleString("en-US")} enumeration steps`);
  }
}

/** Thrown when the exact enumeration would exceed its work or memory limit. */
export class FisherWorkloadError extends Error {
  override name = "FisherWorkloadError";
}

function throwTooLarge(limit: string): never {
  throw new FisherWorkloadError(
    `Fisher's exact test is too large to compute exactly for this table (it would need more than ${limit}). Use the chi-square test, or a simulated p-value as R's fisher.test(simulate.p.value = TRUE).`,
  );
}

function transpose(table: number[][]): number[][] {
  return Array.from({ length: table[0]?.length ?? 0 }, (_, j) => table.map((row) => row[j] ?? 0));
}
