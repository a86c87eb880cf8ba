// Case weights (CoxModelRow.weight, CoxInteractionRow.weight): a row of weight w is w identical
// patients, so the fit on counted rows equals the fit on the rows repeated, Efron ties included,
// and so R's coxph on the repeated rows (the fixtures of tests/fixtures/r/cox-model.R).
import { describe, expect, it } from "vitest";
import { coxInteractionTest, coxProportionalHazardsModel, type CoxInteractionRow, type CoxModelRow } from "./survival";
import { expectClose, loadRFixture } from "./testing/r-fixtures";
import { createSeededRandom } from "./seeded-random";

type Reference = { terms: { name: string; coef: number; stdErr: number; pValue: number }[]; logLikelihood: [number, number] };
const fixture = loadRFixture<{ models: Record<string, { rows: CoxModelRow[]; efron: Reference; breslow: Reference }> }>("cox-model");

/** Identical rows merged into one with their count as its weight. */
function countRows<T extends { weight?: number }>(rows: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const key = JSON.stringify(row);
    const found = merged.get(key);
    if (found) found.weight = (found.weight ?? 1) + 1;
    else merged.set(key, { ...row, weight: 1 });
  }
  return [...merged.values()];
}

function repeatRows<T extends { weight?: number }>(rows: readonly T[]): T[] {
  return rows.flatMap(({ weight, ...row }) => Array.from({ length: weight ?? 1 }, () => row as T));
}

/** Many tied deaths and identical patients: 3 levels and 2 arms on about 20 distinct days. */
function tiedRows(seed: number): CoxModelRow[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: 600 }, () => {
    const arm = random() < 0.5 ? 1 : 0;
    const level = Math.floor(random() * 3);
    return {
      time: 1 + Math.floor(random() * 15 * (arm === 1 ? 1.4 : 1)),
      event: random() < 0.75,
      covariates: { arm, "level 1": level === 1 ? 1 : 0, "level 2": level === 2 ? 1 : 0 },
    };
  });
}

describe("the Cox model with case weights", () => {
  it.each(Object.keys(fixture.models).flatMap((name) => (["efron", "breslow"] as const).map((ties) => [name, ties] as const)))(
    "on the counted rows of %s (%s) gives coxph's fit of the repeated rows",
    (name, ties) => {
      const data = fixture.models[name];
      if (!data) throw new Error(name);
      // Doubled, so that every row has a twin and counting merges them.
      const counted = countRows([...data.rows, ...data.rows]);
      const expectedOnce = coxProportionalHazardsModel(data.rows, { ties });
      const fit = coxProportionalHazardsModel(counted, { ties });
      const repeated = coxProportionalHazardsModel(repeatRows(counted), { ties });
      fit.terms.forEach((term, i) => {
        expectClose(term.coef, repeated.terms[i]?.coef ?? Number.NaN, 1e-10);
        expectClose(term.stdErr, repeated.terms[i]?.stdErr ?? Number.NaN, 1e-10);
        expectClose(term.pValue, repeated.terms[i]?.pValue ?? Number.NaN, 1e-10);
        // Doubling every patient keeps the estimates of R's fit and shrinks the standard error by √2 (Breslow exactly).
        if (ties === "breslow") {
          expectClose(term.coef, data[ties].terms[i]?.coef ?? Number.NaN, 1e-8);
          expectClose(term.stdErr * Math.SQRT2, data[ties].terms[i]?.stdErr ?? Number.NaN, 1e-8);
        }
        expect(expectedOnce.terms[i]?.name).toBe(term.name);
      });
      expectClose(fit.logLikelihood[1], repeated.logLikelihood[1], 1e-10);
    },
  );

  it.each([1, 2, 3])("with heavy ties (seed %i) equals the repeated rows to 1e-10, Efron and Breslow", (seed) => {
    const rows = tiedRows(seed);
    const counted = countRows(rows);
    expect(counted.length).toBeLessThan(rows.length / 2);
    for (const ties of ["efron", "breslow"] as const) {
      const fit = coxProportionalHazardsModel(counted, { ties });
      const plain = coxProportionalHazardsModel(rows, { ties });
      fit.terms.forEach((term, i) => {
        for (const key of ["coef", "stdErr", "pValue", "lower", "upper"] as const) expectClose(term[key], plain.terms[i]?.[key] ?? Number.NaN, 1e-10);
      });
      expectClose(fit.logLikelihood[0], plain.logLikelihood[0], 1e-10);
      expectClose(fit.logLikelihood[1], plain.logLikelihood[1], 1e-10);
      expectClose(fit.likelihoodRatioTest.statistic, plain.likelihoodRatioTest.statistic, 1e-10);
    }
  });

  it("gives the interaction test of the repeated rows", () => {
    const rows: CoxInteractionRow[] = tiedRows(7).map((row) => ({
      time: row.time,
      event: row.event,
      treatment: row.covariates.arm ?? 0,
      subgroup: (row.covariates["level 1"] ?? 0) === 1 ? "b" : (row.covariates["level 2"] ?? 0) === 1 ? "c" : "a",
    }));
    const counted = countRows(rows);
    for (const ties of ["efron", "breslow"] as const) {
      const weighted = coxInteractionTest(counted, { ties });
      const plain = coxInteractionTest(rows, { ties });
      expectClose(weighted.statistic, plain.statistic, 1e-10);
      expectClose(weighted.pValue, plain.pValue, 1e-10);
      expect(weighted.df).toBe(plain.df);
    }
  });

  it("refuses a weight that is not a whole number of patients", () => {
    const rows: CoxModelRow[] = [
      { time: 1, event: true, covariates: { x: 1 }, weight: 1.5 },
      { time: 2, event: true, covariates: { x: 0 } },
    ];
    expect(() => coxProportionalHazardsModel(rows)).toThrow(/Row 1: weight must be a whole number/);
    const zero: CoxModelRow[] = [
      { time: 1, event: true, covariates: { x: 1 }, weight: 0 },
      { time: 2, event: true, covariates: { x: 0 } },
    ];
    expect(() => coxProportionalHazardsModel(zero)).toThrow(/weight must be a whole number/);
  });
});

describe("a covariate constant among the patients at risk at every event time", () => {
  // CI found this with a random seed: the closed-form Efron sums left rounding where the
  // information is exactly 0, and the model returned coef 0 with stdErr 2^27 instead of refusing.
  it("is refused as coxph's singular X, with and without weights, under both tie methods", () => {
    const rows: CoxModelRow[] = [
      { time: 0, event: false, covariates: { C: 0 } },
      { time: 1, event: true, covariates: { C: 1 } },
      { time: 1, event: false, covariates: { C: 1 } },
      { time: 1, event: false, covariates: { C: 1 } },
    ];
    for (const ties of ["efron", "breslow"] as const) {
      expect(() => coxProportionalHazardsModel(rows, { ties })).toThrow(/constant among the patients at risk/);
      expect(() => coxProportionalHazardsModel(countRows(rows), { ties })).toThrow(/constant among the patients at risk/);
    }
  });
});
