"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { formatPercent } from "@/lib/analytics/format";
import type { OverviewView } from "@/lib/analytics/present-overview";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, countCell, countLabel, percentCell } from "./chart-theme";

export function CohortCountsChart({ view }: { view: OverviewView }) {
  const threshold = view.smallCellThreshold;
  const data = view.cohorts.map((entry) => ({
    cohort: entry.cohort,
    label: COHORT_LABELS[entry.cohort],
    n: entry.n ?? 0,
    text: entry.n === null ? countLabel(null, threshold) : `${countLabel(entry.n, threshold)} (${formatPercent(entry.percent)})`,
  }));
  return (
    <ChartFrame
      title="Patients per cohort"
      testId="chart-cohort-counts"
      description={
        <>
          How many patients fall in each HER2 cohort under the chosen cohort rule, with their share of all{" "}
          {countLabel(view.total, threshold)} patients matching the filters. Unclassified patients have no evaluable HER2 test
          under the rule.
        </>
      }
      table={{
        columns: ["Cohort", "Patients", "Percent"],
        rows: view.cohorts.map((entry) => [COHORT_LABELS[entry.cohort], countCell(entry.n, threshold), percentCell(entry.percent)]),
      }}
    >
      {(chartSvgProps) => (
        <BarChart {...chartSvgProps} layout="vertical" data={data} responsive style={{ width: "100%", height: 240 }} margin={{ top: 4, right: 110, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis type="category" dataKey="label" width={110} tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip {...CHART_TOOLTIP} formatter={(_value, _name, item) => [(item.payload as { text: string }).text, "Patients"]} />
          <Bar dataKey="n" name="Patients" isAnimationActive={false}>
            {data.map((entry) => (
              <Cell key={entry.cohort} fill={COHORT_COLOURS[entry.cohort]} />
            ))}
            <LabelList dataKey="text" position="right" style={{ fontSize: 12, fill: "#0f172a" }} />
          </Bar>
        </BarChart>
      )}
    </ChartFrame>
  );
}
