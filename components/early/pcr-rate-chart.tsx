"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";
import { COHORT_COLOURS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { formatPValue, formatRatio } from "@/lib/analytics/format";
import type { PcrView } from "@/lib/analytics/present-early-disease";
import type { ShownRate } from "@/lib/analytics/present-outcomes";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, cohortLegend, countCell } from "@/components/charts/chart-theme";
import { KeepZeroBar } from "@/components/charts/keep-zero-bar";

const percentOf = (rate: ShownRate, key: "rate" | "lower" | "upper") => (rate === null ? null : Math.round(rate[key] * 1000) / 10);
const HR_LABELS = { POSITIVE: "HR-positive", NEGATIVE: "HR-negative", UNKNOWN: "HR unknown" } as const;

/**
 * Pathological complete response (ypT0/Tis ypN0) by cohort with exact (Clopper-Pearson) 95 %
 * intervals, the test across the HER2 cohorts and the Mantel-Haenszel odds ratio of HER2-low
 * against HER2-0 over HR status, each method named.
 */
export function PcrRateChart({ view, threshold }: { view: PcrView; threshold: number }) {
  const shown = view.rows.filter((row) => !row.hidden);
  const data = shown.map((row) => ({
    cohort: COHORT_LABELS[row.cohort],
    key: row.cohort,
    rate: percentOf(row.rate, "rate"),
    error: row.rate === null ? [0, 0] : [100 * (row.rate.rate - row.rate.lower), 100 * (row.rate.upper - row.rate.rate)],
  }));
  const rows = view.rows.flatMap((row) => [
    [COHORT_LABELS[row.cohort], "All", countCell(row.assessed, threshold), countCell(row.pcr, threshold), percentOf(row.rate, "rate"), percentOf(row.rate, "lower"), percentOf(row.rate, "upper")],
    ...row.byHr.map(({ hr, group }) => [COHORT_LABELS[row.cohort], HR_LABELS[hr], countCell(group.assessed, threshold), countCell(group.pcr, threshold), percentOf(group.rate, "rate"), percentOf(group.rate, "lower"), percentOf(group.rate, "upper")]),
  ]);
  const oddsRatio = view.oddsRatio;
  return (
    <ChartFrame
      title="Pathological complete response after neoadjuvant therapy"
      testId="chart-pcr"
      description="Share of patients with a pathological complete response (pCR: ypT0/Tis ypN0, no invasive tumour left in the breast or nodes) among those with ypT and ypN recorded after neoadjuvant therapy and surgery, by cohort. Bars show exact (Clopper-Pearson) 95 % confidence intervals; the data table adds the rates by HR status."
      legend={cohortLegend(shown.map((row) => row.cohort))}
      table={{ columns: ["Cohort", "HR status", "Assessed", "pCR", "pCR %", "Lower 95%", "Upper 95%"], rows }}
      empty={view.rows.length === 0 ? "No patient matching the filters has a recorded pCR (ypT and ypN after neoadjuvant therapy)." : null}
      footer={
        <div className="space-y-1 text-xs text-slate-600" data-testid="pcr-tests">
          <p>
            Across the HER2 cohorts:{" "}
            {view.test.ok ? `${view.test.testName}, p ${formatPValue(view.test.pValue)}${view.test.note ? ` (${view.test.note})` : ""}` : view.test.reason}
          </p>
          <p data-testid="pcr-odds-ratio">
            Odds ratio of pCR, HER2-low vs HER2-0:{" "}
            {oddsRatio.ok
              ? `${formatRatio(oddsRatio.oddsRatio)} (95 % CI ${formatRatio(oddsRatio.lower)}–${formatRatio(oddsRatio.upper)}), p ${formatPValue(oddsRatio.pValue)}. Method: ${oddsRatio.method}.`
              : oddsRatio.reason}
          </p>
        </div>
      }
    >
      <BarChart data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="cohort" tick={AXIS_TICK} axisLine={AXIS_LINE} interval={0} />
        <YAxis domain={[0, 100]} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
        <Tooltip formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—")} />
        <Bar dataKey="rate" name="pCR" isAnimationActive={false} shape={KeepZeroBar}>
          {data.map((entry) => (
            <Cell key={entry.key} fill={COHORT_COLOURS[entry.key]} />
          ))}
          <ErrorBar dataKey="error" width={4} stroke="#0f172a" strokeWidth={1} direction="y" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
