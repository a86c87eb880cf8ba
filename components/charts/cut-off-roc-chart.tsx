"use client";

import type { ExactProportion } from "@/lib/stats/diagnostic";
import { formatRateWithInterval } from "@/lib/analytics/format";
import type { QuantitativeView } from "@/lib/analytics/present-quantitative";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { AGREEMENT_SERIES_COLOURS } from "@/lib/analytics/chart-palette";
import { ChartFrame } from "./chart-frame";
import { countCell } from "./chart-theme";

const SIZE = 320;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 52 };
const CURVE_COLOUR = AGREEMENT_SERIES_COLOURS.higher;
const CUT_COLOUR = AGREEMENT_SERIES_COLOURS.lower;

function describe(proportion: ExactProportion): string {
  return proportion === null ? "—" : formatRateWithInterval(proportion.estimate, proportion.lower, proportion.upper);
}

/**
 * How well the measure separates IHC 0 from IHC ≥1+: the empirical ROC curve (sensitivity
 * against 1 − specificity) with its AUC and DeLong's 95 % CI, and the cut-off's own sensitivity
 * and specificity with exact (Clopper-Pearson) CIs, drawn as a point on the curve.
 */
export function CutOffRocChart({ view, threshold }: { view: QuantitativeView; threshold: number }) {
  const plot = SIZE - MARGIN.left - MARGIN.right;
  const height = SIZE - MARGIN.top - MARGIN.bottom;
  const x = (rate: number) => MARGIN.left + rate * plot;
  const y = (rate: number) => MARGIN.top + height - rate * height;
  const roc = view.roc;
  const cutOff = view.cutOff;
  const path = roc === null ? "" : roc.points.map((point, index) => `${index === 0 ? "M" : "L"}${x(point.falsePositiveRate).toFixed(1)},${y(point.sensitivity).toFixed(1)}`).join(" ");
  const cutPoint =
    cutOff !== null && cutOff.sensitivity !== null && cutOff.specificity !== null ? { fpr: 1 - cutOff.specificity.estimate, sensitivity: cutOff.sensitivity.estimate } : null;
  const title = `${view.label}: cut-off against IHC 0 vs ≥1+`;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <ChartFrame
      title={title}
      testId="chart-cut-off"
      description={
        <>
          Reference: the IHC call of the same read, IHC ≥1+ (positive) against IHC 0. The curve is the empirical ROC curve of the measure
          {roc === null ? "" : ` (AUC ${roc.auc.toFixed(3)}, 95 % CI ${roc.lower.toFixed(3)}-${roc.upper.toFixed(3)}, ${roc.method}'s method)`}; the point is
          the cut-off below. Values are grouped at the measure&apos;s reporting precision.
        </>
      }
      legend={[
        { label: "ROC curve", colour: CURVE_COLOUR, dash: "" },
        { label: "Cut-off", colour: CUT_COLOUR, marker: "circle" },
      ]}
      table={{
        columns: ["Cut-off", "Rule for ≥1+", "Source", "True positive", "False positive", "False negative", "True negative", "Sensitivity (95% CI)", "Specificity (95% CI)", "AUC", "AUC lower 95%", "AUC upper 95%", "AUC CI method"],
        rows: [
          [
            cutOff?.cut ?? null,
            cutOff?.rule ?? null,
            cutOff === null ? null : cutOff.source === "youden" ? "Youden's J" : "chosen",
            cutOff === null ? null : countCell(cutOff.counts.truePositive, threshold),
            cutOff === null ? null : countCell(cutOff.counts.falsePositive, threshold),
            cutOff === null ? null : countCell(cutOff.counts.falseNegative, threshold),
            cutOff === null ? null : countCell(cutOff.counts.trueNegative, threshold),
            describe(cutOff?.sensitivity ?? null),
            describe(cutOff?.specificity ?? null),
            roc === null ? null : Number(roc.auc.toFixed(4)),
            roc === null ? null : Number(roc.lower.toFixed(4)),
            roc === null ? null : Number(roc.upper.toFixed(4)),
            roc === null ? null : roc.method,
          ],
        ],
      }}
      csv={
        roc === null
          ? undefined
          : { columns: ["1 - specificity", "Sensitivity"], rows: roc.points.map((point) => [Number(point.falsePositiveRate.toFixed(6)), Number(point.sensitivity.toFixed(6))]) }
      }
      footer={
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-2" data-testid="chart-cut-off-statistics">
          <div>
            <dt className="inline font-medium">Reads: </dt>
            <dd className="inline">
              {formatShownCount(view.reads, threshold)} ({formatShownCount(view.atLeastOnePlus, threshold)} IHC ≥1+, {formatShownCount(view.zero, threshold)} IHC 0)
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">AUC (DeLong 95 % CI): </dt>
            <dd className="inline" data-testid="chart-cut-off-auc">
              {roc === null ? "—" : `${roc.auc.toFixed(3)} (${roc.lower.toFixed(3)}-${roc.upper.toFixed(3)})`}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Cut-off: </dt>
            <dd className="inline" data-testid="chart-cut-off-rule">
              {cutOff === null ? "—" : `${cutOff.rule} called ≥1+ (${cutOff.source === "youden" ? "Youden's J, the curve's best sensitivity + specificity − 1" : "chosen"})`}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Sensitivity: </dt>
            <dd className="inline" data-testid="chart-cut-off-sensitivity">
              {describe(cutOff?.sensitivity ?? null)}
            </dd>
            <dt className="inline font-medium">; specificity: </dt>
            <dd className="inline" data-testid="chart-cut-off-specificity">
              {describe(cutOff?.specificity ?? null)}
            </dd>
          </div>
        </dl>
      }
      empty={view.reads === 0 ? "No read matching the filters has this measure." : roc === null && cutOff === null ? "Too few reads on one side of IHC 0 vs ≥1+ to draw a curve." : null}
    >
      {(svgProps) => (
        <svg
          data-chart-svg=""
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          width="100%"
          style={{ maxWidth: SIZE }}
          role="img"
          aria-labelledby={svgProps["aria-labelledby"]}
          aria-describedby={svgProps["aria-describedby"]}
          fontSize={12}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={x(tick)} x2={x(tick)} y1={y(0)} y2={y(1)} stroke="#e2e8f0" />
              <line x1={x(0)} x2={x(1)} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
              <text x={x(tick)} y={y(0) + 16} textAnchor="middle" fill="#334155">
                {tick}
              </text>
              <text x={x(0) - 6} y={y(tick) + 4} textAnchor="end" fill="#334155">
                {tick}
              </text>
            </g>
          ))}
          <text x={x(0.5)} y={SIZE - 6} textAnchor="middle" fill="#0f172a" fontWeight={600}>
            1 − specificity
          </text>
          <text x={14} y={y(0.5)} textAnchor="middle" fill="#0f172a" fontWeight={600} transform={`rotate(-90 14 ${y(0.5)})`}>
            Sensitivity
          </text>
          <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#64748b" strokeDasharray="4 3" />
          {path === "" ? null : <path d={path} fill="none" stroke={CURVE_COLOUR} strokeWidth={2} />}
          {cutPoint === null ? null : <circle cx={x(cutPoint.fpr)} cy={y(cutPoint.sensitivity)} r={5} fill={CUT_COLOUR} stroke="#ffffff" strokeWidth={1.5} />}
        </svg>
      )}
    </ChartFrame>
  );
}
