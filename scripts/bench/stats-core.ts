// Benchmark of the statistics core: npx tsx scripts/bench/stats-core.ts
//
// The survival functions take aggregated records, so their cost grows with the number of
// distinct times, not of patients. The input is 3 groups x 5,000 distinct times (about 30,000
// patients), built deterministically; each function runs a few times to warm up, then the median
// of several runs is printed. The budget: KM + log-rank + Cox well under 100 ms.
import { logisticRegression, type LogisticRow } from "../../lib/stats/regression";
import { coxProportionalHazards, coxProportionalHazardsModel, kaplanMeier, logRankTest, type CoxModelRow, type SurvivalRecord } from "../../lib/stats/survival";
import { FisherWorkloadError } from "../../lib/stats/fisher-network";
import { compareCategorical, fisherExactTest } from "../../lib/stats/tests";

const GROUPS = ["HER2-0", "HER2-low", "HER2-positive"];
const TIMES_PER_GROUP = 5_000;
const WARM_UP_RUNS = 3;
const MEASURED_RUNS = 11;

/** mulberry32: a tiny seeded generator, so every run benchmarks the same input. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildRecords(): SurvivalRecord[] {
  const random = createRandom(20_241_127);
  const records: SurvivalRecord[] = [];
  GROUPS.forEach((group, g) => {
    for (let i = 0; i < TIMES_PER_GROUP; i++) {
      // Distinct times per group (in days, with a group-specific fraction so groups interleave).
      const time = i * 2 + g / GROUPS.length + 1;
      const events = Math.floor(random() * (g === 0 ? 3 : 2.5));
      const censored = Math.floor(random() * 2) + (events === 0 ? 1 : 0);
      records.push({ group, time, events, censored });
    }
  });
  return records;
}

function measure(name: string, run: () => unknown): number {
  for (let i = 0; i < WARM_UP_RUNS; i++) run();
  const timings: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const started = performance.now();
    run();
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)] ?? Number.NaN;
  console.log(`${name.padEnd(44)} median ${median.toFixed(2).padStart(8)} ms   (min ${(timings[0] ?? 0).toFixed(2)}, max ${(timings.at(-1) ?? 0).toFixed(2)})`);
  return median;
}

const records = buildRecords();
const patients = records.reduce((sum, record) => sum + record.events + record.censored, 0);
const events = records.reduce((sum, record) => sum + record.events, 0);
console.log(`Input: ${GROUPS.length} groups x ${TIMES_PER_GROUP.toLocaleString("en-US")} distinct times, ${records.length.toLocaleString("en-US")} records, ${patients.toLocaleString("en-US")} patients, ${events.toLocaleString("en-US")} events`);
console.log(`Node ${process.version}; ${WARM_UP_RUNS} warm-up runs, median of ${MEASURED_RUNS}\n`);

const km = measure("kaplanMeier", () => kaplanMeier(records));
const logRank = measure("logRankTest", () => logRankTest(records));
const coxEfron = measure("coxProportionalHazards (Efron)", () => coxProportionalHazards(records, { reference: "HER2-0" }));
measure("coxProportionalHazards (Breslow)", () => coxProportionalHazards(records, { reference: "HER2-0", ties: "breslow" }));
const total = km + logRank + coxEfron;
console.log(`\nKM + log-rank + Cox (Efron): ${total.toFixed(2)} ms (budget: well under 100 ms) ${total < 100 ? "OK" : "OVER BUDGET"}\n`);

// Patient-level models (issue 14 §7): 50,000 patients, 5 covariates (age, treatment, HR status,
// line, visceral disease), follow-up in whole months so event times tie. Budget: well under 1 s.
const MODEL_BUDGET_MS = 1_000;
const MODEL_PATIENTS = 50_000;
function buildModelRows(): { cox: CoxModelRow[]; logistic: LogisticRow[] } {
  const random = createRandom(20_240_615);
  const cox: CoxModelRow[] = [];
  const logistic: LogisticRow[] = [];
  for (let i = 0; i < MODEL_PATIENTS; i++) {
    const covariates = {
      age: 30 + random() * 55,
      treated: random() < 0.5 ? 1 : 0,
      hormoneReceptorPositive: random() < 0.6 ? 1 : 0,
      line: 1 + Math.floor(random() * 4),
      visceral: random() < 0.4 ? 1 : 0,
    };
    const risk = 0.02 * (covariates.age - 60) - 0.5 * covariates.treated + 0.3 * covariates.hormoneReceptorPositive + 0.15 * covariates.line + 0.4 * covariates.visceral;
    const eventTime = -Math.log(random()) / (Math.exp(risk) / 20);
    const censorTime = random() * 60;
    cox.push({ time: Math.ceil(Math.min(eventTime, censorTime)), event: eventTime <= censorTime, covariates });
    logistic.push({ y: random() < 1 / (1 + Math.exp(1 - risk)) ? 1 : 0, covariates });
  }
  return { cox, logistic };
}
const modelRows = buildModelRows();
console.log(`Patient-level models: ${MODEL_PATIENTS.toLocaleString("en-US")} patients x 5 covariates (budget: ${MODEL_BUDGET_MS} ms)`);
const modelTimings = [
  measure("coxProportionalHazardsModel (Efron)", () => coxProportionalHazardsModel(modelRows.cox)),
  measure("coxProportionalHazardsModel (Breslow)", () => coxProportionalHazardsModel(modelRows.cox, { ties: "breslow" })),
  measure("logisticRegression", () => logisticRegression(modelRows.logistic)),
];
if (modelTimings.some((timing) => timing > MODEL_BUDGET_MS)) {
  console.log("A patient-level model is over budget.");
  process.exitCode = 1;
}
console.log("");

// Fisher's exact test on Table 1 shapes: cost depends on the table, not on the records above.
// Budgets (issue 8): about 100 ms for a typical table, 500 ms at worst; a refusal (exact
// enumeration too large) within 300 ms, then the simulated p-value. Over budget: exit code 1.
const TYPICAL_BUDGET_MS = 100;
const WORST_BUDGET_MS = 500;
const REFUSAL_BUDGET_MS = 300;
const FISHER_RUNS = 5;
let overBudget = false;

/** Median of a few runs (the first one warms up): Fisher's tables take up to a few hundred ms. */
function measureOnce(run: () => unknown): number {
  run();
  const timings: number[] = [];
  for (let i = 0; i < FISHER_RUNS; i++) {
    const started = performance.now();
    run();
    timings.push(performance.now() - started);
  }
  return timings.sort((a, b) => a - b)[Math.floor(FISHER_RUNS / 2)] ?? Number.NaN;
}

function describeOutcome(table: number[][]): { exact: boolean; text: string } {
  try {
    return { exact: true, text: `exact p ${fisherExactTest(table).pValue.toPrecision(6)}` };
  } catch (error) {
    if (!(error instanceof FisherWorkloadError)) throw error;
    const simulated = compareCategorical(table);
    return { exact: false, text: `refused; ${simulated.testName}: p ${String(simulated.pValue?.toPrecision(4))}` };
  }
}

const sparseSixBySix = [
  [1200, 900, 700, 500, 300, 150],
  [1150, 950, 650, 520, 280, 160],
  [1300, 880, 720, 480, 310, 140],
  [1250, 920, 690, 510, 290, 155],
  [1180, 910, 705, 495, 305, 150],
  [3, 1, 0, 2, 0, 1],
];
const tables: [string, number[][]][] = [
  ["2 x 6, N = 3,062, rare levels", [[600, 400, 150, 250, 5, 2], [1200, 800, 300, 500, 3, 1]]],
  ["3 x 3, N = 500", [[100, 60, 10], [90, 70, 20], [80, 50, 20]]],
  ["5 x 3, N = 3,003, two rare levels", [[800, 700, 500], [300, 250, 200], [100, 80, 60], [5, 3, 2], [1, 0, 2]]],
  ["5 x 7, N = 43 (Mehta & Patel MP6)", [[1, 2, 2, 1, 1, 0, 1], [2, 0, 0, 2, 3, 0, 0], [0, 1, 1, 1, 2, 7, 3], [1, 1, 2, 0, 0, 0, 1], [0, 1, 1, 1, 1, 0, 0]]],
  ["4 x 4, N = 96 (Job satisfaction)", [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]]],
  // The e2e cohort's Table 1 (600 patients, seed 7, latest rule): levels x HER2 cohorts.
  ["e2e menopausal status 3 x 4, N = 565", [[42, 21, 82, 21], [2, 5, 10, 2], [86, 48, 183, 63]]],
  ["e2e histologic type 4 x 4, N = 583", [[105, 64, 215, 70], [17, 8, 44, 10], [2, 1, 10, 4], [10, 4, 11, 8]]],
  ["e2e histologic grade 3 x 4, N = 585", [[10, 6, 55, 4], [57, 34, 126, 38], [66, 40, 99, 50]]],
  ["e2e T category 4 x 4, N = 514", [[70, 36, 129, 45], [51, 35, 130, 44], [8, 5, 15, 4], [8, 5, 13, 2]]],
  ["e2e N category 4 x 4, N = 600", [[74, 38, 162, 57], [46, 25, 90, 17], [13, 11, 22, 14], [4, 7, 13, 7]]],
  ["e2e stage group 4 x 4, N = 600", [[39, 14, 65, 26], [64, 40, 149, 42], [20, 19, 47, 22], [14, 8, 26, 5]]],
  ["e2e germline BRCA 4 x 4, N = 600", [[8, 1, 1, 1], [2, 4, 9, 2], [63, 47, 142, 43], [64, 29, 135, 49]]],
  ["e2e disease setting 3 x 4, N = 600", [[83, 54, 215, 72], [14, 8, 26, 5], [40, 19, 46, 18]]],
  ["5 x 4 sparse, N = 907", [[0, 3, 1, 2], [2, 0, 0, 1], [1, 1, 2, 0], [3, 2, 0, 1], [240, 90, 410, 150]]],
  ["4 x 4 sparse, N = 2,755", [[5, 0, 2, 1], [1, 3, 0, 2], [0, 1, 4, 1], [700, 520, 900, 610]]],
  ["6 x 6, N = 20,402, one rare level", sparseSixBySix],
];
console.log(`Fisher's exact test (budgets: typical ${TYPICAL_BUDGET_MS} ms, worst ${WORST_BUDGET_MS} ms, refusal ${REFUSAL_BUDGET_MS} ms); median of ${FISHER_RUNS}`);
for (const [name, table] of tables) {
  const outcome = describeOutcome(table);
  const exactOrRefusal = measureOnce(() => {
    try {
      fisherExactTest(table);
    } catch (error) {
      if (!(error instanceof FisherWorkloadError)) throw error;
    }
  });
  const budget = outcome.exact ? WORST_BUDGET_MS : REFUSAL_BUDGET_MS;
  const withFallback = outcome.exact ? exactOrRefusal : measureOnce(() => compareCategorical(table));
  const over = exactOrRefusal > budget || withFallback > WORST_BUDGET_MS + REFUSAL_BUDGET_MS;
  overBudget ||= over;
  const timing = outcome.exact ? `${exactOrRefusal.toFixed(1).padStart(8)} ms` : `${exactOrRefusal.toFixed(1).padStart(8)} ms to refuse, ${withFallback.toFixed(1)} ms with the simulation`;
  console.log(`${name.padEnd(40)} ${timing}   ${outcome.text}${over ? "   OVER BUDGET" : ""}`);
}
if (overBudget) {
  console.log("\nSome Fisher timings are over budget.");
  process.exitCode = 1;
}
