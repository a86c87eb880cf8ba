import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { EVALUABLE_CATEGORIES, HER2_CATEGORIES, isEvaluableCategory, type Her2Category } from "./classify";
import {
  assignCohort,
  COHORT_RULES,
  compareCategoryRank,
  deriveCohorts,
  her2Rank,
  her2Transition,
  primaryToMetastaticTransition,
  SPECIMENS,
  type ClassifiedTest,
  type CohortRule,
  type Specimen,
} from "./cohort";

function buildTest(daysSinceDiagnosis: number, specimen: Specimen, category: Her2Category): ClassifiedTest {
  return { daysSinceDiagnosis, specimen, category };
}

function cohortsUnderAllRules(tests: readonly ClassifiedTest[]) {
  return Object.fromEntries(COHORT_RULES.map((rule) => [rule, assignCohort(tests, rule)]));
}

describe("her2Rank and compareCategoryRank", () => {
  it("ranks POSITIVE > LOW > ULTRALOW > ZERO = ZERO_NOS", () => {
    expect([...EVALUABLE_CATEGORIES].sort(compareCategoryRank)).toEqual(["ZERO", "ZERO_NOS", "ULTRALOW", "LOW", "POSITIVE"]);
    expect(compareCategoryRank("ZERO", "ZERO_NOS")).toBe(0);
    expect(her2Rank("POSITIVE")).toBeGreaterThan(her2Rank("LOW"));
    expect(her2Rank("LOW")).toBeGreaterThan(her2Rank("ULTRALOW"));
    expect(her2Rank("ULTRALOW")).toBeGreaterThan(her2Rank("ZERO"));
    expect(compareCategoryRank("LOW", "LOW")).toBe(0);
  });
});

describe("assignCohort: rules", () => {
  const history = [
    buildTest(0, "PRIMARY_BIOPSY", "ZERO"),
    buildTest(30, "PRIMARY_SURGICAL", "LOW"),
    buildTest(400, "METASTATIC", "ULTRALOW"),
    buildTest(500, "METASTATIC", "EQUIVOCAL"),
  ];

  it("latest: the most recent evaluable test, skipping equivocal and indeterminate", () => {
    expect(assignCohort(history, "latest")).toBe("ULTRALOW");
  });

  it("primary: the earliest evaluable primary-tumour test", () => {
    expect(assignCohort(history, "primary")).toBe("ZERO");
  });

  it("highest: the highest expression among all evaluable tests", () => {
    expect(assignCohort(history, "highest")).toBe("LOW");
    expect(assignCohort([...history, buildTest(10, "OTHER", "POSITIVE")], "highest")).toBe("POSITIVE");
  });

  it("primary ignores metastatic and other specimens, even earlier ones", () => {
    const tests = [
      buildTest(-5, "OTHER", "POSITIVE"),
      buildTest(0, "METASTATIC", "LOW"),
      buildTest(20, "PRIMARY_SURGICAL", "ULTRALOW"),
    ];
    expect(assignCohort(tests, "primary")).toBe("ULTRALOW");
    expect(assignCohort(tests.slice(0, 2), "primary")).toBeNull();
  });

  it("primary skips a non-evaluable earlier primary test", () => {
    const tests = [buildTest(0, "PRIMARY_BIOPSY", "EQUIVOCAL"), buildTest(14, "PRIMARY_SURGICAL", "LOW")];
    expect(assignCohort(tests, "primary")).toBe("LOW");
  });

  it("returns null for every rule when no test is evaluable", () => {
    for (const tests of [[], [buildTest(0, "PRIMARY_BIOPSY", "EQUIVOCAL"), buildTest(3, "METASTATIC", "INDETERMINATE")]]) {
      expect(cohortsUnderAllRules(tests)).toEqual({ latest: null, primary: null, highest: null });
    }
  });

  it("accepts a negative day (a test dated before the recorded diagnosis)", () => {
    const tests = [buildTest(-3, "PRIMARY_BIOPSY", "LOW"), buildTest(0, "PRIMARY_SURGICAL", "ZERO")];
    expect(assignCohort(tests, "primary")).toBe("LOW");
    expect(assignCohort(tests, "latest")).toBe("ZERO");
  });
});

describe("assignCohort: ties on the same day", () => {
  it("latest: the specimen later in the care pathway wins (METASTATIC > SURGICAL > BIOPSY > OTHER)", () => {
    expect(assignCohort([buildTest(9, "PRIMARY_SURGICAL", "POSITIVE"), buildTest(9, "METASTATIC", "ZERO")], "latest")).toBe("ZERO");
    expect(assignCohort([buildTest(9, "PRIMARY_SURGICAL", "ZERO"), buildTest(9, "PRIMARY_BIOPSY", "LOW")], "latest")).toBe("ZERO");
    expect(assignCohort([buildTest(9, "PRIMARY_BIOPSY", "ZERO"), buildTest(9, "OTHER", "POSITIVE")], "latest")).toBe("ZERO");
  });

  it("latest: on the same day and specimen, the higher category wins", () => {
    expect(assignCohort([buildTest(9, "METASTATIC", "LOW"), buildTest(9, "METASTATIC", "ULTRALOW")], "latest")).toBe("LOW");
    expect(assignCohort([buildTest(9, "METASTATIC", "ULTRALOW"), buildTest(9, "METASTATIC", "LOW")], "latest")).toBe("LOW");
  });

  it("latest: a later day always beats a same-day tie-break", () => {
    expect(assignCohort([buildTest(10, "PRIMARY_BIOPSY", "ZERO"), buildTest(9, "METASTATIC", "POSITIVE")], "latest")).toBe("ZERO");
  });

  it("primary: on the earliest day the surgical specimen wins over the biopsy", () => {
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "LOW"), buildTest(0, "PRIMARY_SURGICAL", "ZERO")], "primary")).toBe("ZERO");
    expect(assignCohort([buildTest(0, "PRIMARY_SURGICAL", "ZERO"), buildTest(0, "PRIMARY_BIOPSY", "LOW")], "primary")).toBe("ZERO");
  });

  it("primary: on the earliest day and same specimen, the higher category wins", () => {
    expect(assignCohort([buildTest(0, "PRIMARY_BIOPSY", "ZERO"), buildTest(0, "PRIMARY_BIOPSY", "ULTRALOW")], "primary")).toBe("ULTRALOW");
  });

  it("primary: an earlier biopsy beats a later surgical specimen", () => {
    expect(assignCohort([buildTest(21, "PRIMARY_SURGICAL", "POSITIVE"), buildTest(0, "PRIMARY_BIOPSY", "ZERO")], "primary")).toBe("ZERO");
  });
});

describe("her2Transition and primaryToMetastaticTransition", () => {
  it("gives first → last evaluable test", () => {
    const tests = [
      buildTest(400, "METASTATIC", "LOW"),
      buildTest(0, "PRIMARY_BIOPSY", "ZERO"),
      buildTest(200, "OTHER", "ULTRALOW"),
      buildTest(600, "METASTATIC", "INDETERMINATE"),
    ];
    expect(her2Transition(tests)).toEqual({ from: "ZERO", to: "LOW" });
  });

  it("is null with fewer than two evaluable tests", () => {
    expect(her2Transition([])).toBeNull();
    expect(her2Transition([buildTest(0, "PRIMARY_BIOPSY", "LOW")])).toBeNull();
    expect(her2Transition([buildTest(0, "PRIMARY_BIOPSY", "LOW"), buildTest(5, "PRIMARY_SURGICAL", "EQUIVOCAL")])).toBeNull();
  });

  it("counts two same-day tests as two, the earlier in the care pathway first", () => {
    expect(her2Transition([buildTest(0, "PRIMARY_SURGICAL", "ZERO"), buildTest(0, "PRIMARY_BIOPSY", "LOW")])).toEqual({
      from: "LOW",
      to: "ZERO",
    });
    expect(her2Transition([buildTest(0, "METASTATIC", "LOW"), buildTest(0, "METASTATIC", "ZERO")])).toEqual({
      from: "ZERO",
      to: "LOW",
    });
  });

  it("reports a stable result as a transition to the same category", () => {
    expect(her2Transition([buildTest(0, "PRIMARY_BIOPSY", "LOW"), buildTest(300, "METASTATIC", "LOW")])).toEqual({
      from: "LOW",
      to: "LOW",
    });
  });

  it("primary → metastatic: primary cohort to the latest evaluable metastasis", () => {
    const tests = [
      buildTest(0, "PRIMARY_BIOPSY", "ZERO"),
      buildTest(0, "PRIMARY_SURGICAL", "ULTRALOW"),
      buildTest(300, "METASTATIC", "LOW"),
      buildTest(500, "METASTATIC", "POSITIVE"),
      buildTest(700, "METASTATIC", "EQUIVOCAL"),
      buildTest(800, "OTHER", "ZERO"),
    ];
    expect(primaryToMetastaticTransition(tests)).toEqual({ from: "ULTRALOW", to: "POSITIVE" });
  });

  it("primary → metastatic: null without a primary or without a metastasis", () => {
    expect(primaryToMetastaticTransition([buildTest(0, "PRIMARY_BIOPSY", "ZERO"), buildTest(9, "OTHER", "LOW")])).toBeNull();
    expect(primaryToMetastaticTransition([buildTest(0, "METASTATIC", "LOW"), buildTest(9, "OTHER", "LOW")])).toBeNull();
    expect(primaryToMetastaticTransition([buildTest(0, "PRIMARY_BIOPSY", "ZERO"), buildTest(9, "METASTATIC", "EQUIVOCAL")])).toBeNull();
  });

  it("primary → metastatic: no order in time required (de novo metastatic disease)", () => {
    expect(primaryToMetastaticTransition([buildTest(0, "METASTATIC", "LOW"), buildTest(7, "PRIMARY_BIOPSY", "ZERO")])).toEqual({
      from: "ZERO",
      to: "LOW",
    });
  });
});

describe("deriveCohorts", () => {
  it("returns every stored value at once", () => {
    const tests = [
      buildTest(0, "PRIMARY_BIOPSY", "ZERO"),
      buildTest(30, "PRIMARY_SURGICAL", "LOW"),
      buildTest(400, "METASTATIC", "ULTRALOW"),
    ];
    expect(deriveCohorts(tests)).toEqual({
      latest: "ULTRALOW",
      primary: "ZERO",
      highest: "LOW",
      transitionFrom: "ZERO",
      transitionTo: "ULTRALOW",
      metastatic: "ULTRALOW",
      preNeoadjuvant: null,
      residual: null,
      evaluableSpecimens: 3,
    });
  });

  it("is all null for no evaluable test", () => {
    expect(deriveCohorts([buildTest(0, "PRIMARY_BIOPSY", "EQUIVOCAL")])).toEqual({
      latest: null,
      primary: null,
      highest: null,
      transitionFrom: null,
      transitionTo: null,
      metastatic: null,
      preNeoadjuvant: null,
      residual: null,
      evaluableSpecimens: 0,
    });
  });
});

describe("invalid input", () => {
  it("rejects an unknown rule, specimen or category, and a non-finite day", () => {
    expect(() => assignCohort([], "earliest" as CohortRule)).toThrow("rule must be one of latest, primary, highest");
    expect(() => assignCohort([buildTest(0, "LYMPH_NODE" as Specimen, "LOW")], "latest")).toThrow(
      "tests[0].specimen must be one of PRIMARY_BIOPSY, PRIMARY_SURGICAL, METASTATIC, OTHER",
    );
    expect(() => her2Transition([buildTest(0, "OTHER", "LOW"), buildTest(1, "OTHER", "NEGATIVE" as Her2Category)])).toThrow(
      "tests[1].category must be a HER2 category",
    );
    expect(() => deriveCohorts([buildTest(Number.NaN, "OTHER", "LOW")])).toThrow(RangeError);
    expect(() => deriveCohorts([buildTest(Number.NaN, "OTHER", "LOW")])).toThrow(
      "tests[0].daysSinceDiagnosis must be a finite number",
    );
    expect(() => assignCohort(null as unknown as ClassifiedTest[], "latest")).toThrow(TypeError);
  });
});

// Days drawn from a narrow range so that same-day ties are frequent.
const testArbitrary = fc.record({
  daysSinceDiagnosis: fc.integer({ min: -3, max: 6 }),
  specimen: fc.constantFrom(...SPECIMENS),
  category: fc.constantFrom(...HER2_CATEGORIES),
});
const testsArbitrary = fc.array(testArbitrary, { maxLength: 8 });
const ruleArbitrary = fc.constantFrom(...COHORT_RULES);
const testsWithPermutation = testsArbitrary.chain((tests) =>
  fc.tuple(fc.constant(tests), fc.shuffledSubarray(tests, { minLength: tests.length, maxLength: tests.length })),
);

function rank(category: Her2Category | null): number {
  return category !== null && isEvaluableCategory(category) ? her2Rank(category) : 0;
}

function countEvaluable(tests: readonly ClassifiedTest[]): number {
  return tests.filter((test) => isEvaluableCategory(test.category)).length;
}

describe("properties", () => {
  it("results are always evaluable or null", () => {
    fc.assert(
      fc.property(testsArbitrary, ruleArbitrary, (tests, rule) => {
        const cohort = assignCohort(tests, rule);
        expect(cohort === null || isEvaluableCategory(cohort)).toBe(true);
      }),
    );
  });

  it("the cohort is the category of one of the patient's evaluable tests", () => {
    fc.assert(
      fc.property(testsArbitrary, ruleArbitrary, (tests, rule) => {
        const cohort = assignCohort(tests, rule);
        if (cohort !== null) expect(tests.map((test) => test.category)).toContain(cohort);
      }),
    );
  });

  it("highest never ranks below latest or primary", () => {
    fc.assert(
      fc.property(testsArbitrary, (tests) => {
        const highest = rank(assignCohort(tests, "highest"));
        expect(highest).toBeGreaterThanOrEqual(rank(assignCohort(tests, "latest")));
        expect(highest).toBeGreaterThanOrEqual(rank(assignCohort(tests, "primary")));
        expect(highest).toBe(Math.max(0, ...tests.map((test) => rank(test.category))));
      }),
    );
  });

  it("latest comes from the latest day with an evaluable test; primary from the earliest primary day", () => {
    fc.assert(
      fc.property(testsArbitrary, (tests) => {
        const evaluable = tests.filter((test) => isEvaluableCategory(test.category));
        const latest = assignCohort(tests, "latest");
        if (latest !== null) {
          const lastDay = Math.max(...evaluable.map((test) => test.daysSinceDiagnosis));
          const onLastDay = evaluable.filter((test) => test.daysSinceDiagnosis === lastDay);
          expect(onLastDay.map((test) => test.category)).toContain(latest);
        }
        const primaryTests = evaluable.filter(
          (test) => test.specimen === "PRIMARY_BIOPSY" || test.specimen === "PRIMARY_SURGICAL",
        );
        const primary = assignCohort(tests, "primary");
        expect(primary === null).toBe(primaryTests.length === 0);
        if (primary !== null) {
          const firstDay = Math.min(...primaryTests.map((test) => test.daysSinceDiagnosis));
          const onFirstDay = primaryTests.filter((test) => test.daysSinceDiagnosis === firstDay);
          expect(onFirstDay.map((test) => test.category)).toContain(primary);
        }
      }),
    );
  });

  it("is invariant to the order of the input array", () => {
    fc.assert(
      fc.property(testsWithPermutation, ([tests, shuffled]) => {
        for (const rule of COHORT_RULES) {
          expect(assignCohort(shuffled, rule)).toBe(assignCohort(tests, rule));
        }
        expect(her2Transition(shuffled)).toEqual(her2Transition(tests));
        expect(primaryToMetastaticTransition(shuffled)).toEqual(primaryToMetastaticTransition(tests));
        expect(deriveCohorts(shuffled)).toEqual(deriveCohorts(tests));
      }),
    );
  });

  it("does not modify the input array", () => {
    fc.assert(
      fc.property(testsArbitrary, (tests) => {
        const copy = structuredClone(tests);
        deriveCohorts(tests);
        for (const rule of COHORT_RULES) assignCohort(tests, rule);
        expect(tests).toEqual(copy);
      }),
    );
  });

  it("one evaluable test of the primary tumour gives the same cohort under all rules", () => {
    const nonEvaluable = fc.array(
      fc.record({
        daysSinceDiagnosis: fc.integer({ min: -3, max: 6 }),
        specimen: fc.constantFrom(...SPECIMENS),
        category: fc.constantFrom<Her2Category>("EQUIVOCAL", "INDETERMINATE"),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -3, max: 6 }),
        fc.constantFrom<Specimen>("PRIMARY_BIOPSY", "PRIMARY_SURGICAL"),
        fc.constantFrom(...EVALUABLE_CATEGORIES),
        nonEvaluable,
        (day, specimen, category, others) => {
          const tests = [...others, buildTest(day, specimen, category)];
          expect(cohortsUnderAllRules(tests)).toEqual({ latest: category, primary: category, highest: category });
        },
      ),
    );
  });

  it("her2Transition is null iff fewer than two evaluable tests, and ends at the latest cohort", () => {
    fc.assert(
      fc.property(testsArbitrary, (tests) => {
        const transition = her2Transition(tests);
        expect(transition === null).toBe(countEvaluable(tests) < 2);
        if (transition !== null) expect(transition.to).toBe(assignCohort(tests, "latest"));
      }),
    );
  });

  it("deriveCohorts agrees with the individual functions", () => {
    fc.assert(
      fc.property(testsArbitrary, (tests) => {
        const derived = deriveCohorts(tests);
        const transition = her2Transition(tests);
        const primaryToMetastatic = primaryToMetastaticTransition(tests);
        expect(derived.latest).toBe(assignCohort(tests, "latest"));
        expect(derived.primary).toBe(assignCohort(tests, "primary"));
        expect(derived.highest).toBe(assignCohort(tests, "highest"));
        expect(derived.transitionFrom).toBe(transition?.from ?? null);
        expect(derived.transitionTo).toBe(transition?.to ?? null);
        expect(derived.metastatic === null || derived.primary === null).toBe(primaryToMetastatic === null);
        if (primaryToMetastatic !== null) {
          expect(primaryToMetastatic).toEqual({ from: derived.primary, to: derived.metastatic });
        }
      }),
    );
  });
});
