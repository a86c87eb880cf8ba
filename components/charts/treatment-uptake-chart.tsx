"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_LABELS } from "@/lib/analytics/cohorts";
import { REGIMEN_CLASS_VALUES } from "@/lib/analytics/filters";
import type { UptakeView } from "@/lib/analytics/present-outcomes";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { ChartFrame } from "./chart-frame";
import { cohortLineStyle } from "./cohort-series";
import { useUnclassifiedToggle } from "./unclassified-toggle";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, CHART_HEIGHT, GRID_STROKE, cohortLegend, countCell } from "./chart-theme";

/**
 * Treatment over calendar time: by year of diagnosis, the share of each cohort's patients with
 * metastatic disease who received the chosen regimen class for metastatic disease.
 */
export function TreatmentUptakeChart({ view, lineLabel, threshold }: { view: UptakeView; lineLabel: string; threshold: number }) {
  const regimenLabel = view.regimen === "ANY" ? "any systemic therapy" : REGIMEN_CLASS_LABELS[view.regimen];
  const present = view.series.map((series) => series.cohort);
  const [showUnclassified, unclassifiedControl] = useUnclassifiedToggle(present.includes("UNCLASSIFIED"));
  const cohorts = present.filter((cohort) => cohort !== "UNCLASSIFIED" || showUnclassified);
  const data = view.years.map((year) => ({
    year: String(year),
    ...Object.fromEntries(
      view.series.map((series) => {
        const point = series.points.find((entry) => entry.year === year);
        return [series.cohort, point?.share === null || point?.share === undefined ? null : Math.round(point.share * 1000) / 10];
      }),
    ),
  }));
  return (
    <ChartFrame
      title={`Who received ${regimenLabel}, by year of diagnosis`}
      testId="chart-treatment-uptake"
      description={`For patients with metastatic disease (de novo or recurrent), the share in each cohort who received ${regimenLabel} on ${lineLabel}, by year of diagnosis. T-DXd was approved for HER2-low disease in 2022 (DESTINY-Breast04) and for HER2-ultralow in 2025 (DESTINY-Breast06): its uptake should rise in the later years.`}
      legend={cohortLegend(cohorts, "lines-with-markers")}
      controls={unclassifiedControl}
      table={{
        columns: ["Year of diagnosis", "Cohort", "Metastatic patients", "Received any line", ...REGIMEN_CLASS_VALUES.map((regimen) => REGIMEN_CLASS_LABELS[regimen])],
        rows: view.table.map((row) => [
          row.year,
          COHORT_LABELS[row.cohort],
          countCell(row.metastatic, threshold),
          countCell(row.receivedAny, threshold),
          ...REGIMEN_CLASS_VALUES.map((regimen) => countCell(row.received[regimen], threshold)),
        ]),
      }}
      empty={view.years.length === 0 ? "No patient with metastatic disease matches the filters." : null}
    >
      {(chartSvgProps) => (
        <LineChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="year" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis domain={[0, 100]} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : `<${threshold}`)} />
          {cohorts.map((cohort) => (
            <Line key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} {...cohortLineStyle(cohort)} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
