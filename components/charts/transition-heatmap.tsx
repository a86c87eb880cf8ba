"use client";

import { COHORT_COLOURS, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { formatPercent, formatRateWithInterval } from "@/lib/analytics/format";
import type { ShownProportion, TransitionMatrixView } from "@/lib/analytics/present-evolution";
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

function describeProportion(proportion: ShownProportion, threshold: number): string {
  const rate = proportion.rate;
  return `${formatShownCount(proportion.n, threshold)} of ${formatShownCount(proportion.of, threshold)}, ${formatRateWithInterval(rate?.rate ?? null, rate?.lower ?? null, rate?.upper ?? null)}`;
}

/**
 * A category's label without "HER2-", in one or two lines: "0, not specified" (about 95 px at
 * 12 px) overran its 72 px column head into the next one's, and its row label into the first cell.
 */
function labelLines(cohort: keyof typeof COHORT_LABELS): [string, string?] {
  const label = COHORT_LABELS[cohort].replace("HER2-", "");
  const comma = label.indexOf(", ");
  return comma < 0 ? [label] : [label.slice(0, comma + 1), label.slice(comma + 2)];
}

/**
 * A HER2 transition matrix as a heat map: rows are the earlier category, columns the later one;
 * each cell gives the patients and their share of the row. The diagonal (no change) is outlined.
 * Under it, both published discordance figures and the changes of eligibility for T-DXd.
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
  const categories = matrix.categories;
  const width = LEFT + CELL * categories.length + 8;
  const height = TOP + CELL * categories.length + 8;
  return (
    <ChartFrame
      title={title}
      testId={testId}
      description={
        <>
          {description} Discordance over the three published categories (HER2-0, low, positive):{" "}
          <span data-testid={`${testId}-discordance`}>{describeProportion(matrix.discordance3, threshold)}</span>; over four (HER2-null, ultralow, low,
          positive, patients with an IHC 0 not specified left out): <span data-testid={`${testId}-discordance-4`}>{describeProportion(matrix.discordance4, threshold)}</span> (exact 95 % CIs).
        </>
      }
      footer={
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid={`${testId}-eligibility`}>
          <li>
            HER2-0 → HER2-low, newly eligible for trastuzumab deruxtecan after chemotherapy (DESTINY-Breast04; after endocrine therapy too in HR-positive disease,
            DESTINY-Breast06): {describeProportion(matrix.zeroToLow, threshold)} of HER2-0 patients.
          </li>
          <li>
            HR-positive, HER2-null or IHC 0 not specified → HER2-ultralow, eligible only after endocrine therapy (DESTINY-Breast06):{" "}
            {describeProportion(matrix.nullToUltralowHrPositive, threshold)}.
          </li>
          <li>HER2-ultralow → HER2-low (from DESTINY-Breast06&apos;s population into DESTINY-Breast04&apos;s): {describeProportion(matrix.ultralowToLow, threshold)}.</li>
        </ul>
      }
      table={{
        columns: [fromLabel, toLabel, "Patients", "Percent of row"],
        rows: matrix.cells.map((cell) => [COHORT_LABELS[cell.from], COHORT_LABELS[cell.to], countCell(cell.n, threshold), percentCell(cell.rowPercent)]),
      }}
      empty={matrix.total === 0 ? "No patient matching the filters has both results." : null}
    >
      {(svgProps) => (
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
          <text x={LEFT + (CELL * categories.length) / 2} y={14} textAnchor="middle" fontWeight={600} fill="#0f172a">
            {toLabel}
          </text>
          <text x={14} y={TOP + (CELL * categories.length) / 2} textAnchor="middle" fontWeight={600} fill="#0f172a" transform={`rotate(-90 14 ${TOP + (CELL * categories.length) / 2})`}>
            {fromLabel}
          </text>
          {categories.map((cohort, index) => {
            const [first, second] = labelLines(cohort);
            // A second line (HER2-0, not specified) takes the row's count one line lower.
            const below = second === undefined ? 0 : 14;
            return (
              <g key={`column-${cohort}`}>
                <rect x={LEFT + index * CELL + 6} y={TOP - 30 - below / 2} width={10} height={10} fill={COHORT_COLOURS[cohort]} />
                <text x={LEFT + index * CELL + 20} y={TOP - 21 - below / 2} fill="#0f172a">
                  {first}
                </text>
                {second !== undefined && (
                  <text x={LEFT + index * CELL + 6} y={TOP - 14 + below / 2} fill="#0f172a">
                    {second}
                  </text>
                )}
                <rect x={30} y={TOP + index * CELL + CELL / 2 - 10 - below / 2} width={10} height={10} fill={COHORT_COLOURS[cohort]} />
                <text x={44} y={TOP + index * CELL + CELL / 2 - 1 - below / 2} fill="#0f172a">
                  {first}
                </text>
                {second !== undefined && (
                  <text x={30} y={TOP + index * CELL + CELL / 2 + 13} fill="#0f172a">
                    {second}
                  </text>
                )}
                <text x={second === undefined ? 44 : 30} y={TOP + index * CELL + CELL / 2 + 14 + below} fill="#475569" fontSize={11}>
                  n = {formatShownCount(matrix.rowTotals[cohort], threshold)}
                </text>
              </g>
            );
          })}
          {matrix.cells.map((cell) => {
            const row = categories.indexOf(cell.from);
            const column = categories.indexOf(cell.to);
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
      )}
    </ChartFrame>
  );
}
