import { afterEach, describe, expect, it, vi } from "vitest";
import { PROBE_INTERVAL_MS, isDatabaseMarkedUnavailable, markDatabaseAvailable, markDatabaseUnavailable } from "./availability";

afterEach(() => {
  markDatabaseAvailable();
  vi.useRealTimers();
});

describe("the database availability of one app server", () => {
  it("is marked down on a failure and probed until a probe succeeds, without a restart", async () => {
    vi.useFakeTimers();
    let outage = true;
    const probe = vi.fn(async () => {
      if (outage) throw new Error("ECONNREFUSED");
    });
    markDatabaseUnavailable(probe);
    markDatabaseUnavailable(probe); // a second failure does not start a second probe
    expect(isDatabaseMarkedUnavailable()).toBe(true);
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 3);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(isDatabaseMarkedUnavailable()).toBe(true);
    outage = false;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    expect(isDatabaseMarkedUnavailable()).toBe(false);
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 3);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it("is shared by every module graph of the process (the proxy and the pages)", () => {
    markDatabaseUnavailable(async () => {});
    const holder = globalThis as unknown as Record<symbol, { downSince: number | null }>;
    expect(holder[Symbol.for("her2.database-availability")]?.downSince).toEqual(expect.any(Number));
  });
});
