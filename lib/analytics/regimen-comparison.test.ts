import { describe, expect, it } from "vitest";
import { clopperPearsonInterval, proportionDifference } from "../stats/tests";
import { coxInteractionTest, coxProportionalHazards, coxProportionalHazardsModel, logRankTest, restrictedMeanSurvivalDifference } from "../stats/survival";
import { analyseRegimenComparison, cellsOfPatients, type ComparisonOptions, type ComparisonPatient } from "./regimen-comparison";
import { comparisonColumnsOf, groupComparisonCells, type ComparisonColumns } from "./regimen-comparison-cells";
import { toSurvivalRecords } from "./regimen-comparison-cox";
import { DAYS_PER_MONTH } from "./survival-analysis";
import { applyLandmark } from "./survival-analysis";
import { expectSameFigures } from "../../tests/support/same-figures";

/** A small deterministic cohort: arm A (T-DXd) progresses about half as fast as arm B (chemotherapy). */
function makeRows(): (ComparisonPatient & { n: number })[] {
  const rows: (ComparisonPatient & { n: number })[] = [];
  for (let i = 0; i < 120; i++) {
    const arm = i % 2 === 0 ? "T_DXD" : "CHEMOTHERAPY";
    const scale = arm === "T_DXD" ? 300 : 150;
    const pfsTime = Math.round(scale * (0.2 + ((i * 37) % 100) / 60));
    const pfsEvent = i % 7 !== 0;
    rows.push({
      arm,
      pfsTime,
      pfsEvent,
      osTime: pfsTime + 100 + ((i * 13) % 200),
      osEvent: i % 3 !== 0,
      ageGroup: i % 5 === 0 ? "70 or older" : i % 2 === 0 ? "50-69" : "Under 50",
      hrStatus: (i >> 1) % 4 === 0 ? "NEGATIVE" : "POSITIVE",
      menopausal: i % 3 === 0 ? "PREMENOPAUSAL" : "POSTMENOPAUSAL",
      lineGroup: i % 6 < 3 ? "2" : "3",
      site: i % 8 < 4 ? "01" : "02",
      era: i < 60 ? "2015-2019" : "2020 or later",
      priorCdk46: i % 3 === 1,
      response: ["CR", "PR", "SD24", "SD", "PD", "NE", null][i % 7] ?? null,
      measurable: i % 11 !== 0,
      n: 1 + (i % 2),
    });
  }
  return rows;
}

const options: ComparisonOptions = { armA: "T_DXD", armB: "CHEMOTHERAPY", adjust: [], forest: "pfs", tauMonths: 12, smallCellThreshold: 0 };

function expand(rows: (ComparisonPatient & { n: number })[]): ComparisonPatient[] {
  return rows.flatMap(({ n, ...row }) => Array.from({ length: n }, () => row));
}

/** The per-patient cells, grouped as the query groups them. */
function cellsOf(patients: ComparisonPatient[], comparison: ComparisonOptions): ComparisonColumns {
  return comparisonColumnsOf(groupComparisonCells(cellsOfPatients(patients, comparison.adjust, comparison.forest)), comparison);
}

const pfsCells = (patients: ComparisonPatient[]) => patients.map((patient) => ({ arm: patient.arm, time: patient.pfsTime, event: patient.pfsEvent, n: 1 }));

describe("the regimen comparison", () => {
  const rows = makeRows();
  const patients = expand(rows);
  const view = analyseRegimenComparison(cellsOf(patients, options), options);

  it("gives arm A's hazard ratio against arm B, the log-rank test and the RMST difference from the statistics core", () => {
    const records = toSurvivalRecords(pfsCells(patients));
    const cox = coxProportionalHazards(records, { reference: "CHEMOTHERAPY", ties: "efron" }).terms[0];
    expect(view.pfs.hazardRatio).toMatchObject({ ok: true, hazardRatio: cox?.hazardRatio, lower: cox?.lower, upper: cox?.upper });
    expect(view.pfs.hazardRatio.ok && view.pfs.hazardRatio.hazardRatio).toBeLessThan(1);
    expect(view.pfs.logRank).toMatchObject({ ok: true, chiSquare: logRankTest(records).chiSquare });
    const rmst = restrictedMeanSurvivalDifference(records, 12 * DAYS_PER_MONTH, { reference: "CHEMOTHERAPY" })[0];
    expect(view.pfs.rmst.ok && view.pfs.rmst.difference).toBeCloseTo((rmst?.difference ?? 0) / DAYS_PER_MONTH, 12);
    expect(view.pfs.groups.map((group) => group.cohort)).toEqual(["T_DXD", "CHEMOTHERAPY"]);
    expect(view.pfs.groups[0]?.n).toBe(expand(rows).filter((row) => row.arm === "T_DXD").length);
    expect(view.pfs.adjusted).toBeNull();
  });

  it("counts responses per arm among measurable lines, with exact intervals and the Newcombe difference", () => {
    const count = (arm: string, keep: (row: ComparisonPatient) => boolean) => expand(rows).filter((row) => row.arm === arm && keep(row)).length;
    const assessedA = count("T_DXD", (row) => row.response !== null && row.measurable);
    const respondedA = count("T_DXD", (row) => row.measurable && (row.response === "CR" || row.response === "PR"));
    const assessedB = count("CHEMOTHERAPY", (row) => row.response !== null && row.measurable);
    const respondedB = count("CHEMOTHERAPY", (row) => row.measurable && (row.response === "CR" || row.response === "PR"));
    const armA = view.responses.arms[0];
    expect(armA).toMatchObject({ arm: "T_DXD", assessed: assessedA, responders: respondedA, nonMeasurable: count("T_DXD", (row) => row.response !== null && !row.measurable) });
    expect(armA?.objectiveResponse?.lower).toBe(clopperPearsonInterval(respondedA, assessedA).lower);
    expect(armA?.clinicalBenefit).toBe(count("T_DXD", (row) => row.measurable && ["CR", "PR", "SD24"].includes(row.response ?? "")));
    const difference = proportionDifference(respondedA, assessedA, respondedB, assessedB);
    expect(view.responses.objectiveResponseDifference).toEqual({ difference: difference.difference, lower: difference.lower, upper: difference.upper });
  });

  it("fits the adjusted model with arm A = 1 and the chosen covariates, as coxProportionalHazardsModel does", () => {
    const adjustedOptions: ComparisonOptions = { ...options, adjust: ["hr", "cdk46"] };
    const adjusted = analyseRegimenComparison(cellsOf(patients, adjustedOptions), adjustedOptions).pfs.adjusted;
    const model = coxProportionalHazardsModel(
      expand(rows).map((row) => ({
        time: row.pfsTime,
        event: row.pfsEvent,
        covariates: { arm: row.arm === "T_DXD" ? 1 : 0, hr: row.hrStatus === "POSITIVE" ? 1 : 0, cdk: row.priorCdk46 ? 1 : 0 },
      })),
      { ties: "efron" },
    );
    expect(adjusted?.ok).toBe(true);
    if (!adjusted?.ok) return;
    // HR status unknown never occurs here: dropped and named.
    expect(adjusted.dropped).toEqual(["HR status unknown"]);
    expect(adjusted.terms.map((term) => term.name)).toEqual(["Arm: T_DXD vs CHEMOTHERAPY", "HR-positive", "Prior CDK4/6 inhibitor"]);
    adjusted.terms.forEach((term, index) => expect(term.hazardRatio).toBeCloseTo(model.terms[index]?.hazardRatio ?? 0, 10));
  });

  it("draws the forest plot: per-level hazard ratios and the interaction test of each subgroup", () => {
    const hr = view.forest.groups.find((group) => group.variable === "hrStatus");
    expect(hr?.rows.map((row) => row.label)).toEqual(["HR-negative", "HR-positive"]);
    const positive = patients.filter((row) => row.hrStatus === "POSITIVE");
    const expected = coxProportionalHazards(toSurvivalRecords(pfsCells(positive)), { reference: "CHEMOTHERAPY", ties: "efron" }).terms[0];
    expect(hr?.rows[1]?.hazardRatio?.hazardRatio).toBeCloseTo(expected?.hazardRatio ?? 0, 12);
    const interaction = coxInteractionTest(
      expand(rows).map((row) => ({ time: row.pfsTime, event: row.pfsEvent, treatment: row.arm === "T_DXD" ? 1 : 0, subgroup: row.hrStatus })),
      { ties: "efron" },
    );
    // Fitted on counted cells (case weights): the per-patient value up to the order of the sums.
    expect(hr?.interaction).toMatchObject({ ok: true, df: 1 });
    expect(hr?.interaction.ok && hr.interaction.pValue).toBeCloseTo(interaction.pValue, 12);
    expect(view.forest.overall.hazardRatio?.hazardRatio).toBeCloseTo(view.pfs.hazardRatio.ok ? view.pfs.hazardRatio.hazardRatio : 0, 12);
    expect(view.forest.groups.map((group) => group.variable)).toEqual(["ageGroup", "hrStatus", "menopausal", "lineGroup", "site", "era"]);
  });

  it("gives every forest row the per-patient counts and the statistics core's hazard ratio of that level's patients", () => {
    let fitted = 0;
    for (const group of view.forest.groups) {
      for (const row of group.rows) {
        const members = patients.filter((patient) => patient[group.variable] === row.level);
        const inArm = (arm: string) => members.filter((patient) => patient.arm === arm);
        const events = (list: ComparisonPatient[]) => list.filter((patient) => patient.pfsEvent).length;
        expect(row.patients, `${group.variable} ${row.level}`).toEqual({ a: inArm("T_DXD").length, b: inArm("CHEMOTHERAPY").length });
        expect(row.events, `${group.variable} ${row.level}`).toEqual({ a: events(inArm("T_DXD")), b: events(inArm("CHEMOTHERAPY")) });
        if (row.hazardRatio === null) continue;
        const expected = coxProportionalHazards(toSurvivalRecords(pfsCells(members)), { reference: "CHEMOTHERAPY", ties: "efron" }).terms[0];
        for (const key of ["hazardRatio", "lower", "upper", "pValue"] as const) expect(row.hazardRatio[key], `${group.variable} ${row.level} ${key}`).toBeCloseTo(expected?.[key] ?? Number.NaN, 10);
        fitted++;
      }
    }
    expect(fitted).toBeGreaterThanOrEqual(10);
  });

  it("hides arms and forest cells below the small-cell threshold and compares nothing then", () => {
    const smallOptions = { ...options, smallCellThreshold: 7 };
    const small = analyseRegimenComparison(cellsOf(expand(rows.slice(0, 6)), smallOptions), smallOptions);
    expect(small.pfs.groups.every((group) => group.hidden)).toBe(true);
    expect(small.pfs.hazardRatio.ok).toBe(false);
    expect(small.forest.overall.hazardRatio).toBeNull();
  });
});

describe("the regimen comparison on grouped cells", () => {
  it("gives every figure of the per-patient computation (one cell per patient), adjusted model and forest plot included", () => {
    const patients = expand(makeRows());
    for (const forest of ["pfs", "os"] as const) {
      const comparison: ComparisonOptions = { ...options, adjust: ["age", "hr", "line", "cdk46"], forest };
      const grouped = cellsOf(patients, comparison);
      const perPatient = cellsOfPatients(patients, comparison.adjust, forest);
      expect(grouped.adjusted.pfs.n.length).toBeLessThan(perPatient.adjusted.pfs.length);
      expectSameFigures(analyseRegimenComparison(grouped, comparison), analyseRegimenComparison(comparisonColumnsOf(perPatient, comparison), comparison));
    }
  });
});

describe("the landmark analysis", () => {
  it("keeps patients still followed at the landmark and counts time from it", () => {
    const records = [
      { group: "LOW", time: 100, events: 1, censored: 2 },
      { group: "LOW", time: 365, events: 1, censored: 0 },
      { group: "ZERO", time: 500, events: 0, censored: 3 },
    ];
    expect(applyLandmark(records, 365)).toEqual({
      records: [
        { group: "LOW", time: 0, events: 1, censored: 0 },
        { group: "ZERO", time: 135, events: 0, censored: 3 },
      ],
      before: 3,
    });
    expect(applyLandmark(records, 0).records).toEqual(records);
  });
});
