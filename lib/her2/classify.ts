/**
 * Classification of one HER2 test (an IHC score and/or a dual-probe ISH result) into the
 * categories this application reports.
 *
 * Sources:
 * - ASCO/CAP HER2 testing guideline for breast cancer, 2018 (Wolff et al., J Clin Oncol
 *   2018;36:2105), affirmed unchanged by the 2023 update (Wolff et al., J Clin Oncol
 *   2023;41:3867): the IHC scores, the five dual-probe ISH groups and their final calls.
 * - DESTINY-Breast04 (Modi et al., N Engl J Med 2022): "HER2-low" = IHC 1+, or IHC 2+ with
 *   a negative ISH.
 * - DESTINY-Breast06 (Bardia et al., N Engl J Med 2024): "HER2-ultralow" = IHC 0 with faint,
 *   incomplete membrane staining in ≤10 % of tumour cells ("IHC >0 <1+").
 *
 * The full decision table is documented in docs/her2-classification.md; a test keeps the two
 * in step.
 */

export type IhcScore = "IHC_0_NULL" | "IHC_0_ULTRALOW" | "IHC_0_NOS" | "IHC_1" | "IHC_2" | "IHC_3";
export type Her2Category = "POSITIVE" | "LOW" | "ULTRALOW" | "ZERO" | "ZERO_NOS" | "EQUIVOCAL" | "INDETERMINATE";
export type IshGroup = 1 | 2 | 3 | 4 | 5;

/** The categories a cohort can be built from; EQUIVOCAL and INDETERMINATE cannot be placed. */
export type EvaluableCategory = Extract<Her2Category, "POSITIVE" | "LOW" | "ULTRALOW" | "ZERO" | "ZERO_NOS">;

export type Her2TestInput = {
  ihc: IhcScore | null;
  ishRatio?: number | null;
  ishCopies?: number | null;
};

export type Her2Classification = {
  category: Her2Category;
  ishGroup: IshGroup | null;
  reason: string;
};

// The value arrays double as the database enum values; keep their order stable (lowest to
// highest expression) because the UI lists them in this order. "0, not specified" sits after
// the two specified IHC 0 scores: it is an IHC 0 whose report never split null from ultralow.
export const IHC_SCORES = [
  "IHC_0_NULL",
  "IHC_0_ULTRALOW",
  "IHC_0_NOS",
  "IHC_1",
  "IHC_2",
  "IHC_3",
] as const satisfies readonly IhcScore[];

export const HER2_CATEGORIES = [
  "POSITIVE",
  "LOW",
  "ULTRALOW",
  "ZERO",
  "ZERO_NOS",
  "EQUIVOCAL",
  "INDETERMINATE",
] as const satisfies readonly Her2Category[];

export const EVALUABLE_CATEGORIES = [
  "POSITIVE",
  "LOW",
  "ULTRALOW",
  "ZERO",
  "ZERO_NOS",
] as const satisfies readonly EvaluableCategory[];

export const ISH_GROUPS = [1, 2, 3, 4, 5] as const satisfies readonly IshGroup[];

export const IHC_SCORE_LABELS: Readonly<Record<IhcScore, string>> = {
  IHC_0_NULL: "0 (null)",
  IHC_0_ULTRALOW: "0 (ultralow, faint ≤10 %)",
  IHC_0_NOS: "0, not specified (null or ultralow not reported)",
  IHC_1: "1+",
  IHC_2: "2+",
  IHC_3: "3+",
};

export const HER2_CATEGORY_LABELS: Readonly<Record<Her2Category, string>> = {
  POSITIVE: "HER2-positive",
  LOW: "HER2-low",
  ULTRALOW: "HER2-ultralow",
  // The stored code ZERO is IHC 0 with no staining: "HER2-null" (DESTINY-Breast06). "HER2-0" is
  // every IHC 0 (null + ultralow + not specified), as ESMO 2023 and most publications use it.
  ZERO: "HER2-null",
  ZERO_NOS: "HER2-0, not specified",
  EQUIVOCAL: "Equivocal (ISH pending)",
  INDETERMINATE: "Indeterminate",
};

export const ISH_GROUP_LABELS: Readonly<Record<IshGroup, string>> = {
  1: "Group 1: ratio ≥ 2.0, copies ≥ 4.0",
  2: "Group 2: ratio ≥ 2.0, copies < 4.0",
  3: "Group 3: ratio < 2.0, copies ≥ 6.0",
  4: "Group 4: ratio < 2.0, copies ≥ 4.0 and < 6.0",
  5: "Group 5: ratio < 2.0, copies < 4.0",
};

// Plausibility limits, not guideline values: they catch typing slips (a ratio of 200 for 2.00)
// while leaving room for heavily amplified tumours.
export const ISH_RATIO_MAX = 30;
export const ISH_COPIES_MAX = 60;

// ASCO/CAP 2018 dual-probe ISH cut-offs.
const RATIO_CUT_OFF = 2.0;
const COPIES_LOW_CUT_OFF = 4.0;
const COPIES_HIGH_CUT_OFF = 6.0;

export function isIhcScore(value: unknown): value is IhcScore {
  return typeof value === "string" && (IHC_SCORES as readonly string[]).includes(value);
}

export function isHer2Category(value: unknown): value is Her2Category {
  return typeof value === "string" && (HER2_CATEGORIES as readonly string[]).includes(value);
}

export function isEvaluableCategory(category: Her2Category): category is EvaluableCategory {
  switch (category) {
    case "POSITIVE":
    case "LOW":
    case "ULTRALOW":
    case "ZERO":
    case "ZERO_NOS":
      return true;
    case "EQUIVOCAL":
    case "INDETERMINATE":
      return false;
    default:
      return assertNever(category);
  }
}

export function assertNever(value: never): never {
  throw new TypeError(`Unexpected value: ${String(value)}`);
}

function assertMeasurement(value: unknown, name: string, max: number): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number (got ${describeValue(value)})`);
  }
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be between 0 and ${max} (got ${String(value)})`);
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `the string "${value}"`;
  return typeof value;
}

/**
 * Dual-probe ISH group from the HER2/CEP17 ratio and the mean HER2 copies per cell
 * (ASCO/CAP 2018). Boundaries are inclusive as the guideline writes them: a ratio of exactly
 * 2.0 is "≥ 2.0", 4.0 copies is "≥ 4.0", 6.0 copies is "≥ 6.0". Values are compared as
 * entered, without rounding, so enter them as the laboratory reported them.
 */
export function ishGroup(ratio: number, copies: number): IshGroup {
  assertMeasurement(ratio, "HER2/CEP17 ratio", ISH_RATIO_MAX);
  assertMeasurement(copies, "Mean HER2 copies per cell", ISH_COPIES_MAX);
  if (ratio >= RATIO_CUT_OFF) {
    return copies >= COPIES_LOW_CUT_OFF ? 1 : 2;
  }
  if (copies >= COPIES_HIGH_CUT_OFF) return 3;
  if (copies >= COPIES_LOW_CUT_OFF) return 4;
  return 5;
}

type IhcKey = IhcScore | "NO_IHC";
type IshKey = IshGroup | "NO_ISH";
type Decision = { readonly category: Her2Category; readonly reason: string };

function decide(category: Her2Category, reason: string): Decision {
  return { category, reason };
}

/**
 * Every IHC score (or none) × every ISH group (or none), written out so that a pathologist can
 * audit each cell against ASCO/CAP 2018 and docs/her2-classification.md.
 *
 * - IHC 3+ is positive whatever the ISH (ASCO/CAP 2018: IHC 3+ is a positive result). With
 *   ISH group 5 the two disagree; the result stays positive and the reason says so, so that
 *   the discordance is reviewed.
 * - A negative ISH call takes its low/ultralow/null category from the IHC of the same tissue
 *   (IHC 2+ → low, per DESTINY-Breast04).
 * - Groups 2-4 cannot be called without the IHC of the same tissue (ASCO/CAP 2018), and a
 *   group 5 without IHC is negative but cannot be split into low/ultralow/null: both are
 *   INDETERMINATE.
 * - IHC 0 or 1+ with ISH group 1 is positive: the ISH table decides when ISH was done.
 */
export const HER2_DECISION_TABLE: Readonly<Record<IhcKey, Readonly<Record<IshKey, Decision>>>> = {
  NO_IHC: {
    NO_ISH: decide("INDETERMINATE", "No IHC score and no ISH result: indeterminate"),
    1: decide("POSITIVE", "ISH group 1 without IHC: positive"),
    2: decide("INDETERMINATE", "ISH group 2 without IHC: indeterminate (groups 2-4 need the IHC of the same tissue)"),
    3: decide("INDETERMINATE", "ISH group 3 without IHC: indeterminate (groups 2-4 need the IHC of the same tissue)"),
    4: decide("INDETERMINATE", "ISH group 4 without IHC: indeterminate (groups 2-4 need the IHC of the same tissue)"),
    5: decide("INDETERMINATE", "ISH group 5 without IHC: negative, but low/ultralow/null needs an IHC score: indeterminate"),
  },
  IHC_0_NULL: {
    NO_ISH: decide("ZERO", "IHC 0 (null, no membrane staining): HER2-null"),
    1: decide("POSITIVE", "ISH group 1 with IHC 0 (null): positive"),
    2: decide("ZERO", "ISH group 2 with IHC 0 (null): negative, HER2-null"),
    3: decide("ZERO", "ISH group 3 with IHC 0 (null): negative, HER2-null"),
    4: decide("ZERO", "ISH group 4 with IHC 0 (null): negative, HER2-null"),
    5: decide("ZERO", "ISH group 5 with IHC 0 (null): negative, HER2-null"),
  },
  IHC_0_ULTRALOW: {
    NO_ISH: decide("ULTRALOW", "IHC 0 (ultralow, faint staining in ≤10 % of cells): HER2-ultralow"),
    1: decide("POSITIVE", "ISH group 1 with IHC 0 (ultralow): positive"),
    2: decide("ULTRALOW", "ISH group 2 with IHC 0 (ultralow): negative, HER2-ultralow"),
    3: decide("ULTRALOW", "ISH group 3 with IHC 0 (ultralow): negative, HER2-ultralow"),
    4: decide("ULTRALOW", "ISH group 4 with IHC 0 (ultralow): negative, HER2-ultralow"),
    5: decide("ULTRALOW", "ISH group 5 with IHC 0 (ultralow): negative, HER2-ultralow"),
  },
  IHC_0_NOS: {
    NO_ISH: decide("ZERO_NOS", "IHC 0 (not specified as null or ultralow): HER2-0 (not specified)"),
    1: decide("POSITIVE", "ISH group 1 with IHC 0 (not specified): positive"),
    2: decide("ZERO_NOS", "ISH group 2 with IHC 0 (not specified): negative, HER2-0 (not specified)"),
    3: decide("ZERO_NOS", "ISH group 3 with IHC 0 (not specified): negative, HER2-0 (not specified)"),
    4: decide("ZERO_NOS", "ISH group 4 with IHC 0 (not specified): negative, HER2-0 (not specified)"),
    5: decide("ZERO_NOS", "ISH group 5 with IHC 0 (not specified): negative, HER2-0 (not specified)"),
  },
  IHC_1: {
    NO_ISH: decide("LOW", "IHC 1+: HER2-low"),
    1: decide("POSITIVE", "ISH group 1 with IHC 1+: positive"),
    2: decide("LOW", "ISH group 2 with IHC 1+: negative, HER2-low"),
    3: decide("LOW", "ISH group 3 with IHC 1+: negative, HER2-low"),
    4: decide("LOW", "ISH group 4 with IHC 1+: negative, HER2-low"),
    5: decide("LOW", "ISH group 5 with IHC 1+: negative, HER2-low"),
  },
  IHC_2: {
    NO_ISH: decide("EQUIVOCAL", "IHC 2+ awaiting ISH: equivocal"),
    1: decide("POSITIVE", "ISH group 1 with IHC 2+: positive"),
    2: decide("LOW", "ISH group 2 with IHC 2+: negative, HER2-low"),
    3: decide("POSITIVE", "ISH group 3 with IHC 2+: positive"),
    4: decide("LOW", "ISH group 4 with IHC 2+: negative, HER2-low"),
    5: decide("LOW", "ISH group 5 with IHC 2+: negative, HER2-low"),
  },
  IHC_3: {
    NO_ISH: decide("POSITIVE", "IHC 3+: positive"),
    1: decide("POSITIVE", "ISH group 1 with IHC 3+: positive"),
    2: decide("POSITIVE", "ISH group 2 with IHC 3+: positive"),
    3: decide("POSITIVE", "ISH group 3 with IHC 3+: positive"),
    4: decide("POSITIVE", "ISH group 4 with IHC 3+: positive"),
    5: decide("POSITIVE", "IHC 3+: positive; ISH group 5 is negative, review the discordant result"),
  },
};

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/**
 * Classify one HER2 test. Throws a TypeError when the input has the wrong shape (unknown IHC
 * score, a ratio without copies or the reverse, a non-number) and a RangeError when a
 * measurement is out of range or not finite.
 */
export function classifyHer2Test(input: Her2TestInput): Her2Classification {
  // Runtime checks as well as types: callers include CSV imports and the re-classification
  // script, where a misspelt key would otherwise pass silently as "no IHC".
  if (typeof input !== "object" || input === null) {
    throw new TypeError("HER2 test input must be an object with ihc, ishRatio and ishCopies");
  }
  const { ihc, ishRatio, ishCopies } = input;
  if (ihc !== null && !isIhcScore(ihc)) {
    throw new TypeError(
      ihc === undefined
        ? "ihc is required: pass an IHC score, or null when no IHC was done"
        : `ihc must be one of ${IHC_SCORES.join(", ")} or null (got ${describeValue(ihc)})`,
    );
  }
  if (isAbsent(ishRatio) !== isAbsent(ishCopies)) {
    throw new TypeError(
      "Enter both the HER2/CEP17 ratio and the mean HER2 copies per cell, or neither",
    );
  }
  const group = isAbsent(ishRatio) || isAbsent(ishCopies) ? null : ishGroup(ishRatio, ishCopies);
  const decision = HER2_DECISION_TABLE[ihc ?? "NO_IHC"][group ?? "NO_ISH"];
  return { category: decision.category, ishGroup: group, reason: decision.reason };
}
