"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { useSearchParams } from "next/navigation";
import { describeExportCaption } from "@/lib/analytics/export-caption";
import { parseDashboardFilters } from "@/lib/analytics/filters";
import { downloadBlob, downloadPng, downloadSvg, type LegendEntry } from "./export-chart";
import { toCsv, toFileName, type TableData } from "./table-data";
import { DataTable } from "./data-table";
import { chartSvgProps, type ChartSvgProps } from "./chart-accessibility";
import { LegendSwatch } from "./legend-swatch";

type ChartFrameProps = {
  title: string;
  /** Plain-language description: what the chart shows and how to read it. */
  description: ReactNode;
  /** The chart's data: the "Show data table" alternative and the CSV export. */
  table: TableData;
  /** A fuller CSV than the on-screen table when that would be too long to read (e.g. every step of a curve). */
  csv?: TableData;
  /** The CSV is served (every step of a curve the page draws thinned): "CSV" downloads this URL instead. */
  csvHref?: string;
  /** Series shown in the legend (on screen and in the exported image). */
  legend?: LegendEntry[];
  /** When set, the chart is replaced by this message (e.g. no patients match the filters). */
  empty?: string | null;
  /** "table": the content already is a table; only CSV export is offered. */
  kind?: "chart" | "table";
  /** Controls shown above the chart (e.g. counts / 100 % toggle). */
  controls?: ReactNode;
  /** Notes under the chart (tests, definitions). */
  footer?: ReactNode;
  testId?: string;
  /** Part of the content is still being computed: exports wait until it is complete. */
  exportPending?: boolean;
  /** The chart; as a function it gets the props that give its SVG the frame's name and description. */
  children: ReactNode | ((svgProps: ChartSvgProps) => ReactNode);
};

/**
 * Every dashboard chart sits in one of these (issue 7 §7): a title and a plain-language
 * description, the chart, a data-table alternative, and PNG / SVG / CSV export, all made in the
 * browser from the data already on the page.
 */
export function ChartFrame({ title, description, table, csv, csvHref, legend = [], empty = null, kind = "chart", controls, footer, testId, exportPending = false, children }: ChartFrameProps) {
  const id = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const [showTable, setShowTable] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const fileName = toFileName(title);
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const tableId = `${id}-table`;
  const searchParams = useSearchParams();
  // Read when an export is made, so the date is the day of the export.
  const exportCaption = () => describeExportCaption(parseDashboardFilters(new URLSearchParams(searchParams.toString())), new Date());

  const findChartSvg = (): SVGSVGElement | null =>
    chartRef.current?.querySelector<SVGSVGElement>(".recharts-wrapper > svg, svg[data-chart-svg]") ?? null;

  const exportImage = async (format: "png" | "svg") => {
    setExportError(null);
    const svg = findChartSvg();
    if (!svg) {
      setExportError("The chart is not drawn yet; try again in a moment.");
      return;
    }
    try {
      if (format === "svg") downloadSvg(svg, title, legend, fileName, exportCaption());
      else await downloadPng(svg, title, legend, fileName, exportCaption());
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "The chart could not be exported.");
    }
  };

  const exportCsv = () => {
    setExportError(null);
    downloadBlob(new Blob([toCsv(csv ?? table, exportCaption())], { type: "text/csv;charset=utf-8" }), `${fileName}.csv`);
  };

  const buttonClass =
    "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50";
  const isEmpty = empty !== null;
  const exportDisabled = isEmpty || exportPending;

  return (
    <section aria-labelledby={titleId} aria-describedby={descriptionId} aria-busy={exportPending || undefined} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-5" data-testid={testId}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        {/* At least 14rem before the buttons share its line: with a basis of 0 the title shrank to a
            word a line beside them on a phone, cut off under the first button. */}
        <h2 id={titleId} className="min-w-0 grow basis-56 text-base font-semibold text-slate-900">
          {title}
        </h2>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={`${title}: data and export`}>
          {kind === "chart" ? (
            <button
              type="button"
              className={buttonClass}
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((shown) => !shown)}
              disabled={isEmpty}
            >
              {showTable ? "Hide data table" : "Show data table"}
            </button>
          ) : null}
          {kind === "chart" ? (
            <>
              <button type="button" className={buttonClass} onClick={() => void exportImage("png")} disabled={exportDisabled} aria-label={`Export ${title} as PNG`}>
                PNG
              </button>
              <button type="button" className={buttonClass} onClick={() => void exportImage("svg")} disabled={exportDisabled} aria-label={`Export ${title} as SVG`}>
                SVG
              </button>
            </>
          ) : null}
          {csvHref && !exportDisabled ? (
            <a href={csvHref} download className={buttonClass} aria-label={`Export ${title} as CSV`}>
              CSV
            </a>
          ) : (
            <button type="button" className={buttonClass} onClick={exportCsv} disabled={exportDisabled} aria-label={`Export ${title} as CSV`}>
              CSV
            </button>
          )}
        </div>
      </div>
      <div id={descriptionId} className="mt-1 max-w-3xl text-sm text-slate-600">
        {description}
      </div>
      {exportError ? (
        <p role="alert" className="mt-2 rounded bg-red-50 px-3 py-1.5 text-sm text-red-800">
          {exportError}
        </p>
      ) : null}
      {controls ? <div className="mt-3">{controls}</div> : null}
      {isEmpty ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">{empty}</p>
      ) : (
        <>
          <div ref={chartRef} className="mt-4">
            {typeof children === "function" ? children(chartSvgProps(title, titleId, descriptionId)) : children}
          </div>
          {legend.length > 0 && kind === "chart" ? (
            <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
              {legend.map((entry) => (
                <li key={entry.label} className="flex items-center gap-1.5">
                  <LegendSwatch entry={entry} />
                  {entry.label}
                </li>
              ))}
            </ul>
          ) : null}
          {kind === "chart" && showTable ? (
            <div id={tableId} className="mt-4">
              <DataTable caption={`${title}: data`} table={table} />
            </div>
          ) : null}
        </>
      )}
      {footer ? <div className="mt-3 text-xs text-slate-600">{footer}</div> : null}
    </section>
  );
}
