import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { isRepeatableRead, repeatLostRead, retryLostReads } from "./retry-lost-reads";

const lost = () => Object.assign(new Error("terminating connection due to administrator command"), { cause: { originalCode: "57P01" } });

function fakeFactory(failures: Error[]) {
  const calls: string[] = [];
  const adapter = {
    provider: "postgres",
    queryRaw: async (query: SqlQuery) => {
      calls.push(query.sql);
      const failure = failures.shift();
      if (failure) throw failure;
      return { columnNames: [], columnTypes: [], rows: [] };
    },
    executeRaw: async () => 1,
  } as unknown as SqlDriverAdapter;
  const factory = { provider: "postgres", adapterName: "fake", connect: async () => adapter } as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { factory: retryLostReads(factory), calls };
}

const query = (sql: string) => ({ sql, args: [], argTypes: [] }) as unknown as SqlQuery;

describe("retryLostReads", () => {
  it("runs a SELECT once more when its connection was cut", async () => {
    const { factory, calls } = fakeFactory([lost()]);
    const adapter = await factory.connect();
    await expect(adapter.queryRaw(query("SELECT 1"))).resolves.toBeDefined();
    expect(calls).toEqual(["SELECT 1", "SELECT 1"]);
  });

  it("never repeats a write, a locking read, or a refused connection, and gives up after three attempts", async () => {
    for (const sql of ['INSERT INTO "patients" ("id") VALUES ($1) RETURNING "id"', "SELECT id FROM patients WHERE id = $1 FOR UPDATE", "WITH x AS (DELETE FROM t RETURNING 1) SELECT * FROM x"]) {
      const { factory, calls } = fakeFactory([lost()]);
      await expect((await factory.connect()).queryRaw(query(sql))).rejects.toThrow("terminating connection");
      expect(calls).toHaveLength(1);
    }
    const refused = fakeFactory([new Error("connect ECONNREFUSED 127.0.0.1:5432")]);
    await expect((await refused.factory.connect()).queryRaw(query("SELECT 1"))).rejects.toThrow("ECONNREFUSED");
    expect(refused.calls).toHaveLength(1);
    const always = fakeFactory([lost(), lost(), lost(), lost()]);
    await expect((await always.factory.connect()).queryRaw(query("SELECT 1"))).rejects.toThrow("terminating connection");
    expect(always.calls).toHaveLength(3);
  });

  it("recognises plain reads only", () => {
    expect(isRepeatableRead('SELECT "public"."patients"."id" FROM "public"."patients"')).toBe(true);
    expect(isRepeatableRead("  /* comment */ select 1")).toBe(true);
    expect(isRepeatableRead("UPDATE patients SET grade = 1")).toBe(false);
    expect(isRepeatableRead("SELECT 1 FOR SHARE")).toBe(false);
    expect(isRepeatableRead("WITH cohort AS (SELECT id, updated_at, deleted_at FROM patients) SELECT count(*) FROM cohort")).toBe(true);
  });
});

describe("repeatLostRead", () => {
  it("runs a read (e.g. a read-only transaction) again when its connection was cut, and nothing else", async () => {
    let runs = 0;
    await expect(repeatLostRead(async () => (runs += 1) < 2 ? Promise.reject(lost()) : "rows")).resolves.toBe("rows");
    expect(runs).toBe(2);
    runs = 0;
    await expect(repeatLostRead(async () => { runs += 1; throw new Error("syntax error at or near"); })).rejects.toThrow("syntax error");
    expect(runs).toBe(1);
    runs = 0;
    await expect(repeatLostRead(async () => { runs += 1; throw lost(); })).rejects.toThrow("terminating connection");
    expect(runs).toBe(3);
  });
});
