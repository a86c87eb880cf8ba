"use client";

import { IHC_SCORE_LABELS, type IhcScore } from "@/lib/her2/classify";
import type { QuantitativeView } from "@/lib/analytics/present-quantitative";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { AGREEMENT_SERIES_COLOURS } from "@/lib/analytics/chart-palette";
import { ChartFrame } from "./chart-frame";
import { countCell } from "./chart-theme";

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 12, bottom: 56, left: 52 };
const BOX_COLOUR = AGREEMENT_SERIES_COLOURS.box;
const MEDIAN_COLOUR = AGREEMENT_SERIES_COLOURS.median;

function niceTicks(low: number, high: number): number[] {
  const span = high - low || 1;
  const step = 10 ** Math.floor(Math.log10(span / 4));
  const factor = [1, 2, 5, 10].find((candidate) => span / (candidate * step) <= 6) ?? 10;
  const size = factor * step;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / size) * size; tick <= high + 1e-9; tick += size) ticks.push(Number(tick.toFixed(6)));
  return ticks;
}

const SHORT_LABELS: Readonly<Record<IhcScore, string>> = { IHC_0_NULL: "0 null", IHC_0_ULTRALOW: "0 ultralow", IHC_0_NOS: "0 n.s.", IHC_1: "1+", IHC_2: "2+", IHC_3: "3+" };

const round = (value: number) => Number(value.toFixed(2));

/**
 * The measure by IHC score as box plots: the box spans the quartiles with the median drawn in it,
 * the whiskers reach the 5th and 95th percentiles (not the extremes, which are single patients'
 * values). Groups smaller than the small-cell threshold are not drawn.
 */
export function MeasureByScoreChart({ view, threshold }: { view: QuantitativeView; threshold: number }) {
  const drawn = view.boxes.filter((box) => box.box !== null);
  const low = Math.min(...drawn.map((box) => box.box?.p05 ?? Number.POSITIVE_INFINITY));
  const high = Math.max(...drawn.map((box) => box.box?.p95 ?? Number.NEGATIVE_INFINITY));
  const padding = (high - low) * 0.05 || 1;
  const domain: [number, number] = [low - padding, high + padding];
  const ticks = drawn.length === 0 ? [] : niceTicks(domain[0], domain[1]);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + plotHeight - ((value - domain[0]) / (domain[1] - domain[0])) * plotHeight;
  const band = plotWidth / Math.max(1, view.boxes.length);
  const title = `${view.label} by IHC score`;
  return (
    <ChartFrame
      title={title}
      testId="chart-measure-by-score"
      description="Reads with both an IHC score and this measure: the box spans the first to third quartile with the median inside, the whiskers the 5th to 95th percentiles (interpolated as R's quantile type 7 and PostgreSQL's percentile_cont). Each read counts once, with its own IHC score."
      table={{
        columns: ["IHC score", "Reads", "5th percentile", "Q1", "Median", "Q3", "95th percentile"],
        rows: view.boxes.map((box) => [
          `IHC ${IHC_SCORE_LABELS[box.score]}`,
          countCell(box.n, threshold),
          box.box === null ? null : round(box.box.p05),
          box.box === null ? null : round(box.box.q1),
          box.box === null ? null : round(box.box.median),
          box.box === null ? null : round(box.box.q3),
          box.box === null ? null : round(box.box.p95),
        ]),
      }}
      empty={view.boxes.length === 0 ? "No read matching the filters has this measure." : null}
    >
      {(svgProps) => (
        <svg
          data-chart-svg=""
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          style={{ maxWidth: WIDTH }}
          role="img"
          aria-labelledby={svgProps["aria-labelledby"]}
          aria-describedby={svgProps["aria-describedby"]}
          fontSize={12}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
              <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" fill="#334155">
                {tick}
              </text>
            </g>
          ))}
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke="#94a3b8" />
          {view.boxes.map((box, index) => {
            const centre = MARGIN.left + band * index + band / 2;
            const half = Math.min(28, band * 0.3);
            return (
              <g key={box.score}>
                <text x={centre} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle" fill="#0f172a" fontSize={11}>
                  {SHORT_LABELS[box.score]}
                </text>
                <text x={centre} y={HEIGHT - MARGIN.bottom + 34} textAnchor="middle" fill="#475569" fontSize={11}>
                  n = {formatShownCount(box.n, threshold)}
                </text>
                {box.box === null ? null : (
                  <>
                    <line x1={centre} x2={centre} y1={y(box.box.p95)} y2={y(box.box.q3)} stroke={BOX_COLOUR} />
                    <line x1={centre} x2={centre} y1={y(box.box.q1)} y2={y(box.box.p05)} stroke={BOX_COLOUR} />
                    <line x1={centre - half / 2} x2={centre + half / 2} y1={y(box.box.p95)} y2={y(box.box.p95)} stroke={BOX_COLOUR} />
                    <line x1={centre - half / 2} x2={centre + half / 2} y1={y(box.box.p05)} y2={y(box.box.p05)} stroke={BOX_COLOUR} />
                    <rect x={centre - half} y={y(box.box.q3)} width={2 * half} height={Math.max(1, y(box.box.q1) - y(box.box.q3))} fill="#f1f5f9" stroke={BOX_COLOUR} />
                    <line x1={centre - half} x2={centre + half} y1={y(box.box.median)} y2={y(box.box.median)} stroke={MEDIAN_COLOUR} strokeWidth={3} />
                  </>
                )}
              </g>
            );
          })}
        </svg>
      )}
    </ChartFrame>
  );
}
