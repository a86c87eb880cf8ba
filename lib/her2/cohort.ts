/**
 * Patient-level HER2 cohorts built from a patient's classified tests, and the transitions the
 * HER2 evolution view shows. The rules and their tie-breaks are documented in
 * docs/her2-classification.md ("Cohort rules").
 */
import {
  assertNever,
  isEvaluableCategory,
  isHer2Category,
  type EvaluableCategory,
  type Her2Category,
} from "./classify";

export type CohortRule = "latest" | "primary" | "highest";
export type Specimen = "PRIMARY_BIOPSY" | "PRIMARY_SURGICAL" | "METASTATIC" | "OTHER";

export type ClassifiedTest = {
  daysSinceDiagnosis: number;
  specimen: Specimen;
  category: Her2Category;
};

export type Her2TransitionResult = { from: Her2Category; to: Her2Category };

export type DerivedCohorts = {
  latest: Her2Category | null;
  primary: Her2Category | null;
  highest: Her2Category | null;
  transitionFrom: Her2Category | null;
  transitionTo: Her2Category | null;
  metastatic: Her2Category | null;
};

export const COHORT_RULES = ["latest", "primary", "highest"] as const satisfies readonly CohortRule[];

export const SPECIMENS = [
  "PRIMARY_BIOPSY",
  "PRIMARY_SURGICAL",
  "METASTATIC",
  "OTHER",
] as const satisfies readonly Specimen[];

export const COHORT_RULE_LABELS: Readonly<Record<CohortRule, string>> = {
  latest: "Latest test",
  primary: "Primary tumour",
  highest: "Highest expression",
};

export const SPECIMEN_LABELS: Readonly<Record<Specimen, string>> = {
  PRIMARY_BIOPSY: "Primary tumour, biopsy",
  PRIMARY_SURGICAL: "Primary tumour, surgical specimen",
  METASTATIC: "Metastasis",
  OTHER: "Other",
};

export function isSpecimen(value: unknown): value is Specimen {
  return typeof value === "string" && (SPECIMENS as readonly string[]).includes(value);
}

export function isCohortRule(value: unknown): value is CohortRule {
  return typeof value === "string" && (COHORT_RULES as readonly string[]).includes(value);
}

/**
 * Expression rank used by the `highest` rule and by tie-breaks: POSITIVE > LOW > ULTRALOW >
 * ZERO. The order follows the treatment consequence: HER2-targeted therapy (ASCO/CAP 2018),
 * then trastuzumab deruxtecan eligibility in HER2-low (DESTINY-Breast04), then in ultralow
 * (DESTINY-Breast06), then none.
 */
export function her2Rank(category: EvaluableCategory): number {
  switch (category) {
    case "POSITIVE":
      return 4;
    case "LOW":
      return 3;
    case "ULTRALOW":
      return 2;
    case "ZERO":
      return 1;
    default:
      return assertNever(category);
  }
}

/** Negative when `a` is the lower expression, positive when higher, 0 when equal. */
export function compareCategoryRank(a: EvaluableCategory, b: EvaluableCategory): number {
  return her2Rank(a) - her2Rank(b);
}

/**
 * Position in the care pathway, used only to order tests taken on the same day: a biopsy
 * precedes the excision of the same tumour, and a metastasis is sampled after the primary. An
 * unspecified specimen ranks lowest, so on a tie a test of known origin speaks for the day.
 */
function rankSpecimenInPathway(specimen: Specimen): number {
  switch (specimen) {
    case "OTHER":
      return 0;
    case "PRIMARY_BIOPSY":
      return 1;
    case "PRIMARY_SURGICAL":
      return 2;
    case "METASTATIC":
      return 3;
    default:
      return assertNever(specimen);
  }
}

type EvaluableTest = ClassifiedTest & { category: EvaluableCategory };

function isEvaluableTest(test: ClassifiedTest): test is EvaluableTest {
  return isEvaluableCategory(test.category);
}

function isPrimaryTumourSpecimen(specimen: Specimen): boolean {
  switch (specimen) {
    case "PRIMARY_BIOPSY":
    case "PRIMARY_SURGICAL":
      return true;
    case "METASTATIC":
    case "OTHER":
      return false;
    default:
      return assertNever(specimen);
  }
}

/**
 * The one chronological order every rule uses, total so that the result never depends on the
 * order of the input array: by day; on the same day by position in the care pathway (OTHER <
 * PRIMARY_BIOPSY < PRIMARY_SURGICAL < METASTATIC); then by expression (ZERO < ULTRALOW < LOW <
 * POSITIVE). Tests equal on all three keys are interchangeable.
 */
function compareChronologically(a: EvaluableTest, b: EvaluableTest): number {
  return (
    a.daysSinceDiagnosis - b.daysSinceDiagnosis ||
    rankSpecimenInPathway(a.specimen) - rankSpecimenInPathway(b.specimen) ||
    compareCategoryRank(a.category, b.category)
  );
}

function assertValidTests(tests: readonly ClassifiedTest[]): void {
  if (!Array.isArray(tests)) {
    throw new TypeError("tests must be an array of classified HER2 tests");
  }
  tests.forEach((test, index) => {
    if (typeof test !== "object" || test === null) {
      throw new TypeError(`tests[${index}] must be an object`);
    }
    if (typeof test.daysSinceDiagnosis !== "number" || !Number.isFinite(test.daysSinceDiagnosis)) {
      throw new RangeError(`tests[${index}].daysSinceDiagnosis must be a finite number`);
    }
    if (!isSpecimen(test.specimen)) {
      throw new TypeError(`tests[${index}].specimen must be one of ${SPECIMENS.join(", ")}`);
    }
    if (!isHer2Category(test.category)) {
      throw new TypeError(`tests[${index}].category must be a HER2 category`);
    }
  });
}

/** Evaluable tests in chronological order (see compareChronologically). */
function sortEvaluableTests(tests: readonly ClassifiedTest[]): EvaluableTest[] {
  assertValidTests(tests);
  return tests.filter(isEvaluableTest).sort(compareChronologically);
}

function pickLatest(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  return sorted.at(-1) ?? null;
}

/**
 * The earliest evaluable test of the primary tumour. On the earliest day, the surgical
 * specimen wins over a biopsy (it samples more of the same untreated tumour, so it is less
 * exposed to the heterogeneity behind IHC 0 vs 1+ discordance), then the higher category:
 * the same within-day preference as `latest`.
 */
function pickPrimary(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  const primaryTests = sorted.filter((test) => isPrimaryTumourSpecimen(test.specimen));
  const first = primaryTests[0];
  if (first === undefined) return null;
  const firstDay = primaryTests.filter(
    (test) => test.daysSinceDiagnosis === first.daysSinceDiagnosis,
  );
  return firstDay.at(-1) ?? null;
}

function pickHighest(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  // `sorted` is chronological; the category alone decides here, so any test of the top rank
  // gives the same answer.
  let best: EvaluableTest | null = null;
  for (const test of sorted) {
    if (best === null || compareCategoryRank(test.category, best.category) > 0) best = test;
  }
  return best;
}

function pickByRule(sorted: readonly EvaluableTest[], rule: CohortRule): EvaluableTest | null {
  switch (rule) {
    case "latest":
      return pickLatest(sorted);
    case "primary":
      return pickPrimary(sorted);
    case "highest":
      return pickHighest(sorted);
    default:
      return assertNever(rule);
  }
}

/**
 * A patient's HER2 cohort under one cohort rule; null when no test qualifies (the patient is
 * "unclassified" under that rule). Only POSITIVE, LOW, ULTRALOW and ZERO tests are evaluable.
 */
export function assignCohort(tests: readonly ClassifiedTest[], rule: CohortRule): Her2Category | null {
  if (!isCohortRule(rule)) {
    throw new TypeError(`rule must be one of ${COHORT_RULES.join(", ")}`);
  }
  return pickByRule(sortEvaluableTests(tests), rule)?.category ?? null;
}

/**
 * First → last evaluable test in chronological order (same tie-breaks as `latest`, so `to`
 * is always the `latest` cohort). Null when the patient has fewer than two evaluable tests.
 * Two tests on the same day count as two tests: the one earlier in the care pathway is `from`.
 */
export function her2Transition(tests: readonly ClassifiedTest[]): Her2TransitionResult | null {
  const sorted = sortEvaluableTests(tests);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (sorted.length < 2 || first === undefined || last === undefined) return null;
  return { from: first.category, to: last.category };
}

/**
 * Primary tumour (the `primary` cohort) → latest evaluable metastasis, for the evolution view.
 * Null when either side is missing. No order in time is required between the two: in de novo
 * metastatic disease the metastasis may be sampled first, and the comparison is still
 * primary vs metastasis.
 */
export function primaryToMetastaticTransition(
  tests: readonly ClassifiedTest[],
): Her2TransitionResult | null {
  const sorted = sortEvaluableTests(tests);
  const primary = pickPrimary(sorted);
  const metastatic = pickLatest(sorted.filter((test) => test.specimen === "METASTATIC"));
  if (primary === null || metastatic === null) return null;
  return { from: primary.category, to: metastatic.category };
}

/**
 * Every derived value the data layer stores on the patient row, computed in one pass so the
 * stored columns cannot disagree with each other. `metastatic` is the latest evaluable
 * metastatic test; with `primary` it gives the primary → metastatic transition.
 */
export function deriveCohorts(tests: readonly ClassifiedTest[]): DerivedCohorts {
  const sorted = sortEvaluableTests(tests);
  const first = sorted[0];
  const last = sorted.at(-1);
  const hasTransition = sorted.length >= 2 && first !== undefined && last !== undefined;
  const metastatic = pickLatest(sorted.filter((test) => test.specimen === "METASTATIC"));
  return {
    latest: pickLatest(sorted)?.category ?? null,
    primary: pickPrimary(sorted)?.category ?? null,
    highest: pickHighest(sorted)?.category ?? null,
    transitionFrom: hasTransition ? first.category : null,
    transitionTo: hasTransition ? last.category : null,
    metastatic: metastatic?.category ?? null,
  };
}
