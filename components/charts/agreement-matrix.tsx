"use client";

import { useState } from "react";
import { formatRateWithInterval } from "@/lib/analytics/format";
import { AGREEMENT_SCALES, type AgreementScale, type AgreementTableView, type ShownKappa } from "@/lib/analytics/present-agreement";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { countCell } from "./chart-theme";
import { SegmentedToggle } from "./segmented-toggle";
import { useElementWidth } from "./use-element-width";

/** Where the matrix's parts go, and their text sizes (in the SVG's units). */
type MatrixLayout = { cell: number; left: number; top: number; countFont: number; labelFont: number; compact: boolean };

const WIDE: MatrixLayout = { cell: 76, left: 132, top: 64, countFont: 15, labelFont: 11, compact: false };

/**
 * The wide layout when it fits the space available, else a compact one drawn for that width: on
 * a 390 px phone the wide one (520 units for the five IHC scores) was scaled to 63 %, its labels
 * to 7 px. The compact one keeps its text at 10-13 px: shorter row labels (the scale's words, as
 * the columns), column labels on two lines, cells of at least 44 px.
 */
function matrixLayout(size: number, available: number | null): MatrixLayout {
  if (available === null || available >= WIDE.left + WIDE.cell * size + 8) return WIDE;
  const left = 104;
  const cell = Math.min(WIDE.cell, Math.max(44, Math.floor((available - left - 8) / size)));
  return { cell, left, top: 72, countFont: 13, labelFont: 10, compact: true };
}

/** A category's label over its column: "IHC 0 (null)" is "0 (null)"; compact, its parenthesis on a second line. */
function columnLines(category: string, compact: boolean): string[] {
  const short = category.replace("IHC ", "");
  const open = short.indexOf(" (");
  return compact && open > 0 ? [short.slice(0, open), short.slice(open + 1)] : [short];
}

export const SCALE_OPTIONS: readonly { value: AgreementScale; label: string }[] = [
  { value: "ihc", label: "IHC score" },
  { value: "decision", label: "3 decisions" },
  { value: "zero", label: "0 vs ≥1+" },
];

const SCALE_NOTES: Readonly<Record<AgreementScale, string>> = {
  ihc: "IHC score (specimens with an IHC 0 not specified left out: such a report cannot say null or ultralow)",
  decision: "three decisions, HER2-0 / low / positive (specimens with a 2+ awaiting or without an ISH result left out)",
  zero: "IHC 0 against 1+ or more, the call that decides T-DXd",
};

/** Light to dark slate by share of the table, the diagonal outlined. */
function shade(share: number | null): { fill: string; text: string } {
  if (share === null) return { fill: "#f8fafc", text: "#475569" };
  const t = Math.min(1, Math.max(0, share * 2));
  const channel = (from: number, to: number) => Math.round(from + t * (to - from));
  return { fill: `rgb(${channel(241, 30)}, ${channel(245, 41)}, ${channel(249, 59)})`, text: t > 0.45 ? "#ffffff" : "#0f172a" };
}

export function formatKappa(kappa: ShownKappa): string {
  if (kappa === null) return "—";
  return `${kappa.kappa.toFixed(2)} (${kappa.lower.toFixed(2)} to ${kappa.upper.toFixed(2)})`;
}

/**
 * Two reads of the same specimens as a cross-table heat map (rows: the first read, columns: the
 * second), on the scale chosen above it, with Cohen's kappa (unweighted and quadratic-weighted,
 * large-sample 95 % CIs) and percent agreement (exact 95 % CI) under it.
 */
export function AgreementMatrix({
  views,
  title,
  rowLabel,
  columnLabel,
  description,
  threshold,
  testId,
  emptyMessage,
}: {
  views: Record<AgreementScale, AgreementTableView>;
  title: string;
  rowLabel: string;
  columnLabel: string;
  description: string;
  threshold: number;
  testId: string;
  emptyMessage: string;
}) {
  const [scale, setScale] = useState<AgreementScale>("ihc");
  const [boxRef, available] = useElementWidth<HTMLDivElement>();
  const view = views[scale];
  const size = view.categories.length;
  const { cell: CELL, left: LEFT, top: TOP, countFont, labelFont, compact } = matrixLayout(size, available);
  const width = LEFT + CELL * size + 8;
  const height = TOP + CELL * size + 8;
  const total = view.total;
  const everyScaleEmpty = AGREEMENT_SCALES.every((key) => views[key].total === 0);
  const share = (n: number | null) => (n === null || total === null || total === 0 ? null : n / total);
  return (
    <ChartFrame
      title={title}
      testId={testId}
      description={
        <>
          {description} Scale: {SCALE_NOTES[scale]}.
        </>
      }
      controls={<SegmentedToggle label={`${title}: scale`} value={scale} onChange={setScale} options={SCALE_OPTIONS} />}
      table={{
        columns: [rowLabel, columnLabel, "Specimens"],
        rows: view.cells.map((cell) => [view.categories[cell.row] ?? "", view.categories[cell.column] ?? "", countCell(cell.n, threshold)]),
      }}
      footer={
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-2" data-testid={`${testId}-statistics`}>
          <div>
            <dt className="inline font-medium">Specimens: </dt>
            <dd className="inline" data-testid={`${testId}-total`}>
              {formatShownCount(view.total, threshold)}
              {view.excluded !== 0 ? ` (${formatShownCount(view.excluded, threshold)} left out on this scale)` : ""}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Percent agreement: </dt>
            <dd className="inline" data-testid={`${testId}-agreement`}>
              {formatRateWithInterval(view.agreement?.rate ?? null, view.agreement?.lower ?? null, view.agreement?.upper ?? null)}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Cohen&apos;s κ, unweighted: </dt>
            <dd className="inline" data-testid={`${testId}-kappa`}>
              {formatKappa(view.unweighted)}
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">κ, quadratic weights: </dt>
            <dd className="inline" data-testid={`${testId}-kappa-quadratic`}>
              {formatKappa(view.quadratic)}
              {size === 2 ? " (equals the unweighted κ on two categories)" : ""}
            </dd>
          </div>
        </dl>
      }
      empty={everyScaleEmpty ? emptyMessage : view.total === 0 ? "No specimen matching the filters can be placed on this scale." : null}
    >
      {(svgProps) => (
        <div ref={boxRef}>
          <svg
            data-chart-svg=""
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            style={{ maxWidth: width }}
            role="img"
            aria-labelledby={svgProps["aria-labelledby"]}
            aria-describedby={svgProps["aria-describedby"]}
            fontSize={12}
          >
            <text x={LEFT + (CELL * size) / 2} y={14} textAnchor="middle" fontWeight={600} fill="#0f172a">
              {columnLabel}
            </text>
            <text x={14} y={TOP + (CELL * size) / 2} textAnchor="middle" fontWeight={600} fill="#0f172a" transform={`rotate(-90 14 ${TOP + (CELL * size) / 2})`}>
              {rowLabel}
            </text>
            {view.categories.map((category, index) => (
              <g key={`label-${category}`} fontSize={labelFont}>
                <text x={LEFT + index * CELL + CELL / 2} y={TOP - 12 - (columnLines(category, compact).length - 1) * 12} textAnchor="middle" fill="#0f172a">
                  {columnLines(category, compact).map((line, lineIndex) => (
                    <tspan key={line} x={LEFT + index * CELL + CELL / 2} dy={lineIndex === 0 ? 0 : 12}>
                      {line}
                    </tspan>
                  ))}
                </text>
                <text x={compact ? 26 : 30} y={TOP + index * CELL + CELL / 2 - 2} fill="#0f172a">
                  {compact ? category.replace("IHC ", "") : category}
                </text>
                <text x={compact ? 26 : 30} y={TOP + index * CELL + CELL / 2 + 13} fill="#475569">
                  n = {formatShownCount(view.rowTotals[index] ?? 0, threshold)}
                </text>
              </g>
            ))}
            {view.cells.map((cell) => {
              const colours = shade(share(cell.n));
              const x = LEFT + cell.column * CELL;
              const y = TOP + cell.row * CELL;
              const diagonal = cell.row === cell.column;
              return (
                <g key={`${cell.row}-${cell.column}`}>
                  <rect x={x + 1} y={y + 1} width={CELL - 2} height={CELL - 2} fill={colours.fill} stroke={diagonal ? "#0f172a" : "#e2e8f0"} strokeWidth={diagonal ? 2 : 1} />
                  <text x={x + CELL / 2} y={y + CELL / 2 + 5} textAnchor="middle" fontSize={countFont} fontWeight={600} fill={colours.text}>
                    {formatShownCount(cell.n, threshold)}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
    </ChartFrame>
  );
}
