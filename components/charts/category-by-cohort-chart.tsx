"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_LABELS, type CohortKey } from "@/lib/analytics/cohorts";
import type { CategoricalRowView } from "@/lib/analytics/present-table-one";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, cohortLegend, countCell, percentCell } from "./chart-theme";

/**
 * One categorical characteristic by cohort: for each category, a bar per cohort showing the
 * share of that cohort's patients (with a known value) in the category.
 */
export function CategoryByCohortChart({
  row,
  cohorts,
  threshold,
  description,
}: {
  row: CategoricalRowView;
  cohorts: CohortKey[];
  threshold: number;
  description: string;
}) {
  const levels = row.levels.filter((level) => level.overall !== 0);
  const data = levels.map((level) => ({ level: level.label, ...Object.fromEntries(cohorts.map((cohort) => [cohort, level.percents[cohort]])) }));
  const title = `${row.label} by cohort`;
  return (
    <ChartFrame
      title={title}
      testId={`chart-${row.key}`}
      description={`${description}${row.population ? ` ${row.population}.` : ""} Bars are the share of each cohort's patients with a known value; patients with the value missing are left out.`}
      legend={cohortLegend(cohorts)}
      table={{
        columns: ["Category", ...cohorts.flatMap((cohort) => [`${COHORT_LABELS[cohort]} (n)`, `${COHORT_LABELS[cohort]} (%)`])],
        rows: [
          ...levels.map((level) => [level.label, ...cohorts.flatMap((cohort) => [countCell(level.counts[cohort], threshold), percentCell(level.percents[cohort])])]),
          ...(row.unknown ? [["Unknown", ...cohorts.flatMap((cohort) => [countCell(row.unknown?.counts[cohort] ?? 0, threshold), null])]] : []),
        ],
      }}
      empty={levels.length === 0 ? "No patient in the filtered cohort has a known value." : null}
    >
      {(chartSvgProps) => (
        <BarChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="level" tick={AXIS_TICK} axisLine={AXIS_LINE} interval={0} />
          <YAxis tick={AXIS_TICK} axisLine={AXIS_LINE} unit="%" domain={[0, 100]} />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : `<${threshold}`)} />
          {cohorts.map((cohort) => (
            <Bar key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} fill={COHORT_COLOURS[cohort]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
