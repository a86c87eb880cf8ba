import { describe, expect, it } from "vitest";
import { hasReplayedPast, parseLsn } from "./lsn";
import { chooseReader, classifyReplica, type ReplicaStatus } from "./replica-choice";

const usable = (replayLsn: string): ReplicaStatus => ({ kind: "usable", replayLsn, lagSeconds: 0.2 });

describe("classifyReplica", () => {
  it.each([
    [{ inRecovery: true, replayLsn: "0/3000060", lagSeconds: 0 }, "usable"],
    [{ inRecovery: true, replayLsn: "0/3000060", lagSeconds: 10 }, "usable"],
    [{ inRecovery: true, replayLsn: "0/3000060", lagSeconds: 10.5 }, "lagging"],
    [{ inRecovery: false, replayLsn: null, lagSeconds: null }, "not-standby"],
    // A promoted server still reports the position it had replayed: it is no replica any more.
    [{ inRecovery: false, replayLsn: "0/3000060", lagSeconds: null }, "not-standby"],
  ])("%o is %s with a 10 s bound", (state, kind) => {
    expect(classifyReplica(state, 10).kind).toBe(kind);
  });
});

describe("chooseReader", () => {
  const now = 1_000_000;
  it("reads the primary when no replica is usable", () => {
    expect(chooseReader([], undefined, now, 0)).toEqual({ target: "primary", reason: "no usable replica" });
    expect(chooseReader([{ kind: "down", error: "ECONNREFUSED" }, { kind: "lagging", lagSeconds: 40 }, { kind: "not-standby" }, { kind: "unchecked" }], undefined, now, 0)).toEqual({ target: "primary", reason: "no usable replica" });
  });

  it("spreads reads over the usable replicas only", () => {
    const replicas: ReplicaStatus[] = [usable("0/10"), { kind: "down", error: "x" }, usable("0/20")];
    expect([0, 1, 2, 3].map((turn) => chooseReader(replicas, undefined, now, turn))).toEqual([
      { target: "replica", index: 0 },
      { target: "replica", index: 2 },
      { target: "replica", index: 0 },
      { target: "replica", index: 2 },
    ]);
  });

  it("keeps a user's reads on the primary until a replica has replayed their write, or the bound has passed", () => {
    const write = { lsn: "0/3000100", until: now + 10_000 };
    expect(chooseReader([usable("0/3000060")], write, now, 0)).toEqual({ target: "primary", reason: "own write not replayed yet" });
    expect(chooseReader([usable("0/3000100")], write, now, 0)).toEqual({ target: "replica", index: 0 });
    expect(chooseReader([usable("0/3000060"), usable("1/0")], write, now, 0)).toEqual({ target: "replica", index: 1 });
    expect(chooseReader([usable("0/3000060")], write, now + 10_000, 0)).toEqual({ target: "replica", index: 0 });
    // Without the write's position only the time bound releases the user.
    expect(chooseReader([usable("F/0")], { lsn: null, until: now + 1 }, now, 0)).toEqual({ target: "primary", reason: "own write not replayed yet" });
  });
});

describe("WAL positions", () => {
  it("compare by both halves, not as text", () => {
    expect(parseLsn("16/B374D848")).toBe(0x16b374d848n);
    expect(hasReplayedPast("1/0", "0/FFFFFFFF")).toBe(true);
    expect(hasReplayedPast("0/A0", "0/9F")).toBe(true);
    expect(hasReplayedPast("0/9F", "0/A0")).toBe(false);
    expect(() => parseLsn("3000060")).toThrow("Not a WAL position");
  });
});
