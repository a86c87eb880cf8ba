// The postgres.js COPY helper (lib/db/copy-stream.ts) that the import commit and the benchmark's
// load share: end() must not send CopyDone while a chunk is still waiting for the socket (the
// benchmark's 1M-patient load was refused so, "You cannot execute queries during copy"), and a
// row the server refuses must reach the caller. PostgreSQL only: the embedded PGlite has no
// postgres.js pool (getPrimarySql() is null) and the import commit uses Prisma there.
import { describe, expect, it } from "vitest";
import { getDatabaseKind } from "../../lib/db/client";
import { startCopy } from "../../lib/db/copy-stream";
import { getPrimarySql, type Sql } from "../../lib/db/postgres-client";

const COLUMNS = [{ column: "n" }, { column: "label" }];

function lines(from: number, count: number): string {
  let text = "";
  for (let n = from; n < from + count; n += 1) text += `${n}\trow ${n}\n`;
  return text;
}

function primary(): Sql {
  const sql = getPrimarySql();
  if (!sql) throw new Error("no postgres.js pool on a PostgreSQL server");
  return sql;
}

describe.skipIf(getDatabaseKind() !== "postgresql")("COPY through postgres.js", () => {
  it("ends only after every chunk has gone to the socket, even when end() is called while writes wait", async () => {
    const stored = await primary().begin(async (tx) => {
      await tx.unsafe("CREATE TEMP TABLE copy_probe (n int, label text) ON COMMIT DROP");
      const copy = await startCopy(tx, "copy_probe", COLUMNS);
      // A chunk far above the stream's high-water mark, then a small one and an empty one queued
      // behind it: end() is called before either has reached the socket.
      const writes = [copy.write(lines(0, 200_000)), copy.write(lines(200_000, 1)), copy.write("")];
      await copy.end();
      await Promise.all(writes);
      return tx.unsafe<{ rows: number; total: string }[]>("SELECT count(*)::int AS rows, sum(n)::text AS total FROM copy_probe");
    });
    expect(stored[0]).toEqual({ rows: 200_001, total: String((200_000 * 200_001) / 2) });
  });

  it("reports a row the server refuses, and the transaction is rolled back", async () => {
    const sql = primary();
    await sql.unsafe("CREATE TABLE IF NOT EXISTS copy_refused (n int, label text)");
    const refused = sql.begin(async (tx) => {
      const copy = await startCopy(tx, "copy_refused", COLUMNS);
      await copy.write(lines(0, 1_000));
      await copy.write("not a number\tx\n");
      await copy.end();
    });
    await expect(refused).rejects.toThrow(/invalid input syntax for type integer|refused a row copied into copy_refused/);
    const [row] = await sql.unsafe<{ rows: number }[]>("SELECT count(*)::int AS rows FROM copy_refused");
    expect(row?.rows).toBe(0);
  });
});
