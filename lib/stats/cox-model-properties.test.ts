import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coxProportionalHazards, coxProportionalHazardsModel, type SurvivalRecord } from "./survival";

const patientsArbitrary = fc.array(
  fc.record({ group: fc.constantFrom("A", "B", "C"), time: fc.integer({ min: 0, max: 15 }), event: fc.boolean() }),
  { minLength: 2, maxLength: 60 },
);

function describeOutcome<T>(compute: () => T): T | string {
  try {
    return compute();
  } catch {
    return "refused";
  }
}

describe("the multivariable Cox model against the one-factor model (grouped likelihood)", () => {
  it("indicators of the non-reference groups give the same terms, log-likelihoods and refusals", () => {
    fc.assert(
      fc.property(patientsArbitrary, fc.constantFrom("efron" as const, "breslow" as const), (patients, ties) => {
        const records: SurvivalRecord[] = patients.map((p) => ({ group: p.group, time: p.time, events: p.event ? 1 : 0, censored: p.event ? 0 : 1 }));
        const groups = [...new Set(patients.map((p) => p.group))].sort();
        const reference = groups[0] ?? "A";
        const others = groups.slice(1);
        const grouped = describeOutcome(() => coxProportionalHazards(records, { reference, ties }));
        const model = describeOutcome(() =>
          coxProportionalHazardsModel(
            patients.map((p) => ({ time: p.time, event: p.event, covariates: Object.fromEntries(others.map((g) => [g, p.group === g ? 1 : 0])) })),
            { ties },
          ),
        );
        if (typeof grouped === "string" || typeof model === "string") {
          expect(typeof model).toBe(typeof grouped);
          return;
        }
        grouped.terms.forEach((term, i) => {
          expect(model.terms[i]?.name).toBe(term.group);
          expect(model.terms[i]?.coef).toBeCloseTo(term.coef, 7);
          expect(model.terms[i]?.stdErr).toBeCloseTo(term.stdErr, 7);
        });
        expect(model.logLikelihood[0]).toBeCloseTo(grouped.logLikelihood[0], 9);
        expect(model.logLikelihood[1]).toBeCloseTo(grouped.logLikelihood[1], 9);
      }),
      { numRuns: 300 },
    );
  });
});
