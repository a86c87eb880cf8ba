// npm run bench:export -- --database her2_pagesize_20000 [--reader auto,prisma]
// The analysis export (tidy CSV ZIP) of an existing bench database (e.g. one kept by
// `npm run bench:page-size -- --keep`), read to the end as an investigator, once per reader:
// "auto" = server-side cursors through postgres.js, "prisma" = Prisma's keyset pages (the path
// of the embedded PGlite, and of every server before issue 17 §6). Prints time, bytes and the peak
// resident memory above the process's baseline.
import { parseArgs } from "node:util";
import { databaseUrl, serverUrl } from "../test/test-databases";

const { values } = parseArgs({ options: { database: { type: "string" }, reader: { type: "string", default: "prisma,auto" } }, strict: true });
if (!values.database || !/^her2_[a-z0-9_]+$/.test(values.database)) throw new Error("--database her2_… (an existing bench database)");
process.env.DATABASE_URL = databaseUrl(serverUrl(), values.database);
const readers = values.reader.split(",").map((reader) => reader.trim());

const { getDb, disconnectDb } = await import("../../lib/db/client");
const { exportCases } = await import("../../lib/cases/export-cases");
const db = await getDb();
const investigator = await db.user.findFirst({ where: { role: "INVESTIGATOR" } });
if (!investigator) throw new Error("the database has no investigator (run bench:page-size or bench on it first)");
const user = { id: investigator.id, email: investigator.email, name: investigator.name, role: investigator.role, siteId: null };
const patients = await db.patient.count();

for (const reader of readers) {
  if (reader !== "auto" && reader !== "prisma") throw new Error(`unknown reader ${reader}`);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const { stream } = await exportCases(user, reader);
  let bytes = 0;
  const chunks = stream.getReader();
  for (;;) {
    const next = await chunks.read();
    if (next.done) break;
    bytes += next.value.byteLength;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  console.log(
    `${reader.padEnd(6)} ${patients.toLocaleString("en")} patients: ${(ms / 1000).toFixed(2)} s, ${(bytes / 1e6).toFixed(1)} MB ZIP, peak RSS +${((peak - baseline) / 1e6).toFixed(0)} MB`,
  );
}
await disconnectDb();
