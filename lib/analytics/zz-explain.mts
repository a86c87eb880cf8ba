import { getDb, disconnectDb } from "../db/client";
const db = await getDb();
const orig = db.$queryRawUnsafe.bind(db);
// Patch to EXPLAIN ANALYZE every aggregate query.
(db as unknown as { $queryRawUnsafe: (sql: string, ...p: unknown[]) => Promise<unknown> }).$queryRawUnsafe = async (sql: string, ...params: unknown[]) => {
  const plan = await orig<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS OFF) ${sql}`, ...params);
  const total = plan.find((r) => r["QUERY PLAN"].startsWith("Execution Time"));
  console.log(sql.replace(/\s+/g, " ").slice(0, 90), "→", total?.["QUERY PLAN"]);
  return orig(sql, ...params);
};
const { summariseTableOne } = await import("./table-one");
const { loadOutcomes } = await import("./load-outcomes");
const { loadOverview } = await import("./load-overview");
const { loadEvolution } = await import("./load-evolution");
const { parseDashboardFilters } = await import("./filters");
const user = { id: "x", email: "x", name: "x", role: "INVESTIGATOR" as const, siteId: null };
await summariseTableOne(user, parseDashboardFilters({}));
await loadOverview(user, parseDashboardFilters({}));
await loadOutcomes(user, parseDashboardFilters({}));
await loadOutcomes(user, parseDashboardFilters({ endpoint: "pfs" }));
await loadEvolution(user, parseDashboardFilters({}));
await disconnectDb();
