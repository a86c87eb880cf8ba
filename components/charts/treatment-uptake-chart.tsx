"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_LABELS } from "@/lib/analytics/cohorts";
import { REGIMEN_CLASS_VALUES } from "@/lib/analytics/filters";
import { MIN_UPTAKE_POINT_PATIENTS, type UptakeView } from "@/lib/analytics/present-outcomes";
import type { RegimenFilter } from "@/lib/analytics/filters";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { ChartFrame } from "./chart-frame";
import { cohortLineStyle } from "./cohort-series";
import { useUnclassifiedToggle } from "./unclassified-toggle";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, CHART_HEIGHT, GRID_STROKE, cohortLegend, countCell } from "./chart-theme";

/**
 * What the trend should show for the chosen regimen (issue 16 §12): the approvals behind the
 * expected rise for T-DXd, nothing borrowed from T-DXd for any other class.
 */
function expectationOf(regimen: RegimenFilter): string {
  switch (regimen) {
    case "T_DXD":
      return " T-DXd was approved for HER2-low disease in 2022 (DESTINY-Breast04) and for HER2-ultralow in 2025 (DESTINY-Breast06): its uptake should rise in the later years.";
    case "ANY":
      return "";
    default:
      return "";
  }
}

/**
 * Treatment over calendar time: by the calendar year a metastatic line started (approximately:
 * diagnosis year + start day), the share of each cohort's patients starting a metastatic line
 * who started the chosen regimen class, with the n of every point in its tooltip.
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
  // "received of n" for the tooltip: every point says how many patients it stands on.
  const countsOf = (year: string, cohort: string) => {
    const point = view.series.find((series) => series.cohort === cohort)?.points.find((entry) => String(entry.year) === year);
    return point ? `${formatShownCount(point.received, threshold)} of ${formatShownCount(point.metastatic, threshold)}` : "";
  };
  return (
    <ChartFrame
      title={`Who received ${regimenLabel}, by the year the line started`}
      testId="chart-treatment-uptake"
      description={`Of the patients in each cohort who started a metastatic line (${lineLabel}) in a calendar year, the share who started ${regimenLabel}. The year is approximate: dates are not stored, so it is the diagnosis year plus the line's start day in whole years. A year is drawn only when the cohort has at least ${MIN_UPTAKE_POINT_PATIENTS} such patients; the tooltip and the data table give the counts.${expectationOf(view.regimen)}`}
      legend={cohortLegend(cohorts, "lines-with-markers")}
      controls={unclassifiedControl}
      table={{
        columns: ["Year the line started (approx.)", "Cohort", "Patients starting a metastatic line", "Started any line", ...REGIMEN_CLASS_VALUES.map((regimen) => REGIMEN_CLASS_LABELS[regimen])],
        rows: view.table.map((row) => [
          row.year,
          COHORT_LABELS[row.cohort],
          countCell(row.metastatic, threshold),
          countCell(row.receivedAny, threshold),
          ...REGIMEN_CLASS_VALUES.map((regimen) => countCell(row.received[regimen], threshold)),
        ]),
      }}
      empty={
        view.years.length === 0
          ? "No patient matching the filters started a metastatic line."
          : view.regimen === "ANY"
            ? "Choose a regimen class above: every patient starting a line starts some regimen, so with any regimen the share is 100 % by definition."
            : null
      }
    >
      {(chartSvgProps) => (
        <LineChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="year" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <YAxis domain={[0, 100]} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip
            {...CHART_TOOLTIP}
            formatter={(value, name, item) => {
              const counts = countsOf((item.payload as { year: string }).year, String(item.dataKey));
              return [typeof value === "number" ? `${value.toFixed(1)}% (${counts})` : `not drawn (${counts})`, name];
            }}
          />
          {cohorts.map((cohort) => (
            <Line key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} {...cohortLineStyle(cohort)} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
