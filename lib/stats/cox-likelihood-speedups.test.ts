// The faster Cox evaluations (issue 14 at a million patients: sparse column pairs, Efron sums with
// one division per tied death and the logarithm of products, a compensated log-likelihood) against
// the versions they replaced, kept in lib/stats/testing: the same log-likelihood, score and
// information to rounding, on designs with indicators and numeric columns, weights, heavy ties,
// covariates constant among the late risk sets, and extreme coefficients.
import { describe, expect, it } from "vitest";
import { buildCoxDesignOf } from "./cox-covariate-design";
import { evaluateCoxDesign } from "./cox-covariate-likelihood";
import { computeCoxIteration, type CoxTies } from "./cox-partial-likelihood";
import { buildRiskTable } from "./risk-table";
import { createSeededRandom } from "./seeded-random";
import { evaluateCoxDesignReference } from "./testing/cox-design-likelihood-reference";
import { computeCoxIterationReference } from "./testing/cox-group-likelihood-reference";

type Row = { time: number; event: boolean; weight: number; x: number[] };

/** Rows of a site-like interaction design: treatment, level indicators, treatment × level, one numeric covariate. */
function interactionRows(seed: number, levels: number, count: number): Row[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const treatment = random() < 0.5 ? 1 : 0;
    const level = Math.floor(random() * levels);
    const x = [treatment];
    for (let j = 1; j < levels; j++) x.push(level === j ? 1 : 0);
    for (let j = 1; j < levels; j++) x.push(level === j ? treatment : 0);
    x.push(Math.round(random() * 80) / 2);
    // Few distinct days (heavy ties); the latest days only for level 0 (constant columns late on).
    const time = level === 0 && random() < 0.1 ? 60 + Math.floor(random() * 5) : 1 + Math.floor(random() * 40);
    return { time, event: random() < 0.7, weight: 1 + Math.floor(random() * (random() < 0.2 ? 60 : 3)), x };
  });
}

function designOf(rows: Row[]) {
  const size = rows[0]?.x.length ?? 0;
  return buildCoxDesignOf(
    rows,
    Array.from({ length: size }, (_, j) => `x${j}`),
    (row, out, offset) => row.x.forEach((value, j) => (out[offset + j] = value)),
  );
}

function expectSameEvaluation(actual: { logLikelihood: number; score: Float64Array; information: Float64Array }, expected: typeof actual) {
  expect(Math.abs(actual.logLikelihood - expected.logLikelihood)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.logLikelihood));
  const scale = (values: Float64Array) => values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const scoreScale = scale(expected.score);
  const informationScale = scale(expected.information);
  expected.score.forEach((value, i) => expect(Math.abs((actual.score[i] ?? Number.NaN) - value)).toBeLessThanOrEqual(1e-12 * scoreScale));
  expected.information.forEach((value, i) => {
    const difference = Math.abs((actual.information[i] ?? Number.NaN) - value);
    expect(difference).toBeLessThanOrEqual(1e-12 * informationScale);
    // An entry the reference gives as an exact zero (a covariate constant in the risk sets) stays one.
    if (value === 0) expect(actual.information[i]).toBe(0);
  });
}

describe("evaluateCoxDesign against the dense version it replaced", () => {
  for (const ties of ["efron", "breslow"] as CoxTies[]) {
    for (const seed of [1, 2, 3, 4]) {
      it(`gives the same log-likelihood, score and information (${ties}, seed ${seed})`, () => {
        const design = designOf(interactionRows(seed, 2 + seed * 3, 400 + seed * 150));
        const random = createSeededRandom(100 + seed);
        for (const spread of [0, 0.3, 2, 8]) {
          const beta = Float64Array.from({ length: design.size }, () => (random() - 0.5) * spread);
          expectSameEvaluation(evaluateCoxDesign(design, beta, ties), evaluateCoxDesignReference(design, beta, ties));
        }
      });
    }
  }
});

describe("computeCoxIteration against the version it replaced", () => {
  for (const ties of ["efron", "breslow"] as CoxTies[]) {
    it(`gives the same log-likelihood, score and information (${ties})`, () => {
      const random = createSeededRandom(7);
      const records = Array.from({ length: 900 }, () => ({
        group: ["A", "B", "C"][Math.floor(random() * 3)] ?? "A",
        time: 1 + Math.floor(random() * 30),
        events: Math.floor(random() * (random() < 0.2 ? 80 : 4)),
        censored: Math.floor(random() * 3),
      }));
      const table = buildRiskTable(records);
      for (const spread of [0, 0.5, 4, 30]) {
        const beta = Float64Array.from({ length: 2 }, () => (random() - 0.5) * spread);
        expectSameEvaluation(computeCoxIteration(table, [1, 2], beta, ties), computeCoxIterationReference(table, [1, 2], beta, ties));
      }
    });
  }
});

describe("the two-group pass of computeCoxIteration (one coefficient: the forest plots' per-level hazard ratios)", () => {
  it("gives the general pass's log-likelihood, score and information, bit for bit, closed-form Efron sums included", () => {
    const random = createSeededRandom(31);
    let checked = 0;
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + Math.floor(random() * 200);
      const times = Float64Array.from({ length: count }, (_, i) => i + 1);
      const events = Float64Array.from({ length: count * 2 }, () => (random() < 0.5 ? Math.floor(random() * (random() < 0.1 ? 60 : 4)) : 0));
      const censored = Float64Array.from({ length: count * 2 }, () => Math.floor(random() * 3));
      const table = { groups: ["A", "B"], times, events, censored, sizes: new Float64Array(2), eventTotals: new Float64Array(2) };
      // The same patients with an empty third group: the general pass (no group added to any sum).
      const general = { ...table, groups: ["A", "B", "C"], events: new Float64Array(count * 3), censored: new Float64Array(count * 3) };
      for (let t = 0; t < count; t++) {
        for (let g = 0; g < 2; g++) {
          general.events[t * 3 + g] = events[t * 2 + g] ?? 0;
          general.censored[t * 3 + g] = censored[t * 2 + g] ?? 0;
        }
      }
      for (const group of [0, 1]) {
        for (const ties of ["efron", "breslow"] as const) {
          const beta = Float64Array.of((random() - 0.5) * 3);
          expect(computeCoxIteration(table, [group], beta, ties)).toStrictEqual(computeCoxIteration(general, [group], beta, ties));
          checked++;
        }
      }
    }
    expect(checked).toBe(800);
  });
});
