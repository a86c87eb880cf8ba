// How each query's and tab's time grows with the cohort (issue 17 §5): the exponent of a
// least-squares fit of log(median ms) on log(patients) over every size measured, and the local
// exponent between the two largest sizes (at small sizes fixed costs flatten the curve, so the
// overall fit understates how the largest sizes grow). 1 is linear in the patients; a summary
// read is near 0. Pure: bench-growth.ts reads the files.
import type { SizeResult } from "./bench-size";

export type GrowthKind = "query" | "tab" | "floor";

/** Median milliseconds of one query (with its filter variant), tab or floor, by cohort size. */
export type GrowthSeries = { kind: GrowthKind; name: string; variant: string; bySize: Map<number, number> };

export type GrowthRow = {
  kind: GrowthKind;
  name: string;
  variant: string;
  /** Sizes with a usable median, ascending, and those medians. */
  sizes: number[];
  medians: number[];
  /** Slope of log(ms) on log(patients) over every size; NaN with fewer than two. */
  exponent: number;
  /** Slope between the two largest sizes; NaN with fewer than two. */
  lastExponent: number;
};

/** Least-squares slope of log(y) on log(x); NaN with fewer than two usable points. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  const usable = points.filter((point) => point.x > 0 && point.y > 0 && Number.isFinite(point.x) && Number.isFinite(point.y));
  if (new Set(usable.map((point) => point.x)).size < 2) return Number.NaN;
  const xs = usable.map((point) => Math.log(point.x));
  const ys = usable.map((point) => Math.log(point.y));
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - meanX) * ((ys[i] ?? 0) - meanY);
    sxx += (x - meanX) ** 2;
  });
  return sxy / sxx;
}

/** A collection of series keyed by kind, name and variant; later additions replace a size's median. */
export class GrowthTable {
  private readonly series = new Map<string, GrowthSeries>();

  add(kind: GrowthKind, name: string, variant: string, size: number, medianMs: number): void {
    const key = `${kind}\u0000${name}\u0000${variant}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = { kind, name, variant, bySize: new Map() };
      this.series.set(key, entry);
    }
    entry.bySize.set(size, medianMs);
  }

  addResult(result: Pick<SizeResult, "size" | "queries" | "pages" | "floors">): void {
    for (const query of result.queries) this.add("query", query.name, query.variant, result.size, query.timing.medianMs);
    for (const page of result.pages ?? []) this.add("tab", page.name, "", result.size, page.timing.medianMs);
    for (const [table, timing] of Object.entries(result.floors)) this.add("floor", table, "", result.size, timing.medianMs);
  }

  rows(): GrowthRow[] {
    return [...this.series.values()].map((entry) => {
      const points = [...entry.bySize]
        .map(([x, y]) => ({ x, y }))
        .filter((point) => Number.isFinite(point.y) && point.y > 0)
        .sort((a, b) => a.x - b.x);
      return {
        kind: entry.kind,
        name: entry.name,
        variant: entry.variant,
        sizes: points.map((point) => point.x),
        medians: points.map((point) => point.y),
        exponent: logLogSlope(points),
        lastExponent: logLogSlope(points.slice(-2)),
      };
    });
  }
}

const SIZE_HEADING = /^## ([\d,]+) patients: dashboard queries/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());
}

/**
 * The medians of a results Markdown written by format-results.ts (for runs recorded before the
 * JSON file existed): each "## N patients: dashboard queries" section's query table, its tabs
 * table and its floors sentence.
 */
export function addResultsMarkdown(table: GrowthTable, markdown: string): void {
  let size: number | null = null;
  let section: "queries" | "tabs" | null = null;
  for (const line of markdown.split("\n")) {
    const heading = SIZE_HEADING.exec(line);
    if (heading) {
      size = Number((heading[1] ?? "").replace(/,/g, ""));
      section = null;
      continue;
    }
    if (line.startsWith("## ")) {
      size = null;
      continue;
    }
    if (size === null) continue;
    if (line.startsWith("Investigator;")) {
      for (const match of line.matchAll(/`(\w+)` ([\d.]+) ms/g)) table.add("floor", match[1] ?? "", "", size, Number(match[2]));
      continue;
    }
    if (line.startsWith("| tab | query |")) section = "queries";
    else if (line.startsWith("| tab | median ms |")) section = "tabs";
    if (!line.startsWith("| ") || line.startsWith("| tab |") || line.startsWith("| ---")) continue;
    const row = cells(line);
    if (section === "queries" && row.length >= 4) table.add("query", row[1] ?? "", row[2] ?? "", size, Number.parseFloat(row[3] ?? ""));
    if (section === "tabs" && row.length >= 2) table.add("tab", (row[0] ?? "").replace(/ \(`[^`]*`\)$/, ""), "", size, Number.parseFloat(row[1] ?? ""));
  }
}

function exponent(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : "–";
}

function sizeLabel(size: number): string {
  return size >= 1e6 ? `${size / 1e6}M` : size >= 1e3 ? `${size / 1e3}k` : String(size);
}

function msLabel(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "–";
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** The growth table as Markdown: one row per query (and variant), tab and floor. */
export function formatGrowth(rows: readonly GrowthRow[]): string {
  const sizes = [...new Set(rows.flatMap((row) => row.sizes))].sort((a, b) => a - b);
  const last = sizes.slice(-2).map(sizeLabel).join("→");
  const lines = [
    `| what | name | filters | ${sizes.map((size) => `${sizeLabel(size)} ms`).join(" | ")} | exponent (all sizes) | exponent ${last} |`,
    `| --- | --- | --- | ${sizes.map(() => "---:").join(" | ")} | ---: | ---: |`,
  ];
  const order: GrowthKind[] = ["floor", "query", "tab"];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  for (const row of sorted) {
    const bySize = new Map(row.sizes.map((size, i) => [size, row.medians[i]]));
    lines.push(`| ${row.kind} | ${row.name} | ${row.variant} | ${sizes.map((size) => msLabel(bySize.get(size))).join(" | ")} | ${exponent(row.exponent)} | ${exponent(row.lastExponent)} |`);
  }
  return lines.join("\n");
}
