"use client";

import { useState } from "react";
import { CartesianGrid, ComposedChart, LabelList, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { NEUTRAL_SERIES_COLOURS } from "@/lib/analytics/chart-palette";
import { formatRateWithInterval } from "@/lib/analytics/format";
import type { CallingMetric, FunnelView } from "@/lib/analytics/present-evolution";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, countCell } from "./chart-theme";
import { SegmentedToggle } from "./segmented-toggle";

const POINT_COLOUR = "#1e293b";
const ALERT_COLOUR = NEUTRAL_SERIES_COLOURS.alert;
const LIMIT_95 = "#64748b";
const LIMIT_998 = NEUTRAL_SERIES_COLOURS.faintLimit;

const METRIC_TEXT: Readonly<Record<CallingMetric, { name: string; definition: string }>> = {
  low: {
    name: "HER2-low calling rate",
    definition: "HER2-low results among the sites' own HER2-negative reads (every IHC 0, whether null, ultralow or not specified, plus 1+ and 2+/ISH-negative)",
  },
  ultralow: {
    name: "HER2-ultralow calling rate",
    definition: "ultralow results (faint staining in ≤ 10 % of cells) among the sites' own IHC 0 reads that say null or ultralow (an IHC 0 not specified says neither and is left out)",
  },
};

const percent = (value: number) => Math.round(value * 1000) / 10;

/**
 * A funnel plot (Spiegelhalter 2005) of each site's or assay's calling rate against its number of
 * tests, with the pooled rate and 95 % / 99.8 % control limits: a unit outside the funnel calls
 * HER2-low (or ultralow) more or less often than chance alone would explain.
 */
export function FunnelPlot({ funnels, unit, threshold, testId }: { funnels: Record<CallingMetric, FunnelView>; unit: "site" | "assay"; threshold: number; testId: string }) {
  const [metric, setMetric] = useState<CallingMetric>("low");
  const funnel = funnels[metric];
  const text = METRIC_TEXT[metric];
  const shown = funnel.units.filter((entry) => entry.rate !== null && entry.total !== null);
  const points = shown.map((entry) => ({
    n: entry.total ?? 0,
    rate: percent(entry.rate?.rate ?? 0),
    key: entry.key,
    short: unit === "site" ? entry.key : entry.label,
    label: entry.label,
    outside: entry.outside95,
  }));
  const limits = funnel.limits.map((limit) => ({
    n: limit.n,
    lower95: percent(limit.lower95),
    upper95: percent(limit.upper95),
    lower998: percent(limit.lower998),
    upper998: percent(limit.upper998),
  }));
  const flagged = funnel.units.filter((entry) => entry.outside95);
  const pooled = funnel.pooled.rate;
  const title = unit === "site" ? `${text.name} by site` : `${text.name} by assay`;
  return (
    <ChartFrame
      title={title}
      testId={testId}
      description={
        <>
          Each point is one {unit}: its {text.definition}, against its number of tests. The solid line is the pooled rate
          {pooled === null ? "" : ` (${percent(pooled).toFixed(1)} %)`}; the funnels are the 95 % (dark) and 99.8 % (light) control limits for
          that many tests. IHC 0 versus 1+ is where pathologists disagree most, so a {unit} outside the funnel (diamond) may be scoring differently.{" "}
          {flagged.length === 0 ? `No ${unit} lies outside the 95 % limits.` : `Outside the 95 % limits: ${flagged.map((entry) => entry.label).join("; ")}.`}
        </>
      }
      legend={[
        { label: "Pooled rate", colour: POINT_COLOUR, dash: "" },
        { label: "95 % limits", colour: LIMIT_95, dash: "5 4" },
        { label: "99.8 % limits", colour: LIMIT_998, dash: "2 3" },
        { label: `Outside the 95 % limits`, colour: ALERT_COLOUR, marker: "diamond" },
      ]}
      controls={
        <SegmentedToggle
          label="Calling rate shown"
          value={metric}
          onChange={setMetric}
          options={[
            { value: "low", label: "HER2-low" },
            { value: "ultralow", label: "HER2-ultralow" },
          ]}
        />
      }
      table={{
        columns: [unit === "site" ? "Site" : "Assay", "Calls", "Tests", "Rate %", "Lower 95%", "Upper 95%", "z vs pooled", "Outside 95% limits", "Outside 99.8% limits"],
        rows: [
          ...funnel.units.map((entry) => [
            entry.label,
            countCell(entry.calls, threshold),
            countCell(entry.total, threshold),
            entry.rate === null ? null : percent(entry.rate.rate),
            entry.rate === null ? null : percent(entry.rate.lower),
            entry.rate === null ? null : percent(entry.rate.upper),
            entry.z === null ? null : Math.round(entry.z * 100) / 100,
            entry.outside95 ? "yes" : "no",
            entry.outside998 ? "yes" : "no",
          ]),
          ["Pooled", countCell(funnel.pooled.calls, threshold), countCell(funnel.pooled.total, threshold), pooled === null ? null : percent(pooled), null, null, null, null, null],
        ],
      }}
      empty={shown.length === 0 ? "No HER2-negative test matches the filters." : null}
      footer={
        <ul className="space-y-0.5">
          {funnel.units.map((entry) => (
            <li key={entry.key}>
              {entry.label}: {formatShownCount(entry.calls, threshold)} of {formatShownCount(entry.total, threshold)},{" "}
              {formatRateWithInterval(entry.rate?.rate ?? null, entry.rate?.lower ?? null, entry.rate?.upper ?? null)}
              {entry.outside998 ? " — outside the 99.8 % limits" : entry.outside95 ? " — outside the 95 % limits" : ""}
            </li>
          ))}
        </ul>
      }
    >
      {(chartSvgProps) => (
        <ComposedChart {...chartSvgProps} responsive style={{ width: "100%", height: 320 }} margin={{ top: 12, right: 24, bottom: 24, left: 0 }}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            type="number"
            dataKey="n"
            domain={[0, "auto"]}
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            allowDecimals={false}
            label={{ value: "Number of tests", position: "insideBottom", offset: -14, style: { fontSize: 12, fill: "#334155" } }}
          />
          <YAxis type="number" dataKey="rate" domain={[0, 100]} unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
          <Tooltip {...CHART_TOOLTIP} formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : String(value))} />
          {pooled === null ? null : <ReferenceLine y={percent(pooled)} stroke={POINT_COLOUR} strokeWidth={1.5} />}
          <Line data={limits} dataKey="upper95" stroke={LIMIT_95} strokeDasharray="5 4" dot={false} isAnimationActive={false} name="Upper 95 % limit" />
          <Line data={limits} dataKey="lower95" stroke={LIMIT_95} strokeDasharray="5 4" dot={false} isAnimationActive={false} name="Lower 95 % limit" />
          <Line data={limits} dataKey="upper998" stroke={LIMIT_998} strokeDasharray="2 3" dot={false} isAnimationActive={false} name="Upper 99.8 % limit" />
          <Line data={limits} dataKey="lower998" stroke={LIMIT_998} strokeDasharray="2 3" dot={false} isAnimationActive={false} name="Lower 99.8 % limit" />
          <Scatter
            data={points}
            dataKey="rate"
            name={text.name}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number; payload?: { outside: boolean } }) => {
              const { cx = 0, cy = 0, payload } = props;
              return payload?.outside ? (
                <path d={`M ${cx} ${cy - 8} L ${cx + 8} ${cy} L ${cx} ${cy + 8} L ${cx - 8} ${cy} Z`} fill={ALERT_COLOUR} stroke="#0f172a" strokeWidth={1} />
              ) : (
                <circle cx={cx} cy={cy} r={5} fill={POINT_COLOUR} />
              );
            }}
          >
            <LabelList dataKey="short" position="right" style={{ fontSize: 11, fill: "#0f172a" }} />
          </Scatter>
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
