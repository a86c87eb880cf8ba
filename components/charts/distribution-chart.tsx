"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_LABELS, type CohortKey } from "@/lib/analytics/cohorts";
import { formatMedianQuartiles } from "@/lib/analytics/format";
import type { ContinuousRowView, DistributionView } from "@/lib/analytics/present-table-one";
import { ChartFrame } from "./chart-frame";
import { cohortLineStyle } from "./cohort-series";
import { useUnclassifiedToggle } from "./unclassified-toggle";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, cohortLegend, countCell, percentCell } from "./chart-theme";

/**
 * The distribution of a continuous characteristic per cohort, as frequency polygons: for each
 * bin, the share of the cohort's patients whose value falls in it. Counted in SQL by bin.
 */
export function DistributionChart({
  distribution,
  row,
  cohorts,
  threshold,
}: {
  distribution: DistributionView;
  row: ContinuousRowView | undefined;
  cohorts: CohortKey[];
  threshold: number;
}) {
  const [showUnclassified, unclassifiedControl] = useUnclassifiedToggle(cohorts.includes("UNCLASSIFIED"));
  const drawn = cohorts.filter((cohort) => cohort !== "UNCLASSIFIED" || showUnclassified);
  const data = distribution.bins.map((bin) => ({ bin: bin.label, ...Object.fromEntries(drawn.map((cohort) => [cohort, bin.percents[cohort]])) }));
  const medians = row
    ? cohorts
        .map((cohort) => {
          const summary = row.summaries[cohort];
          return summary && summary.n !== null ? `${COHORT_LABELS[cohort]} ${formatMedianQuartiles(summary)}` : null;
        })
        .filter((text): text is string => text !== null)
    : [];
  return (
    <ChartFrame
      title={`${distribution.label} by cohort`}
      testId={`chart-distribution-${distribution.key}`}
      description={`How ${distribution.label.split(",")[0]?.toLowerCase()} is distributed in each cohort: the share of the cohort's patients in each interval. Median (Q1, Q3): ${medians.join("; ") || "not available"}.`}
      legend={cohortLegend(drawn, "lines-with-markers")}
      controls={unclassifiedControl}
      table={{
        columns: ["Interval", ...cohorts.flatMap((cohort) => [`${COHORT_LABELS[cohort]} (n)`, `${COHORT_LABELS[cohort]} (%)`])],
        rows: distribution.bins.map((bin) => [bin.label, ...cohorts.flatMap((cohort) => [countCell(bin.counts[cohort], threshold), percentCell(bin.percents[cohort])])]),
      }}
      empty={distribution.bins.length === 0 ? "No patient in the filtered cohort has a recorded value." : null}
    >
      {(chartSvgProps) => (
        <LineChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="bin" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis tick={AXIS_TICK} axisLine={AXIS_LINE} unit="%" />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : `<${threshold}`)} />
          {drawn.map((cohort) => (
            <Line key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} {...cohortLineStyle(cohort)} isAnimationActive={false} />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
