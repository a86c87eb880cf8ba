"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { countCell } from "@/components/charts/chart-theme";
import { formatPValueInText, formatRatio } from "@/lib/analytics/format";
import type { ForestRow, ForestView } from "@/lib/analytics/regimen-comparison";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import type { RegimenClass } from "@/lib/generated/prisma/enums";
import { ARM_A_COLOUR } from "./arm-styles";

const WIDTH = 760;
const ROW = 22;
const TOP = 34;
const LABEL_X = 8;
const COUNTS_X = 250;
const PLOT_LEFT = 330;
const PLOT_RIGHT = 600;
const TEXT_X = 612;

type Line = { kind: "header"; label: string; note: string } | { kind: "row"; row: ForestRow; indent: boolean };

/** Log-scale axis bounds that hold every interval, from 0.1-10 at the widest. */
function axisBounds(rows: ForestRow[]): [number, number] {
  let low = 0.5;
  let high = 2;
  for (const row of rows) {
    if (!row.hazardRatio) continue;
    low = Math.min(low, row.hazardRatio.lower);
    high = Math.max(high, row.hazardRatio.upper);
  }
  const ticks = [0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10];
  return [Math.max(0.1, [...ticks].reverse().find((tick) => tick <= low) ?? 0.1), Math.min(10, ticks.find((tick) => tick >= high) ?? 10)];
}

/** The regimen comparison's arms are regimen classes; the cohort view's forest names its two HER2 cohorts itself. */
type ArmProps = { armA: RegimenClass; armB: RegimenClass } | { arms: { a: string; b: string }; testId: string };

/**
 * The forest plot of subgroups (issue 14 §4): the hazard ratio of arm A against arm B with its
 * 95 % CI in each level of each subgroup, the patients and events per arm, and the p-value of the
 * treatment × subgroup interaction (likelihood-ratio test) for each subgroup. The interaction tests
 * run in the statistics workers; when they run out of time, the plot says so above the chart and
 * in each subgroup's header, and still shows the hazard ratios.
 */
export function ForestPlot(props: { forest: ForestView; threshold: number } & ArmProps) {
  // The interaction tests run in the statistics workers and may run out of time; the hazard ratios are always there.
  const late = props.forest.groups.map((group) => group.interaction).find((interaction) => !interaction.ok && interaction.notComputedInTime);
  return (
    <>
      {late && !late.ok ? (
        <p className="mb-2 rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-700" data-testid="forest-interactions-not-computed-in-time">
          Interaction tests: {late.reason}
        </p>
      ) : null}
      <ForestChart {...props} />
    </>
  );
}

function ForestChart(props: { forest: ForestView; threshold: number } & ArmProps) {
  const { forest, threshold } = props;
  const [nameA, nameB] = "arms" in props ? [props.arms.a, props.arms.b] : [REGIMEN_CLASS_LABELS[props.armA], REGIMEN_CLASS_LABELS[props.armB]];
  const lines: Line[] = [{ kind: "row", row: forest.overall, indent: false }];
  for (const group of forest.groups) {
    lines.push({ kind: "header", label: group.label, note: group.interaction.ok
        ? `interaction ${formatPValueInText(group.interaction.pValue)}`
        : group.interaction.notComputedInTime
          ? "interaction not computed in time"
          : "interaction not tested",
    });
    for (const row of group.rows) lines.push({ kind: "row", row, indent: true });
  }
  const allRows = lines.flatMap((line) => (line.kind === "row" ? [line.row] : []));
  const [low, high] = axisBounds(allRows);
  const x = (value: number) => PLOT_LEFT + ((Math.log(Math.min(Math.max(value, low), high)) - Math.log(low)) / (Math.log(high) - Math.log(low))) * (PLOT_RIGHT - PLOT_LEFT);
  const height = TOP + lines.length * ROW + 40;
  const ticks = [0.1, 0.2, 0.5, 1, 2, 5, 10].filter((tick) => tick >= low && tick <= high);
  const endpointName = forest.endpoint === "pfs" ? "progression-free survival" : "overall survival";
  const tableRows = [
    ["All patients", "All patients", ...cells(forest.overall, threshold), null, null],
    ...forest.groups.flatMap((group) =>
      group.rows.map((row) => [group.label, row.label, ...cells(row, threshold), group.interaction.ok ? group.interaction.pValue : null, group.interaction.ok ? group.interaction.statistic : null]),
    ),
  ];
  return (
    <ChartFrame
      title={`Forest plot: ${endpointName}, ${nameA} vs ${nameB}`}
      testId={"testId" in props ? props.testId : "chart-forest-plot"}
      description={`Hazard ratio of ${endpointName} for arm A (${nameA}) against arm B (${nameB}) in each subgroup, with its 95 % confidence interval (Cox, Efron ties) on a log scale; left of 1 favours arm A. Each subgroup's p-value tests whether the effect differs between its levels (likelihood-ratio test of the treatment × subgroup interaction). Subgroups are exploratory: with six of them, one p below 0.05 is expected by chance.`}
      table={{
        columns: ["Subgroup", "Level", "Patients A", "Events A", "Patients B", "Events B", "HR", "HR lower 95%", "HR upper 95%", "HR p", "Note", "Interaction p (LR)", "Interaction χ²"],
        rows: tableRows,
      }}
    >
      {(svgProps) => (
        <svg
          data-chart-svg=""
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          style={{ maxWidth: WIDTH }}
          role="img"
          aria-labelledby={svgProps["aria-labelledby"]}
          aria-describedby={svgProps["aria-describedby"]}
        >
          <rect x={0} y={0} width={WIDTH} height={height} fill="#ffffff" />
          <g fontSize={12} fill="#0f172a" fontFamily="system-ui, sans-serif">
            <text x={LABEL_X} y={18} fontWeight={600}>
              Subgroup
            </text>
            <text x={COUNTS_X} y={18} fontWeight={600} textAnchor="middle">
              A / B (events)
            </text>
            <text x={TEXT_X} y={18} fontWeight={600}>
              HR (95% CI)
            </text>
            <line x1={x(1)} x2={x(1)} y1={TOP - 8} y2={TOP + lines.length * ROW} stroke="#64748b" strokeDasharray="3 3" />
            {lines.map((line, index) => {
              const y = TOP + index * ROW + ROW / 2;
              if (line.kind === "header") {
                return (
                  <g key={`header-${line.label}`}>
                    <text x={LABEL_X} y={y + 4} fontWeight={600}>
                      {line.label}
                    </text>
                    <text x={TEXT_X} y={y + 4} fill="#334155">
                      {line.note}
                    </text>
                  </g>
                );
              }
              const row = line.row;
              const hr = row.hazardRatio;
              return (
                <g key={`${index}-${row.level}`}>
                  <text x={LABEL_X + (line.indent ? 14 : 0)} y={y + 4} fontWeight={line.indent ? 400 : 600}>
                    {row.label}
                  </text>
                  <text x={COUNTS_X} y={y + 4} textAnchor="middle">
                    {`${formatShownCount(row.patients.a, threshold)} (${formatShownCount(row.events.a, threshold)}) / ${formatShownCount(row.patients.b, threshold)} (${formatShownCount(row.events.b, threshold)})`}
                  </text>
                  {hr ? (
                    <>
                      <line x1={x(hr.lower)} x2={x(hr.upper)} y1={y} y2={y} stroke="#0f172a" strokeWidth={1.5} />
                      <rect x={x(hr.hazardRatio) - 4} y={y - 4} width={8} height={8} fill={line.indent ? ARM_A_COLOUR : "#0f172a"} />
                      <text x={TEXT_X} y={y + 4}>{`${formatRatio(hr.hazardRatio)} (${formatRatio(hr.lower)}-${formatRatio(hr.upper)})`}</text>
                    </>
                  ) : (
                    <text x={TEXT_X} y={y + 4} fill="#475569">
                      not estimable
                    </text>
                  )}
                </g>
              );
            })}
            <line x1={PLOT_LEFT} x2={PLOT_RIGHT} y1={TOP + lines.length * ROW + 4} y2={TOP + lines.length * ROW + 4} stroke="#94a3b8" />
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={x(tick)} x2={x(tick)} y1={TOP + lines.length * ROW + 4} y2={TOP + lines.length * ROW + 9} stroke="#94a3b8" />
                <text x={x(tick)} y={TOP + lines.length * ROW + 22} textAnchor="middle" fill="#334155">
                  {tick}
                </text>
              </g>
            ))}
            <text x={(PLOT_LEFT + x(1)) / 2} y={height - 4} textAnchor="middle" fill="#334155">
              ← favours A
            </text>
            <text x={(x(1) + PLOT_RIGHT) / 2} y={height - 4} textAnchor="middle" fill="#334155">
              favours B →
            </text>
          </g>
        </svg>
      )}
    </ChartFrame>
  );
}

function cells(row: ForestRow, threshold: number) {
  const hr = row.hazardRatio;
  return [
    countCell(row.patients.a, threshold),
    countCell(row.events.a, threshold),
    countCell(row.patients.b, threshold),
    countCell(row.events.b, threshold),
    hr ? Math.round(hr.hazardRatio * 1000) / 1000 : null,
    hr ? Math.round(hr.lower * 1000) / 1000 : null,
    hr ? Math.round(hr.upper * 1000) / 1000 : null,
    hr ? hr.pValue : null,
    row.note,
  ];
}
