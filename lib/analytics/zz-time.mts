import { loadOverview } from "./load-overview";
import { loadCharacteristics } from "./load-characteristics";
import { loadOutcomes } from "./load-outcomes";
import { loadEvolution } from "./load-evolution";
import { parseDashboardFilters } from "./filters";
import { disconnectDb } from "../db/client";
const user = { id: "x", email: "x", name: "x", role: "INVESTIGATOR" as const, siteId: null };
const cases: [string, () => Promise<unknown>][] = [];
const f = parseDashboardFilters({});
const pfs = parseDashboardFilters({ endpoint: "pfs" });
cases.push(["overview", () => loadOverview(user, f)]);
cases.push(["characteristics (counts)", () => loadCharacteristics(user, f)]);
cases.push(["characteristics (with p-values)", async () => { const v = await loadCharacteristics(user, f); await v.categoricalTests; }]);
cases.push(["outcomes OS", () => loadOutcomes(user, f)]);
cases.push(["outcomes PFS T-DXd", () => loadOutcomes(user, pfs)]);
cases.push(["evolution", () => loadEvolution(user, f)]);
for (const [name, run] of cases) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const t = performance.now(); await run(); times.push(performance.now() - t); }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  console.log(name.padEnd(34), "first", Math.round(first), "median", Math.round(times[2]!), "ms");
}
await disconnectDb();
