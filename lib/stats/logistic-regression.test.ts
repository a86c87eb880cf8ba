import { describe, expect, it } from "vitest";
import { ModelFitError } from "./model-fit-error";
import { logisticRegression, type LogisticRow } from "./regression";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type GlmReference = {
  call: string;
  rows: LogisticRow[];
  terms: { name: string; coef: number; oddsRatio: number; stdErr: number; z: number; pValue: number; lower: number; upper: number }[];
  iterations: number;
  converged: boolean;
  allCoefficients: Record<string, number>;
  warnings: string | string[];
};
type LogisticFixture = { models: Record<string, GlmReference>; degenerate: Record<string, GlmReference> };

const fixture = loadRFixture<LogisticFixture>("logistic");

describe.each(Object.entries(fixture.models))("logisticRegression on %s against glm(family = binomial) (tests/fixtures/r/logistic.R)", (_, expected) => {
  const result = logisticRegression(expected.rows);

  it("has the intercept first, then the covariates in order", () => {
    expect(result.terms.map((term) => term.name)).toEqual(expected.terms.map((term) => term.name));
    expect(result.terms[0]?.name).toBe("(Intercept)");
  });

  it.each(expected.terms.map((term) => [term.name, term] as const))("matches coef, odds ratio, se, p and exp(confint.default()) of %s", (name, term) => {
    const actual = result.terms.find((t) => t.name === name);
    for (const key of ["coef", "oddsRatio", "stdErr", "pValue", "lower", "upper"] as const) expectClose(actual?.[key], term[key]);
  });
});

describe("logisticRegression by hand", () => {
  // One binary covariate: the MLE reproduces the 2 × 2 table. Exposed 12 events / 8 non-events,
  // unexposed 5 / 15: intercept log(5/15), coef log((12/8) / (5/15)) = log 4.5, and at the MLE the
  // Wald standard error of a log odds ratio is Woolf's √(1/12 + 1/8 + 1/5 + 1/15) = 0.689202437604511.
  // glm's standard errors use the weights of its last step, taken just before the MLE, so they
  // differ in the 7th digit: R prints 0.689202102668967 and 0.516397334705492 (√(1/5 + 1/15) =
  // 0.516397779494322) for glm(y ~ x, family = binomial) on these rows, 4 iterations.
  const rows: LogisticRow[] = [
    ...Array.from({ length: 12 }, () => ({ y: 1 as const, covariates: { exposed: 1 } })),
    ...Array.from({ length: 8 }, () => ({ y: 0 as const, covariates: { exposed: 1 } })),
    ...Array.from({ length: 5 }, () => ({ y: 1 as const, covariates: { exposed: 0 } })),
    ...Array.from({ length: 15 }, () => ({ y: 0 as const, covariates: { exposed: 0 } })),
  ];

  it("gives the table's log odds, and glm's standard errors (Woolf's to 1e-6)", () => {
    const [intercept, exposed] = logisticRegression(rows).terms;
    expectClose(intercept?.coef, Math.log(5 / 15), 1e-8);
    expectClose(exposed?.coef, Math.log(4.5), 1e-8);
    expectClose(exposed?.oddsRatio, 4.5, 1e-8);
    expectClose(intercept?.stdErr, 0.516397334705492);
    expectClose(exposed?.stdErr, 0.689202102668967);
    expectClose(intercept?.stdErr, Math.sqrt(1 / 5 + 1 / 15), 1e-6);
    const se = Math.sqrt(1 / 12 + 1 / 8 + 1 / 5 + 1 / 15);
    expectClose(exposed?.stdErr, se, 1e-6);
    expectClose(exposed?.lower, Math.exp(Math.log(4.5) - 1.959963984540054 * 0.689202102668967), 1e-8);
    expectClose(exposed?.upper, Math.exp(Math.log(4.5) + 1.959963984540054 * 0.689202102668967), 1e-8);
  });

  it("does not depend on the order of the rows, and rescaling a covariate rescales its coefficient", () => {
    const lung = fixture.models.lung?.rows ?? [];
    const reversed = [...lung].reverse();
    const a = logisticRegression(lung).terms;
    logisticRegression(reversed).terms.forEach((term, i) => expectClose(term.coef, a[i]?.coef ?? Number.NaN, 1e-9));
    const decades = logisticRegression(lung.map((row) => ({ ...row, covariates: { ...row.covariates, age: (row.covariates.age ?? 0) / 10 } }))).terms;
    expectClose(decades[1]?.coef, (a[1]?.coef ?? 0) * 10, 1e-8);
    expectClose(decades[1]?.pValue, a[1]?.pValue ?? 0, 1e-8);
  });
});

describe("logisticRegression on degenerate data (what glm reports, then what this does)", () => {
  const degenerate = fixture.degenerate;

  function expectModelFitError(rows: LogisticRow[], problem: string, terms: string[], message: RegExp): void {
    let caught: unknown;
    try {
      logisticRegression(rows);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelFitError);
    expect((caught as ModelFitError).problem).toBe(problem);
    expect((caught as ModelFitError).terms).toEqual(terms);
    expect((caught as ModelFitError).message).toMatch(message);
  }

  it("complete separation: glm warns and stops at huge coefficients; this refuses and names the covariate", () => {
    const reference = degenerate.completeSeparation;
    expect(reference?.warnings).toMatch(/fitted probabilities numerically 0 or 1/);
    expect(Math.abs(reference?.terms[1]?.coef ?? 0)).toBeGreaterThan(20);
    expectModelFitError(reference?.rows ?? [], "separation", ["x"], /separated by covariate "x"/);
  });

  it("quasi-complete separation: refused the same way", () => {
    expectModelFitError(degenerate.quasiSeparation?.rows ?? [], "separation", ["x"], /separated/);
  });

  it("a level with no events: glm gives no warning at all, just coef −19 with se 5,177; this refuses and names it", () => {
    const reference = degenerate.zeroCell;
    expect(([] as string[]).concat(reference?.warnings ?? [])).toEqual([]);
    expect(reference?.terms[1]?.stdErr).toBeGreaterThan(1000);
    expectModelFitError(reference?.rows ?? [], "separation", ["x"], /covariate "x"/);
  });

  it("collinear covariates: glm gives NA for the later one; this refuses and names it", () => {
    expect(degenerate.collinear?.allCoefficients).toMatchObject({ sum: Number.NaN });
    expectModelFitError(degenerate.collinear?.rows ?? [], "collinear-covariates", ["sum"], /Covariate "sum" is a linear combination/);
  });

  it("a constant covariate: NA in glm; refused here", () => {
    expect(degenerate.constant?.allCoefficients).toMatchObject({ constant: Number.NaN });
    expectModelFitError(degenerate.constant?.rows ?? [], "constant-covariate", ["constant"], /same value for every patient/);
  });

  it("outcomes all 0 or all 1: refused", () => {
    const rows = fixture.models.infert?.rows ?? [];
    expectModelFitError(rows.map((row) => ({ ...row, y: 0 })), "separation", [], /Every outcome is 0/);
    expectModelFitError(rows.map((row) => ({ ...row, y: 1 })), "separation", [], /Every outcome is 1/);
  });

  it.each([
    ["no rows", [], RangeError, /at least one patient/],
    ["not an array", "rows" as unknown as LogisticRow[], TypeError, /must be an array/],
    ["y = 2", [{ y: 2 as 0, covariates: {} }], RangeError, /Row 1: y must be 0 or 1/],
    ["y = true", [{ y: true as unknown as 0, covariates: {} }], TypeError, /y must be 0 or 1/],
    ["a missing covariate", [{ y: 0, covariates: { a: 1 } }, { y: 1, covariates: {} }], RangeError, /Row 2 has no value for covariate "a"/],
    ["a NaN covariate", [{ y: 0, covariates: { a: Number.NaN } }], RangeError, /covariate "a" must be a finite number/],
    ["a covariate named like the intercept", [{ y: 0, covariates: { "(Intercept)": 1 } }], RangeError, /intercept's name/],
  ] as const)("refuses %s", (_, bad, errorType, message) => {
    const call = () => logisticRegression(bad as LogisticRow[]);
    expect(call).toThrow(errorType);
    expect(call).toThrow(message);
  });
});
