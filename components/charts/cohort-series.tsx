import { Symbols } from "recharts";
import { COHORT_DASHES, COHORT_MARKERS } from "@/lib/analytics/chart-palette";
import { COHORT_COLOURS, type CohortKey } from "@/lib/analytics/cohorts";

type DotProps = { cx?: number; cy?: number; index?: number };

/**
 * The look of a cohort's line (issue 16 §16): its colour, dash pattern and marker, so a line is
 * told apart in greyscale and without colour vision. Spread onto a Recharts <Line>.
 */
export function cohortLineStyle(cohort: CohortKey, { markers = true }: { markers?: boolean } = {}) {
  const colour = COHORT_COLOURS[cohort];
  const marker = COHORT_MARKERS[cohort];
  const renderDot = (size: number) =>
    function CohortMarker({ cx, cy, index }: DotProps) {
      if (cx === undefined || cy === undefined) return <g key={index} />;
      return <Symbols key={index} type={marker} size={size} cx={cx} cy={cy} fill={colour} stroke="#ffffff" strokeWidth={0.75} />;
    };
  return {
    stroke: colour,
    strokeWidth: 2,
    strokeDasharray: COHORT_DASHES[cohort] || undefined,
    dot: markers ? renderDot(42) : false,
    activeDot: markers ? renderDot(90) : false,
  } as const;
}
