// The benchmark's bulk load: the synthetic cohort streamed into PostgreSQL with COPY FROM STDIN
// through postgres.js (lib/db/copy-stream.ts, as the import commit; issue 17 §6), one COPY per
// table on its own connection, all three at once. As pg_restore does, the secondary
// indexes and foreign keys of the three clinical tables are dropped first and built again after
// the load (one sort per index and one anti-join per key instead of a B-tree insert and a lookup
// per row); their definitions are read from the catalog, so they are exactly the migrations'.
import pg from "pg";
import postgres from "postgres";
import { buildDemoSites } from "../../lib/demo/demo-sites";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { LINE_COLUMNS, PATIENT_COLUMNS, TEST_COLUMNS } from "../../lib/db/clinical-columns";
import { buildCaseRows, type LoadCursor } from "../../lib/demo/load-cohort";
import { startCopy, type CopyIn } from "../../lib/db/copy-stream";
import { toCopyLine } from "../../lib/db/copy-text";

export const LOADED_TABLES = ["patients", "her2_tests", "treatment_lines"] as const;
export type LoadedTable = (typeof LOADED_TABLES)[number];

export type LoadResult = {
  patients: number;
  tests: number;
  lines: number;
  sites: number;
  /** Wall time of the COPY phase (generation and COPY overlap). */
  copyMs: number;
  /** Patients generated in Node and copied; the rest are SQL copies of them (`replicateCohort`). Absent in older results: all. */
  generated?: number;
  /** Wall time of those SQL copies (0 when every patient was generated). */
  replicateMs?: number;
  /** Of it, time spent generating and serialising rows in Node (one core). */
  generateMs: number;
  indexMs: number;
  foreignKeyMs: number;
  /** Counting the dashboard summary (`patient_counts`) from the loaded patients in one pass. */
  summaryMs: number;
  vacuumMs: number;
  totalMs: number;
  tableBytes: Record<LoadedTable, number>;
};

type Definitions = { indexes: { name: string; definition: string }[]; foreignKeys: { table: string; name: string; definition: string }[] };

async function readDefinitions(client: pg.Client): Promise<Definitions> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u', 'x'))`,
    [[...LOADED_TABLES]],
  );
  const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1::text[])`,
    [[...LOADED_TABLES]],
  );
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

export type LoadOptions = {
  url: string;
  patients: number;
  /**
   * Patients generated in Node (default: all). The generator makes about 7,000 patients a second
   * on one core of the reference machine, so 10M would take 25 minutes on a quiet machine and
   * hours on a shared one; above it, the cohort is this many generated patients and copies of
   * them made in SQL (replicateCohort).
   */
  generated?: number;
  seed: number;
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
};

export async function loadCohort(options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const clients = LOADED_TABLES.map(() => new pg.Client({ connectionString: options.url }));
  await Promise.all(clients.map((client) => client.connect()));
  const [main] = clients;
  if (!main) throw new Error("no connection");
  try {
    const generated = Math.min(options.patients, options.generated ?? options.patients);
    const replicas = Math.ceil(options.patients / generated);
    // 40,000 patients a site at most keeps every study ID inside its 99,999 per site. The generated
    // patients use the first `generatedSites`; each copy has sites of its own (the same weights).
    const generatedSites = Math.max(4, Math.ceil(generated / 40_000));
    const sites = buildDemoSites(generatedSites * replicas);
    await main.query(
      `INSERT INTO sites (id, code, name, updated_at) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamp[])`,
      [sites.map((_, i) => i + 1), sites.map((site) => site.code), sites.map((site) => site.name), sites.map(() => new Date())],
    );
    const siteIds = new Map(sites.map((site, index) => [site.code, index + 1]));

    const definitions = await readDefinitions(main);
    for (const key of definitions.foreignKeys) await main.query(`ALTER TABLE ${key.table} DROP CONSTRAINT "${key.name}"`);
    for (const index of definitions.indexes) await main.query(`DROP INDEX "${index.name}"`);

    // The insert trigger of the patient counts would count the COPY's million-row transition table in one
    // statement; as for the indexes, it is counted once after the load instead (the same SQL).
    await main.query("ALTER TABLE patients DISABLE TRIGGER patient_counts_insert");

    const copyStarted = performance.now();
    const cursor: LoadCursor = { nextPatientId: 1, nextTestId: 1, nextLineId: 1 };
    const counts = { patients: 0, tests: 0, lines: 0 };
    const now = new Date();
    let generateMs = 0;
    let lastReport = performance.now();
    const batchSize = 2_000;
    const cohort = generateCohort({ patients: generated, seed: options.seed, sites: sites.slice(0, generatedSites), profile: "registry" });
    // Each COPY runs in a transaction of its own on a reserved connection, so that a row the server
    // refuses after the last write is still reported (lib/db/copy-stream.ts); a refused COPY
    // throws from write() or end(), and the load with it.
    const copySql = postgres(options.url, { max: LOADED_TABLES.length, prepare: false, onnotice: () => {} });
    const connections: postgres.ReservedSql[] = [];
    try {
      while (connections.length < LOADED_TABLES.length) connections.push(await copySql.reserve());
      const [patientConnection, testConnection, lineConnection] = connections as [postgres.ReservedSql, postgres.ReservedSql, postgres.ReservedSql];
      for (const connection of connections) await connection.unsafe("BEGIN");
      const copies: [CopyIn, CopyIn, CopyIn] = [
        await startCopy(patientConnection, "patients", PATIENT_COLUMNS),
        await startCopy(testConnection, "her2_tests", TEST_COLUMNS),
        await startCopy(lineConnection, "treatment_lines", LINE_COLUMNS),
      ];
      const [patientCopy, testCopy, lineCopy] = copies;
      let exhausted = false;
      while (!exhausted) {
        // Rows are serialised a batch at a time, so PostgreSQL copies one batch while the next is
        // made; each write waits while its connection is behind (backpressure).
        const batchStarted = performance.now();
        const text = { patients: "", tests: "", lines: "" };
        let inBatch = 0;
        while (inBatch < batchSize) {
          const next = cohort.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          const rows = buildCaseRows(next.value, siteIds, cursor, now);
          text.patients += toCopyLine(rows.patient);
          for (const row of rows.tests) text.tests += toCopyLine(row);
          for (const row of rows.lines) text.lines += toCopyLine(row);
          counts.tests += rows.tests.length;
          counts.lines += rows.lines.length;
          inBatch += 1;
        }
        generateMs += performance.now() - batchStarted;
        counts.patients += inBatch;
        await Promise.all([patientCopy.write(text.patients), testCopy.write(text.tests), lineCopy.write(text.lines)]);
        if (performance.now() - lastReport > 5_000 || exhausted) {
          lastReport = performance.now();
          options.onProgress?.(counts.patients, generated, performance.now() - copyStarted);
        }
      }
      await Promise.all(copies.map((copy) => copy.end()));
      for (const connection of connections) await connection.unsafe("COMMIT");
    } finally {
      // After a failure the other COPYs are still open: ending the pool closes their connections
      // (after 5 s), which rolls their transactions back.
      for (const connection of connections) connection.release();
      await copySql.end({ timeout: 5 });
    }
    const copyMs = performance.now() - copyStarted;
    // Left undefined when nothing was copied: the results then say nothing of SQL copies.
    let replicateMs: number | undefined;
    if (replicas > 1) {
      const replicateStarted = performance.now();
      const copied = await replicateCohort(clients as [pg.Client, pg.Client, pg.Client], { generated, patients: options.patients, generatedSites, tests: counts.tests, lines: counts.lines, onProgress: options.onProgress });
      Object.assign(counts, copied);
      replicateMs = performance.now() - replicateStarted;
    }

    // Indexes of different tables build at the same time, on the three connections; each sort in
    // memory where it fits (the default 64 MB spills every index of a 10M-patient table to disk).
    for (const client of clients) await client.query("SET maintenance_work_mem = '512MB'");
    let phase = performance.now();
    await Promise.all(
      LOADED_TABLES.map(async (table, i) => {
        const client = clients[i] as pg.Client;
        for (const index of definitions.indexes.filter((definition) => definition.definition.includes(` ON public.${table} `))) {
          await client.query(index.definition);
        }
      }),
    );
    const indexMs = performance.now() - phase;
    phase = performance.now();
    for (const key of definitions.foreignKeys) await main.query(`ALTER TABLE ${key.table} ADD CONSTRAINT "${key.name}" ${key.definition}`);
    const foreignKeyMs = performance.now() - phase;
    phase = performance.now();
    await main.query("ALTER TABLE patients ENABLE TRIGGER patient_counts_insert");
    // The summary is one hash aggregate of about 70 cells a patient; the planner expects a few
    // groups, but with 250 sites at 10M there are far more, and with the default 4MB it spilled
    // 11 GB to disk and ran past 12 minutes. In memory it needs a few hundred MB.
    await main.query("SET work_mem = '1GB'");
    await main.query("SELECT rebuild_patient_counts()");
    await main.query("RESET work_mem");
    const summaryMs = performance.now() - phase;
    for (const table of ["sites", ...LOADED_TABLES]) {
      await main.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`);
    }
    phase = performance.now();
    await main.query("VACUUM (ANALYZE) sites, patients, her2_tests, treatment_lines, patient_counts");
    const vacuumMs = performance.now() - phase;

    const sizes = await main.query<{ table: LoadedTable; bytes: string }>(
      `SELECT t AS table, pg_table_size(t::regclass)::text AS bytes FROM unnest($1::text[]) AS t`,
      [[...LOADED_TABLES]],
    );
    const tableBytes = Object.fromEntries(sizes.rows.map((row) => [row.table, Number(row.bytes)])) as Record<LoadedTable, number>;
    return { ...counts, sites: sites.length, copyMs, generated, replicateMs, generateMs, indexMs, foreignKeyMs, summaryMs, vacuumMs, totalMs: performance.now() - started, tableBytes };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

async function insertColumns(client: pg.Client, table: LoadedTable): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => row.name);
}

/**
 * The rest of a large cohort as copies of the generated patients, made in PostgreSQL (while the
 * secondary indexes and foreign keys are still dropped): copy k shifts every id by k times the
 * generated count and moves each patient to the k-th block of sites, with the study ID of its new
 * site (HER2-<site code>-<number>, the code being the site id padded to two digits as
 * buildDemoSites names them). Each copy is one INSERT … SELECT per table, the three tables at
 * once on their own connections. The copies have the generated cohort's distributions exactly;
 * what they lack is new randomness (patient k·n + i is patient i again at another site).
 */
async function replicateCohort(
  clients: [pg.Client, pg.Client, pg.Client],
  options: { generated: number; patients: number; generatedSites: number; tests: number; lines: number; onProgress?: LoadOptions["onProgress"] },
): Promise<{ patients: number; tests: number; lines: number }> {
  const [main] = clients;
  // Statistics of the generated rows, so that `id <= n` reads them through the primary key.
  await main.query("ANALYZE patients, her2_tests, treatment_lines");
  const columns: string[][] = [];
  for (const table of LOADED_TABLES) columns.push(await insertColumns(main, table));
  const { generated, generatedSites } = options;
  const maxId = async (table: LoadedTable) => Number((await main.query<{ n: string }>(`SELECT COALESCE(MAX(id), 0)::text AS n FROM ${table}`)).rows[0]?.n ?? 0);
  const idSpan = { patients: generated, her2_tests: await maxId("her2_tests"), treatment_lines: await maxId("treatment_lines") };
  const started = performance.now();
  const counts = { patients: generated, tests: options.tests, lines: options.lines };
  for (let copy = 1; copy * generated < options.patients; copy += 1) {
    const take = Math.min(generated, options.patients - copy * generated);
    const results = await Promise.all(
      LOADED_TABLES.map((table, i) => {
        const names = columns[i] ?? [];
        const expression = (name: string): string => {
          if (name === "id") return `id + ${copy * idSpan[table]}`;
          if (name === "patient_id") return `patient_id + ${copy * generated}`;
          if (name === "site_id") return `site_id + ${copy * generatedSites}`;
          if (name === "study_id") return `'HER2-' || lpad((site_id + ${copy * generatedSites})::text, greatest(2, length((site_id + ${copy * generatedSites})::text)), '0') || '-' || split_part(study_id, '-', 3)`;
          return `"${name}"`;
        };
        const where = table === "patients" ? `id <= ${take}` : `patient_id <= ${take} AND id <= ${idSpan[table]}`;
        return (clients[i] as pg.Client).query(`INSERT INTO ${table} (${names.map((name) => `"${name}"`).join(", ")}) SELECT ${names.map(expression).join(", ")} FROM ${table} WHERE ${where}`);
      }),
    );
    counts.patients += results[0]?.rowCount ?? 0;
    counts.tests += results[1]?.rowCount ?? 0;
    counts.lines += results[2]?.rowCount ?? 0;
    options.onProgress?.(counts.patients, options.patients, performance.now() - started);
  }
  return counts;
}

/** The counts and table sizes of a cohort loaded by an earlier run (--reuse); it has no load times. */
export async function measureLoadedCohort(url: string): Promise<LoadResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows: { table: LoadedTable; n: number; bytes: number }[] = [];
    for (const table of LOADED_TABLES) {
      const { rows: [row] } = await client.query<{ n: number; bytes: string }>(`SELECT count(*)::int AS n, pg_table_size('${table}')::text AS bytes FROM ${table}`);
      rows.push({ table, n: row?.n ?? 0, bytes: Number(row?.bytes ?? 0) });
    }
    const count = (table: LoadedTable) => rows.find((row) => row.table === table)?.n ?? 0;
    const sites = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM sites");
    const tableBytes = Object.fromEntries(rows.map((row) => [row.table, row.bytes])) as Record<LoadedTable, number>;
    return {
      patients: count("patients"),
      tests: count("her2_tests"),
      lines: count("treatment_lines"),
      sites: sites.rows[0]?.n ?? 0,
      copyMs: Number.NaN,
      generateMs: Number.NaN,
      indexMs: Number.NaN,
      foreignKeyMs: Number.NaN,
      summaryMs: Number.NaN,
      vacuumMs: Number.NaN,
      totalMs: Number.NaN,
      tableBytes,
    };
  } finally {
    await client.end();
  }
}
