import { describe, expect, it } from "vitest";
import type { QueryResult, SizeResult } from "./bench-size";
import { TARGETS, TARGETS_10M, describeMisses, queryMeetsTargets, targetsFor } from "./format-results";

function query(variant: string, medianMs: number, ratio: number): QueryResult {
  return { tab: "Overview", name: "q", variant, table: "patients", timing: { medianMs, minMs: medianMs, maxMs: medianMs, firstMs: medianMs, runs: 3 }, floorMs: medianMs / ratio, ratio };
}

describe("targets by size", () => {
  it("judges 10M by issue 17 §5 and smaller sizes by issue 8", () => {
    expect(targetsFor(10_000_000)).toBe(TARGETS_10M);
    expect(targetsFor(1_000_000)).toBe(TARGETS);
    expect(targetsFor(10_000)).toBe(TARGETS);
  });

  it("applies the 1.5 s target at 10M to the unfiltered views only", () => {
    expect(queryMeetsTargets(query("HR+, sites 01-02, 2018-2023", 2_000, 2), 10_000_000)).toEqual({ ratio: true, absolute: true });
    expect(queryMeetsTargets(query("no filter", 2_000, 2), 10_000_000)).toEqual({ ratio: true, absolute: false });
    expect(queryMeetsTargets(query("HR+, sites 01-02, 2018-2023", 2_000, 2), 1_000_000)).toEqual({ ratio: true, absolute: false });
    expect(queryMeetsTargets(query("no filter", 1_000, 3.5), 10_000_000)).toEqual({ ratio: false, absolute: true });
  });
});

describe("a failed query", () => {
  it("is listed as missed with its error, not as NaN times its floor", () => {
    const none = Number.NaN;
    const failed: QueryResult = { ...query("no filter", none, none), error: "the comparison's Cox models were not computed in time (after 41000 ms)" };
    const result = { size: 10_000_000, queries: [failed, query("no filter", 100, 0.1)], pages: null } as unknown as SizeResult;
    // As run-bench.ts reads it back: JSON has no NaN, so the timings are null.
    const read = JSON.parse(JSON.stringify(failed)) as QueryResult;
    expect(read.ratio).toBeNull();
    expect(queryMeetsTargets(read, 10_000_000)).toEqual({ ratio: false, absolute: false });
    expect(queryMeetsTargets({ ...read, variant: "HR+, sites 01-02, 2018-2023" }, 10_000_000)).toEqual({ ratio: false, absolute: true });
    expect(describeMisses([result])).toEqual(["10,000,000: q (no filter) failed (the comparison's Cox models were not computed in time (after 41000 ms))"]);
  });
});
