import { describe, expect, it } from "vitest";
import { coxProportionalHazards, kaplanMeier, logRankTest, type SurvivalRecord } from "./survival";
import { convertAmlToRecords, expectRelativelyClose, loadRReference } from "./testing/r-reference";

const aml = convertAmlToRecords(loadRReference());
const patient = (group: string, time: number, event: boolean): SurvivalRecord => ({
  group,
  time,
  events: event ? 1 : 0,
  censored: event ? 0 : 1,
});

describe("a group with no events", () => {
  const records = [...aml, patient("Zeta", 10, false), patient("Zeta", 20, false), patient("Zeta", 40, false)];

  it("has a flat Kaplan-Meier curve at 1 with no median", () => {
    const zeta = kaplanMeier(records).find((curve) => curve.group === "Zeta");
    expect(zeta?.points.map((point) => [point.time, point.survival, point.stdErr, point.lower, point.upper])).toEqual([
      [10, 1, 0, 1, 1],
      [20, 1, 0, 1, 1],
      [40, 1, 0, 1, 1],
    ]);
    expect(zeta?.median).toEqual({ estimate: null, lower: null, upper: null });
  });

  it("still enters the log-rank test, with 0 observed and positive expected events", () => {
    const result = logRankTest(records);
    expect(result.df).toBe(2);
    const zeta = result.groups.find((group) => group.group === "Zeta");
    expect(zeta?.observed).toBe(0);
    expect(zeta?.expected).toBeGreaterThan(0);
    expect(result.chiSquare).toBeGreaterThan(logRankTest(aml).chiSquare);
  });

  it("makes the Cox model refuse with the group's name, as a term or as the reference", () => {
    expect(() => coxProportionalHazards(records, { reference: "Maintained" })).toThrow(/Group "Zeta" has no events/);
    expect(() => coxProportionalHazards(records, { reference: "Zeta" })).toThrow(/Group "Zeta" has no events.*another reference/);
  });
});

describe("a group never at risk at an event time", () => {
  it("has 0 expected events and, as in survdiff, counts neither in the statistic nor in df", () => {
    // aml's first event is at 5; this group's only patient is censored at 1.
    const result = logRankTest([...aml, patient("Early", 1, false)]);
    expect(result.groups.find((group) => group.group === "Early")).toEqual({ group: "Early", observed: 0, expected: 0 });
    expect(result.df).toBe(1);
    expectRelativelyClose(result.chiSquare, logRankTest(aml).chiSquare, 1e-12);
  });
});

describe("a monotone likelihood without an event-free group", () => {
  it("names the group whose coefficient runs off to infinity", () => {
    // C's only event happens when C is alone at risk, A's when C is still there: beta_C -> -Inf.
    const records = [patient("A", 0, true), patient("C", 1, true)];
    expect(() => coxProportionalHazards(records, { reference: "A" })).toThrow(/coefficient for group "C" may be infinite/);
    expect(() => coxProportionalHazards(records, { reference: "A", ties: "breslow" })).toThrow(/"C" may be infinite/);
  });
});

describe("every patient censored", () => {
  const records = [patient("A", 3, false), patient("A", 5, false), patient("B", 4, false)];

  it("gives curves at 1 and no median", () => {
    for (const curve of kaplanMeier(records)) {
      expect(curve.events).toBe(0);
      expect(curve.points.every((point) => point.survival === 1)).toBe(true);
      expect(curve.median.estimate).toBeNull();
    }
  });

  it("makes log-rank and Cox refuse with a clear message", () => {
    expect(() => logRankTest(records)).toThrow(/at least one event/);
    expect(() => coxProportionalHazards(records, { reference: "A" })).toThrow(/at least one event/);
  });
});

describe("one patient", () => {
  it("with an event: S drops to 0 at its time, NA error and limits, median at that time", () => {
    const [curve] = kaplanMeier([patient("A", 7, true)]);
    expect(curve?.points).toEqual([
      { time: 7, nRisk: 1, nEvent: 1, nCensor: 0, survival: 0, stdErr: null, lower: null, upper: null },
    ]);
    // survmean: the first S <= 0.5 is at 7; both confidence curves are NA there.
    expect(curve?.median).toEqual({ estimate: 7, lower: null, upper: null });
  });

  it("censored: S stays 1 and the median is not reached", () => {
    const [curve] = kaplanMeier([patient("A", 7, false)]);
    expect(curve?.points.map((point) => point.survival)).toEqual([1]);
    expect(curve?.median).toEqual({ estimate: null, lower: null, upper: null });
  });

  it("is a single group for log-rank and Cox", () => {
    expect(() => logRankTest([patient("A", 7, true)])).toThrow(/needs at least two groups.*only "A"/);
    expect(() => coxProportionalHazards([patient("A", 7, true)], { reference: "A" })).toThrow(/needs at least two groups/);
  });
});

describe("a single group", () => {
  const records = aml.map((record) => ({ ...record, group: "All" }));

  it("has a Kaplan-Meier curve", () => {
    expect(kaplanMeier(records).map((curve) => [curve.group, curve.n, curve.events])).toEqual([["All", 23, 18]]);
  });

  it("makes log-rank and Cox refuse", () => {
    expect(() => logRankTest(records)).toThrow("The log-rank test needs at least two groups with patients (got only \"All\").");
    expect(() => coxProportionalHazards(records, { reference: "All" })).toThrow(/Cox model needs at least two groups/);
    expect(() => logRankTest([])).toThrow(/needs at least two groups.*none/);
  });
});

describe("events and censorings tied at one time", () => {
  // At t = 5: 4 at risk, 2 events and 1 censoring; the censored patient counts as at risk.
  const records = [patient("A", 5, true), patient("A", 5, false), patient("A", 5, true), patient("A", 7, true)];
  const [curve] = kaplanMeier(records);

  it("counts the censored patient in the risk set (events before censorings)", () => {
    expect(curve?.points.map((point) => [point.time, point.nRisk, point.nEvent, point.nCensor, point.survival])).toEqual([
      [5, 4, 2, 1, 0.5],
      [7, 1, 1, 0, 0],
    ]);
    // Greenwood at 5: d / (n (n - d)) = 2 / 8, so se(S) = 0.5 * 0.5.
    expectRelativelyClose(curve?.points[0]?.stdErr, 0.25);
    expectRelativelyClose(curve?.points[0]?.lower, 0.5 * Math.exp(-1.959963984540054 * 0.5));
    expect(curve?.points[0]?.upper).toBe(1);
  });

  it("puts the median halfway when S is exactly 0.5 until the next event (survmean rule)", () => {
    expect(curve?.median).toEqual({ estimate: 6, lower: 5, upper: null });
  });
});

describe("log-rank and Cox with tied event times", () => {
  // Two groups, events tied across groups; survdiff's hypergeometric variance by hand.
  const records = [
    patient("A", 1, true),
    patient("A", 2, true),
    patient("A", 2, false),
    patient("A", 4, true),
    patient("B", 2, true),
    patient("B", 3, true),
    patient("B", 4, true),
    patient("B", 4, true),
  ];

  it("matches the two-group log-rank formula", () => {
    // Risk sets (A, B): t=1 (4,4) d=1; t=2 (3,4) d=2 (1 A, 1 B); t=3 (1,3) d=1 B; t=4 (1,2) d=3.
    const steps = [
      { a: 4, b: 4, d: 1, dA: 1 },
      { a: 3, b: 4, d: 2, dA: 1 },
      { a: 1, b: 3, d: 1, dA: 0 },
      { a: 1, b: 2, d: 3, dA: 1 },
    ];
    let observedMinusExpected = 0;
    let variance = 0;
    for (const { a, b, d, dA } of steps) {
      const n = a + b;
      observedMinusExpected += dA - (d * a) / n;
      if (n > 1) variance += (d * (a / n) * (b / n) * (n - d)) / (n - 1);
    }
    const result = logRankTest(records);
    expectRelativelyClose(result.chiSquare, observedMinusExpected ** 2 / variance);
    expect(result.groups.map((group) => group.observed)).toEqual([3, 4]);
  });

  it("gives different Efron and Breslow fits only because of the ties", () => {
    const efron = coxProportionalHazards(records, { reference: "A" });
    const breslow = coxProportionalHazards(records, { reference: "A", ties: "breslow" });
    expect(Math.abs((efron.terms[0]?.coef ?? 0) - (breslow.terms[0]?.coef ?? 0))).toBeGreaterThan(1e-3);
    const untied = records.map((record, i) => ({ ...record, time: record.time + i * 1e-3 }));
    const efronUntied = coxProportionalHazards(untied, { reference: "A" });
    const breslowUntied = coxProportionalHazards(untied, { reference: "A", ties: "breslow" });
    expectRelativelyClose(efronUntied.terms[0]?.coef ?? Number.NaN, breslowUntied.terms[0]?.coef ?? Number.NaN, 1e-12);
  });
});

describe("aggregated records", () => {
  it("adds up repeated (group, time) rows: events 3 equals three rows with events 1", () => {
    const split = [patient("A", 4, true), patient("A", 4, true), patient("A", 4, true), patient("A", 9, false), patient("B", 2, true), patient("B", 6, true), patient("B", 6, false)];
    const aggregated: SurvivalRecord[] = [
      { group: "B", time: 6, events: 1, censored: 1 },
      { group: "A", time: 4, events: 3, censored: 0 },
      { group: "A", time: 9, events: 0, censored: 1 },
      { group: "B", time: 2, events: 1, censored: 0 },
      { group: "B", time: 99, events: 0, censored: 0 },
    ];
    expect(kaplanMeier(aggregated)).toEqual(kaplanMeier(split));
    expect(logRankTest(aggregated)).toEqual(logRankTest(split));
    expect(coxProportionalHazards(aggregated, { reference: "B" })).toEqual(coxProportionalHazards(split, { reference: "B" }));
  });

  it("ignores rows with no patient, so they create neither a time nor a group", () => {
    const curves = kaplanMeier([patient("A", 3, true), { group: "Ghost", time: 1, events: 0, censored: 0 }, { group: "A", time: 8, events: 0, censored: 0 }]);
    expect(curves.map((curve) => [curve.group, curve.points.map((point) => point.time)])).toEqual([["A", [3]]]);
  });
});

describe("more than two groups", () => {
  const records = [
    ...aml,
    ...[4, 9, 9, 15, 22, 30, 38, 60].map((time, i) => patient("Other", time, i % 3 !== 2)),
  ];

  it("gives the same log-rank statistic whichever group the generalised inverse drops", () => {
    const renamed = records.map((record) => ({ ...record, group: record.group === "Other" ? "0 Other" : record.group }));
    const original = logRankTest(records);
    const reordered = logRankTest(renamed);
    expect(original.df).toBe(2);
    expect(reordered.groups[0]?.group).toBe("0 Other");
    expectRelativelyClose(reordered.chiSquare, original.chiSquare, 1e-12);
  });

  it("gives a Cox fit that does not depend on the reference level except through contrasts", () => {
    const againstMaintained = coxProportionalHazards(records, { reference: "Maintained" });
    const againstOther = coxProportionalHazards(records, { reference: "Other" });
    expect(againstMaintained.terms.map((term) => term.group)).toEqual(["Nonmaintained", "Other"]);
    expect(againstOther.terms.map((term) => term.group)).toEqual(["Maintained", "Nonmaintained"]);
    const coef = (fit: typeof againstOther, group: string): number => fit.terms.find((t) => t.group === group)?.coef ?? Number.NaN;
    expectRelativelyClose(coef(againstMaintained, "Nonmaintained"), coef(againstOther, "Nonmaintained") - coef(againstOther, "Maintained"), 1e-7);
    expectRelativelyClose(coef(againstMaintained, "Other"), -coef(againstOther, "Maintained"), 1e-7);
    expectRelativelyClose(againstMaintained.logLikelihood[1], againstOther.logLikelihood[1], 1e-12);
    for (const key of ["likelihoodRatioTest", "waldTest", "scoreTest"] as const) {
      expect(againstMaintained[key].df).toBe(2);
      expectRelativelyClose(againstMaintained[key].statistic, againstOther[key].statistic, 1e-6);
    }
  });
});

describe("input checks", () => {
  it.each([
    [{ group: "A", time: Number.NaN, events: 1, censored: 0 }, /time must be a finite number/],
    [{ group: "A", time: Number.POSITIVE_INFINITY, events: 1, censored: 0 }, /time must be a finite number/],
    [{ group: "A", time: -1, events: 1, censored: 0 }, /time must not be negative/],
    [{ group: "A", time: 1, events: -1, censored: 0 }, /events must be a non-negative integer/],
    [{ group: "A", time: 1, events: 0.5, censored: 0 }, /events must be a non-negative integer/],
    [{ group: "A", time: 1, events: 0, censored: -2 }, /censored must be a non-negative integer/],
  ])("refuses %o", (bad, message) => {
    const records = [patient("B", 2, true), bad as SurvivalRecord];
    expect(() => kaplanMeier(records)).toThrow(message);
    expect(() => logRankTest(records)).toThrow(/Survival record 2/);
    expect(() => coxProportionalHazards(records, { reference: "B" })).toThrow(message);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])("refuses confLevel %s", (confLevel) => {
    expect(() => kaplanMeier(aml, { confLevel })).toThrow(/confLevel must be strictly between 0 and 1/);
  });

  it("widens the limits for a higher confidence level", () => {
    const at90 = kaplanMeier(aml, { confLevel: 0.9 })[0]?.points[3];
    const at99 = kaplanMeier(aml, { confLevel: 0.99 })[0]?.points[3];
    expect(at99?.lower ?? 1).toBeLessThan(at90?.lower ?? 0);
    expect(at99?.survival).toBe(at90?.survival);
  });

  it("refuses an unknown reference or ties method", () => {
    expect(() => coxProportionalHazards(aml, { reference: "Placebo" })).toThrow(
      'The reference group "Placebo" has no patients; groups present: "Maintained", "Nonmaintained".',
    );
    expect(() => coxProportionalHazards(aml, { reference: "Maintained", ties: "exact" as "efron" })).toThrow(/ties must be/);
  });
});
