/**
 * Patient-level HER2 cohorts built from a patient's classified tests, the HER2 status at an index
 * day, and the transitions the HER2 evolution view shows. The rules and their tie-breaks are
 * documented in docs/her2-classification.md ("Cohort rules", "HER2 status in time", "Re-reads").
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

/** Who read the slide: the site's own pathologist, a central review, or a second (research) read. */
export type ReadKind = "LOCAL" | "CENTRAL" | "REREAD";

/**
 * When the specimen was taken relative to neoadjuvant (preoperative) therapy, derived from the
 * NEOADJUVANT treatment lines (specimen-timing.ts).
 */
export type TreatmentTiming = "NO_NEOADJUVANT" | "BEFORE_NEOADJUVANT" | "DURING_NEOADJUVANT" | "AFTER_NEOADJUVANT";

export type ClassifiedTest = {
  /** The day the tissue was taken (for a re-read, the day of the specimen, not of the reading). */
  daysSinceDiagnosis: number;
  specimen: Specimen;
  category: Her2Category;
  /**
   * The block or specimen the test was read on, as the study labels it (e.g. "A1"). Tests with
   * the same label are reads of one specimen; without a label every test is its own specimen.
   */
  blockLabel?: string | null;
  /** Without a kind a read counts as LOCAL. */
  readKind?: ReadKind | null;
  /** Without a timing the specimen counts as untreated (no neoadjuvant therapy recorded). */
  treatmentTiming?: TreatmentTiming | null;
};

export type Her2TransitionResult = { from: Her2Category; to: Her2Category };

export type DerivedCohorts = {
  latest: Her2Category | null;
  primary: Her2Category | null;
  highest: Her2Category | null;
  transitionFrom: Her2Category | null;
  transitionTo: Her2Category | null;
  metastatic: Her2Category | null;
  /** The pre-treatment primary-tumour call of a patient who had neoadjuvant therapy. */
  preNeoadjuvant: Her2Category | null;
  /** The latest call of the residual tumour at surgery after neoadjuvant therapy. */
  residual: Her2Category | null;
  /** Specimens with an evaluable call (re-reads of one specimen count once). */
  evaluableSpecimens: number;
};

export const COHORT_RULES = ["latest", "primary", "highest"] as const satisfies readonly CohortRule[];

export const SPECIMENS = [
  "PRIMARY_BIOPSY",
  "PRIMARY_SURGICAL",
  "METASTATIC",
  "OTHER",
] as const satisfies readonly Specimen[];

export const READ_KINDS = ["LOCAL", "CENTRAL", "REREAD"] as const satisfies readonly ReadKind[];

export const TREATMENT_TIMINGS = [
  "NO_NEOADJUVANT",
  "BEFORE_NEOADJUVANT",
  "DURING_NEOADJUVANT",
  "AFTER_NEOADJUVANT",
] as const satisfies readonly TreatmentTiming[];

export const READ_KIND_LABELS: Readonly<Record<ReadKind, string>> = {
  LOCAL: "Local (the site's report)",
  CENTRAL: "Central review",
  REREAD: "Re-read (second reader)",
};

export const TREATMENT_TIMING_LABELS: Readonly<Record<TreatmentTiming, string>> = {
  NO_NEOADJUVANT: "No neoadjuvant therapy",
  BEFORE_NEOADJUVANT: "Before neoadjuvant therapy",
  DURING_NEOADJUVANT: "During neoadjuvant therapy",
  AFTER_NEOADJUVANT: "After neoadjuvant therapy",
};

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

export function isReadKind(value: unknown): value is ReadKind {
  return typeof value === "string" && (READ_KINDS as readonly string[]).includes(value);
}

export function isTreatmentTiming(value: unknown): value is TreatmentTiming {
  return typeof value === "string" && (TREATMENT_TIMINGS as readonly string[]).includes(value);
}

/**
 * Expression rank used by the `highest` rule and by tie-breaks: POSITIVE > LOW > ULTRALOW >
 * ZERO = ZERO_NOS. The order follows the treatment consequence: HER2-targeted therapy (ASCO/CAP
 * 2018), then trastuzumab deruxtecan eligibility in HER2-low (DESTINY-Breast04), then in
 * ultralow (DESTINY-Breast06), then none. An IHC 0 whose report did not say null or ultralow
 * ranks with null: nothing shows the faint staining that would make it ultralow.
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
    case "ZERO_NOS":
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
 * The rank, then a specified IHC 0 (null) above an unspecified one: on an exact tie the more
 * informative report speaks for the patient. Total over the evaluable categories.
 */
function compareCategories(a: EvaluableCategory, b: EvaluableCategory): number {
  return compareCategoryRank(a, b) || Number(a === "ZERO") - Number(b === "ZERO");
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
 * PRIMARY_BIOPSY < PRIMARY_SURGICAL < METASTATIC); then by expression (ZERO_NOS < ZERO < ULTRALOW <
 * LOW < POSITIVE). Tests equal on all three keys are interchangeable.
 */
function compareChronologically(a: EvaluableTest, b: EvaluableTest): number {
  return (
    a.daysSinceDiagnosis - b.daysSinceDiagnosis ||
    rankSpecimenInPathway(a.specimen) - rankSpecimenInPathway(b.specimen) ||
    compareCategories(a.category, b.category)
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
    if (test.blockLabel !== undefined && test.blockLabel !== null && typeof test.blockLabel !== "string") {
      throw new TypeError(`tests[${index}].blockLabel must be a string or null`);
    }
    if (test.readKind !== undefined && test.readKind !== null && !isReadKind(test.readKind)) {
      throw new TypeError(`tests[${index}].readKind must be one of ${READ_KINDS.join(", ")}`);
    }
    if (test.treatmentTiming !== undefined && test.treatmentTiming !== null && !isTreatmentTiming(test.treatmentTiming)) {
      throw new TypeError(`tests[${index}].treatmentTiming must be one of ${TREATMENT_TIMINGS.join(", ")}`);
    }
  });
}

/**
 * Which read of a specimen is its call: central review over the site's own (local) report over
 * a second research read (central review is how trials settle HER2; a research re-read
 * measures observer variability and does not replace the report).
 */
function rankReadKind(kind: ReadKind | null | undefined): number {
  switch (kind ?? "LOCAL") {
    case "CENTRAL":
      return 3;
    case "LOCAL":
      return 2;
    case "REREAD":
      return 1;
  }
}

function normaliseBlockLabel(label: string | null | undefined): string | null {
  const trimmed = label?.trim().toUpperCase() ?? "";
  return trimmed === "" ? null : trimmed;
}

/**
 * One call per specimen: the evaluable reads of one block (same label) become the read of the
 * highest kind (central > local > re-read; among reads of one kind the higher category, then the
 * later), dated on the block's earliest day and placed as the specimen type of that read.
 * Unlabelled tests stay one specimen each. Re-reads therefore never make a transition or move a
 * cohort by themselves.
 */
function collapseReads(tests: readonly EvaluableTest[]): EvaluableTest[] {
  const single: EvaluableTest[] = [];
  const blocks = new Map<string, EvaluableTest[]>();
  for (const test of tests) {
    const label = normaliseBlockLabel(test.blockLabel);
    if (label === null) {
      single.push(test);
      continue;
    }
    const reads = blocks.get(label) ?? [];
    reads.push(test);
    blocks.set(label, reads);
  }
  for (const reads of blocks.values()) {
    const day = Math.min(...reads.map((read) => read.daysSinceDiagnosis));
    const call = reads.reduce((best, read) =>
      (rankReadKind(read.readKind) - rankReadKind(best.readKind) ||
        compareCategories(read.category, best.category) ||
        read.daysSinceDiagnosis - best.daysSinceDiagnosis) > 0
        ? read
        : best,
    );
    single.push({ ...call, daysSinceDiagnosis: day });
  }
  return single;
}

/** One evaluable call per specimen, in chronological order (see compareChronologically). */
function sortEvaluableTests(tests: readonly ClassifiedTest[]): EvaluableTest[] {
  assertValidTests(tests);
  return collapseReads(tests.filter(isEvaluableTest)).sort(compareChronologically);
}

function isBeforeTreatment(test: ClassifiedTest): boolean {
  const timing = test.treatmentTiming ?? "NO_NEOADJUVANT";
  return timing === "NO_NEOADJUVANT" || timing === "BEFORE_NEOADJUVANT";
}

function pickLatest(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  return sorted.at(-1) ?? null;
}

/**
 * The earliest evaluable test of the primary tumour taken before any neoadjuvant therapy (the
 * status at diagnosis); only when the primary tumour has no such call, the earliest one taken
 * during or after it. On the earliest day, the surgical specimen wins over a biopsy (it samples
 * more of the same untreated tumour, so it is less exposed to the heterogeneity behind IHC 0 vs
 * 1+ discordance), then the higher category: the same within-day preference as `latest`.
 */
function pickPrimary(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  const primaryTumour = sorted.filter((test) => isPrimaryTumourSpecimen(test.specimen));
  const untreated = primaryTumour.filter(isBeforeTreatment);
  return pickEarliestDay(untreated.length > 0 ? untreated : primaryTumour);
}

function pickEarliestDay(primaryTests: readonly EvaluableTest[]): EvaluableTest | null {
  const first = primaryTests[0];
  if (first === undefined) return null;
  const firstDay = primaryTests.filter(
    (test) => test.daysSinceDiagnosis === first.daysSinceDiagnosis,
  );
  return firstDay.at(-1) ?? null;
}

function pickHighest(sorted: readonly EvaluableTest[]): EvaluableTest | null {
  // `sorted` is chronological; the category alone decides here (a specified IHC 0 over an
  // unspecified one at equal rank), so any test of the top category gives the same answer.
  let best: EvaluableTest | null = null;
  for (const test of sorted) {
    if (best === null || compareCategories(test.category, best.category) > 0) best = test;
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
 * "unclassified" under that rule). Only POSITIVE, LOW, ULTRALOW, ZERO and ZERO_NOS tests are
 * evaluable; re-reads of one specimen give one call (collapseReads).
 */
export function assignCohort(tests: readonly ClassifiedTest[], rule: CohortRule): Her2Category | null {
  if (!isCohortRule(rule)) {
    throw new TypeError(`rule must be one of ${COHORT_RULES.join(", ")}`);
  }
  return pickByRule(sortEvaluableTests(tests), rule)?.category ?? null;
}

/**
 * The HER2 status known at an index day (a line's first dose, diagnosis, a landmark): the
 * category of the most recent evaluable specimen taken on or before `day`, with the same-day
 * tie-breaks as the `latest` rule; null when none. Tests taken after `day` never count, so the
 * outcome that follows the index day cannot choose the group (look-ahead bias).
 */
export function her2StatusAt(tests: readonly ClassifiedTest[], day: number): Her2Category | null {
  if (typeof day !== "number" || !Number.isFinite(day)) {
    throw new RangeError("day must be a finite number of days since diagnosis");
  }
  const known = sortEvaluableTests(tests).filter((test) => test.daysSinceDiagnosis <= day);
  return pickLatest(known)?.category ?? null;
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
  const treatment = preNeoadjuvantToResidual(sorted);
  return {
    latest: pickLatest(sorted)?.category ?? null,
    primary: pickPrimary(sorted)?.category ?? null,
    highest: pickHighest(sorted)?.category ?? null,
    transitionFrom: hasTransition ? first.category : null,
    transitionTo: hasTransition ? last.category : null,
    metastatic: metastatic?.category ?? null,
    preNeoadjuvant: treatment.from,
    residual: treatment.to,
    evaluableSpecimens: sorted.length,
  };
}

/** A surgical specimen of the primary tumour taken after neoadjuvant therapy: the residual tumour. */
export function isResidualDiseaseSpecimen(test: { specimen: Specimen; treatmentTiming?: TreatmentTiming | null }): boolean {
  return test.specimen === "PRIMARY_SURGICAL" && test.treatmentTiming === "AFTER_NEOADJUVANT";
}

/**
 * Pre-treatment biopsy → residual disease, the change under neoadjuvant therapy that
 * her2-rules.md keeps apart from evolution over time: the earliest primary-tumour call before
 * neoadjuvant therapy, and the latest call of the residual tumour at surgery. Each side is null
 * when missing (a patient without neoadjuvant therapy has neither).
 */
function preNeoadjuvantToResidual(sorted: readonly EvaluableTest[]): { from: Her2Category | null; to: Her2Category | null } {
  const before = sorted.filter((test) => isPrimaryTumourSpecimen(test.specimen) && test.treatmentTiming === "BEFORE_NEOADJUVANT");
  const residual = sorted.filter(isResidualDiseaseSpecimen);
  return { from: pickEarliestDay(before)?.category ?? null, to: pickLatest(residual)?.category ?? null };
}

/**
 * Pre-treatment biopsy → residual disease for one patient, null unless both sides exist. The
 * evolution view shows it as its own transition, apart from primary → metastasis and first → last.
 */
export function preNeoadjuvantToResidualTransition(tests: readonly ClassifiedTest[]): Her2TransitionResult | null {
  const { from, to } = preNeoadjuvantToResidual(sortEvaluableTests(tests));
  return from === null || to === null ? null : { from, to };
}
