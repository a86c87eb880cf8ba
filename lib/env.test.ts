import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const base = { NODE_ENV: "test", DATABASE_URL: "postgresql://app@db:5432/her2" } as const;

describe("the replica settings", () => {
  it("are optional: without them there is no replica and a 10 s lag bound", () => {
    const env = parseEnv(base);
    expect(env.DATABASE_REPLICA_URL).toBeUndefined();
    expect(env.DATABASE_REPLICA_MAX_LAG_SECONDS).toBe(10);
    expect(parseEnv({ ...base, DATABASE_REPLICA_URL: "  " }).DATABASE_REPLICA_URL).toBeUndefined();
  });

  it("take several comma-separated PostgreSQL URLs", () => {
    const env = parseEnv({ ...base, DATABASE_REPLICA_URL: "postgresql://app@r1:5432/her2, postgres://app@r2/her2,", DATABASE_REPLICA_MAX_LAG_SECONDS: "2.5" });
    expect(env.DATABASE_REPLICA_URL).toEqual(["postgresql://app@r1:5432/her2", "postgres://app@r2/her2"]);
    expect(env.DATABASE_REPLICA_MAX_LAG_SECONDS).toBe(2.5);
  });

  it("refuse what is not a PostgreSQL URL or not a positive bound, saying which setting", () => {
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_URL: "postgresql://app@r1/her2,mysql://r2/her2" })).toThrow(/DATABASE_REPLICA_URL/);
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_MAX_LAG_SECONDS: "0" })).toThrow(/DATABASE_REPLICA_MAX_LAG_SECONDS/);
  });
});
