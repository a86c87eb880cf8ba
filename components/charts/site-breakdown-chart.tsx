"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_KEYS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import type { OverviewView } from "@/lib/analytics/present-overview";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, PERCENT_TICKS, cohortLegend, countCell, countLabel, percentCell } from "./chart-theme";

export function SiteBreakdownChart({ view }: { view: OverviewView }) {
  const threshold = view.smallCellThreshold;
  const cohorts = COHORT_KEYS.filter((cohort) => view.sites.some((site) => site.counts[cohort] !== 0));
  const data = view.sites.map((site) => ({
    site: `${site.code} (n = ${countLabel(site.total, threshold)})`,
    ...Object.fromEntries(cohorts.map((cohort) => [cohort, site.percents[cohort]])),
  }));
  return (
    <ChartFrame
      title="Cohorts by site"
      testId="chart-site-breakdown"
      description="Each site's patients split by HER2 cohort (share of the site's patients). A site whose HER2-low share stands apart may score IHC 0 and 1+ differently: see the calling-rate funnel plots on the Evolution tab."
      legend={cohortLegend(cohorts)}
      table={{
        columns: ["Site", "Site name", "Patients", ...cohorts.flatMap((cohort) => [`${COHORT_LABELS[cohort]} (n)`, `${COHORT_LABELS[cohort]} (%)`])],
        rows: view.sites.map((site) => [
          site.code,
          site.name,
          countCell(site.total, threshold),
          ...cohorts.flatMap((cohort) => [countCell(site.counts[cohort], threshold), percentCell(site.percents[cohort])]),
        ]),
      }}
    >
      {(chartSvgProps) => (
        <BarChart {...chartSvgProps} layout="vertical" data={data} responsive style={{ width: "100%", height: Math.max(160, 48 * data.length + 60) }} margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis type="number" domain={[0, 100]} ticks={PERCENT_TICKS} allowDataOverflow unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis type="category" dataKey="site" width={120} tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : `<${threshold}`)} />
          {cohorts.map((cohort) => (
            <Bar key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} stackId="cohorts" fill={COHORT_COLOURS[cohort]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
