import { describe, expect, it } from "vitest";
import type { HealthReport } from "./check-health";
import { healthBody } from "./health-body";

const report: HealthReport = { status: "ok", database: { kind: "postgresql", reachable: true, latencyMs: 3, migrations: { applied: 12, pending: [], current: true } } };

describe("the health check's answer", () => {
  it("is the status alone for anonymous callers and every role but administrators", () => {
    for (const role of [null, "INVESTIGATOR", "COORDINATOR"] as const) expect(healthBody(report, role)).toEqual({ status: "ok" });
  });

  it("has the database's details for administrators", () => {
    expect(healthBody(report, "ADMIN")).toEqual(report);
  });
});
