// The Outcomes tab's full-curve CSV (issue 17 §7): every step of every shown curve, the page's
// filters and the user's scope, while the page itself receives the thinned curves.
import { beforeAll, describe, expect, it } from "vitest";
import { exportSurvivalCurves } from "../../lib/analytics/export-survival-curves";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { loadCohortSurvivalCurves, loadOutcomes } from "../../lib/analytics/load-outcomes";
import { importCases } from "../../lib/cases/import-cases";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles } from "../support/synthetic-import";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("sv");
  await importCases(fx.coordinatorA, syntheticImportFiles({ patients: 1_500, seed: 51, siteCode: fx.siteA.code, prefix: "SVCA" }), { mode: "create", dryRun: false });
}, 120_000);

function stepRows(csv: string): string[][] {
  return csv
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((cells) => cells[5] === "step");
}

describe("the survival curve CSV", () => {
  it("holds every step of each shown curve, as the page's filters select them", async () => {
    const filters = parseDashboardFilters({ endpoint: "os", bands: "1" });
    const { csv, fileName } = await exportSurvivalCurves(fx.investigator, filters, "cohorts");
    expect(fileName).toBe("survival-curves-cohorts-os.csv");
    expect(csv.split("\r\n")[0]).toBe("group,time_months,survival,lower_95,upper_95,kind");
    const full = await loadCohortSurvivalCurves(fx.investigator, filters);
    const shown = full.groups.filter((group) => !group.hidden);
    expect(shown.length).toBeGreaterThan(1);
    const rows = stepRows(csv);
    expect(rows).toHaveLength(shown.reduce((sum, group) => sum + group.points.length, 0));
    for (const group of shown) {
      const mine = rows.filter((cells) => cells[0] === group.cohort);
      expect(mine.map((cells) => Number(cells[1]))).toEqual(group.points.map((point) => point.time));
      expect(mine.map((cells) => Number(cells[2]))).toEqual(group.points.map((point) => point.survival));
    }
    // The page draws the same curves from fewer points, and reads the same values at the ticks.
    const page = await loadOutcomes(fx.investigator, filters);
    page.survival.groups.forEach((group, index) => {
      const original = full.groups[index];
      expect(group.cohort).toBe(original?.cohort);
      expect(group.curve.survival.time.length).toBeLessThanOrEqual(original?.points.length ?? 0);
    });
  });

  it("follows the user's scope: a coordinator of another site gets no curve of site A", async () => {
    const { csv } = await exportSurvivalCurves(fx.coordinatorB, parseDashboardFilters({}), "cohorts");
    const own = await loadCohortSurvivalCurves(fx.coordinatorB, parseDashboardFilters({}));
    expect(stepRows(csv)).toHaveLength(own.groups.filter((group) => !group.hidden).reduce((sum, group) => sum + group.points.length, 0));
    const investigatorRows = stepRows((await exportSurvivalCurves(fx.investigator, parseDashboardFilters({}), "cohorts")).csv);
    expect(stepRows(csv).length).toBeLessThan(investigatorRows.length);
  });

  it("refuses the comparison's curves outside the regimen view", async () => {
    await expect(exportSurvivalCurves(fx.investigator, parseDashboardFilters({}), "comparison-pfs")).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
