// postgres.js 3.4.9 (porsager/postgres#1208, #1154, #1066) buffers a small write behind a
// setImmediate; when the connection's backend is gone by then, the write dereferences a null
// socket from the immediate, an uncaught TypeError that ends the whole process (the fault suite's
// import test hit it in CI: the transaction's ROLLBACK on a connection whose backend was killed).
// patches/postgres+3.4.9.patch settles such a write as CONNECTION_CLOSED instead: the caller gets
// a catchable error, as for a query sent to a closed connection. PostgreSQL only.
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { getDatabaseKind } from "../../lib/db/client";
import { getPrimarySql } from "../../lib/db/postgres-client";

function primary(): postgres.Sql {
  const sql = getPrimarySql();
  if (!sql) throw new Error("no postgres.js pool on a PostgreSQL server");
  return sql;
}

describe.skipIf(getDatabaseKind() !== "postgresql")("a postgres.js connection whose backend is gone", () => {
  it("rejects the next query on a reserved connection instead of crashing the process", async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      const reserved = await sql.reserve();
      const [row] = await reserved<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await primary()`SELECT pg_terminate_backend(${row?.pid ?? 0})`;
      // Let the socket's close arrive before the next write is buffered.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(reserved`SELECT 1`).rejects.toThrow(/CONNECTION_CLOSED|CONNECTION_DESTROYED|terminat/i);
      reserved.release();
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  it("rejects a transaction whose backend is killed in it, and the pool serves the next one", async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      await expect(
        sql.begin(async (tx) => {
          const [row] = await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await primary()`SELECT pg_terminate_backend(${row?.pid ?? 0})`;
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx`SELECT 1`;
        }),
      ).rejects.toThrow();
      const [after] = await sql<{ one: number }[]>`SELECT 1 AS one`;
      expect(after?.one).toBe(1);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
