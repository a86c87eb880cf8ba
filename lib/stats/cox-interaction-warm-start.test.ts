// The interaction test's shortcuts (issue 14, the regimen comparison at a million patients): the
// model without the interaction taken from the full design's columns (selectCoxDesignColumns) is
// the design built without them, exactly; the model with the interaction started from the model
// without it reaches the fit from 0 to within the convergence test; and evaluateCoxDesign's row
// pass of the information (one branch-free product, the other entries given their full term after)
// equals the reference evaluation.
import { describe, expect, it } from "vitest";
import { buildCoxDesignOf, selectCoxDesignColumns } from "./cox-covariate-design";
import { fitCoxDesign } from "./cox-covariate-fit";
import { evaluateCoxDesign } from "./cox-covariate-likelihood";
import { coxInteractionTest } from "./cox-interaction-test";
import { createSeededRandom } from "./seeded-random";
import { evaluateCoxDesignReference } from "./testing/cox-design-likelihood-reference";

type Row = { time: number; event: boolean; weight: number; treatment: number; subgroup: string; age: number };

function rows(seed: number, levels: number, count: number): Row[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const treatment = random() < 0.5 ? 1 : 0;
    const level = Math.floor(random() * levels);
    // A different treatment effect per level (an interaction to find), heavy ties.
    const hazard = Math.exp(treatment * (0.3 - 0.1 * level));
    const time = 1 + Math.floor((-Math.log(1 - random()) / hazard) * 20);
    return { time, event: random() < 0.75, weight: 1 + Math.floor(random() * 4), treatment, subgroup: `L${level}`, age: 40 + Math.round(random() * 40) };
  });
}

function design(data: Row[], levels: number, withInteraction: boolean, withAge: boolean) {
  const names = ["treatment", ...Array.from({ length: levels - 1 }, (_, j) => `s${j + 1}`)];
  if (withInteraction) names.push(...Array.from({ length: levels - 1 }, (_, j) => `t×s${j + 1}`));
  if (withAge) names.push("age");
  return buildCoxDesignOf(data, names, (row, out, offset) => {
    const level = Number(row.subgroup.slice(1));
    out[offset] = row.treatment;
    if (level > 0) out[offset + level] = 1;
    if (withInteraction && level > 0) out[offset + levels - 1 + level] = row.treatment;
    if (withAge) out[offset + names.length - 1] = row.age;
  });
}

describe("buildCoxDesignOf's order of whole-day times (a counting sort on the day)", () => {
  it("is the stable order by time the sort of ranks gives (the same times plus a half day)", () => {
    const data = rows(5, 4, 1500).map((row, i) => ({ ...row, time: (row.time * 7 + i) % 900 }));
    const halfDays = data.map((row) => ({ ...row, time: row.time + 0.5 }));
    const days = design(data, 4, true, true);
    const shifted = design(halfDays, 4, true, true);
    expect([...days.times].map((time) => time + 0.5)).toEqual([...shifted.times]);
    expect([...days.events]).toEqual([...shifted.events]);
    expect(days.weights && [...days.weights]).toEqual(shifted.weights && [...shifted.weights]);
    expect([...days.rowStarts]).toEqual([...shifted.rowStarts]);
    expect([...days.nonZero]).toEqual([...shifted.nonZero]);
    expect([...days.values]).toEqual([...shifted.values]);
  });
});

describe("selectCoxDesignColumns", () => {
  it("equals the design built with the kept columns only, numeric (centred) columns included", () => {
    for (const withAge of [false, true]) {
      const data = rows(7, 5, 400);
      const full = design(data, 5, true, withAge);
      const keep = new Uint8Array(full.size).fill(1).fill(0, 5, 9);
      const selected = selectCoxDesignColumns(full, keep);
      const direct = design(data, 5, false, withAge);
      expect(selected.names).toEqual(direct.names);
      expect(selected.size).toBe(direct.size);
      expect([...selected.scales]).toEqual([...direct.scales]);
      expect([...selected.rowStarts]).toEqual([...direct.rowStarts]);
      expect([...selected.nonZero]).toEqual([...direct.nonZero]);
      expect([...selected.values]).toEqual([...direct.values]);
      expect([...selected.times]).toEqual([...direct.times]);
      expect([...selected.events]).toEqual([...direct.events]);
      expect(selected.weights && [...selected.weights]).toEqual(direct.weights && [...direct.weights]);
    }
  });
});

describe("fitCoxDesign with a start", () => {
  it("reaches the fit from 0 (the interaction model started from the main model's estimate)", () => {
    for (const ties of ["efron", "breslow"] as const) {
      const data = rows(11, 6, 3000);
      const main = fitCoxDesign(design(data, 6, false, true), ties);
      const fullDesign = design(data, 6, true, true);
      const start = new Float64Array(fullDesign.size);
      main.beta.forEach((value, j) => (start[j < 6 ? j : j + 5] = value));
      const cold = fitCoxDesign(fullDesign, ties);
      const warm = fitCoxDesign(fullDesign, ties, start);
      expect(warm.converged).toBe(true);
      expect(warm.iterations).toBeLessThan(cold.iterations);
      expect(Math.abs(warm.logLikelihood[1] - cold.logLikelihood[1])).toBeLessThanOrEqual(1e-10 * Math.abs(cold.logLikelihood[1]));
      warm.beta.forEach((value, j) => expect(Math.abs(value - (cold.beta[j] ?? Number.NaN))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value))));
    }
  });

  it("leaves the interaction test's statistic as the fits from 0 give it", () => {
    const data = rows(13, 8, 4000);
    const test = coxInteractionTest(data.map((row) => ({ ...row })), { ties: "efron" });
    const main = fitCoxDesign(design(data, 8, false, false), "efron");
    const full = fitCoxDesign(design(data, 8, true, false), "efron");
    const statistic = 2 * (full.logLikelihood[1] - main.logLikelihood[1]);
    expect(test.logLikelihood.mainEffects).toBe(main.logLikelihood[1]);
    expect(Math.abs(test.statistic - statistic)).toBeLessThanOrEqual(1e-10 * Math.abs(full.logLikelihood[1]));
    expect(test.statistic).toBeGreaterThan(5);
  });
});

describe("evaluateCoxDesign's information pass", () => {
  it("equals the reference evaluation to 1e-12 of its scale, on a design with pairs and many death columns", () => {
    const data = rows(17, 9, 2500);
    const full = design(data, 9, true, true);
    const beta = Float64Array.from({ length: full.size }, (_, j) => 0.05 * ((j % 5) - 2));
    for (const ties of ["efron", "breslow"] as const) {
      const actual = evaluateCoxDesign(full, beta, ties);
      const expected = evaluateCoxDesignReference(full, beta, ties);
      expect(Math.abs(actual.logLikelihood - expected.logLikelihood)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.logLikelihood));
      const scale = expected.information.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
      expected.information.forEach((value, i) => expect(Math.abs((actual.information[i] ?? Number.NaN) - value)).toBeLessThanOrEqual(1e-12 * scale));
      expected.score.forEach((value, i) => expect(Math.abs((actual.score[i] ?? Number.NaN) - value)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(value))));
    }
  });
});
