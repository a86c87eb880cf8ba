// Shared look of the Recharts charts. Literal colours (not CSS classes) so exports keep them.
import { COHORT_DASHES, COHORT_MARKERS } from "@/lib/analytics/chart-palette";
import { COHORT_COLOURS, COHORT_LABELS, type CohortKey } from "@/lib/analytics/cohorts";
import { formatShownCount, type ShownCount } from "@/lib/analytics/small-cells";
import type { LegendEntry } from "./export-chart";
import type { TableCell } from "./table-data";

export const AXIS_TICK = { fontSize: 12, fill: "#334155" } as const;
export const AXIS_LINE = { stroke: "#94a3b8" } as const;
export const GRID_STROKE = "#e2e8f0";
export const NEUTRAL_COLOUR = "#475569";
export const CHART_HEIGHT = 320;

/** Legend keys for cohorts: filled blocks for bars; for lines, each cohort's dash pattern (and marker). */
export function cohortLegend(cohorts: readonly CohortKey[], style: "bars" | "lines" | "lines-with-markers" = "bars"): LegendEntry[] {
  return cohorts.map((cohort) => ({
    label: COHORT_LABELS[cohort],
    colour: COHORT_COLOURS[cohort],
    ...(style === "bars" ? {} : { dash: COHORT_DASHES[cohort] }),
    ...(style === "lines-with-markers" ? { marker: COHORT_MARKERS[cohort] } : {}),
  }));
}

/** A count for a table or CSV cell: the number, or "<k" when suppressed. */
export function countCell(count: ShownCount, threshold: number): TableCell {
  return count === null ? `<${threshold}` : count;
}

/** A percentage rounded to one decimal for a table or CSV cell; blank when suppressed. */
export function percentCell(percent: number | null): TableCell {
  return percent === null ? null : Math.round(percent * 10) / 10;
}

export function countLabel(count: ShownCount, threshold: number): string {
  return formatShownCount(count, threshold);
}

/** Stacked shares add up to 100 ± rounding: fixed ticks keep the axis at 0-100 %. */
export const PERCENT_TICKS = [0, 25, 50, 75, 100];

/**
 * Every chart's tooltip (issue 16 §15): kept inside the chart (never clipped by the card edge),
 * dark text on white whatever the series colour, no hover band painted over the bars.
 */
export const CHART_TOOLTIP = {
  allowEscapeViewBox: { x: false, y: false },
  cursor: false,
  wrapperStyle: { outline: "none", zIndex: 10, maxWidth: "min(22rem, 90vw)" },
  contentStyle: { border: "1px solid #cbd5e1", borderRadius: 6, fontSize: 12, padding: "6px 8px", whiteSpace: "normal" },
  itemStyle: { color: "#0f172a", padding: 0 },
  labelStyle: { color: "#0f172a", fontWeight: 600, marginBottom: 2 },
} as const;
