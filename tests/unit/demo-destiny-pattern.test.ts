import { describe, expect, it } from "vitest";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { coxProportionalHazardsModel, kaplanMeier } from "../../lib/stats/survival";
import type { DemoCase } from "../../lib/demo/types";

type ArmRow = { arm: "T_DXD" | "CHEMOTHERAPY"; time: number; event: boolean };

/**
 * The regimen comparison's patients as queryComparisonRows selects them (HER2-low at the line's
 * start, metastatic, line 2 or later, each patient's earliest T-DXd or chemotherapy line), read
 * straight from the generator so that the demo's design is checked apart from the SQL.
 */
function destinyArms(cases: Iterable<DemoCase>): ArmRow[] {
  const rows: ArmRow[] = [];
  for (const { patient, lines } of cases) {
    const line = lines
      .filter((candidate) => candidate.setting === "METASTATIC" && candidate.lineNumber >= 2 && candidate.her2AtStart === "LOW")
      .filter((candidate) => candidate.regimenClass === "T_DXD" || candidate.regimenClass === "CHEMOTHERAPY")
      .sort((a, b) => a.startDay - b.startDay || a.lineNumber - b.lineNumber)[0];
    if (!line) continue;
    const death = patient.vitalStatus === "DEAD" ? patient.daysToDeath : null;
    const eventDay = Math.min(line.progressionDay ?? Infinity, death ?? Infinity);
    const event = Number.isFinite(eventDay);
    const time = (event ? eventDay : patient.daysToLastContact) - line.startDay;
    if (time >= 0) rows.push({ arm: line.regimenClass as ArmRow["arm"], time, event });
  }
  return rows;
}

function medianRatio(rows: readonly ArmRow[]): number {
  const curves = kaplanMeier(rows.map((row) => ({ group: row.arm, time: row.time, events: row.event ? 1 : 0, censored: row.event ? 0 : 1 })));
  const median = (group: string) => curves.find((curve) => curve.group === group)?.median.estimate ?? Number.NaN;
  return median("T_DXD") / median("CHEMOTHERAPY");
}

function hazardRatio(rows: readonly ArmRow[]): number {
  const model = coxProportionalHazardsModel(rows.map((row) => ({ time: row.time, event: row.event, covariates: { tdxd: row.arm === "T_DXD" ? 1 : 0 } })));
  return model.terms[0]!.hazardRatio;
}

// DESTINY-Breast04 (HER2-low, after chemotherapy): median PFS 9.9 vs 5.1 months, HR 0.50. The
// e2e cohort (600 patients) holds about 16 T-DXd and 30 chemotherapy patients in this comparison,
// too few for a stable ratio of medians, so the pattern's size is checked here, where it is stable.
describe("the demo cohort shows DESTINY-Breast04's pattern", () => {
  it("in the default demo (npm run demo: 1,500 patients, seed 2026)", () => {
    const rows = destinyArms(generateCohort({ patients: 1500, seed: 2026 }));
    expect(rows.filter((row) => row.arm === "T_DXD").length).toBeGreaterThan(20);
    expect(medianRatio(rows)).toBeGreaterThan(1.6);
    expect(medianRatio(rows)).toBeLessThan(3.2);
    expect(hazardRatio(rows)).toBeGreaterThan(0.3);
    expect(hazardRatio(rows)).toBeLessThan(0.75);
  });

  it("about twice chemotherapy's median PFS in a cohort large enough to estimate it (20,000 patients)", () => {
    const rows = destinyArms(generateCohort({ patients: 20_000, seed: 3 }));
    expect(medianRatio(rows)).toBeGreaterThan(1.7);
    expect(medianRatio(rows)).toBeLessThan(2.5);
    expect(hazardRatio(rows)).toBeGreaterThan(0.4);
    expect(hazardRatio(rows)).toBeLessThan(0.7);
  }, 60_000); // 20,000 generated patients: a few seconds, more on a loaded machine
});
