import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, percentAgreement } from "./agreement";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type KappaReference = {
  kappa: number;
  stdErr: number;
  lower: number;
  upper: number;
  observedAgreement: number;
  expectedAgreement: number;
};
type AgreementFixture = {
  cohen: Record<
    string,
    {
      table: number[][];
      none: KappaReference;
      linear: KappaReference;
      quadratic: KappaReference;
      psychUnweighted: { kappa: number; variance: number };
      percentAgreement: { agreement: number; lower: number; upper: number };
    }
  >;
  fleiss: Record<string, { counts: number[][]; kappa: number; stdErr: number; z: number; pValue: number }>;
  fleissPrintedByIrr: { kappa: number; z: number };
};

const fixture = loadRFixture<AgreementFixture>("agreement");
const cohenCases = Object.entries(fixture.cohen);

describe("cohenKappa against vcd::Kappa and confint() (tests/fixtures/r/agreement.R)", () => {
  it("covers 2 × 2 to 6 × 6 tables, empty rows and columns, perfect, chance and below-chance agreement", () => {
    const sizes = new Set(cohenCases.map(([, c]) => c.table.length));
    expect([...sizes].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it.each(cohenCases.flatMap(([name, c]) => (["none", "linear", "quadratic"] as const).map((w) => [`${name}, ${w}`, c, w] as const)))(
    "%s",
    (_, c, weights) => {
      const result = cohenKappa(c.table, { weights });
      const expected = c[weights];
      for (const key of ["kappa", "stdErr", "lower", "upper", "observedAgreement", "expectedAgreement"] as const) {
        expectClose(result[key], expected[key]);
      }
    },
  );

  it.each(cohenCases)("%s: unweighted kappa and variance equal psych::cohen.kappa's", (_, c) => {
    const result = cohenKappa(c.table);
    expectClose(result.kappa, c.psychUnweighted.kappa);
    expectClose(result.stdErr ** 2, c.psychUnweighted.variance);
  });

  it("uses no weights by default", () => {
    const table = fixture.cohen.her2FourCalls?.table ?? [];
    expect(cohenKappa(table)).toEqual(cohenKappa(table, { weights: "none" }));
    expect(cohenKappa(table, {})).toEqual(cohenKappa(table, { weights: "none" }));
  });
});

describe("cohenKappa against published examples", () => {
  it("Cohen (1960), Table 2: po = .70, pc = .41, kappa = .492", () => {
    const result = cohenKappa([
      [88, 14, 18],
      [10, 40, 10],
      [2, 6, 12],
    ]);
    expectClose(result.observedAgreement, 0.7);
    expectClose(result.expectedAgreement, 0.41);
    expectClose(result.kappa, 0.29 / 0.59);
    expect(result.kappa.toFixed(3)).toBe("0.492");
  });

  it("Fleiss, Cohen & Everitt (1969): kappa = .429", () => {
    const result = cohenKappa([
      [106, 10, 4],
      [22, 28, 10],
      [2, 12, 6],
    ]);
    expectClose(result.kappa, (0.7 - 0.475) / (1 - 0.475));
    expect(result.kappa.toFixed(3)).toBe("0.429");
  });

  it("SAS PROC FREQ's AGREE example, as SAS prints it (4 decimals), with an empty first column", () => {
    const table = [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ];
    const simple = cohenKappa(table);
    expect([simple.kappa, simple.stdErr, simple.lower, simple.upper].map((v) => v.toFixed(4))).toEqual(["0.4842", "0.1380", "0.2137", "0.7547"]);
    // SAS's Cicchetti-Allison weights are the linear ones.
    const weighted = cohenKappa(table, { weights: "linear" });
    expect([weighted.kappa, weighted.stdErr, weighted.lower, weighted.upper].map((v) => v.toFixed(4))).toEqual(["0.4701", "0.1457", "0.1845", "0.7558"]);
  });
});

describe("cohenKappa by hand from the formulas", () => {
  // [[20, 5], [10, 15]], n = 50: p = [[.4, .1], [.2, .3]], rows .5/.5, columns .6/.4.
  // Po = .7, Pe = .5 · .6 + .5 · .4 = .5, kappa = .2 / .5 = .4, 1 − kappa = .6.
  // Fleiss-Cohen-Everitt: diagonal .4 (1 − (.5 + .6) .6)² + .3 (1 − (.5 + .4) .6)² = .04624 + .06348;
  // off-diagonal .6² (.1 (.6 + .5)² + .2 (.4 + .5)²) = .36 · .283 = .10188; minus (.4 − .5 · .6)² = .01;
  // total .2016 / (50 · .5²) = .016128, stdErr = √.016128.
  it("2 × 2, unweighted", () => {
    const result = cohenKappa([
      [20, 5],
      [10, 15],
    ]);
    expectClose(result.observedAgreement, 0.7);
    expectClose(result.expectedAgreement, 0.5);
    expectClose(result.kappa, 0.4);
    expectClose(result.stdErr, Math.sqrt(0.016128));
    expectClose(result.lower, 0.4 - 1.959963984540054 * Math.sqrt(0.016128));
    expectClose(result.upper, 0.4 + 1.959963984540054 * Math.sqrt(0.016128));
  });

  it("2 × 2: linear and quadratic weights are the unweighted kappa (the only weights are 1 and 0)", () => {
    const table = [
      [20, 5],
      [10, 15],
    ];
    for (const weights of ["linear", "quadratic"] as const) {
      const result = cohenKappa(table, { weights });
      expectClose(result.kappa, 0.4);
      expectClose(result.stdErr, Math.sqrt(0.016128));
    }
  });

  // [[4, 1, 0], [1, 2, 1], [0, 1, 4]], n = 14; rows = columns = (5, 4, 5) / 14.
  // Linear weights 1, 1/2, 0: Po = (4 + 2 + 4 + (1 + 1 + 1 + 1) / 2) / 14 = 12 / 14.
  // Pe = Σ w_ij r_i c_j = (25 + 16 + 25 + 2 · (20 + 20) / 2 + 2 · 0 · 25) / 196 = 106 / 196.
  // Quadratic weights 1, 3/4, 0: Po = (10 + 4 · .75) / 14 = 13 / 14, Pe = (66 + .75 · 80) / 196 = 126 / 196.
  it("3 × 3, linear and quadratic weights", () => {
    const table = [
      [4, 1, 0],
      [1, 2, 1],
      [0, 1, 4],
    ];
    const linear = cohenKappa(table, { weights: "linear" });
    expectClose(linear.observedAgreement, 12 / 14);
    expectClose(linear.expectedAgreement, 106 / 196);
    expectClose(linear.kappa, (12 / 14 - 106 / 196) / (1 - 106 / 196));
    const quadratic = cohenKappa(table, { weights: "quadratic" });
    expectClose(quadratic.observedAgreement, 13 / 14);
    expectClose(quadratic.expectedAgreement, 126 / 196);
    expectClose(quadratic.kappa, (13 / 14 - 126 / 196) / (1 - 126 / 196));
  });
});

describe("cohenKappa on degenerate input", () => {
  it("perfect agreement: kappa 1, stdErr 0, interval [1, 1], whatever the weights", () => {
    for (const weights of ["none", "linear", "quadratic"] as const) {
      expect(
        cohenKappa(
          [
            [5, 0, 0],
            [0, 0, 0],
            [0, 0, 7],
          ],
          { weights },
        ),
      ).toMatchObject({ kappa: 1, stdErr: 0, lower: 1, upper: 1, observedAgreement: 1 });
    }
  });

  it("chance agreement (a table equal to the product of its margins): kappa 0", () => {
    const result = cohenKappa([
      [2, 3, 5],
      [4, 6, 10],
      [6, 9, 15],
    ]);
    expectClose(result.kappa, 0, 1e-12);
    expectClose(result.observedAgreement, result.expectedAgreement, 1e-12);
  });

  it("both readers used one and the same category (Pe = 1): kappa undefined, NaN", () => {
    for (const table of [[[9]], [[0, 0], [0, 12]]]) {
      const result = cohenKappa(table, { weights: "quadratic" });
      expect(result.kappa).toBeNaN();
      expect(result.stdErr).toBeNaN();
      expect(result.lower).toBeNaN();
      expect(result.upper).toBeNaN();
      expect(result.observedAgreement).toBe(1);
      expect(result.expectedAgreement).toBe(1);
    }
  });

  it("one reader used a single category, the other several: kappa exactly 0 (Po = Pe) with variance 0, not undefined", () => {
    for (const weights of ["none", "linear", "quadratic"] as const) {
      const result = cohenKappa(
        [
          [6, 3, 2],
          [0, 0, 0],
          [0, 0, 0],
        ],
        { weights },
      );
      expect(result).toMatchObject({ kappa: 0, stdErr: 0, lower: 0, upper: 0 });
      expect(result.observedAgreement).toBe(result.expectedAgreement);
    }
    expectClose(cohenKappa([[6, 0], [3, 0]]).observedAgreement, 6 / 9);
  });

  it("an unused category: the unweighted kappa ignores it; a weighted one changes when it sits between used ones", () => {
    const table = [
      [10, 3, 1],
      [2, 8, 4],
      [1, 2, 9],
    ];
    const unusedLast = [
      [10, 3, 1, 0],
      [2, 8, 4, 0],
      [1, 2, 9, 0],
      [0, 0, 0, 0],
    ];
    const unusedSecond = [
      [10, 0, 3, 1],
      [0, 0, 0, 0],
      [2, 0, 8, 4],
      [1, 0, 2, 9],
    ];
    for (const padded of [unusedLast, unusedSecond]) {
      expectClose(cohenKappa(padded).kappa, cohenKappa(table).kappa, 1e-12);
      expectClose(cohenKappa(padded).stdErr, cohenKappa(table).stdErr, 1e-12);
    }
    for (const weights of ["linear", "quadratic"] as const) {
      // Weighted kappa is 1 − Σ v p / Σ v r c for disagreement weights v: rescaling v (k − 1 grows
      // by one) cancels, but a gap in the middle changes the distances between the used categories.
      expectClose(cohenKappa(unusedLast, { weights }).kappa, cohenKappa(table, { weights }).kappa, 1e-12);
      expect(Math.abs(cohenKappa(unusedSecond, { weights }).kappa - cohenKappa(table, { weights }).kappa)).toBeGreaterThan(1e-3);
    }
  });

  it("is symmetric in the two readers (transposed table)", () => {
    const table = fixture.cohen.her2FiveCallsEmptyRow?.table ?? [];
    const transposed = table.map((_, i) => table.map((row) => row[i] ?? 0));
    for (const weights of ["none", "linear", "quadratic"] as const) {
      const a = cohenKappa(table, { weights });
      const b = cohenKappa(transposed, { weights });
      expectClose(b.kappa, a.kappa, 1e-12);
      expectClose(b.stdErr, a.stdErr, 1e-12);
    }
  });

  it.each([
    ["an empty table", [], RangeError, /at least one row/],
    ["an empty row", [[]], RangeError, /at least one column/],
    ["a non-square table", [[1, 2, 3], [4, 5, 6]], RangeError, /must be square.*2 rows × 3 columns/],
    ["a ragged table", [[1, 2], [3]], RangeError, /ragged/],
    ["a negative count", [[1, -2], [3, 4]], RangeError, /Cell \[1, 2\].*non-negative integer/],
    ["a fractional count", [[1, 2.5], [3, 4]], RangeError, /non-negative integer/],
    ["NaN", [[1, Number.NaN], [3, 4]], RangeError, /non-negative integer/],
    ["Infinity", [[1, Number.POSITIVE_INFINITY], [3, 4]], RangeError, /non-negative integer/],
    ["a zero total", [[0, 0], [0, 0]], RangeError, /no rated specimens/],
    ["a string count", [[1, "2" as unknown as number], [3, 4]], TypeError, /non-negative integer/],
    ["not an array", "table" as unknown as number[][], TypeError, /array of rows/],
    ["a row that is not an array", [[1, 2], 3 as unknown as number[]], TypeError, /Row 2/],
  ] as const)("refuses %s", (_, table, errorType, message) => {
    const call = () => cohenKappa(table as unknown as number[][]);
    expect(call).toThrow(errorType);
    expect(call).toThrow(message);
  });

  it("refuses an unknown weighting", () => {
    expect(() => cohenKappa([[1, 2], [3, 4]], { weights: "squared" as "quadratic" })).toThrow(RangeError);
    expect(() => cohenKappa([[1, 2], [3, 4]], { weights: "squared" as "quadratic" })).toThrow(/weights must be/);
  });
});

describe("percentAgreement against binom.test (Clopper-Pearson)", () => {
  it.each(cohenCases)("%s", (_, c) => {
    const result = percentAgreement(c.table);
    expectClose(result.agreement, c.percentAgreement.agreement);
    expectClose(result.lower, c.percentAgreement.lower);
    expectClose(result.upper, c.percentAgreement.upper);
  });

  it("by hand: 35 of 50, binom.test(35, 50)$conf.int", () => {
    expect(percentAgreement([[20, 5], [10, 15]])).toEqual({ agreement: 0.7, lower: expect.any(Number), upper: expect.any(Number) });
    expectClose(percentAgreement([[20, 5], [10, 15]]).lower, 0.55391767433882166);
    expectClose(percentAgreement([[20, 5], [10, 15]]).upper, 0.82138215433585304);
  });

  it("perfect and no agreement reach the bounds 1 and 0 exactly", () => {
    expect(percentAgreement([[3, 0], [0, 2]])).toMatchObject({ agreement: 1, upper: 1 });
    expect(percentAgreement([[0, 3], [2, 0]])).toMatchObject({ agreement: 0, lower: 0 });
  });

  it.each([
    [[], RangeError],
    [[[1, 2, 3], [4, 5, 6]], RangeError],
    [[[0, 0], [0, 0]], RangeError],
    [[[1, -1], [0, 2]], RangeError],
    [[[1, "a" as unknown as number], [0, 2]], TypeError],
  ] as const)("refuses %j", (table, errorType) => {
    expect(() => percentAgreement(table as unknown as number[][])).toThrow(errorType);
  });
});

describe("fleissKappa", () => {
  it.each(Object.entries(fixture.fleiss))("%s: irr::kappam.fleiss's formulas, evaluated in R", (_, c) => {
    const result = fleissKappa(c.counts);
    expectClose(result.kappa, c.kappa);
    expectClose(result.stdErr, c.stdErr);
    expectClose(result.z, c.z);
    expectClose(result.pValue, c.pValue);
  });

  it("Fleiss (1971): kappa .430 and irr's printed kappa 0.4302445 and z 17.65183", () => {
    const result = fleissKappa(fixture.fleiss.fleiss1971?.counts ?? []);
    expect(result.kappa.toFixed(3)).toBe("0.430");
    expectClose(result.kappa, fixture.fleissPrintedByIrr.kappa, 5e-7);
    expectClose(result.z, fixture.fleissPrintedByIrr.z, 5e-7);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-60);
  });

  it("Wikipedia's 10 subjects × 14 raters example: kappa 0.210", () => {
    expect(fleissKappa(fixture.fleiss.wikipedia?.counts ?? []).kappa.toFixed(3)).toBe("0.210");
  });

  // 3 subjects, 3 raters, 2 categories: [[3, 0], [2, 1], [0, 3]].
  // P_i = (9 − 3) / 6 = 1, (4 + 1 − 3) / 6 = 1/3, 1; P̄ = 7/9. p = (5/9, 4/9), P̄e = 41/81.
  // kappa = (63/81 − 41/81) / (40/81) = 0.55. Σ p q = 40/81 and Σ p q (q − p) = 0, so
  // stdErr = √(2 / (3 · 3 · 2)) = 1/3, z = 1.65, p = 2 pnorm(−1.65) = 0.098942936067296219.
  it("by hand", () => {
    const result = fleissKappa([
      [3, 0],
      [2, 1],
      [0, 3],
    ]);
    expectClose(result.kappa, 0.55);
    expectClose(result.stdErr, 1 / 3);
    expectClose(result.z, 1.65);
    expectClose(result.pValue, 0.098942936067296219);
  });

  it("with two raters equals Scott's pi (Po against the averaged margins)", () => {
    const table = fixture.cohen.her2FourCalls?.table ?? [];
    const k = table.length;
    const counts: number[][] = [];
    table.forEach((row, i) =>
      row.forEach((n, j) => {
        for (let s = 0; s < n; s++) counts.push(Array.from({ length: k }, (_, c) => (c === i ? 1 : 0) + (c === j ? 1 : 0)));
      }),
    );
    const total = counts.length;
    const observed = table.reduce((sum, row, i) => sum + (row[i] ?? 0), 0) / total;
    let expected = 0;
    for (let c = 0; c < k; c++) {
      const share = (table.reduce((sum, row) => sum + (row[c] ?? 0), 0) + (table[c] ?? []).reduce((a, b) => a + b, 0)) / (2 * total);
      expected += share * share;
    }
    expectClose(fleissKappa(counts).kappa, (observed - expected) / (1 - expected), 1e-12);
  });

  it("an unused category (all-zero column) changes nothing", () => {
    const counts = fixture.fleiss.fleiss1971?.counts ?? [];
    expect(fleissKappa(counts.map((row) => [...row, 0]))).toEqual(fleissKappa(counts));
  });

  it("perfect agreement over several categories: kappa 1 with a finite null standard error", () => {
    const result = fleissKappa([
      [4, 0],
      [0, 4],
      [4, 0],
    ]);
    expectClose(result.kappa, 1);
    expect(Number.isFinite(result.stdErr)).toBe(true);
  });

  it("every rating in one category (P̄e = 1): every field NaN, decided on counts (10 × 3/30 is not 1 in floating point)", () => {
    const result = fleissKappa([
      [0, 3],
      [0, 3],
    ]);
    expect(Object.values(result).every(Number.isNaN)).toBe(true);
    const ten = fleissKappa(Array.from({ length: 10 }, () => [3, 0, 0]));
    expect(Object.values(ten).every(Number.isNaN)).toBe(true);
  });

  it.each([
    ["an empty matrix", [], RangeError, /at least one row/],
    ["different numbers of raters", [[2, 1], [1, 1]], RangeError, /same number of raters.*subject 2 has 2/],
    ["a single rater", [[1, 0], [0, 1]], RangeError, /at least 2 ratings/],
    ["no ratings at all", [[0, 0], [0, 0]], RangeError, /at least 2 ratings/],
    ["a negative count", [[3, -1], [1, 1]], RangeError, /non-negative integer/],
    ["a fractional count", [[1.5, 0.5], [1, 1]], RangeError, /non-negative integer/],
    ["a ragged matrix", [[1, 1], [2]], RangeError, /ragged/],
    ["a string count", [["2" as unknown as number, 0], [1, 1]], TypeError, /non-negative integer/],
  ] as const)("refuses %s", (_, counts, errorType, message) => {
    const call = () => fleissKappa(counts as unknown as number[][]);
    expect(call).toThrow(errorType);
    expect(call).toThrow(message);
  });
});
