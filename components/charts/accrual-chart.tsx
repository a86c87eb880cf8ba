"use client";

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { NEUTRAL_SERIES_COLOURS } from "@/lib/analytics/chart-palette";
import { roundCountTicks } from "@/lib/analytics/axis-ticks";
import type { OverviewView } from "@/lib/analytics/present-overview";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, CHART_HEIGHT, GRID_STROKE, countCell } from "./chart-theme";

const NEW_COLOUR = NEUTRAL_SERIES_COLOURS.secondary;
const CUMULATIVE_COLOUR = "#0f172a";

export function AccrualChart({ view }: { view: OverviewView }) {
  const threshold = view.smallCellThreshold;
  const data = view.accrual.map((year) => ({ year: String(year.year), patients: year.patients, cumulative: year.cumulative }));
  const newTicks = roundCountTicks(Math.max(0, ...view.accrual.map((year) => year.patients ?? 0)));
  const totalTicks = roundCountTicks(Math.max(0, ...view.accrual.map((year) => year.cumulative ?? 0)));
  return (
    <ChartFrame
      title="Accrual over time"
      testId="chart-accrual"
      description="Patients by year of diagnosis (bars, left axis) and the running total (line, right axis). The diagnosis year is the only calendar time the study stores."
      legend={[
        { label: "Patients diagnosed that year", colour: NEW_COLOUR },
        { label: "Cumulative patients", colour: CUMULATIVE_COLOUR, dash: "", marker: "circle" },
      ]}
      table={{
        columns: ["Year of diagnosis", "Patients", "Cumulative patients"],
        rows: view.accrual.map((year) => [year.year, countCell(year.patients, threshold), countCell(year.cumulative, threshold)]),
      }}
    >
      {(chartSvgProps) => (
        <ComposedChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="year" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis yAxisId="new" tick={AXIS_TICK} axisLine={AXIS_LINE} allowDecimals={false} ticks={newTicks} domain={[0, newTicks[newTicks.length - 1] ?? "auto"]} />
          <YAxis yAxisId="total" orientation="right" tick={AXIS_TICK} axisLine={AXIS_LINE} allowDecimals={false} ticks={totalTicks} domain={[0, totalTicks[totalTicks.length - 1] ?? "auto"]} />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? value : `<${threshold}`)} />
          <Bar yAxisId="new" dataKey="patients" name="Patients diagnosed that year" fill={NEW_COLOUR} isAnimationActive={false} />
          <Line yAxisId="total" dataKey="cumulative" name="Cumulative patients" stroke={CUMULATIVE_COLOUR} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
