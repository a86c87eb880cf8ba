"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from "recharts";
import { COHORT_DASHES, COHORT_TEXT_COLOURS } from "@/lib/analytics/chart-palette";
import { COHORT_COLOURS, COHORT_LABELS, isCohortKey, type CohortKey } from "@/lib/analytics/cohorts";
import { formatMedianWithInterval } from "@/lib/analytics/format";
import { mergeDrawnCurve, readSeriesAt, type DrawnPoint } from "@/lib/analytics/drawn-curve";
import type { DrawnGroupOf } from "@/lib/analytics/survival-analysis";
import { formatShownCount, type ShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { useMemo } from "react";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, countCell } from "./chart-theme";
import type { LegendEntry } from "./export-chart";
import { useUnclassifiedToggle } from "./unclassified-toggle";

const ROW_HEIGHT = 18;
const AT_RISK_TOP = 70;
const LEFT_MARGIN = 52;
const Y_AXIS_WIDTH = 48;

type SurvivalGroup = DrawnGroupOf<string>;
type VisibleGroup = SurvivalGroup & { hidden: false };

/** What the chart draws: curves keyed by a cohort, or by anything `styles` names (e.g. regimen arms). */
type ChartSurvival = { groups: SurvivalGroup[]; ticks: number[]; atRisk: { cohort: string; counts: ShownCount[] }[] };

/**
 * `short` names the row of the number-at-risk table, where a long label would run into the counts;
 * `textColour` (at least 4.5:1) colours that row's label; `dash` is the line's SVG dash pattern
 * ("" solid), so curves are told apart without colour (issue 16 §16).
 */
export type CurveStyle = { label: string; colour: string; textColour: string; dash: string; short?: string };

function isVisible(group: SurvivalGroup): group is VisibleGroup {
  return !group.hidden;
}

/**
 * Cohorts whose label is longer than the number-at-risk table's first column (the 96 px left of
 * time 0): "HER2-0, not specified" ran into the first count, on a phone as on a desktop. The
 * legend under the chart keeps the full label, in the same colour.
 */
const AT_RISK_SHORT_LABELS: Readonly<Partial<Record<CohortKey, string>>> = { ZERO_NOS: "HER2-0, NOS" };

/** A curve's label and colour: from `styles`, else the cohort's own. */
function styleOf(key: string, styles: Readonly<Record<string, CurveStyle>> | undefined): CurveStyle {
  const given = styles?.[key];
  if (given) return given;
  return isCohortKey(key)
    ? { label: COHORT_LABELS[key], colour: COHORT_COLOURS[key], textColour: COHORT_TEXT_COLOURS[key], dash: COHORT_DASHES[key], short: AT_RISK_SHORT_LABELS[key] }
    : { label: key, colour: "#334155", textColour: "#334155", dash: "" };
}

/** Small vertical ticks where patients were censored, on their curve (survfit's "+" marks). */
function CensorMarks({ groups, styles }: { groups: VisibleGroup[]; styles?: Readonly<Record<string, CurveStyle>> }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g aria-hidden="true">
      {groups.map((group) => (
        <g key={group.cohort} stroke={styleOf(group.cohort, styles).colour} strokeWidth={1.5}>
          {group.markTimes.map((time, index) => {
            const cx = x(time);
            const cy = y(readSeriesAt(group.curve.survival, time) ?? 1);
            return cx === undefined || cy === undefined ? null : <line key={index} x1={cx} x2={cx} y1={cy - 4} y2={cy + 4} />;
          })}
        </g>
      ))}
    </g>
  );
}

/** The number-at-risk table, drawn under the time axis at exactly the tick positions. */
function NumberAtRisk({ analysis, threshold, styles }: { analysis: ChartSurvival; threshold: number; styles?: Readonly<Record<string, CurveStyle>> }) {
  const x = useXAxisScale();
  const plot = usePlotArea();
  if (!x || !plot) return null;
  const top = plot.y + plot.height + AT_RISK_TOP;
  return (
    <g data-testid="number-at-risk" fontSize={11}>
      <text x={4} y={top - 6} fontWeight={600} fill="#0f172a">
        Number at risk
      </text>
      {analysis.atRisk.map((row, rowIndex) => {
        const y = top + (rowIndex + 1) * ROW_HEIGHT - 4;
        const style = styleOf(row.cohort, styles);
        return (
          <g key={row.cohort}>
            <text x={4} y={y} fill={style.textColour} fontWeight={600}>
              {/* A shortened label carries the full one, for a pointer and for screen readers. */}
              {style.short === undefined ? null : <title>{style.label}</title>}
              {style.short ?? style.label}
            </text>
            {row.counts.map((count, index) => {
              const tick = analysis.ticks[index];
              const cx = tick === undefined ? undefined : x(tick);
              return cx === undefined ? null : (
                <text key={index} x={cx} y={y} textAnchor="middle" fill="#1e293b">
                  {formatShownCount(count, threshold)}
                </text>
              );
            })}
          </g>
        );
      })}
    </g>
  );
}

export function KaplanMeierChart({
  analysis,
  bands,
  title,
  timeLabel,
  threshold,
  description,
  styles,
  testId = "chart-kaplan-meier",
  csvHref,
}: {
  analysis: ChartSurvival;
  bands: boolean;
  title: string;
  timeLabel: string;
  threshold: number;
  description: string;
  /** Labels and colours of curves that are not cohorts. */
  styles?: Readonly<Record<string, CurveStyle>>;
  testId?: string;
  /** Where "CSV" downloads every step of these curves (the chart draws them thinned to the screen). */
  csvHref: string;
}) {
  const visible = analysis.groups.filter(isVisible);
  const curves = useMemo(() => new Map(analysis.groups.map((group) => [group.cohort, mergeDrawnCurve(group.curve)])), [analysis.groups]);
  const hidden = analysis.groups.filter((group) => group.hidden);
  const lastTick = analysis.ticks[analysis.ticks.length - 1] ?? 12;
  // The curves drawn: Unclassified only when asked for (issue 16 §11); the tables keep it.
  const [showUnclassified, unclassifiedControl] = useUnclassifiedToggle(visible.some((group) => group.cohort === "UNCLASSIFIED"));
  const drawn = visible.filter((group) => group.cohort !== "UNCLASSIFIED" || showUnclassified);
  const drawnAnalysis = { ...analysis, atRisk: analysis.atRisk.filter((row) => row.cohort !== "UNCLASSIFIED" || showUnclassified) };
  const legend: LegendEntry[] = drawn.map((group) => ({
    label: `${styleOf(group.cohort, styles).label} (n = ${formatShownCount(group.n, threshold)}, events ${formatShownCount(group.events, threshold)}, median ${formatMedianWithInterval(group.median)} months)`,
    colour: styleOf(group.cohort, styles).colour,
    dash: styleOf(group.cohort, styles).dash,
  }));
  const height = 340 + AT_RISK_TOP + (drawnAnalysis.atRisk.length + 1) * ROW_HEIGHT;
  // Survival in % like the chart's axis (issue 16 §19); the CSV keeps every step of the curve.
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);
  const lifeTable = {
    columns: [styles ? "Group" : "Cohort", "Months", "At risk", "Survival %", "Lower 95% CI %", "Upper 95% CI %"],
    rows: visible.flatMap((group) => {
      const atRisk = analysis.atRisk.find((row) => row.cohort === group.cohort);
      return analysis.ticks.map((tick, index) => {
        const point = group.atTicks[index];
        return [styleOf(group.cohort, styles).label, tick, countCell(atRisk?.counts[index] ?? null, threshold), percent(point?.survival), percent(point?.lower), percent(point?.upper)];
      });
    }),
  };
  return (
    <ChartFrame
      title={title}
      testId={testId}
      description={description}
      controls={unclassifiedControl}
      legend={legend}
      table={lifeTable}
      csvHref={csvHref}
      empty={visible.length === 0 ? (hidden.length > 0 ? `Every group is smaller than ${threshold} patients: curves are hidden.` : "No patient matches this endpoint and these filters.") : null}
      footer={
        hidden.length > 0 ? (
          <p>
            Hidden (fewer than {threshold} patients): {hidden.map((group) => styleOf(group.cohort, styles).label).join(", ")}.
          </p>
        ) : null
      }
    >
      {(chartSvgProps) => (
        <ComposedChart
          {...chartSvgProps}
          responsive
          style={{ width: "100%", height }}
          margin={{ top: 8, right: 24, bottom: AT_RISK_TOP + (drawnAnalysis.atRisk.length + 1) * ROW_HEIGHT, left: LEFT_MARGIN }}
        >
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            type="number"
            dataKey="time"
            domain={[0, lastTick]}
            ticks={analysis.ticks}
            allowDataOverflow
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            label={{ value: timeLabel, position: "insideBottom", offset: -30, style: { fontSize: 12, fill: "#334155" } }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            width={Y_AXIS_WIDTH}
            tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
          />
          <ReferenceLine y={0.5} stroke="#94a3b8" strokeDasharray="4 4" />
          {bands
            ? drawn.map((group) => (
                <Area
                  key={`band-${group.cohort}`}
                  data={curves.get(group.cohort)}
                  dataKey={(point: DrawnPoint) => [point.lower, point.upper]}
                  type="stepAfter"
                  stroke="none"
                  fill={styleOf(group.cohort, styles).colour}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                  name={`${styleOf(group.cohort, styles).label} 95% CI`}
                />
              ))
            : null}
          {drawn.map((group) => (
            <Line
              key={group.cohort}
              data={curves.get(group.cohort)}
              dataKey="survival"
              type="stepAfter"
              stroke={styleOf(group.cohort, styles).colour}
              strokeDasharray={styleOf(group.cohort, styles).dash || undefined}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              name={styleOf(group.cohort, styles).label}
            />
          ))}
          <CensorMarks groups={drawn} styles={styles} />
          <NumberAtRisk analysis={drawnAnalysis} threshold={threshold} styles={styles} />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
