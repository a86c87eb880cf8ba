// One size of `npm run bench`, in its own process (lib/env reads DATABASE_URL once, at import):
// a fresh her2_bench_<size> database, the bulk load, every dashboard query against its floor,
// the statistics core on the OS records, and the tabs over HTTP. Writes its results as JSON for
// run-bench.ts, which prints and records them. Not meant to be run by hand.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchDatabaseExists, benchDatabaseName, createBenchDatabase, dropBenchDatabase, readServerSettings, upgradeBenchDatabase, withBenchClient } from "./bench-database";
import { LOADED_TABLES, loadCohort, measureLoadedCohort, type LoadResult, type LoadedTable } from "./copy-cohort";
import { formatCount, formatMs, loadAverage, measure, measureWithBaseline, median, type Timing } from "./measure";
import type { PageTiming } from "./time-pages";

const { values } = parseArgs({
  options: {
    size: { type: "string" },
    runs: { type: "string", default: "5" },
    out: { type: "string" },
    port: { type: "string", default: "3205" },
    keep: { type: "boolean", default: false },
    "skip-http": { type: "boolean", default: false },
    tag: { type: "string", default: "" },
    reuse: { type: "boolean", default: false },
    only: { type: "string", default: "" },
    budget: { type: "string", default: "" },
    generated: { type: "string", default: "" },
  },
});
const tag = values.tag ?? "";
// --only: comma-separated, case-insensitive parts of query names or tab names ("countBlockReads,Agreement").
const only = (values.only ?? "")
  .split(",")
  .map((part) => part.trim().toLowerCase())
  .filter((part) => part !== "");
const selected = (...names: string[]) => only.length === 0 || only.some((part) => names.some((name) => name.toLowerCase().includes(part)));
const size = Number(values.size);
const runs = Number(values.runs);
if (!Number.isInteger(size) || size < 100 || !Number.isInteger(runs) || runs < 1 || !values.out) {
  throw new Error("bench-size.ts --size <patients> --runs <n> --out <file.json> (run it through npm run bench)");
}
// Seconds of timed runs per query or tab after its warm-up (measure.ts, runsWithinBudget): by
// default unlimited up to 2M patients and 60 s above, where one query of minutes times --runs
// would otherwise take most of an hour. A query over budget reports fewer runs (`runs`).
const budgetMs = values.budget === "" || values.budget === undefined ? (size > 2_000_000 ? 60_000 : Number.POSITIVE_INFINITY) : Number(values.budget) * 1000;
if (!(budgetMs > 0)) throw new Error("--budget <seconds> must be positive");
// Patients generated in Node; the rest are copied in SQL (copy-cohort.ts, replicateCohort). By
// default all up to 2M, and 1M above (generating 10M takes 25 min quiet, hours on a shared machine).
const generated = values.generated === "" || values.generated === undefined ? (size > 2_000_000 ? 1_000_000 : size) : Number(values.generated);
if (!Number.isInteger(generated) || generated < 100) throw new Error("--generated <patients> must be an integer of at least 100");

export type QueryResult = {
  tab: string;
  name: string;
  variant: string;
  table: LoadedTable;
  timing: Timing;
  /** Median of the floor timed just before each run of this query. */
  floorMs: number;
  ratio: number;
  /** Set when the query failed (its timing, floor and ratio are NaN), e.g. a comparison whose models ran out of STATS_TIME_BUDGET_MS. */
  error?: string;
};

export type StatsCoreResult = { records: number; patients: number; events: number; kaplanMeier: Timing; logRank: Timing; cox: Timing; analyseSurvival: Timing };

export type SizeResult = {
  size: number;
  database: string;
  runs: number;
  settings: Record<string, string>;
  floorPlan: string;
  load: LoadResult;
  /** Medians of every count(*) of the table: the rounds before and after the queries, and those beside each query. */
  floors: Record<LoadedTable, Timing>;
  queries: QueryResult[];
  /** Null when --only left it out. */
  statsCore: StatsCoreResult | null;
  pages: PageTiming[] | null;
  loadAverage: { start: number; queries: number; end: number };
  /** Loaded by an earlier run and reused (--reuse): `load` holds its counts and sizes, no load times. */
  reused: boolean;
  /** The --only selection, empty when every query and tab was run. */
  only: string[];
};

const log = (message: string) => console.log(message);
const loadAtStart = loadAverage();
const database = benchDatabaseName(size, tag);
const reused = values.reuse === true && (await benchDatabaseExists(size, tag));
let url: string;
if (reused) {
  log(`  reusing ${database} (--reuse); applying any new migrations…`);
  ({ url } = await upgradeBenchDatabase(size, tag, log));
} else {
  log(`  creating ${database} and applying the migrations…`);
  url = await createBenchDatabase(size, tag);
}
process.env.DATABASE_URL = url;
try {
  let load: LoadResult;
  if (reused) {
    load = await measureLoadedCohort(url);
    if (load.patients !== size) throw new Error(`${database} holds ${formatCount(load.patients)} patients, not ${formatCount(size)}: drop it or run without --reuse`);
  } else {
    log(`  loading ${formatCount(size)} patients (registry profile) with COPY…`);
    load = await loadCohort({
      url,
      patients: size,
      generated,
      seed: 2026,
      onProgress: (done, total, elapsed) => {
        const rate = done / (elapsed / 1000);
        log(`    ${formatCount(done)} / ${formatCount(total)} patients, ${formatCount(Math.round(rate))} patients/s, about ${Math.max(0, (total - done) / rate).toFixed(0)} s left`);
      },
    });
  }
  log(
    reused
      ? `  ${formatCount(load.patients)} patients, ${formatCount(load.tests)} HER2 tests, ${formatCount(load.lines)} treatment lines (loaded by an earlier run)`
      : `  loaded ${formatCount(load.patients)} patients, ${formatCount(load.tests)} HER2 tests (${(load.tests / load.patients).toFixed(2)} a patient), ` +
          `${formatCount(load.lines)} treatment lines (${(load.lines / load.patients).toFixed(2)} a patient) in ${(load.totalMs / 1000).toFixed(1)} s ` +
        `(COPY ${(load.copyMs / 1000).toFixed(1)} s${load.replicateMs ? `, SQL copies of the ${formatCount(load.generated ?? 0)} generated ${(load.replicateMs / 1000).toFixed(1)} s` : ""}, indexes ${(load.indexMs / 1000).toFixed(1)} s, foreign keys ${(load.foreignKeyMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(load.vacuumMs / 1000).toFixed(1)} s)`,
  );

  // Imported only now: lib/env has read DATABASE_URL, which points at the benchmark database.
  const { getDb, disconnectDb } = await import("../../lib/db/client");
  const { hashPassword } = await import("../../lib/auth/password");
  const { DASHBOARD_QUERIES, TABS, VARIANTS, filtersFor } = await import("./dashboard-queries");
  const { aggregateSurvivalRecords } = await import("../../lib/analytics/survival-records");
  const { analyseSurvival } = await import("../../lib/analytics/survival-analysis");
  const { isHer2CohortKey } = await import("../../lib/analytics/cohorts");
  const { parseDashboardFilters } = await import("../../lib/analytics/filters");
  const { coxProportionalHazards, kaplanMeier, logRankTest } = await import("../../lib/stats/survival");
  const db = await getDb();

  const { settings, floorPlan } = await withBenchClient(url, async (client) => {
    await client.query("SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off");
    const plan = await client.query<{ "QUERY PLAN": string }>("EXPLAIN SELECT count(*) FROM patients");
    return { settings: await readServerSettings(client), floorPlan: plan.rows.map((row) => row["QUERY PLAN"]).join("\n") };
  });

  const password = "bench-investigator-password";
  const email = "investigator@bench.example";
  // A reused database already has the investigator of its first run.
  const investigator = await db.user.upsert({
    where: { email },
    create: { email, name: "Benchmark Investigator", role: "INVESTIGATOR", passwordHash: await hashPassword(password) },
    update: { passwordHash: await hashPassword(password) },
  });
  const user = { id: investigator.id, email: investigator.email, name: investigator.name, role: investigator.role, siteId: null };

  // The floor: one sequential scan of the table (index scans are turned off for this statement
  // only, so the planner cannot answer count(*) from a small index instead).
  const floorSamples = new Map<LoadedTable, number[]>(LOADED_TABLES.map((table) => [table, []]));
  const countOnce = (table: LoadedTable) =>
    db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_indexonlyscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
      const started = performance.now();
      await tx.$queryRawUnsafe(`SELECT count(*)::int AS n FROM ${table}`);
      return performance.now() - started;
      // Prisma ends an interactive transaction after 5 s by default; at 10M a scan of a 3 GB
      // table on a loaded machine took longer (P2028 at commit) and ended the run.
    }, { timeout: 600_000, maxWait: 60_000 });
  const measureFloors = async () => {
    for (const table of LOADED_TABLES) {
      await countOnce(table);
      for (let i = 0; i < runs; i++) floorSamples.get(table)?.push(await countOnce(table));
    }
  };
  log(`  floors (sequential count(*) of each table), before the queries…`);
  await measureFloors();

  log(`  dashboard queries: warm-up + median of ${runs}, investigator`);
  const loadAtQueries = loadAverage();
  const queries: QueryResult[] = [];
  for (const variant of VARIANTS) {
    for (const query of DASHBOARD_QUERIES.filter((candidate) => selected(candidate.name, candidate.tab))) {
      const filters = filtersFor(variant, query);
      const table = [...query.tables].sort((a, b) => load.tableBytes[b] - load.tableBytes[a])[0] ?? "patients";
      // The query's floor is timed just before each of its runs, so both see the same load.
      // A query that fails (at 10M the regimen comparison's models may run out of the statistics
      // budget) is recorded as failed, as a failing tab is: it must not lose every other figure.
      const attemptStarted = performance.now();
      let measured: Awaited<ReturnType<typeof measureWithBaseline>>;
      try {
        measured = await measureWithBaseline(runs, () => query.run(user, filters), () => countOnce(table), budgetMs);
      } catch (error) {
        const message = `${error instanceof Error ? error.message : String(error)} (after ${formatMs(performance.now() - attemptStarted)} ms)`;
        const none = Number.NaN;
        queries.push({ tab: query.tab, name: query.name, variant: variant.label, table, timing: { medianMs: none, minMs: none, maxMs: none, firstMs: none, runs: 0 }, floorMs: none, ratio: none, error: message });
        log(`    ${query.tab.padEnd(15)} ${query.name.padEnd(46)} ${variant.key.padEnd(8)} FAILED: ${message}`);
        continue;
      }
      const { timing, baselineMs } = measured;
      floorSamples.get(table)?.push(...baselineMs);
      const floorMs = median(baselineMs);
      queries.push({ tab: query.tab, name: query.name, variant: variant.label, table, timing, floorMs, ratio: timing.medianMs / floorMs });
      log(
        `    ${query.tab.padEnd(15)} ${query.name.padEnd(46)} ${variant.key.padEnd(8)} ${formatMs(timing.medianMs).padStart(8)} ms` +
          `  floor ${formatMs(floorMs).padStart(6)} ms  ratio ${(timing.medianMs / floorMs).toFixed(2)}${timing.runs < runs ? `  (${timing.runs} timed runs within the budget)` : ""}`,
      );
    }
  }
  log(`  floors again, after the queries…`);
  await measureFloors();
  const floors = Object.fromEntries(
    LOADED_TABLES.map((table) => {
      const samples = floorSamples.get(table) ?? [];
      return [table, { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), firstMs: samples[0] ?? 0, runs: samples.length }];
    }),
  ) as SizeResult["floors"];
  for (const table of LOADED_TABLES) log(`    floor ${table.padEnd(16)} ${formatMs(floors[table].medianMs).padStart(8)} ms (${(load.tableBytes[table] / 1e6).toFixed(0)} MB)`);

  const statsCore = selected("statistics core") ? await measureStatsCore() : null;
  async function measureStatsCore(): Promise<StatsCoreResult> {
    log(`  statistics core on the OS records of every patient…`);
    const { records } = await aggregateSurvivalRecords(user, parseDashboardFilters({}));
    const her2Records = records.filter((record) => isHer2CohortKey(record.group));
    const core: StatsCoreResult = {
      records: records.length,
      patients: records.reduce((sum, record) => sum + record.events + record.censored, 0),
      events: records.reduce((sum, record) => sum + record.events, 0),
      kaplanMeier: await measure(runs, async () => kaplanMeier(records)),
      logRank: await measure(runs, async () => logRankTest(her2Records)),
      cox: await measure(runs, async () => coxProportionalHazards(her2Records, { reference: "ZERO" })),
      analyseSurvival: await measure(runs, async () => analyseSurvival(records, { reference: "ZERO", smallCellThreshold: 0 })),
    };
    log(
      `    ${formatCount(core.records)} (cohort, day) records: KM ${formatMs(core.kaplanMeier.medianMs)} ms, log-rank ${formatMs(core.logRank.medianMs)} ms, ` +
        `Cox ${formatMs(core.cox.medianMs)} ms; the page's analyseSurvival ${formatMs(core.analyseSurvival.medianMs)} ms`,
    );
    return core;
  }
  await disconnectDb();

  let pages: PageTiming[] | null = null;
  if (!values["skip-http"]) {
    log(`  tabs over HTTP (next start on port ${values.port}), warm-up + median of ${runs}:`);
    const { timePages } = await import("./time-pages");
    const tabs = TABS.filter((tab) => selected(tab.name));
    if (tabs.length > 0) pages = await timePages({ databaseUrl: url, port: Number(values.port), runs, budgetMs, email: user.email, password, tabs, log });
  }

  const result: SizeResult = {
    size,
    database,
    runs,
    settings,
    floorPlan,
    load,
    floors,
    queries,
    statsCore,
    pages,
    loadAverage: { start: loadAtStart, queries: loadAtQueries, end: loadAverage() },
    reused,
    only,
  };
  await writeFile(values.out, JSON.stringify(result, null, 2));
} finally {
  if (!values.keep) await dropBenchDatabase(size, tag);
}
