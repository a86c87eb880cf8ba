// npm run test:bad-input [-- --runs 500 --seed 123]
// The full bad-input suite: many more generated attempts per entry point than `npm test` runs
// (25, fixed seed), with a new seed each time unless one is given; the seed is printed so that a
// failure can be replayed (BAD_INPUT_SEED=… npx vitest run tests/integration/bad-input.test.ts).
import { parseArgs } from "node:util";
import { runStep } from "../run-step";

const { values } = parseArgs({ options: { runs: { type: "string", default: "500" }, seed: { type: "string" } } });
const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`Bad-input suite: ${values.runs} attempts per entry point, seed ${seed}`);
try {
  await runStep("bad-input suite", "node_modules/.bin/vitest", ["run", "tests/integration/bad-input.test.ts"], {
    env: { ...process.env, BAD_INPUT_RUNS: values.runs, BAD_INPUT_SEED: seed },
  });
} catch {
  console.log(`Failed with seed ${seed}: replay with BAD_INPUT_SEED=${seed} BAD_INPUT_RUNS=${values.runs} npx vitest run tests/integration/bad-input.test.ts`);
  process.exit(1);
}
