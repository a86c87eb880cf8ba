"use client";

import { COHORT_COLOURS, COHORT_LABELS, HER2_COHORT_KEYS } from "@/lib/analytics/cohorts";
import { formatPercent, formatRateWithInterval } from "@/lib/analytics/format";
import type { TransitionMatrixView } from "@/lib/analytics/present-evolution";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { countCell, percentCell } from "./chart-theme";

const CELL = 92;
const LEFT = 128;
const TOP = 64;

/** Light to dark slate by row share, so the cohort colours keep their meaning. */
function shade(percent: number | null): { fill: string; text: string } {
  if (percent === null) return { fill: "#f8fafc", text: "#475569" };
  const t = Math.min(1, Math.max(0, percent / 100));
  const from = [241, 245, 249];
  const to = [30, 41, 59];
  const channel = (index: number) => Math.round((from[index] ?? 0) + t * ((to[index] ?? 0) - (from[index] ?? 0)));
  return { fill: `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`, text: t > 0.45 ? "#ffffff" : "#0f172a" };
}

/**
 * A HER2 transition matrix as a heat map: rows are the earlier category, columns the later one;
 * each cell gives the patients and their share of the row. The diagonal (no change) is outlined.
 */
export function TransitionHeatmap({
  matrix,
  title,
  fromLabel,
  toLabel,
  description,
  threshold,
  testId,
}: {
  matrix: TransitionMatrixView;
  title: string;
  fromLabel: string;
  toLabel: string;
  description: string;
  threshold: number;
  testId: string;
}) {
  const width = LEFT + CELL * HER2_COHORT_KEYS.length + 8;
  const height = TOP + CELL * HER2_COHORT_KEYS.length + 8;
  return (
    <ChartFrame
      title={title}
      testId={testId}
      description={
        <>
          {description} Discordance (category changed): {formatShownCount(matrix.discordant, threshold)} of {formatShownCount(matrix.total, threshold)} patients,{" "}
          <span data-testid={`${testId}-discordance`}>{formatRateWithInterval(matrix.discordance?.rate ?? null, matrix.discordance?.lower ?? null, matrix.discordance?.upper ?? null)}</span>{" "}
          (exact 95 % CI). HER2-zero to HER2-low or ultralow, newly eligible for trastuzumab deruxtecan:{" "}
          {formatShownCount(matrix.zeroToLowOrUltralow, threshold)} of {formatShownCount(matrix.fromZero, threshold)} HER2-zero patients,{" "}
          {formatRateWithInterval(matrix.zeroToLowOrUltralowRate?.rate ?? null, matrix.zeroToLowOrUltralowRate?.lower ?? null, matrix.zeroToLowOrUltralowRate?.upper ?? null)}.
        </>
      }
      table={{
        columns: [fromLabel, toLabel, "Patients", "Percent of row"],
        rows: matrix.cells.map((cell) => [COHORT_LABELS[cell.from], COHORT_LABELS[cell.to], countCell(cell.n, threshold), percentCell(cell.rowPercent)]),
      }}
      empty={matrix.total === 0 ? "No patient matching the filters has both results." : null}
    >
      <svg data-chart-svg="" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={`${title}: heat map`} fontSize={12}>
        <text x={LEFT + (CELL * HER2_COHORT_KEYS.length) / 2} y={14} textAnchor="middle" fontWeight={600} fill="#0f172a">
          {toLabel}
        </text>
        <text x={14} y={TOP + (CELL * HER2_COHORT_KEYS.length) / 2} textAnchor="middle" fontWeight={600} fill="#0f172a" transform={`rotate(-90 14 ${TOP + (CELL * HER2_COHORT_KEYS.length) / 2})`}>
          {fromLabel}
        </text>
        {HER2_COHORT_KEYS.map((cohort, index) => (
          <g key={`column-${cohort}`}>
            <rect x={LEFT + index * CELL + 6} y={TOP - 30} width={10} height={10} fill={COHORT_COLOURS[cohort]} />
            <text x={LEFT + index * CELL + 20} y={TOP - 21} fill="#0f172a">
              {COHORT_LABELS[cohort].replace("HER2-", "")}
            </text>
            <rect x={30} y={TOP + index * CELL + CELL / 2 - 10} width={10} height={10} fill={COHORT_COLOURS[cohort]} />
            <text x={44} y={TOP + index * CELL + CELL / 2 - 1} fill="#0f172a">
              {COHORT_LABELS[cohort].replace("HER2-", "")}
            </text>
            <text x={44} y={TOP + index * CELL + CELL / 2 + 14} fill="#475569" fontSize={11}>
              n = {formatShownCount(matrix.rowTotals[cohort], threshold)}
            </text>
          </g>
        ))}
        {matrix.cells.map((cell) => {
          const row = HER2_COHORT_KEYS.indexOf(cell.from);
          const column = HER2_COHORT_KEYS.indexOf(cell.to);
          const colours = shade(cell.rowPercent);
          const x = LEFT + column * CELL;
          const y = TOP + row * CELL;
          return (
            <g key={`${cell.from}-${cell.to}`}>
              <rect x={x + 1} y={y + 1} width={CELL - 2} height={CELL - 2} fill={colours.fill} stroke={row === column ? "#0f172a" : "#e2e8f0"} strokeWidth={row === column ? 2 : 1} />
              <text x={x + CELL / 2} y={y + CELL / 2 - 2} textAnchor="middle" fontSize={16} fontWeight={600} fill={colours.text}>
                {formatShownCount(cell.n, threshold)}
              </text>
              <text x={x + CELL / 2} y={y + CELL / 2 + 16} textAnchor="middle" fontSize={11} fill={colours.text}>
                {cell.rowPercent === null ? "" : formatPercent(cell.rowPercent)}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
