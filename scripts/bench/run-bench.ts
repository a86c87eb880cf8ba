// npm run bench [-- --sizes 10000,100000,1000000 --runs 5 --keep --skip-http --port 3205]
// Dashboard performance at registry scale (issue 8, product.md §7): for each size, a dedicated
// database her2_bench_<size> on TEST_DATABASE_URL's server (default postgres@127.0.0.1:5432),
// a synthetic cohort bulk-loaded with COPY, every dashboard query timed against its floor (one
// sequential scan of the largest table it reads), the statistics core, and each tab's server
// render over HTTP. Prints a table and writes bench/results.md. See bench/README.md.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { NEXT, runStep } from "../run-step";
import { isServerReachable, serverUrl } from "../test/test-databases";
import type { SizeResult } from "./bench-size";
import { BENCH_TAG } from "./bench-database";
import { describeMisses, formatResults, queryMeetsTargets } from "./format-results";
import { formatCount, formatMs } from "./measure";

const USAGE = `Usage: npm run bench [-- --sizes 10000,100000,1000000] [--runs 5] [--keep] [--skip-http] [--port 3205] [--out bench/results.md]
                       [--tag NAME] [--reuse] [--only NAMES] [--budget SECONDS] [--no-build] [--generated N]

  --sizes      cohort sizes, comma-separated (100 to 10,000,000; default 10000,100000,1000000)
  --runs       timed runs of each query and page after one warm-up; the median is reported (default 5; issue 8 asks for at least 5)
  --keep       keep the databases her2_bench_<size> afterwards (default: dropped)
  --skip-http  skip the production build and the tab render times over HTTP
  --no-build   time the tabs on the production build already in .next (of the same code) instead of building
  --port       port of the app server started for the HTTP timings (default 3205)
  --out        where to write the results (default bench/results.md; with --only, nothing is written unless --out is given)
  --tag        suffix of the databases' names, her2_bench_<size>_<tag> (lower-case letters, digits, _), so that
               several people can bench on one server
  --reuse      reuse her2_bench_<size>[_<tag>] if it exists (kept by an earlier --keep run) instead of loading
               it again; migrations added since are applied to it first (their backfills on the whole cohort)
  --budget     seconds of timed runs per query or tab after its warm-up; past it, fewer runs (none: the
               warm-up is the sample) (default: unlimited up to 2,000,000 patients, 60 above)
  --generated  patients generated in Node at each size; the rest are SQL copies of them with their own ids and
               sites (default: all up to 2,000,000 patients, 1,000,000 above; see bench/README.md)
  --only       comma-separated, case-insensitive parts of query or tab names to run, e.g.
               "countBlockReads,queryComparisonRows,Agreement" (also "statistics core"); default: everything`;

let values: { sizes: string; runs: string; keep: boolean; "skip-http": boolean; port: string; out?: string; tag: string; reuse: boolean; only: string; budget: string; generated: string; "no-build": boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000,1000000" },
      runs: { type: "string", default: "5" },
      keep: { type: "boolean", default: false },
      "skip-http": { type: "boolean", default: false },
      port: { type: "string", default: "3205" },
      out: { type: "string" },
      tag: { type: "string", default: "" },
      reuse: { type: "boolean", default: false },
      only: { type: "string", default: "" },
      budget: { type: "string", default: "" },
      generated: { type: "string", default: "" },
      "no-build": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }) as { values: typeof values });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.sizes.split(",").map((size) => Number(size.trim().replace(/_/g, "")));
const runs = Number(values.runs);
const port = Number(values.port);
if (sizes.some((size) => !Number.isInteger(size) || size < 100 || size > 10_000_000) || !Number.isInteger(runs) || runs < 1 || runs > 50 || !Number.isInteger(port)) {
  console.error(`Bad --sizes, --runs or --port.\n\n${USAGE}`);
  process.exit(2);
}
if (values.tag !== "" && !BENCH_TAG.test(values.tag)) {
  console.error(`Bad --tag: lower-case letters, digits and _ only.\n\n${USAGE}`);
  process.exit(2);
}
// A partial run (--only) must not replace the full results unless asked to.
const out = values.out ?? (values.only === "" ? "bench/results.md" : null);
if (!(await isServerReachable())) {
  console.error(`No PostgreSQL server at ${new URL(serverUrl()).host}: the benchmark needs one (set TEST_DATABASE_URL).`);
  process.exit(1);
}

const startedAt = new Date();
// Rough seconds per patient on the reference machine (2 cores, quiet): generating ≈ 150 µs (above
// 2M only 1M are generated, the rest copied in SQL at ≈ 70 µs), queries and pages ≈ 60 µs.
const estimate = (size: number) => {
  const generated = size > 2_000_000 ? 1_000_000 : size;
  return 20 + generated * 150e-6 + (size - generated) * 70e-6 + size * (values["skip-http"] ? 40e-6 : 60e-6);
};
console.log(
  `npm run bench: sizes ${sizes.map(formatCount).join(", ")}; ${runs} runs after a warm-up; about ${Math.ceil(sizes.reduce((sum, size) => sum + estimate(size), 0) / 60)} min on a quiet 2-core machine. ` +
    `Load average ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}.`,
);

if (!values["skip-http"] && values["no-build"] && existsSync(".next/BUILD_ID")) {
  console.log("Timing the tabs on the production build already in .next (--no-build).");
} else if (!values["skip-http"]) {
  console.log("Building the production app (next build) for the tab timings…");
  await runStep("next build", NEXT, ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (!existsSync(".next/BUILD_ID")) throw new Error("next build left no .next/BUILD_ID");
}

const scratch = await mkdtemp(path.join(os.tmpdir(), "her2-bench-"));
const results: SizeResult[] = [];
try {
  for (const size of sizes) {
    const sizeStarted = performance.now();
    console.log(`\n== ${formatCount(size)} patients (about ${Math.ceil(estimate(size) / 60)} min) ==`);
    const out = path.join(scratch, `${size}.json`);
    const args = ["--import", "tsx", "--conditions=react-server", "scripts/bench/bench-size.ts", "--size", String(size), "--runs", String(runs), "--out", out, "--port", String(port)];
    if (values.keep) args.push("--keep");
    if (values["skip-http"]) args.push("--skip-http");
    if (values.reuse) args.push("--reuse");
    if (values.tag !== "") args.push("--tag", values.tag);
    if (values.only !== "") args.push("--only", values.only);
    if (values.budget !== "") args.push("--budget", values.budget);
    if (values.generated !== "") args.push("--generated", values.generated);
    await runStep(`benchmark at ${size} patients`, process.execPath, args);
    results.push(JSON.parse(await readFile(out, "utf8")) as SizeResult);
    console.log(`  done in ${((performance.now() - sizeStarted) / 1000).toFixed(0)} s`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

console.log(`\n${"size".padStart(9)}  ${"query".padEnd(46)} ${"filters".padEnd(28)} ${"median".padStart(8)} ${"floor".padStart(8)} ${"ratio".padStart(6)}  met`);
for (const r of results) {
  for (const q of r.queries) {
    if (q.error !== undefined) {
      console.log(`${formatCount(r.size).padStart(9)}  ${q.name.padEnd(46)} ${q.variant.padEnd(28)} FAILED: ${q.error}`);
      continue;
    }
    const met = queryMeetsTargets(q, r.size);
    console.log(
      `${formatCount(r.size).padStart(9)}  ${q.name.padEnd(46)} ${q.variant.padEnd(28)} ${formatMs(q.timing.medianMs).padStart(8)} ${formatMs(q.floorMs).padStart(8)} ${q.ratio.toFixed(2).padStart(6)}  ${met.ratio && met.absolute ? "yes" : "NO"}`,
    );
  }
  for (const p of r.pages ?? []) console.log(`${formatCount(r.size).padStart(9)}  tab ${p.name.padEnd(42)} ${"".padEnd(28)} ${formatMs(p.timing.medianMs).padStart(8)}`);
}
const misses = describeMisses(results);
console.log(misses.length === 0 ? "\nEvery target at 1,000,000 patients and above is met (or no such size was run)." : `\nMissed targets:\n${misses.map((miss) => `  ${miss}`).join("\n")}`);

if (out === null) {
  console.log("--only without --out: results not written.");
} else {
  await mkdir(path.dirname(out), { recursive: true });
  // The same results, machine-readable, beside the Markdown (npm run bench:growth reads them).
  await writeFile(out.replace(/\.md$/, "") + ".json", `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(), startedAt, finishedAt: new Date(), results }, null, 2)}\n`);
  await writeFile(out, formatResults(results, { command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(), startedAt, finishedAt: new Date() }));
  console.log(`Results written to ${out}`);
}
