// Where the regimen comparison's time goes at bench scale (issue 14): the query (SQL + transfer +
// decoding), the packing for the worker, and each group of Cox fits, on this thread so that they
// can be timed one by one. Run against a bench database:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/her2_bench_1000000_<tag> \
//     node --import tsx --conditions=react-server scripts/bench/profile-comparison.ts [--filtered] [--runs 3]
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { filtered: { type: "boolean", default: false }, runs: { type: "string", default: "3" }, dump: { type: "string" } } });
const runs = Number(values.runs);

async function main(): Promise<void> {
  const { getDb, disconnectDb } = await import("../../lib/db/client");
  const { parseDashboardFilters } = await import("../../lib/analytics/filters");
  const { queryComparisonRows } = await import("../../lib/analytics/regimen-comparison-rows");
  const { comparisonOptionsOf } = await import("../../lib/analytics/regimen-comparison-off-thread");
  const { analyseComparisonCurves, comparisonModelsInput } = await import("../../lib/analytics/regimen-comparison");
  const { fitAdjustedModels, fitComparisonModels, forestRowSteps } = await import("../../lib/analytics/regimen-comparison-models");
  const { packAdjustedInput } = await import("../../lib/analytics/regimen-comparison-packed");
  const { FOREST_VARIABLES } = await import("../../lib/analytics/regimen-comparison-cells");
  const { comparisonInteraction } = await import("../../lib/analytics/regimen-comparison-models");
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { email: "investigator@bench.example" } });
  const sessionUser = { id: user.id, email: user.email, name: user.name, role: user.role, siteId: null };
  const search = values.filtered ? { hr: "POSITIVE", site: "01,02", from: "2018", to: "2023" } : {};
  const filters = parseDashboardFilters({ ...search, view: "regimens", adjust: "age,hr,line,cdk46" });
  const options = comparisonOptionsOf(filters, 12, 10);

  const samples = new Map<string, number[]>();
  const time = <T>(label: string, run: () => T): T => {
    const started = performance.now();
    const result = run();
    const list = samples.get(label) ?? [];
    list.push(performance.now() - started);
    samples.set(label, list);
    return result;
  };
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const cells = await queryComparisonRows(sessionUser, filters);
    const queryMs = performance.now() - started;
    if (run > 0) samples.set("queryComparisonRows", [...(samples.get("queryComparisonRows") ?? []), queryMs]);
    const input = time("comparisonModelsInput", () => comparisonModelsInput(cells, options));
    time("packAdjustedInput", () => packAdjustedInput(input));
    const unpacked = input;
    time("analyseComparisonCurves", () => analyseComparisonCurves(cells, options));
    time("fitComparisonModels (all)", () => fitComparisonModels(unpacked));
    time("adjusted models (pfs + os)", () => fitAdjustedModels(unpacked));
    const steps = forestRowSteps(unpacked);
    for (const variable of FOREST_VARIABLES) {
      const list = unpacked.forest[variable];
      const group = steps.groups.find((entry) => entry.variable === variable);
      time(`forest ${variable}: per-level hazard ratios (${group?.levels.length ?? 0} levels)`, () => group?.levels.forEach((level) => level()));
      // A refusal (e.g. one level only when filtered) is timed all the same.
      time(`forest ${variable}: interaction test (${list.n.length} cells)`, () => comparisonInteraction(variable, list));
    }
    if (run === 0) {
      samples.clear();
      // The models' input, to compare the fits of two versions of the statistics core (fit-dumped-comparison.ts).
      if (values.dump) await (await import("node:fs/promises")).writeFile(values.dump, JSON.stringify(input));
      if (values.dump) await (await import("node:fs/promises")).writeFile(`${values.dump}.cells`, JSON.stringify({ cells, options }));
      console.log(`cells: pfs ${cells.pfs.length}, os ${cells.os.length}, adjusted pfs ${cells.adjusted.pfs.n.length}, os ${cells.adjusted.os.n.length}, ` + FOREST_VARIABLES.map((v) => `${v} ${cells.forest[v].n.length}`).join(", "));
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
  for (const [label, list] of samples) console.log(`${median(list).toFixed(1).padStart(9)} ms  ${label}  [${list.map((value) => value.toFixed(0)).join(", ")}]`);
  await disconnectDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
