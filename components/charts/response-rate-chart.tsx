"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_KEYS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import type { ResponseView, ShownRate } from "@/lib/analytics/present-outcomes";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, cohortLegend, countCell } from "./chart-theme";
import { SegmentedToggle } from "./segmented-toggle";

type Metric = "objectiveResponse" | "diseaseControl";

const percentOf = (rate: ShownRate, key: "rate" | "lower" | "upper") => (rate === null ? null : Math.round(rate[key] * 1000) / 10);

/**
 * Objective response (CR + PR) and disease control (CR + PR + SD) rates by regimen and cohort,
 * with exact (Clopper-Pearson) 95 % intervals as error bars.
 */
export function ResponseRateChart({ view, lineLabel, threshold }: { view: ResponseView; lineLabel: string; threshold: number }) {
  const [metric, setMetric] = useState<Metric>("objectiveResponse");
  const cohorts = COHORT_KEYS.filter((cohort) => view.regimens.some((regimen) => regimen.cells.some((cell) => cell.cohort === cohort)));
  const data = view.regimens.map((regimen) => {
    const entry: Record<string, string | number | null | [number, number]> = { regimen: REGIMEN_CLASS_LABELS[regimen.regimen] };
    for (const cell of regimen.cells) {
      const rate = cell[metric];
      entry[cell.cohort] = percentOf(rate, "rate");
      if (rate !== null) entry[`${cell.cohort}-error`] = [100 * (rate.rate - rate.lower), 100 * (rate.upper - rate.rate)];
    }
    return entry;
  });
  const rows = view.regimens.flatMap((regimen) =>
    regimen.cells.map((cell) => [
      REGIMEN_CLASS_LABELS[regimen.regimen],
      COHORT_LABELS[cell.cohort],
      countCell(cell.treated, threshold),
      countCell(cell.assessed, threshold),
      countCell(cell.responders, threshold),
      percentOf(cell.objectiveResponse, "rate"),
      percentOf(cell.objectiveResponse, "lower"),
      percentOf(cell.objectiveResponse, "upper"),
      countCell(cell.controlled, threshold),
      percentOf(cell.diseaseControl, "rate"),
      percentOf(cell.diseaseControl, "lower"),
      percentOf(cell.diseaseControl, "upper"),
    ]),
  );
  return (
    <ChartFrame
      title="Response by regimen and cohort"
      testId="chart-response-rates"
      description={`Best overall response (RECIST 1.1) on ${lineLabel}: objective response is complete or partial response; disease control adds stable disease. Each patient counts once per regimen (first such line). Rates are among lines with a recorded response; bars show exact (Clopper-Pearson) 95 % confidence intervals.`}
      legend={cohortLegend(cohorts)}
      controls={
        <SegmentedToggle
          label="Rate shown"
          value={metric}
          onChange={setMetric}
          options={[
            { value: "objectiveResponse", label: "Objective response" },
            { value: "diseaseControl", label: "Disease control" },
          ]}
        />
      }
      table={{
        columns: ["Regimen", "Cohort", "Treated", "Assessed", "CR + PR", "ORR %", "ORR lower 95%", "ORR upper 95%", "CR + PR + SD", "DCR %", "DCR lower 95%", "DCR upper 95%"],
        rows,
      }}
      empty={view.regimens.length === 0 ? "No patient matching the filters received this regimen on this line." : null}
    >
      {(chartSvgProps) => (
        <BarChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: 300 }} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="regimen" tick={AXIS_TICK} axisLine={AXIS_LINE} interval={0} />
          <YAxis domain={[0, 100]} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—")} />
          {cohorts.map((cohort) => (
            <Bar key={cohort} dataKey={cohort} name={COHORT_LABELS[cohort]} fill={COHORT_COLOURS[cohort]} isAnimationActive={false}>
              <ErrorBar dataKey={`${cohort}-error`} width={4} stroke="#0f172a" strokeWidth={1} direction="y" />
            </Bar>
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
