// Fits the comparison's Cox models on an input dumped by profile-comparison.ts --dump and writes
// the result as JSON (and the time it took), to compare two versions of the statistics core on the
// same cells: node --import tsx scripts/bench/fit-dumped-comparison.ts <input.json> <output.json>
import { readFile, writeFile } from "node:fs/promises";
import { fitComparisonModels, type ComparisonModelsInput } from "../../lib/analytics/regimen-comparison-models";

async function main(): Promise<void> {
  const [inputPath, outputPath] = process.argv.slice(2);
  if (!inputPath || !outputPath) throw new Error("usage: fit-dumped-comparison.ts <input.json> <output.json>");
  const input = JSON.parse(await readFile(inputPath, "utf8")) as ComparisonModelsInput;
  const times: number[] = [];
  const cpu: number[] = [];
  let result: unknown = null;
  for (let run = 0; run < Number(process.env.FIT_RUNS ?? 3); run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    result = fitComparisonModels(input);
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  await writeFile(outputPath, JSON.stringify(result, null, 1));
  console.log(`fitComparisonModels: wall ${times.map((ms) => ms.toFixed(0)).join(", ")} ms; CPU ${cpu.map((ms) => ms.toFixed(0)).join(", ")} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
