// Benchmark of the statistics core: npx tsx scripts/bench/stats-core.ts
//
// The survival functions take aggregated records, so their cost grows with the number of
// distinct times, not of patients. The input is 3 groups x 5,000 distinct times (about 30,000
// patients), built deterministically; each function runs a few times to warm up, then the median
// of several runs is printed. The budget: KM + log-rank + Cox well under 100 ms.
import { coxProportionalHazards, kaplanMeier, logRankTest, type SurvivalRecord } from "../../lib/stats/survival";
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

// Fisher's exact test on Table 1 shapes: cost depends on the table, not on the records above.
const tables: [string, number[][]][] = [
  ["Fisher 2 x 6, N = 3,062, rare levels", [[600, 400, 150, 250, 5, 2], [1200, 800, 300, 500, 3, 1]]],
  ["Fisher 3 x 3, N = 500", [[100, 60, 10], [90, 70, 20], [80, 50, 20]]],
  ["Fisher 5 x 3, N = 3,003, two rare levels", [[800, 700, 500], [300, 250, 200], [100, 80, 60], [5, 3, 2], [1, 0, 2]]],
  ["Fisher 5 x 7, N = 43 (Mehta & Patel MP6)", [[1, 2, 2, 1, 1, 0, 1], [2, 0, 0, 2, 3, 0, 0], [0, 1, 1, 1, 2, 7, 3], [1, 1, 2, 0, 0, 0, 1], [0, 1, 1, 1, 1, 0, 0]]],
];
for (const [name, table] of tables) measure(name, () => fisherExactTest(table));

const tooLarge = [[100, 80, 60, 50, 40, 20], [120, 100, 80, 60, 50, 30], [140, 110, 90, 70, 55, 35], [160, 130, 100, 80, 60, 40], [180, 150, 110, 90, 70, 3], [2, 1, 0, 1, 0, 1]];
const started = performance.now();
const refused = compareCategorical(tooLarge);
console.log(`${"compareCategorical 6 x 6, N = 2,940 (refused)".padEnd(44)} once   ${(performance.now() - started).toFixed(2).padStart(8)} ms   -> ${refused.test}, p ${String(refused.pValue)}`);
