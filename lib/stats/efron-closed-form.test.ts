// Efron's tied-death sums in closed form (efron-sums.ts, used above 32 tied deaths at a time)
// against the loop over the d steps they replace: the six sums on a grid of c = S0/(D0/d) from
// 1e-3 to 1e8 and d from 33 to 200,000, and whole Cox fits with thousands of tied deaths per time
// (grouped records, weighted model rows, the interaction test) with the loop forced everywhere.
import { afterEach, describe, expect, it } from "vitest";
import { computeCoxIteration } from "./cox-partial-likelihood";
import { efronSumsByLoop, efronSumsClosedForm, setEfronClosedFormThreshold, type EfronSums } from "./efron-sums";
import { buildRiskTable } from "./risk-table";
import { createSeededRandom } from "./seeded-random";
import type { SurvivalRecord } from "./survival-types";
import { coxInteractionTest, coxProportionalHazards, coxProportionalHazardsModel, type CoxInteractionRow, type CoxModelRow } from "./survival";

const KEYS = ["sumLog", "inverse", "shareOverS", "inverseSquare", "shareOverSquare", "shareSquareOverSquare"] as const;

/**
 * Relative 1e-10; for Σ log s_k, which can be near zero while its terms are not, also absolute
 * 1e-12 of the largest of the closed form's two terms, d·|log s_d| and P = Σ log(s_d/s_k) (the
 * other five sums have positive terms only).
 */
function expectSameSums(actual: EfronSums, expected: EfronSums, d: number, sum0: number, deathSum0: number) {
  for (const key of KEYS) {
    const difference = Math.abs(actual[key] - expected[key]);
    let allowed = 1e-10 * Math.abs(expected[key]);
    if (key === "sumLog") {
      const first = d * Math.abs(Math.log(sum0 + deathSum0));
      allowed = Math.max(allowed, 1e-12 * Math.max(first, Math.abs(first - expected.sumLog)));
    }
    expect(difference, `${key} at d = ${d}, S0 = ${sum0}, D0 = ${deathSum0}`).toBeLessThanOrEqual(allowed);
  }
}

describe("efronSumsClosedForm against the loop", () => {
  const ds = [33, 34, 41, 100, 257, 1000, 4099, 20_000, 200_000];
  const cs = [0, 1e-3, 0.01, 0.37, 1, 2.5, 8.99, 9, 9.5, 10, 10.01, 31, 100, 999, 1e4, 1e5, 3.3e6, 1e7, 1e8];
  for (const d of ds) {
    it(`gives the six sums at d = ${d} for c from 0 to 1e8 and several scales`, () => {
      for (const c of cs) {
        // D0 from tiny to huge (β = D0/d), and D0 such that s_k straddles 1 (Σ log s_k near zero).
        for (const deathSum0 of [1e-6, 1, 1.7, 2.5e4, 3e9, 2 / (1 + c / d)]) {
          const sum0 = (c * deathSum0) / d;
          expectSameSums(efronSumsClosedForm(sum0, deathSum0, d), efronSumsByLoop(sum0, deathSum0, d), d, sum0, deathSum0);
        }
      }
    });
  }

  it("gives the six sums for random (S0, D0, d)", () => {
    const random = createSeededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const d = 33 + Math.floor(Math.exp(random() * Math.log(20_000)));
      const c = Math.exp(Math.log(1e-3) + random() * Math.log(1e11));
      const deathSum0 = Math.exp((random() - 0.5) * 40);
      const sum0 = (c * deathSum0) / d;
      expectSameSums(efronSumsClosedForm(sum0, deathSum0, d), efronSumsByLoop(sum0, deathSum0, d), d, sum0, deathSum0);
    }
  });

  it("is exact where the sums are known: everyone at risk dies (S0 = 0)", () => {
    // c = 0: Σ c_k/s_k = d/D0, Σ c_k²/s_k² = d/D0², Σ log s_k = d log(D0/d) + log d!.
    const d = 5000;
    const sums = efronSumsClosedForm(0, 3, d);
    expect(Math.abs(sums.shareOverS - d / 3)).toBeLessThanOrEqual(1e-14 * (d / 3));
    expect(Math.abs(sums.shareSquareOverSquare - d / 9)).toBeLessThanOrEqual(1e-14 * (d / 9));
  });
});

/** Relative 1e-9 (absolute 1e-9 of the scale for values near zero). */
function expectClose(actual: number, expected: number, scale = Math.abs(expected)) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(expected), scale));
}

/** The same computation with the closed form and with the loop forced at every death time. */
function withAndWithoutClosedForm<T>(run: () => T): [T, T] {
  const closed = run();
  setEfronClosedFormThreshold(Number.POSITIVE_INFINITY);
  try {
    return [closed, run()];
  } finally {
    setEfronClosedFormThreshold(32);
  }
}

afterEach(() => {
  setEfronClosedFormThreshold(32);
});

describe("Cox fits with heavy ties: closed form against the loop", () => {
  it("coxProportionalHazards on grouped records with thousands of tied deaths per time", () => {
    const random = createSeededRandom(21);
    const groups = ["A", "B", "C", "D", "E"];
    const records: SurvivalRecord[] = [];
    for (let time = 1; time <= 60; time++) {
      for (const [g, group] of groups.entries()) {
        records.push({ group, time, events: Math.floor(random() * 4000 * (1 + 0.1 * g)), censored: Math.floor(random() * 3000) });
      }
    }
    // Late times with one group left (a group alone at risk) and a few with small counts (the loop below 33).
    records.push({ group: "E", time: 70, events: 900, censored: 10 }, { group: "A", time: 65, events: 7, censored: 1 });
    for (const ties of ["efron", "breslow"] as const) {
      const [closed, loop] = withAndWithoutClosedForm(() => coxProportionalHazards(records, { reference: "A", ties }));
      closed.terms.forEach((term, i) => {
        const expected = loop.terms[i];
        if (!expected) throw new Error("missing term");
        expectClose(term.coef, expected.coef);
        expectClose(term.stdErr, expected.stdErr);
      });
      expectClose(closed.logLikelihood[0], loop.logLikelihood[0]);
      expectClose(closed.logLikelihood[1], loop.logLikelihood[1]);
      expectClose(closed.scoreTest.statistic, loop.scoreTest.statistic);
    }
  });

  it("computeCoxIteration's log-likelihood, score and information at several beta", () => {
    const random = createSeededRandom(5);
    const records = Array.from({ length: 400 }, () => ({
      group: ["A", "B", "C"][Math.floor(random() * 3)] ?? "A",
      time: 1 + Math.floor(random() * 20),
      events: Math.floor(random() * (random() < 0.3 ? 3000 : 20)),
      censored: Math.floor(random() * 50),
    }));
    const table = buildRiskTable(records);
    for (const spread of [0, 0.5, 4, 20]) {
      const beta = Float64Array.from({ length: 2 }, () => (random() - 0.5) * spread);
      const [closed, loop] = withAndWithoutClosedForm(() => computeCoxIteration(table, [1, 2], beta, "efron"));
      expectClose(closed.logLikelihood, loop.logLikelihood);
      const scoreScale = Math.max(...loop.score.map(Math.abs));
      closed.score.forEach((value, i) => expectClose(value, loop.score[i] ?? Number.NaN, scoreScale));
      const informationScale = Math.max(...loop.information.map(Math.abs));
      closed.information.forEach((value, i) => expectClose(value, loop.information[i] ?? Number.NaN, informationScale));
    }
  });

  /** Weighted rows: 2 arms, 3 levels, a numeric covariate, on few days with thousands of patients per row. */
  function weightedRows(seed: number): CoxInteractionRow[] {
    const random = createSeededRandom(seed);
    return Array.from({ length: 500 }, () => {
      const treatment = random() < 0.5 ? 1 : 0;
      const level = Math.floor(random() * 3);
      return {
        time: 1 + Math.floor(random() * (12 + 4 * treatment + 3 * level)),
        event: random() < 0.7,
        treatment,
        subgroup: ["north", "south", "west"][level] ?? "north",
        covariates: { age: Math.round(40 + random() * 40) },
        weight: 1 + Math.floor(random() * (random() < 0.5 ? 400 : 30)),
      };
    });
  }

  it("coxProportionalHazardsModel on weighted rows", () => {
    const rows: CoxModelRow[] = weightedRows(3).map((row) => ({
      time: row.time,
      event: row.event,
      weight: row.weight,
      covariates: { treatment: row.treatment, south: row.subgroup === "south" ? 1 : 0, west: row.subgroup === "west" ? 1 : 0, age: row.covariates?.age ?? 0 },
    }));
    for (const ties of ["efron", "breslow"] as const) {
      const [closed, loop] = withAndWithoutClosedForm(() => coxProportionalHazardsModel(rows, { ties }));
      closed.terms.forEach((term, i) => {
        const expected = loop.terms[i];
        if (!expected) throw new Error("missing term");
        expectClose(term.coef, expected.coef, expected.stdErr);
        expectClose(term.stdErr, expected.stdErr);
      });
      expectClose(closed.logLikelihood[0], loop.logLikelihood[0]);
      expectClose(closed.logLikelihood[1], loop.logLikelihood[1]);
    }
  });

  it("coxInteractionTest on weighted rows", () => {
    const rows = weightedRows(4);
    const [closed, loop] = withAndWithoutClosedForm(() => coxInteractionTest(rows, { ties: "efron" }));
    expectClose(closed.logLikelihood.mainEffects, loop.logLikelihood.mainEffects);
    expectClose(closed.logLikelihood.withInteraction, loop.logLikelihood.withInteraction);
    expectClose(closed.statistic, loop.statistic);
    expect(closed.df).toBe(loop.df);
  });
});
