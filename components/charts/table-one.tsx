"use client";

import { Fragment, Suspense, use } from "react";
import { COHORT_COLOUR_VARIABLES, COHORT_LABELS, type CohortKey } from "@/lib/analytics/cohorts";
import { formatMedianQuartiles, formatPValue, formatPercent } from "@/lib/analytics/format";
import type { CategoricalRowView, ContinuousRowView, ShownSummary, TableOneView } from "@/lib/analytics/present-table-one";
import type { CategoricalTests, TableOneTest } from "@/lib/analytics/table-one";
import { formatShownCount, type ShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import type { TableCell } from "./table-data";
import { ScrollRegion } from "@/components/scroll-region";

type Column = { key: CohortKey | "OVERALL"; label: string; n: ShownCount };

const SUPERSCRIPTS = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

function formatCategorical(count: ShownCount, percent: number | null, threshold: number): string {
  if (count === null) return formatShownCount(count, threshold);
  return `${count.toLocaleString("en")} (${formatPercent(percent)})`;
}

function formatSummary(summary: ShownSummary, threshold: number): string {
  if (summary === null) return "—";
  if (summary.n === null) return `n <${threshold}`;
  return formatMedianQuartiles(summary);
}

/**
 * Table 1 by cohort, laid out as gtsummary's tbl_summary() |> add_overall() |> add_p() prints it:
 * N in each header, n (%) or median (Q1, Q3), "Unknown" rows, and p-values with the test named
 * in numbered footnotes.
 */
export function TableOne({ view, categoricalTests }: { view: TableOneView; categoricalTests: Promise<CategoricalTests> }) {
  return (
    <Suspense fallback={<TableOneContent view={view} tests={null} />}>
      <TableOneWithTests view={view} categoricalTests={categoricalTests} />
    </Suspense>
  );
}

function TableOneWithTests({ view, categoricalTests }: { view: TableOneView; categoricalTests: Promise<CategoricalTests> }) {
  return <TableOneContent view={view} tests={use(categoricalTests)} />;
}

/** `tests` null: the categorical p-values are still being computed on the server. */
function TableOneContent({ view, tests }: { view: TableOneView; tests: CategoricalTests | null }) {
  const threshold = view.smallCellThreshold;
  const testOf = (row: CategoricalRowView | ContinuousRowView): TableOneTest | null => (row.kind === "continuous" ? row.test : (tests?.[row.key] ?? null));
  const pending = tests === null;
  const columns: Column[] = [
    { key: "OVERALL", label: "Overall", n: view.overall },
    ...view.presentCohorts.map((cohort) => ({ key: cohort, label: COHORT_LABELS[cohort], n: view.columns[cohort] })),
  ];
  const testNames = [
    ...new Set(
      view.rows.flatMap((row) => {
        const test = testOf(row);
        return test === null || test.test === "none" || test.test === "not-computed-in-time" ? [] : [test.testName];
      }),
    ),
  ];
  const testMark = (name: string) => {
    const index = testNames.indexOf(name);
    return index < 0 ? "" : (SUPERSCRIPTS[index + 1] ?? `(${index + 2})`);
  };
  const populations = [...new Set(view.rows.flatMap((row) => (row.kind === "categorical" && row.population ? [row.population] : [])))];
  const notes = view.rows.flatMap((row) => {
    const test = testOf(row);
    return test?.note && test.pValue === null ? [`${row.label}: ${test.note}`] : [];
  });
  const printP = (test: TableOneTest | null, withMark: boolean): string => {
    if (test === null) return pending ? "…" : "";
    if (test.test === "none") return "";
    // The reason is in the notes below the table (not-computed-in-time.ts).
    if (test.test === "not-computed-in-time") return "not computed in time";
    return `${formatPValue(test.pValue)}${withMark ? testMark(test.testName) : ""}`;
  };

  const cellsOf = (row: CategoricalRowView, level: CategoricalRowView["levels"][number]) =>
    columns.map((column) =>
      column.key === "OVERALL"
        ? formatCategorical(level.overall, level.overallPercent, threshold)
        : formatCategorical(level.counts[column.key], level.percents[column.key], threshold),
    );
  const unknownCells = (unknown: NonNullable<CategoricalRowView["unknown"]>) =>
    columns.map((column) => formatShownCount(column.key === "OVERALL" ? unknown.overall : unknown.counts[column.key], threshold));
  const continuousCells = (row: ContinuousRowView) =>
    columns.map((column) => formatSummary(column.key === "OVERALL" ? row.overall : row.summaries[column.key], threshold));

  // The CSV holds what the table prints, one line per printed row (as gtsummary's as_tibble()).
  const csvRows: TableCell[][] = [];
  for (const row of view.rows) {
    const rowTest = testOf(row);
    const p = printP(rowTest, false);
    const test = rowTest === null || rowTest.test === "none" ? "" : rowTest.testName;
    if (row.kind === "categorical") {
      csvRows.push([row.population ? `${row.label} (${row.population.toLowerCase()})` : row.label, ...columns.map(() => ""), p, test]);
      for (const level of row.levels) csvRows.push([`  ${level.label}`, ...cellsOf(row, level), "", ""]);
      if (row.unknown) csvRows.push(["  Unknown", ...unknownCells(row.unknown), "", ""]);
    } else {
      csvRows.push([row.label, ...continuousCells(row), p, test]);
      if (row.unknown) csvRows.push(["  Unknown", ...columns.map((column) => formatShownCount(column.key === "OVERALL" ? row.unknown?.overall ?? 0 : row.unknown?.counts[column.key] ?? 0, threshold)), "", ""]);
    }
  }

  return (
    <ChartFrame
      kind="table"
      title="Table 1: characteristics by cohort"
      testId="table-one"
      exportPending={pending}
      description={`Baseline characteristics of the patients in each HER2 cohort. Categories show n (%) of patients with a known value; continuous variables show the median (Q1, Q3). p-values compare ${view.comparison.label}; the test behind each is named in the notes.`}
      table={{
        columns: ["Characteristic", ...columns.map((column) => `${column.label} N = ${formatShownCount(column.n, threshold)}`), "p-value", "Test"],
        rows: csvRows,
      }}
      footer={
        <ol className="space-y-0.5">
          <li>¹ n (%); Median (Q1, Q3). Percentages are of patients with a known value.</li>
          {pending ? <li role="status">Computing the p-values of the categorical rows (Fisher&apos;s exact test can take a moment)…</li> : null}
          {testNames.map((name, index) => (
            <li key={name}>
              {SUPERSCRIPTS[index + 1]} {name}
            </li>
          ))}
          <li data-testid="table-one-comparison">
            p-values compare {view.comparison.label}
            {view.comparison.groups.length > 0 ? ` (${view.comparison.groups.join(" vs ")})` : ""}; unclassified patients are shown but not tested.
            Fisher&apos;s exact test is used when an expected count is below 5, as gtsummary&apos;s add_p() does; when a table is too large
            to enumerate exactly, its p-value is simulated from random tables with the same margins (the note names the number).

          </li>
          {populations.map((population) => (
            <li key={population}>ER-low: {population.toLowerCase()} (ER 1-10 %, ASCO/CAP 2020).</li>
          ))}
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ol>
      }
    >
      <ScrollRegion label="Table 1">
        <table className="min-w-full text-sm" data-testid="table-one-grid">
          <caption className="sr-only">Table 1: characteristics by cohort</caption>
          <thead>
            <tr className="border-b-2 border-slate-300 text-left align-bottom">
              <th scope="col" className="py-2 pr-4 font-semibold text-slate-900">
                Characteristic
              </th>
              {columns.map((column) => (
                <th key={column.key} scope="col" className="px-3 py-2 text-right font-semibold text-slate-900" data-testid={`table-one-n-${column.key}`}>
                  <span className="flex items-center justify-end gap-1.5">
                    {column.key === "OVERALL" ? null : (
                      <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: `var(${COHORT_COLOUR_VARIABLES[column.key]})` }} />
                    )}
                    {column.label}
                  </span>
                  <span className="block text-xs font-normal text-slate-600">
                    N = <span data-testid={`table-one-count-${column.key}`}>{formatShownCount(column.n, threshold)}</span>¹
                  </span>
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right font-semibold text-slate-900">
                p-value
              </th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => {
              const p = printP(testOf(row), true);
              return (
                <Fragment key={row.key}>
                  {row.kind === "categorical" ? (
                    <>
                      <tr className="border-t border-slate-200">
                        <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-900">
                          {row.label}
                          {row.population ? <span className="block text-xs font-normal text-slate-500">{row.population}</span> : null}
                        </th>
                        {columns.map((column) => (
                          <td key={column.key} />
                        ))}
                        <td className="px-3 py-1.5 text-right tabular-nums" data-testid={`p-value-${row.key}`}>
                          {p}
                        </td>
                      </tr>
                      {row.levels.map((level) => (
                        <tr key={level.value}>
                          <th scope="row" className="py-1 pl-4 pr-4 text-left font-normal text-slate-700">
                            {level.label}
                          </th>
                          {cellsOf(row, level).map((cell, index) => (
                            <td key={columns[index]?.key} className="px-3 py-1 text-right tabular-nums">
                              {cell}
                            </td>
                          ))}
                          <td />
                        </tr>
                      ))}
                      {row.unknown ? (
                        <tr>
                          <th scope="row" className="py-1 pl-4 pr-4 text-left font-normal italic text-slate-600">
                            Unknown
                          </th>
                          {unknownCells(row.unknown).map((cell, index) => (
                            <td key={columns[index]?.key} className="px-3 py-1 text-right tabular-nums text-slate-600">
                              {cell}
                            </td>
                          ))}
                          <td />
                        </tr>
                      ) : null}
                    </>
                  ) : (
                    <>
                      <tr className="border-t border-slate-200">
                        <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-900">
                          {row.label}
                        </th>
                        {continuousCells(row).map((cell, index) => (
                          <td key={columns[index]?.key} className="px-3 py-1.5 text-right tabular-nums">
                            {cell}
                          </td>
                        ))}
                        <td className="px-3 py-1.5 text-right tabular-nums" data-testid={`p-value-${row.key}`}>
                          {p}
                        </td>
                      </tr>
                      {row.unknown ? (
                        <tr>
                          <th scope="row" className="py-1 pl-4 pr-4 text-left font-normal italic text-slate-600">
                            Unknown
                          </th>
                          {columns.map((column) => (
                            <td key={column.key} className="px-3 py-1 text-right tabular-nums text-slate-600">
                              {formatShownCount(column.key === "OVERALL" ? (row.unknown?.overall ?? 0) : (row.unknown?.counts[column.key] ?? 0), threshold)}
                            </td>
                          ))}
                          <td />
                        </tr>
                      ) : null}
                    </>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </ChartFrame>
  );
}
