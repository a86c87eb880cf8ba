// The cohorts the dashboards group patients into, in the order every chart and table lists them,
// with their labels and colours. Pure: shared by the SQL layer and the client charts.
import { HER2_CATEGORY_LABELS, type EvaluableCategory } from "../her2/classify";

export type CohortKey = EvaluableCategory | "UNCLASSIFIED";

/** Lowest to highest expression, then patients without an evaluable test (issue 7's order). */
export const COHORT_KEYS = ["ZERO", "ULTRALOW", "LOW", "POSITIVE", "UNCLASSIFIED"] as const satisfies readonly CohortKey[];

/** The four HER2 cohorts compared by the p-values, log-rank tests and hazard ratios. */
export const HER2_COHORT_KEYS = ["ZERO", "ULTRALOW", "LOW", "POSITIVE"] as const satisfies readonly EvaluableCategory[];

export const COHORT_LABELS: Readonly<Record<CohortKey, string>> = {
  ZERO: HER2_CATEGORY_LABELS.ZERO,
  ULTRALOW: HER2_CATEGORY_LABELS.ULTRALOW,
  LOW: HER2_CATEGORY_LABELS.LOW,
  POSITIVE: HER2_CATEGORY_LABELS.POSITIVE,
  UNCLASSIFIED: "Unclassified",
};

/**
 * Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. The same hex
 * values as the --color-cohort-* theme variables in app/globals.css (a unit test keeps them in
 * step): charts need literal colours so that an exported SVG or PNG keeps them.
 */
export const COHORT_COLOURS: Readonly<Record<CohortKey, string>> = {
  ZERO: "#0072b2",
  ULTRALOW: "#56b4e9",
  LOW: "#e69f00",
  POSITIVE: "#d55e00",
  UNCLASSIFIED: "#999999",
};

/** The CSS variable of each cohort colour, for HTML elements styled with the theme. */
export const COHORT_COLOUR_VARIABLES: Readonly<Record<CohortKey, string>> = {
  ZERO: "--color-cohort-zero",
  ULTRALOW: "--color-cohort-ultralow",
  LOW: "--color-cohort-low",
  POSITIVE: "--color-cohort-positive",
  UNCLASSIFIED: "--color-cohort-unclassified",
};

export function isCohortKey(value: unknown): value is CohortKey {
  return typeof value === "string" && (COHORT_KEYS as readonly string[]).includes(value);
}

export function isHer2CohortKey(value: unknown): value is EvaluableCategory {
  return typeof value === "string" && (HER2_COHORT_KEYS as readonly string[]).includes(value);
}

/** A cohort column read back from SQL (`COALESCE(cohort::text, 'UNCLASSIFIED')`). */
export function toCohortKey(value: string): CohortKey {
  if (!isCohortKey(value)) throw new Error(`Unexpected cohort value from the database: ${value}`);
  return value;
}

/** One zero per cohort, to fill in the cohorts a query returned no row for. */
export function createCohortRecord<T>(make: (cohort: CohortKey) => T): Record<CohortKey, T> {
  return {
    ZERO: make("ZERO"),
    ULTRALOW: make("ULTRALOW"),
    LOW: make("LOW"),
    POSITIVE: make("POSITIVE"),
    UNCLASSIFIED: make("UNCLASSIFIED"),
  };
}
