import { describe, expect, it } from "vitest";
import { coxProportionalHazards, kaplanMeier, logRankTest } from "./survival";
import { convertAmlToRecords, expectRelativelyClose, loadRReference } from "./testing/r-reference";

const reference = loadRReference();
const records = convertAmlToRecords(reference);

describe("kaplanMeier against survfit(Surv(time, status) ~ x, data = aml)", () => {
  const curves = kaplanMeier(records);

  it("returns one curve per group, sorted by name, with patients and events", () => {
    expect(curves.map((curve) => curve.group)).toEqual(["Maintained", "Nonmaintained"]);
    expect(curves.map((curve) => [curve.n, curve.events])).toEqual([
      [11, 7],
      [12, 11],
    ]);
  });

  it.each(reference.aml.kaplanMeier.map((row) => [`${row.group} t=${row.time}`, row] as const))(
    "matches R at %s",
    (_, row) => {
      const point = curves.find((curve) => curve.group === row.group)?.points.find((p) => p.time === row.time);
      expect(point, "a point at this event time").toBeDefined();
      expect(point?.nRisk).toBe(row.nRisk);
      expect(point?.nEvent).toBe(row.nEvent);
      expectRelativelyClose(point?.survival, row.survival);
      for (const key of ["stdErr", "lower", "upper"] as const) {
        const expected = row[key];
        if (expected === null) expect(point?.[key]).toBeNull();
        else expectRelativelyClose(point?.[key], expected);
      }
    },
  );

  it("has an event point at exactly R's event times, and censor-only points that keep S", () => {
    for (const curve of curves) {
      const eventTimes = curve.points.filter((point) => point.nEvent > 0).map((point) => point.time);
      const expectedTimes = reference.aml.kaplanMeier.filter((row) => row.group === curve.group).map((row) => row.time);
      expect(eventTimes).toEqual(expectedTimes);
      curve.points.forEach((point, i) => {
        const previous = curve.points[i - 1];
        if (point.nEvent === 0) expect(point.survival).toBe(previous?.survival ?? 1);
      });
    }
    // Maintained has censorings at 13 (with an event), 28, 45 and 161.
    const maintained = curves[0]?.points ?? [];
    expect(maintained.filter((point) => point.nCensor > 0).map((point) => point.time)).toEqual([13, 28, 45, 161]);
  });

  it.each(reference.aml.medians.map((row) => [row.group, row] as const))(
    "gives the median and its CI of summary(survfit)$table for %s, exactly",
    (group, row) => {
      const curve = curves.find((c) => c.group === group);
      expect(curve?.median).toEqual({ estimate: row.median, lower: row.lower, upper: row.upper });
    },
  );
});

describe("logRankTest against survdiff(Surv(time, status) ~ x, data = aml)", () => {
  const result = logRankTest(records);
  const expected = reference.aml.logRank;

  it("matches chi-square, df and p", () => {
    expectRelativelyClose(result.chiSquare, expected.chiSquare);
    expect(result.df).toBe(expected.df);
    expectRelativelyClose(result.pValue, expected.pValue);
  });

  it("matches observed and expected events per group", () => {
    expect(result.groups.map((group) => group.group)).toEqual(expected.groups);
    result.groups.forEach((group, i) => {
      expect(group.observed).toBe(expected.observed[i]);
      expectRelativelyClose(group.expected, expected.expected[i] ?? Number.NaN);
    });
  });
});

describe.each([
  ["efron", reference.aml.coxEfron],
  ["breslow", reference.aml.coxBreslow],
] as const)("coxProportionalHazards (%s) against coxph(Surv(time, status) ~ x, data = aml)", (ties, expected) => {
  const result = coxProportionalHazards(records, { reference: expected.reference, ties });

  it("has one term for the non-reference group", () => {
    expect(result.terms.map((term) => term.group)).toEqual([expected.term]);
  });

  it("matches coef, hazard ratio, se, Wald p and the 95% CI", () => {
    const term = result.terms[0];
    expectRelativelyClose(term?.coef, expected.coef);
    expectRelativelyClose(term?.hazardRatio, expected.hazardRatio);
    expectRelativelyClose(term?.stdErr, expected.stdErr);
    expectRelativelyClose(term?.z, expected.coef / expected.stdErr);
    expectRelativelyClose(term?.pValue, expected.pValue);
    expectRelativelyClose(term?.lower, expected.lower);
    expectRelativelyClose(term?.upper, expected.upper);
  });

  it("matches both log-likelihoods and the likelihood ratio, Wald and score tests", () => {
    expectRelativelyClose(result.logLikelihood[0], expected.logLik[0]);
    expectRelativelyClose(result.logLikelihood[1], expected.logLik[1]);
    const tests = [
      [result.likelihoodRatioTest, expected.likelihoodRatio],
      [result.waldTest, expected.wald],
      [result.scoreTest, expected.score],
    ] as const;
    for (const [actual, [statistic, df, pValue]] of tests) {
      expectRelativelyClose(actual.statistic, statistic);
      expect(actual.df).toBe(df);
      expectRelativelyClose(actual.pValue, pValue);
    }
  });
});

describe("ties default", () => {
  it("uses Efron when ties is not given", () => {
    const result = coxProportionalHazards(records, { reference: "Maintained" });
    expectRelativelyClose(result.terms[0]?.coef, reference.aml.coxEfron.coef);
  });
});
