import { describe, expect, it } from "vitest";
import { ModelFitError } from "./model-fit-error";
import { coxInteractionTest, coxProportionalHazards, coxProportionalHazardsModel, type CoxInteractionRow, type CoxModelRow } from "./survival";
import { convertAmlToRecords, loadRReference } from "./testing/r-reference";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type CoxReference = {
  call: string;
  terms: { name: string; coef: number; hazardRatio: number; stdErr: number; z: number; pValue: number; lower: number; upper: number }[];
  logLikelihood: [number, number];
  likelihoodRatioTest: { statistic: number; df: number; pValue: number };
  iterations: number;
  warnings: string[];
};
type InteractionReference = {
  call: string;
  logLikelihood: [number, number];
  statistic: number;
  df: number;
  pValue: number;
  interactionCoefficients: Record<string, number>;
  warnings: string | string[];
};
type CoxFixture = {
  models: Record<string, { rows: CoxModelRow[]; efron: CoxReference; breslow: CoxReference }>;
  interactions: Record<string, { rows: CoxInteractionRow[]; efron: InteractionReference; breslow: InteractionReference }>;
  degenerate: Record<string, { coefficients: Record<string, number> | string; warnings: string | string[] }>;
};

const fixture = loadRFixture<CoxFixture>("cox-model");

describe.each(Object.entries(fixture.models).flatMap(([name, data]) => (["efron", "breslow"] as const).map((ties) => [name, ties, data] as const)))(
  "coxProportionalHazardsModel on %s (%s) against coxph (tests/fixtures/r/cox-model.R)",
  (_, ties, data) => {
    const expected = data[ties];
    const result = coxProportionalHazardsModel(data.rows, { ties });

    it("has R's terms in the design matrix's order", () => {
      expect(result.terms.map((term) => term.name)).toEqual(expected.terms.map((term) => term.name));
    });

    it.each(expected.terms.map((term) => [term.name, term] as const))("matches coef, HR, se, z, p and the CI of %s", (name, term) => {
      const actual = result.terms.find((t) => t.name === name);
      for (const key of ["coef", "hazardRatio", "stdErr", "z", "pValue", "lower", "upper"] as const) expectClose(actual?.[key], term[key]);
    });

    it("matches both log-likelihoods and the likelihood ratio test", () => {
      expectClose(result.logLikelihood[0], expected.logLikelihood[0]);
      expectClose(result.logLikelihood[1], expected.logLikelihood[1]);
      expectClose(result.likelihoodRatioTest.statistic, expected.likelihoodRatioTest.statistic);
      expect(result.likelihoodRatioTest.df).toBe(expected.likelihoodRatioTest.df);
      expectClose(result.likelihoodRatioTest.pValue, expected.likelihoodRatioTest.pValue);
    });
  },
);

describe("coxProportionalHazardsModel and the one-factor Cox model", () => {
  const reference = loadRReference();
  const records = convertAmlToRecords(reference);
  const rows: CoxModelRow[] = records.map((record) => ({
    time: record.time,
    event: record.events === 1,
    covariates: { nonmaintained: record.group === "Nonmaintained" ? 1 : 0 },
  }));

  it.each([
    ["efron", reference.aml.coxEfron],
    ["breslow", reference.aml.coxBreslow],
  ] as const)("give R's aml estimates with a 0/1 covariate (%s)", (ties, expected) => {
    const [term] = coxProportionalHazardsModel(rows, { ties }).terms;
    expectClose(term?.coef, expected.coef);
    expectClose(term?.stdErr, expected.stdErr);
    expectClose(term?.lower, expected.lower);
    expectClose(term?.upper, expected.upper);
    const model = coxProportionalHazardsModel(rows, { ties });
    expectClose(model.likelihoodRatioTest.statistic, expected.likelihoodRatio[0]);
  });

  it("agree on three groups coded as two indicators", () => {
    const three = [...records, ...[4, 9, 9, 15, 22, 30, 38, 60].map((time, i) => ({ group: "Other", time, events: i % 3 === 2 ? 0 : 1, censored: i % 3 === 2 ? 1 : 0 }))];
    const grouped = coxProportionalHazards(three, { reference: "Maintained" });
    const model = coxProportionalHazardsModel(
      three.map((record) => ({
        time: record.time,
        event: record.events === 1,
        covariates: { Nonmaintained: record.group === "Nonmaintained" ? 1 : 0, Other: record.group === "Other" ? 1 : 0 },
      })),
    );
    grouped.terms.forEach((term, i) => {
      expect(model.terms[i]?.name).toBe(term.group);
      for (const key of ["coef", "stdErr", "pValue", "lower", "upper"] as const) expectClose(model.terms[i]?.[key], term[key], 1e-10);
    });
    expectClose(model.logLikelihood[1], grouped.logLikelihood[1], 1e-12);
    expectClose(model.likelihoodRatioTest.statistic, grouped.likelihoodRatioTest.statistic, 1e-10);
  });
});

describe("coxProportionalHazardsModel invariances", () => {
  const lung = fixture.models.lung?.rows ?? [];

  it("does not depend on the order of the rows", () => {
    const shuffled = lung.map((row, i) => ({ row, key: (i * 7919) % lung.length })).sort((a, b) => a.key - b.key).map(({ row }) => row);
    const a = coxProportionalHazardsModel(lung);
    const b = coxProportionalHazardsModel(shuffled);
    a.terms.forEach((term, i) => {
      expectClose(b.terms[i]?.coef, term.coef, 1e-10);
      expectClose(b.terms[i]?.stdErr, term.stdErr, 1e-10);
    });
  });

  it("rescales a coefficient when its covariate is rescaled (age in decades, centred at 60), nothing else", () => {
    const decades = lung.map((row) => ({ ...row, covariates: { ...row.covariates, age: ((row.covariates.age ?? 0) - 60) / 10 } }));
    const a = coxProportionalHazardsModel(lung);
    const b = coxProportionalHazardsModel(decades);
    expectClose(b.terms[0]?.coef, (a.terms[0]?.coef ?? 0) * 10, 1e-9);
    expectClose(b.terms[0]?.stdErr, (a.terms[0]?.stdErr ?? 0) * 10, 1e-9);
    expectClose(b.terms[0]?.pValue, a.terms[0]?.pValue ?? 0, 1e-9);
    expectClose(b.terms[1]?.coef, a.terms[1]?.coef ?? 0, 1e-9);
    expectClose(b.logLikelihood[1], a.logLikelihood[1], 1e-12);
  });

  it("orders the terms as the first row's covariates", () => {
    const reordered = lung.map((row) => ({ ...row, covariates: { wt_loss: row.covariates["wt.loss"] ?? 0, sex: row.covariates.sex ?? 0, age: row.covariates.age ?? 0 } }));
    expect(coxProportionalHazardsModel(reordered).terms.map((term) => term.name)).toEqual(["wt_loss", "sex", "age"]);
  });

  it("uses Efron by default", () => {
    expect(coxProportionalHazardsModel(lung)).toEqual(coxProportionalHazardsModel(lung, { ties: "efron" }));
    expect(coxProportionalHazardsModel(lung)).not.toEqual(coxProportionalHazardsModel(lung, { ties: "breslow" }));
  });
});

describe("coxProportionalHazardsModel on degenerate designs (what coxph reports, then what this does)", () => {
  const base = [
    [5, true, 1, 0],
    [8, false, 2, 1],
    [12, true, 3, 0],
    [3, true, 4, 1],
    [9, true, 5, 0],
    [15, false, 6, 1],
    [7, true, 7, 1],
    [11, true, 8, 0],
  ] as const;
  const rows = (build: (a: number, b: number) => Record<string, number>, event?: boolean): CoxModelRow[] =>
    base.map(([time, died, a, b]) => ({ time, event: event ?? died, covariates: build(a, b) }));
  const degenerate = fixture.degenerate;

  function expectModelFitError(call: () => unknown, problem: string, terms: string[], message: RegExp): void {
    let caught: unknown;
    try {
      call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelFitError);
    const error = caught as ModelFitError;
    expect(error.problem).toBe(problem);
    expect(error.terms).toEqual(terms);
    expect(error.message).toMatch(message);
  }

  it("collinear covariates: coxph gives NA for the later one; this refuses and names it", () => {
    expect(degenerate.collinear?.coefficients).toMatchObject({ sum: Number.NaN });
    expectModelFitError(() => coxProportionalHazardsModel(rows((a, b) => ({ a, b, sum: a + b }))), "collinear-covariates", ["sum"], /Covariate "sum" is a linear combination of the covariates before it/);
  });

  it("a constant covariate: coxph gives NA; this refuses and names it", () => {
    expect(degenerate.constant?.coefficients).toMatchObject({ constant: Number.NaN });
    expectModelFitError(() => coxProportionalHazardsModel(rows((a) => ({ a, constant: 1 }))), "constant-covariate", ["constant"], /Covariate "constant" has the same value for every patient/);
    expectModelFitError(() => coxProportionalHazardsModel(rows((a) => ({ a, age: 61.5 }))), "constant-covariate", ["age"], /same value/);
  });

  it("a monotone likelihood: coxph warns that the coefficient may be infinite; this refuses and names it", () => {
    expect(degenerate.monotone?.warnings).toMatch(/coefficient may be infinite/);
    const monotone: CoxModelRow[] = [1, 2, 3, 4, 5, 6, 7, 8].map((time, i) => ({ time, event: ![4, 6].includes(i), covariates: { x: i < 4 ? 1 : 0 } }));
    for (const ties of ["efron", "breslow"] as const) {
      expectModelFitError(() => coxProportionalHazardsModel(monotone, { ties }), "infinite-coefficient", ["x"], /coefficient of covariate "x" may be infinite/);
    }
  });

  it("no events: coxph gives NA; this refuses", () => {
    expect(degenerate.noEvents?.coefficients).toMatchObject({ a: Number.NaN });
    expectModelFitError(() => coxProportionalHazardsModel(rows((a) => ({ a }), false)), "no-events", [], /at least one event/);
  });

  it.each([
    ["no rows", [], RangeError, /at least one patient/],
    ["not an array", "rows" as unknown as CoxModelRow[], TypeError, /must be an array/],
    ["no covariates", [{ time: 1, event: true, covariates: {} }], RangeError, /at least one covariate/],
    ["a missing covariate", [{ time: 1, event: true, covariates: { a: 1, b: 2 } }, { time: 2, event: true, covariates: { a: 1 } }], RangeError, /Row 2 has no value for covariate "b"/],
    ["an extra covariate", [{ time: 1, event: true, covariates: { a: 1 } }, { time: 2, event: true, covariates: { a: 1, c: 3 } }], RangeError, /Row 2 has covariate "c", which row 1 does not have/],
    ["a NaN covariate", [{ time: 1, event: true, covariates: { a: Number.NaN } }], RangeError, /Row 1: covariate "a" must be a finite number/],
    ["a string covariate", [{ time: 1, event: true, covariates: { a: "1" as unknown as number } }], TypeError, /covariate "a" must be a finite number/],
    ["a negative time", [{ time: -1, event: true, covariates: { a: 1 } }], RangeError, /Row 1: time must not be negative/],
    ["an infinite time", [{ time: Number.POSITIVE_INFINITY, event: true, covariates: { a: 1 } }], RangeError, /time must be a finite number/],
    ["a numeric event", [{ time: 1, event: 1 as unknown as boolean, covariates: { a: 1 } }], TypeError, /event must be true or false/],
    ["missing covariates", [{ time: 1, event: true } as CoxModelRow], TypeError, /covariates must be an object/],
  ] as const)("refuses %s", (_, bad, errorType, message) => {
    const call = () => coxProportionalHazardsModel(bad as CoxModelRow[]);
    expect(call).toThrow(errorType);
    expect(call).toThrow(message);
  });

  it("refuses an unknown ties method", () => {
    expect(() => coxProportionalHazardsModel(rows((a) => ({ a })), { ties: "exact" as "efron" })).toThrow(/ties must be "efron" or "breslow"/);
  });
});

describe.each(Object.entries(fixture.interactions).flatMap(([name, data]) => (["efron", "breslow"] as const).map((ties) => [name, ties, data] as const)))(
  "coxInteractionTest on %s (%s) against anova() of the nested coxph fits",
  (name, ties, data) => {
    const expected = data[ties];
    const result = coxInteractionTest(data.rows, { ties });

    it("matches the likelihood ratio statistic, its df and p, and both log-likelihoods", () => {
      expectClose(result.statistic, expected.statistic);
      expect(result.df).toBe(expected.df);
      expectClose(result.pValue, expected.pValue);
      expectClose(result.logLikelihood.mainEffects, expected.logLikelihood[0]);
      expectClose(result.logLikelihood.withInteraction, expected.logLikelihood[1]);
    });

    it("reports levels with one arm and monotone likelihoods as coxph does", () => {
      const rWarnings = ([] as string[]).concat(expected.warnings);
      expect(result.warnings.length > 0).toBe(rWarnings.length > 0);
      expect(result.levelsWithOneArm).toEqual(name === "veteranLargeCellOneArm" ? ["large"] : []);
      expect(Object.values(expected.interactionCoefficients).filter(Number.isNaN)).toHaveLength(result.levelsWithOneArm.length);
    });
  },
);

describe("coxInteractionTest input", () => {
  const rows = fixture.interactions.veteranTreatmentByCelltype?.rows ?? [];

  it("does not depend on which level is the reference (the model spaces are the same)", () => {
    const renamed = rows.map((row) => ({ ...row, subgroup: row.subgroup === "squamous" ? "a squamous" : row.subgroup }));
    const a = coxInteractionTest(rows);
    const b = coxInteractionTest(renamed);
    expect(a.reference).toBe("adeno");
    expect(b.reference).toBe("a squamous");
    expectClose(b.statistic, a.statistic, 1e-8);
  });

  it("adjusts for covariates in both models", () => {
    const adjusted = coxInteractionTest(rows.map((row, i) => ({ ...row, covariates: { age: 40 + (i % 30) } })));
    expect(adjusted.df).toBe(3);
    expect(adjusted.statistic).not.toBeCloseTo(coxInteractionTest(rows).statistic, 6);
  });

  it("refuses fewer than two levels with both arms", () => {
    expect(() => coxInteractionTest(rows.map((row) => ({ ...row, subgroup: "all" })))).toThrow(/at least two subgroup levels.*only "all"/);
    expect(() => coxInteractionTest(rows.map((row) => ({ ...row, treatment: 1 })))).toThrow(/got none/);
    expect(() => coxInteractionTest([])).toThrow(RangeError);
    expect(() => coxInteractionTest([{ ...rows[0], subgroup: 3 } as unknown as CoxInteractionRow])).toThrow(/subgroup must be a string/);
  });
});
