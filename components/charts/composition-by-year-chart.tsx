"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_KEYS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { roundCountTicks } from "@/lib/analytics/axis-ticks";
import type { OverviewView } from "@/lib/analytics/present-overview";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, CHART_HEIGHT, GRID_STROKE, PERCENT_TICKS, cohortLegend, countCell, percentCell } from "./chart-theme";
import { SegmentedToggle } from "./segmented-toggle";

type Mode = "counts" | "percent";

export function CompositionByYearChart({ view }: { view: OverviewView }) {
  const [mode, setMode] = useState<Mode>("counts");
  const threshold = view.smallCellThreshold;
  const cohorts = COHORT_KEYS.filter((cohort) => view.byYear.some((year) => (year.counts[cohort] ?? 1) !== 0));
  const data = view.byYear.map((year) => ({
    year: String(year.year),
    ...Object.fromEntries(cohorts.map((cohort) => [cohort, mode === "counts" ? year.counts[cohort] : year.percents[cohort]])),
  }));
  const countTicks = roundCountTicks(Math.max(0, ...view.byYear.map((year) => year.total ?? 0)));
  return (
    <ChartFrame
      title="Cohort composition by year of diagnosis"
      testId="chart-composition-by-year"
      description="Patients diagnosed each year, split by HER2 cohort: as counts, or as each cohort's share of the year (100 %). A shift in the shares over time can reflect changes in HER2 testing practice."
      legend={cohortLegend(cohorts)}
      controls={
        <SegmentedToggle
          label="Show composition as"
          value={mode}
          onChange={setMode}
          options={[
            { value: "counts", label: "Counts" },
            { value: "percent", label: "100 %" },
          ]}
        />
      }
      table={{
        columns: ["Year of diagnosis", "Total", ...cohorts.flatMap((cohort) => [`${COHORT_LABELS[cohort]} (n)`, `${COHORT_LABELS[cohort]} (%)`])],
        rows: view.byYear.map((year) => [
          year.year,
          countCell(year.total, threshold),
          ...cohorts.flatMap((cohort) => [countCell(year.counts[cohort], threshold), percentCell(year.percents[cohort])]),
        ]),
      }}
    >
      {(chartSvgProps) => (
        <BarChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="year" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            allowDecimals={false}
            domain={mode === "percent" ? [0, 100] : [0, countTicks[countTicks.length - 1] ?? "auto"]}
            ticks={mode === "percent" ? PERCENT_TICKS : countTicks}
            allowDataOverflow={mode === "percent"}
            unit={mode === "percent" ? "%" : undefined}
            label={{ value: mode === "percent" ? "Share of the year" : "Patients", angle: -90, position: "insideLeft", offset: 12, style: { fontSize: 12, fill: "#334155" } }}
          />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? (mode === "percent" ? `${value.toFixed(1)}%` : value) : `<${threshold}`)} />
          {cohorts.map((cohort) => (
            <Bar key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} stackId="cohorts" fill={COHORT_COLOURS[cohort]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
