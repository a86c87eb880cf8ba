// The cohorts the dashboards group patients into, in the order every chart and table lists them,
// with their labels and colours, under the two cohort schemes. Pure: shared by the SQL layer and
// the client charts.
import { HER2_CATEGORY_LABELS, type EvaluableCategory } from "../her2/classify";

/**
 * "4": HER2-null / ultralow / low / positive (DESTINY-Breast06's split of IHC 0), with IHC 0 not
 * specified as its own group where present; "3": HER2-0 (every IHC 0) / low / positive, the
 * comparison most publications and ESMO 2023 make.
 */
export type CohortScheme = "4" | "3";
export const COHORT_SCHEMES = ["4", "3"] as const satisfies readonly CohortScheme[];
export const COHORT_SCHEME_LABELS: Readonly<Record<CohortScheme, string>> = {
  "4": "4 groups: HER2-null, ultralow, low, positive",
  "3": "3 groups: HER2-0, low, positive",
};

export type CohortKey = EvaluableCategory | "HER2_0" | "UNCLASSIFIED";

/** Every key, in display order (each scheme shows its own subset: SCHEME_COHORT_KEYS). */
export const COHORT_KEYS = ["ZERO", "ULTRALOW", "ZERO_NOS", "HER2_0", "LOW", "POSITIVE", "UNCLASSIFIED"] as const satisfies readonly CohortKey[];

/** The HER2 cohorts compared by the p-values, log-rank tests and hazard ratios (not the unclassified). */
export const HER2_COHORT_KEYS = ["ZERO", "ULTRALOW", "ZERO_NOS", "HER2_0", "LOW", "POSITIVE"] as const satisfies readonly Exclude<CohortKey, "UNCLASSIFIED">[];
export type Her2CohortKey = (typeof HER2_COHORT_KEYS)[number];

/** The cohorts of each scheme, in display order. */
export const SCHEME_COHORT_KEYS: Readonly<Record<CohortScheme, readonly CohortKey[]>> = {
  "4": ["ZERO", "ULTRALOW", "ZERO_NOS", "LOW", "POSITIVE", "UNCLASSIFIED"],
  "3": ["HER2_0", "LOW", "POSITIVE", "UNCLASSIFIED"],
};

/** The IHC 0 categories that make HER2-0 (ESMO 2023): null, ultralow and not specified. */
export const HER2_0_CATEGORIES = ["ZERO", "ULTRALOW", "ZERO_NOS"] as const satisfies readonly EvaluableCategory[];

export const COHORT_LABELS: Readonly<Record<CohortKey, string>> = {
  ZERO: HER2_CATEGORY_LABELS.ZERO,
  ULTRALOW: HER2_CATEGORY_LABELS.ULTRALOW,
  ZERO_NOS: HER2_CATEGORY_LABELS.ZERO_NOS,
  HER2_0: "HER2-0",
  LOW: HER2_CATEGORY_LABELS.LOW,
  POSITIVE: HER2_CATEGORY_LABELS.POSITIVE,
  UNCLASSIFIED: "Unclassified",
};

/**
 * Series colours (issue 16 §16): Okabe-Ito hues (blue, purple, vermillion, sky, orange, grey;
 * told apart with the common colour-vision deficiencies) darkened until each has at least 3:1
 * contrast against white (WCAG 1.4.11) and the cohorts of one scheme differ in lightness (CIE L*
 * at least 7 apart), so they stay apart in greyscale too; lines also get their own dash pattern
 * and marker (lib/analytics/chart-palette.ts). The same hex values as the --color-cohort-* theme
 * variables in app/globals.css (a unit test keeps them in step): charts need literal colours so
 * that an exported SVG or PNG keeps them.
 */
export const COHORT_COLOURS: Readonly<Record<CohortKey, string>> = {
  ZERO: "#0b2a5c",
  ULTRALOW: "#2878b8",
  ZERO_NOS: "#4b2a7a",
  HER2_0: "#12386f",
  LOW: "#c47f00",
  POSITIVE: "#b3300b",
  UNCLASSIFIED: "#4f4f4f",
};

/** The CSS variable of each cohort colour, for HTML elements styled with the theme. */
export const COHORT_COLOUR_VARIABLES: Readonly<Record<CohortKey, string>> = {
  ZERO: "--color-cohort-zero",
  ULTRALOW: "--color-cohort-ultralow",
  ZERO_NOS: "--color-cohort-zero-nos",
  HER2_0: "--color-cohort-her2-0",
  LOW: "--color-cohort-low",
  POSITIVE: "--color-cohort-positive",
  UNCLASSIFIED: "--color-cohort-unclassified",
};

export function isCohortScheme(value: unknown): value is CohortScheme {
  return typeof value === "string" && (COHORT_SCHEMES as readonly string[]).includes(value);
}

export function isCohortKey(value: unknown): value is CohortKey {
  return typeof value === "string" && (COHORT_KEYS as readonly string[]).includes(value);
}

export function isHer2CohortKey(value: unknown): value is Her2CohortKey {
  return typeof value === "string" && (HER2_COHORT_KEYS as readonly string[]).includes(value);
}

/** Whether `cohort` is one of the IHC 0 groups that HER2-0 unites (or HER2-0 itself). */
export function isHer2ZeroCohort(cohort: CohortKey): boolean {
  return cohort === "HER2_0" || (HER2_0_CATEGORIES as readonly string[]).includes(cohort);
}

/** The cohort of a stored category (or UNCLASSIFIED) under `scheme`: IHC 0 groups become HER2-0 under "3". */
export function cohortInScheme(cohort: CohortKey, scheme: CohortScheme): CohortKey {
  return scheme === "3" && isHer2ZeroCohort(cohort) ? "HER2_0" : cohort;
}

/**
 * A cohort column read back from SQL (`COALESCE(cohort::text, 'UNCLASSIFIED')`), placed in
 * `scheme`: the SQL always groups by the stored category, so the 3-group scheme's HER2-0 is the
 * sum of its three IHC 0 groups and both schemes count the same patients.
 */
export function toCohortKey(value: string, scheme: CohortScheme = "4"): CohortKey {
  if (!isCohortKey(value)) throw new Error(`Unexpected cohort value from the database: ${value}`);
  return cohortInScheme(value, scheme);
}

/**
 * The cohorts a view of `scheme` shows: the scheme's groups, with IHC 0 not specified only when
 * some patient is in it (registries without pre-2022 reports never have one).
 */
export function shownCohortKeys(scheme: CohortScheme, hasPatients: (cohort: CohortKey) => boolean): CohortKey[] {
  return SCHEME_COHORT_KEYS[scheme].filter((cohort) => cohort !== "ZERO_NOS" || hasPatients(cohort));
}

/** One zero per cohort, to fill in the cohorts a query returned no row for. */
export function createCohortRecord<T>(make: (cohort: CohortKey) => T): Record<CohortKey, T> {
  return {
    ZERO: make("ZERO"),
    ULTRALOW: make("ULTRALOW"),
    ZERO_NOS: make("ZERO_NOS"),
    HER2_0: make("HER2_0"),
    LOW: make("LOW"),
    POSITIVE: make("POSITIVE"),
    UNCLASSIFIED: make("UNCLASSIFIED"),
  };
}
