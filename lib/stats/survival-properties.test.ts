import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coxProportionalHazards, kaplanMeier, logRankTest, type SurvivalRecord } from "./survival";

const recordArbitrary = fc.record({
  group: fc.constantFrom("A", "B", "C"),
  time: fc.integer({ min: 0, max: 25 }),
  events: fc.integer({ min: 0, max: 3 }),
  censored: fc.integer({ min: 0, max: 2 }),
});
const recordsArbitrary = fc.array(recordArbitrary, { minLength: 1, maxLength: 40 });

/** One row per patient, in a shuffled order. */
function splitIntoPatients(records: SurvivalRecord[], order: number[]): SurvivalRecord[] {
  const patients = records.flatMap((record) => [
    ...Array.from({ length: record.events }, () => ({ group: record.group, time: record.time, events: 1, censored: 0 })),
    ...Array.from({ length: record.censored }, () => ({ group: record.group, time: record.time, events: 0, censored: 1 })),
  ]);
  return patients
    .map((patient, i) => ({ patient, key: order[i % Math.max(order.length, 1)] ?? i }))
    .sort((a, b) => a.key - b.key)
    .map(({ patient }) => patient);
}

function describeOutcome<T>(compute: () => T): T | string {
  try {
    return compute();
  } catch (error) {
    return (error as Error).message;
  }
}

describe("Kaplan-Meier properties", () => {
  it("S is non-increasing, within [0, 1], inside its CI, and the risk sets add up", () => {
    fc.assert(
      fc.property(recordsArbitrary, (records) => {
        for (const curve of kaplanMeier(records)) {
          let previous = 1;
          let atRisk = curve.n;
          for (const point of curve.points) {
            expect(point.survival).toBeLessThanOrEqual(previous);
            expect(point.survival).toBeGreaterThanOrEqual(0);
            expect(point.nRisk).toBe(atRisk);
            if (point.lower !== null && point.upper !== null) {
              expect(point.lower).toBeLessThanOrEqual(point.survival + 1e-15);
              expect(point.upper).toBeGreaterThanOrEqual(point.survival - 1e-15);
              expect(point.upper).toBeLessThanOrEqual(1);
            } else {
              expect(point.survival).toBe(0);
            }
            atRisk -= point.nEvent + point.nCensor;
            previous = point.survival;
          }
          expect(atRisk).toBe(0);
          expect(curve.events).toBe(curve.points.reduce((sum, point) => sum + point.nEvent, 0));
          const { estimate, lower, upper } = curve.median;
          if (estimate !== null && lower !== null) expect(lower).toBeLessThanOrEqual(estimate);
          if (estimate !== null && upper !== null) expect(upper).toBeGreaterThanOrEqual(estimate);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("aggregation does not change any result", () => {
  it("gives the same KM, log-rank and Cox for aggregated rows and one shuffled row per patient", () => {
    fc.assert(
      fc.property(recordsArbitrary, fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (records, order) => {
        const patients = splitIntoPatients(records, order);
        expect(kaplanMeier(patients)).toEqual(kaplanMeier(records));
        expect(describeOutcome(() => logRankTest(patients))).toEqual(describeOutcome(() => logRankTest(records)));
        const reference = [...new Set(patients.map((patient) => patient.group))].sort()[0] ?? "A";
        expect(describeOutcome(() => coxProportionalHazards(patients, { reference }))).toEqual(
          describeOutcome(() => coxProportionalHazards(records, { reference })),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe("log-rank and Cox agree where theory says they must", () => {
  it("the Cox score test equals the log-rank chi-square when no event times are tied", () => {
    const patientsArbitrary = fc.array(fc.record({ inB: fc.boolean(), event: fc.boolean() }), { minLength: 4, maxLength: 30 });
    fc.assert(
      fc.property(patientsArbitrary, (patients) => {
        const records = patients.map((p, i) => ({ group: p.inB ? "B" : "A", time: i + 1, events: p.event ? 1 : 0, censored: p.event ? 0 : 1 }));
        const logRank = describeOutcome(() => logRankTest(records));
        const cox = describeOutcome(() => coxProportionalHazards(records, { reference: "A" }));
        if (typeof logRank === "string" || typeof cox === "string") return; // fewer than two groups, no events, infinite beta
        expect(cox.scoreTest.statistic).toBeCloseTo(logRank.chiSquare, 10);
        expect(logRank.pValue).toBeGreaterThanOrEqual(0);
        expect(logRank.pValue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("a Cox fit that succeeds has a finite estimate with a positive se and consistent tests", () => {
    fc.assert(
      fc.property(recordsArbitrary, fc.constantFrom<"efron" | "breslow">("efron", "breslow"), (records, ties) => {
        const fit = describeOutcome(() => coxProportionalHazards(records, { reference: "A", ties }));
        if (typeof fit === "string") {
          expect(fit).toMatch(/needs at least two groups|has no patients|has no events|at least one event|may be infinite/);
          return;
        }
        expect(fit.logLikelihood[1]).toBeGreaterThanOrEqual(fit.logLikelihood[0] - 1e-9);
        expect(fit.likelihoodRatioTest.statistic).toBeGreaterThanOrEqual(-1e-9);
        for (const term of fit.terms) {
          expect(Number.isFinite(term.coef)).toBe(true);
          expect(term.stdErr).toBeGreaterThan(0);
          expect(term.lower).toBeLessThanOrEqual(term.hazardRatio);
          expect(term.upper).toBeGreaterThanOrEqual(term.hazardRatio);
        }
      }),
      { numRuns: 300 },
    );
  });
});
