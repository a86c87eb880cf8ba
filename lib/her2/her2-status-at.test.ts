import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { HER2_CATEGORIES, isEvaluableCategory, type Her2Category } from "./classify";
import {
  assignCohort,
  deriveCohorts,
  her2StatusAt,
  her2Transition,
  preNeoadjuvantToResidualTransition,
  SPECIMENS,
  type ClassifiedTest,
  type ReadKind,
  type Specimen,
  type TreatmentTiming,
} from "./cohort";

function buildTest(daysSinceDiagnosis: number, specimen: Specimen, category: Her2Category, extra: Partial<ClassifiedTest> = {}): ClassifiedTest {
  return { daysSinceDiagnosis, specimen, category, ...extra };
}

function read(day: number, blockLabel: string, readKind: ReadKind, category: Her2Category, specimen: Specimen = "PRIMARY_BIOPSY"): ClassifiedTest {
  return buildTest(day, specimen, category, { blockLabel, readKind });
}

describe("her2StatusAt: the status known at an index day", () => {
  const history = [
    buildTest(0, "PRIMARY_BIOPSY", "ZERO"),
    buildTest(40, "PRIMARY_SURGICAL", "EQUIVOCAL"),
    buildTest(400, "METASTATIC", "LOW"),
    buildTest(900, "METASTATIC", "ULTRALOW"),
  ];

  it("is the most recent evaluable test on or before the day", () => {
    expect(her2StatusAt(history, 0)).toBe("ZERO");
    expect(her2StatusAt(history, 399)).toBe("ZERO");
    expect(her2StatusAt(history, 400)).toBe("LOW"); // a biopsy on the day of the first dose counts
    expect(her2StatusAt(history, 899)).toBe("LOW");
    expect(her2StatusAt(history, 10_000)).toBe("ULTRALOW");
  });

  it("is null before the first evaluable test, and for no test", () => {
    expect(her2StatusAt(history, -1)).toBeNull();
    expect(her2StatusAt([], 100)).toBeNull();
    expect(her2StatusAt([buildTest(0, "PRIMARY_BIOPSY", "EQUIVOCAL")], 100)).toBeNull();
  });

  it("never looks ahead: a HER2-low biopsy taken after the line started does not count", () => {
    const tests = [buildTest(0, "PRIMARY_BIOPSY", "ZERO"), buildTest(520, "METASTATIC", "LOW")];
    const lineStart = 500;
    expect(her2StatusAt(tests, lineStart)).toBe("ZERO");
    // The cohort rules see the later test; the index-day status does not, under every rule.
    expect(assignCohort(tests, "latest")).toBe("LOW");
    expect(assignCohort(tests, "highest")).toBe("LOW");
  });

  it("breaks same-day ties as the latest rule does: care pathway, then expression", () => {
    const sameDay = [buildTest(10, "METASTATIC", "ZERO"), buildTest(10, "PRIMARY_SURGICAL", "POSITIVE"), buildTest(10, "OTHER", "LOW")];
    expect(her2StatusAt(sameDay, 10)).toBe("ZERO");
    expect(her2StatusAt(sameDay, 10)).toBe(assignCohort(sameDay, "latest"));
    const sameSpecimen = [buildTest(10, "METASTATIC", "ULTRALOW"), buildTest(10, "METASTATIC", "LOW")];
    expect(her2StatusAt(sameSpecimen, 10)).toBe("LOW");
    // Equal rank: the specified IHC 0 (null) speaks over the unspecified one.
    expect(her2StatusAt([buildTest(5, "PRIMARY_BIOPSY", "ZERO_NOS"), buildTest(5, "PRIMARY_BIOPSY", "ZERO")], 5)).toBe("ZERO");
  });

  it("rejects a day that is not a finite number", () => {
    expect(() => her2StatusAt(history, Number.NaN)).toThrow(RangeError);
    expect(() => her2StatusAt(history, Number.POSITIVE_INFINITY)).toThrow("day must be a finite number");
  });

  const testArbitrary = fc.record({
    daysSinceDiagnosis: fc.integer({ min: -3, max: 8 }),
    specimen: fc.constantFrom(...SPECIMENS),
    category: fc.constantFrom(...HER2_CATEGORIES),
  });

  it("equals the latest rule over the tests taken on or before the day (any tests, any day)", () => {
    fc.assert(
      fc.property(fc.array(testArbitrary, { maxLength: 8 }), fc.integer({ min: -5, max: 10 }), (tests, day) => {
        const known = tests.filter((test) => test.daysSinceDiagnosis <= day);
        expect(her2StatusAt(tests, day)).toBe(assignCohort(known, "latest"));
      }),
    );
  });

  it("is unchanged by any test taken after the day", () => {
    fc.assert(
      fc.property(fc.array(testArbitrary, { maxLength: 6 }), fc.array(testArbitrary, { maxLength: 4 }), fc.integer({ min: -5, max: 10 }), (tests, later, day) => {
        const after = later.map((test) => ({ ...test, daysSinceDiagnosis: day + 1 + Math.abs(test.daysSinceDiagnosis) }));
        expect(her2StatusAt([...tests, ...after], day)).toBe(her2StatusAt(tests, day));
      }),
    );
  });
});

describe("re-reads of one block", () => {
  it("central review decides the call of the specimen, over the local report and a research re-read", () => {
    const tests = [read(0, "A1", "LOCAL", "ZERO"), read(0, "A1", "CENTRAL", "LOW"), read(0, "A1", "REREAD", "ULTRALOW")];
    expect(assignCohort(tests, "latest")).toBe("LOW");
    expect(assignCohort(tests, "primary")).toBe("LOW");
    expect(her2StatusAt(tests, 0)).toBe("LOW");
  });

  it("the local report decides over a research re-read", () => {
    const tests = [read(0, "A1", "REREAD", "LOW"), read(0, "A1", "LOCAL", "ZERO")];
    expect(assignCohort(tests, "highest")).toBe("ZERO");
  });

  it("a non-evaluable central read leaves the local call in force", () => {
    const tests = [read(0, "A1", "LOCAL", "LOW"), read(0, "A1", "CENTRAL", "EQUIVOCAL")];
    expect(assignCohort(tests, "latest")).toBe("LOW");
  });

  it("makes no transition and counts one specimen", () => {
    const tests = [read(0, "A1", "LOCAL", "ZERO"), read(0, "A1", "CENTRAL", "LOW"), read(0, "A1", "REREAD", "ULTRALOW")];
    expect(her2Transition(tests)).toBeNull();
    expect(deriveCohorts(tests)).toMatchObject({ transitionFrom: null, transitionTo: null, evaluableSpecimens: 1 });
  });

  it("labels are compared without case or surrounding spaces; unlabelled tests stay separate specimens", () => {
    const tests = [read(0, "a1", "LOCAL", "ZERO"), read(0, " A1 ", "CENTRAL", "LOW"), buildTest(0, "PRIMARY_BIOPSY", "ULTRALOW")];
    expect(deriveCohorts(tests).evaluableSpecimens).toBe(2);
  });

  it("a block read again later keeps the day of the tissue (the earliest read's day)", () => {
    const tests = [read(0, "A1", "LOCAL", "ZERO"), read(60, "A1", "CENTRAL", "LOW")];
    expect(her2StatusAt(tests, 0)).toBe("LOW");
  });

  it("two different blocks make a transition", () => {
    const tests = [read(0, "A1", "LOCAL", "ZERO"), read(30, "B1", "LOCAL", "LOW", "PRIMARY_SURGICAL")];
    expect(her2Transition(tests)).toEqual({ from: "ZERO", to: "LOW" });
  });
});

describe("IHC 0 not specified", () => {
  it("is evaluable, ranks with HER2-null for highest, and yields to a specified IHC 0 on a tie", () => {
    expect(isEvaluableCategory("ZERO_NOS")).toBe(true);
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "ZERO_NOS")], "latest")).toBe("ZERO_NOS");
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "ZERO_NOS"), buildTest(90, "METASTATIC", "ZERO")], "highest")).toBe("ZERO");
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "ZERO"), buildTest(90, "METASTATIC", "ZERO_NOS")], "highest")).toBe("ZERO");
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "ZERO_NOS"), buildTest(90, "METASTATIC", "ULTRALOW")], "highest")).toBe("ULTRALOW");
  });
});

describe("treatment-aware specimens", () => {
  const timed = (day: number, specimen: Specimen, category: Her2Category, treatmentTiming: TreatmentTiming) => buildTest(day, specimen, category, { treatmentTiming });

  it("primary prefers the pre-treatment specimen; the residual tumour is its own transition", () => {
    const tests = [
      timed(0, "PRIMARY_BIOPSY", "ZERO", "BEFORE_NEOADJUVANT"),
      timed(200, "PRIMARY_SURGICAL", "LOW", "AFTER_NEOADJUVANT"),
    ];
    expect(assignCohort(tests, "primary")).toBe("ZERO");
    expect(preNeoadjuvantToResidualTransition(tests)).toEqual({ from: "ZERO", to: "LOW" });
    expect(deriveCohorts(tests)).toMatchObject({ preNeoadjuvant: "ZERO", residual: "LOW" });
  });

  it("falls back to a post-treatment primary specimen only when no pre-treatment call exists", () => {
    const tests = [
      timed(0, "PRIMARY_BIOPSY", "EQUIVOCAL", "BEFORE_NEOADJUVANT"),
      timed(200, "PRIMARY_SURGICAL", "LOW", "AFTER_NEOADJUVANT"),
    ];
    expect(assignCohort(tests, "primary")).toBe("LOW");
    expect(preNeoadjuvantToResidualTransition(tests)).toBeNull();
  });

  it("has no pre-treatment → residual pair without neoadjuvant therapy", () => {
    const tests = [timed(0, "PRIMARY_BIOPSY", "ZERO", "NO_NEOADJUVANT"), timed(30, "PRIMARY_SURGICAL", "LOW", "NO_NEOADJUVANT")];
    expect(preNeoadjuvantToResidualTransition(tests)).toBeNull();
    expect(deriveCohorts(tests)).toMatchObject({ preNeoadjuvant: null, residual: null });
  });
});
