"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_KEYS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import type { ResponseView, ShownRate } from "@/lib/analytics/present-outcomes";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, PERCENT_TICKS, cohortLegend, countCell } from "./chart-theme";
import { SegmentedToggle } from "./segmented-toggle";
import { useUnclassifiedToggle } from "./unclassified-toggle";
import { KeepZeroBar } from "./keep-zero-bar";

type Metric = "objectiveResponse" | "confirmedResponse" | "diseaseControl" | "clinicalBenefitRate";

const BAR_ROW_HEIGHT = 30;

const METRIC_LABELS: Readonly<Record<Metric, string>> = {
  objectiveResponse: "Objective response",
  confirmedResponse: "Confirmed response",
  diseaseControl: "Disease control",
  clinicalBenefitRate: "Clinical benefit",
};

type BarLabelProps = { x?: number; y?: number; payload?: { value: string }; data: { key: string; cohort: keyof typeof COHORT_LABELS; regimen: string; n: string }[] };

/** A bar's label in two lines: the cohort, then the regimen and n, so a bar of n = 5 says so. */
function BarLabel({ x = 0, y = 0, payload, data }: BarLabelProps) {
  const entry = data.find((row) => row.key === payload?.value);
  if (!entry) return null;
  return (
    <text x={x - 4} y={y} textAnchor="end" fontSize={11} fill="#1e293b">
      <tspan x={x - 4} dy={-2} fontWeight={600}>
        {COHORT_LABELS[entry.cohort]}
      </tspan>
      <tspan x={x - 4} dy={12} fill="#475569">
        {entry.regimen}, n = {entry.n}
      </tspan>
    </text>
  );
}

const percentOf = (rate: ShownRate, key: "rate" | "lower" | "upper") => (rate === null ? null : Math.round(rate[key] * 1000) / 10);

/**
 * Objective response (CR + PR) and disease control (CR + PR + SD) rates by regimen and cohort,
 * with exact (Clopper-Pearson) 95 % intervals as error bars.
 */
export function ResponseRateChart({ view, lineLabel, threshold }: { view: ResponseView; lineLabel: string; threshold: number }) {
  const [metric, setMetric] = useState<Metric>("objectiveResponse");
  const present = COHORT_KEYS.filter((cohort) => view.regimens.some((regimen) => regimen.cells.some((cell) => cell.cohort === cohort)));
  const [showUnclassified, unclassifiedControl] = useUnclassifiedToggle(present.includes("UNCLASSIFIED"));
  const cohorts = present.filter((cohort) => cohort !== "UNCLASSIFIED" || showUnclassified);
  // One horizontal bar per regimen and cohort (issue 16 §2): labels never overlap, however many
  // regimens "Any regimen" brings, and each bar's label carries its n.
  const data = view.regimens.flatMap((regimen) =>
    regimen.cells.filter((cell) => cohorts.includes(cell.cohort)).map((cell) => {
      const rate = cell[metric];
      return {
        key: `${regimen.regimen}-${cell.cohort}`,
        cohort: cell.cohort,
        regimen: REGIMEN_CLASS_LABELS[regimen.regimen],
        n: formatShownCount(cell.assessed, threshold),
        rate: percentOf(rate, "rate"),
        error: rate === null ? null : [100 * (rate.rate - rate.lower), 100 * (rate.upper - rate.rate)],
        interval: rate === null ? "not shown (too few patients)" : `${percentOf(rate, "rate")?.toFixed(1)}% (95% CI ${percentOf(rate, "lower")?.toFixed(1)}–${percentOf(rate, "upper")?.toFixed(1)})`,
      };
    }),
  );
  const rows = view.regimens.flatMap((regimen) =>
    regimen.cells.map((cell) => [
      REGIMEN_CLASS_LABELS[regimen.regimen],
      COHORT_LABELS[cell.cohort],
      countCell(cell.treated, threshold),
      countCell(cell.assessed, threshold),
      countCell(cell.nonMeasurable, threshold),
      countCell(cell.responders, threshold),
      percentOf(cell.objectiveResponse, "rate"),
      percentOf(cell.objectiveResponse, "lower"),
      percentOf(cell.objectiveResponse, "upper"),
      countCell(cell.confirmedResponders, threshold),
      percentOf(cell.confirmedResponse, "rate"),
      countCell(cell.controlled, threshold),
      percentOf(cell.diseaseControl, "rate"),
      percentOf(cell.diseaseControl, "lower"),
      percentOf(cell.diseaseControl, "upper"),
      countCell(cell.clinicalBenefit, threshold),
      percentOf(cell.clinicalBenefitRate, "rate"),
      percentOf(cell.clinicalBenefitRate, "lower"),
      percentOf(cell.clinicalBenefitRate, "upper"),
    ]),
  );
  return (
    <ChartFrame
      title="Response by regimen and cohort"
      testId="chart-response-rates"
      description={`Best overall response (RECIST 1.1) on ${lineLabel}: objective response is complete or partial response (confirmed: by a second assessment at least 4 weeks later); disease control adds stable disease; clinical benefit adds stable disease lasting at least 24 weeks. Each patient counts once per regimen (first such line). Rates are among lines with a recorded response, leaving out lines with non-measurable disease only (counted in the table); bars show exact (Clopper-Pearson) 95 % confidence intervals.`}
      legend={cohortLegend(cohorts)}
      controls={
        <div className="flex flex-wrap items-center gap-4">
          <SegmentedToggle
            label="Rate shown"
            value={metric}
            onChange={setMetric}
            options={(Object.keys(METRIC_LABELS) as Metric[]).map((value) => ({ value, label: METRIC_LABELS[value] }))}
          />
          {unclassifiedControl}
        </div>
      }
      table={{
        columns: [
          "Regimen",
          "Cohort",
          "Treated",
          "Assessed",
          "Non-measurable (excluded)",
          "CR + PR",
          "ORR %",
          "ORR lower 95%",
          "ORR upper 95%",
          "Confirmed CR + PR",
          "Confirmed ORR %",
          "CR + PR + SD",
          "DCR %",
          "DCR lower 95%",
          "DCR upper 95%",
          "CR + PR + SD ≥ 24 wk",
          "CBR %",
          "CBR lower 95%",
          "CBR upper 95%",
        ],
        rows,
      }}
      empty={view.regimens.length === 0 ? "No patient matching the filters received this regimen on this line." : null}
    >
      {(chartSvgProps) => (
        <BarChart
          {...chartSvgProps}
          layout="vertical"
          data={data}
          responsive
          style={{ width: "100%", height: Math.max(160, data.length * BAR_ROW_HEIGHT + 56) }}
          margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        >
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis type="number" domain={[0, 100]} ticks={PERCENT_TICKS} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} label={{ value: `${METRIC_LABELS[metric]} rate`, position: "insideBottom", offset: -16, style: { fontSize: 12, fill: "#334155" } }} />
          <YAxis type="category" dataKey="key" width={136} tick={<BarLabel data={data} />} axisLine={AXIS_LINE} interval={0} />
          <Tooltip
            {...CHART_TOOLTIP}
            labelFormatter={(_label, payload) => {
              const entry = payload[0]?.payload as (typeof data)[number] | undefined;
              return entry ? `${entry.regimen} · ${COHORT_LABELS[entry.cohort]} (n = ${entry.n})` : "";
            }}
            formatter={(_value, _name, item) => [(item.payload as (typeof data)[number]).interval, METRIC_LABELS[metric]]}
          />
          <Bar dataKey="rate" name={METRIC_LABELS[metric]} isAnimationActive={false} barSize={14} shape={KeepZeroBar}>
            {data.map((entry) => (
              <Cell key={entry.key} fill={COHORT_COLOURS[entry.cohort]} />
            ))}
            <ErrorBar dataKey="error" width={4} stroke="#0f172a" strokeWidth={1} direction="x" />
          </Bar>
        </BarChart>
      )}
    </ChartFrame>
  );
}
