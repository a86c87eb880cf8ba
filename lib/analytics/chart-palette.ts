// The dashboards' colours and line styles beyond the cohort hues (issue 16 §16): a darker shade
// of each cohort colour where it is used as text, a dash pattern and a marker per cohort so a
// line is never told apart by colour alone, and the few non-cohort series colours. Pure: the
// charts, the exports and the palette's contrast test (chart-palette.test.ts) share it.
import { COHORT_COLOURS, type CohortKey } from "./cohorts";

/** The page behind every chart. */
export const CHART_BACKGROUND = "#ffffff";

/** Minimum contrast against the background: 3:1 for a series (WCAG 1.4.11), 4.5:1 for text (1.4.3). */
export const SERIES_MIN_CONTRAST = 3;
export const TEXT_MIN_CONTRAST = 4.5;

/**
 * The cohort colour where it is text (e.g. the KM risk table's row labels): the series colour
 * when that already reaches 4.5:1, else a darker shade of the same hue.
 */
export const COHORT_TEXT_COLOURS: Readonly<Record<CohortKey, string>> = {
  ...COHORT_COLOURS,
  LOW: "#8a5a00",
};

/**
 * SVG stroke-dasharray of each cohort's line ("" is solid). HER2-null and HER2-0 share the solid
 * line because they never appear together (the 4- and 3-group schemes).
 */
export const COHORT_DASHES: Readonly<Record<CohortKey, string>> = {
  ZERO: "",
  ULTRALOW: "10 4",
  ZERO_NOS: "2 3",
  HER2_0: "",
  LOW: "8 3 2 3",
  POSITIVE: "4 2",
  UNCLASSIFIED: "1 5",
};

/** Recharts <Symbols> type of each cohort's point marker. */
export type MarkerShape = "circle" | "cross" | "diamond" | "square" | "star" | "triangle" | "wye";

export const COHORT_MARKERS: Readonly<Record<CohortKey, MarkerShape>> = {
  ZERO: "circle",
  ULTRALOW: "triangle",
  ZERO_NOS: "diamond",
  HER2_0: "circle",
  LOW: "square",
  POSITIVE: "star",
  UNCLASSIFIED: "cross",
};

/** Series that are not cohorts. Slate shades dark enough for 3:1. */
export const NEUTRAL_SERIES_COLOURS = {
  /** A bar or point with no cohort (accrual's yearly bars, site totals). */
  primary: "#475569",
  /** A secondary series beside a dark one (e.g. yearly bars under the cumulative line). */
  secondary: "#7b8ba1",
  /** A second reference line (e.g. the 99.8 % control limits beside the 95 % ones). */
  faintLimit: "#8391a5",
  /** A point flagged for attention (a funnel-plot unit outside the limits). */
  alert: "#a8467f",
} as const;

/**
 * The Agreement tab's series (issue 13): Tailwind's amber and blue 700 (told apart with red-green
 * colour blindness, both above 4.5:1), slate boxes and a sky median.
 */
export const AGREEMENT_SERIES_COLOURS = {
  /** Central review placed the specimen lower than the site did; also the chosen cut-off's point. */
  lower: "#b45309",
  /** Central review placed it higher; also the ROC curve. */
  higher: "#1d4ed8",
  box: "#334155",
  median: "#075985",
} as const;

/**
 * The regimen comparison's two arms (Okabe-Ito vermillion and blue): at least 4.5:1 against
 * white, so the same colour serves the line and the risk table's row label, and different dash
 * patterns so the arms are told apart without colour.
 */
export const ARM_STYLES = {
  A: { colour: "#b2400c", dash: "" },
  B: { colour: "#0b5fa5", dash: "8 4" },
} as const;
