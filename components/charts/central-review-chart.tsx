"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";
import { formatRateWithInterval } from "@/lib/analytics/format";
import type { SiteReviewRow } from "@/lib/analytics/present-agreement";
import type { ShownRate } from "@/lib/analytics/present-outcomes";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { AGREEMENT_SERIES_COLOURS } from "@/lib/analytics/chart-palette";
import { AXIS_LINE, AXIS_TICK, CHART_TOOLTIP, GRID_STROKE, countCell } from "./chart-theme";
import { KeepZeroBar } from "./keep-zero-bar";

const LOWER_COLOUR = AGREEMENT_SERIES_COLOURS.lower;
const HIGHER_COLOUR = AGREEMENT_SERIES_COLOURS.higher;

const percentOf = (rate: ShownRate, key: "rate" | "lower" | "upper") => (rate === null ? null : Math.round(rate[key] * 1000) / 10);
const errorOf = (rate: ShownRate): [number, number] | null => (rate === null ? null : [100 * (rate.rate - rate.lower), 100 * (rate.upper - rate.rate)]);

/**
 * How central review changed the sites' own calls over the three decisions (HER2-0 / low /
 * positive): the share of reviewed specimens placed lower and higher by the central read, per
 * site with exact 95 % CIs. The companion of the calling-rate funnel plot: a site that calls 1+
 * too often is corrected downwards.
 */
export function CentralReviewChart({ sites, all, threshold }: { sites: SiteReviewRow[]; all: SiteReviewRow; threshold: number }) {
  const rows = [...sites, all];
  const data = rows.map((row) => ({
    site: row.code === "all" ? "All" : row.code,
    lower: percentOf(row.lowerRate, "rate"),
    higher: percentOf(row.higherRate, "rate"),
    lowerError: errorOf(row.lowerRate),
    higherError: errorOf(row.higherRate),
  }));
  return (
    <ChartFrame
      title="Central review: category changes by site"
      testId="chart-central-review"
      description="Specimens read by the site (local) and by central review: the share whose central read placed them in a lower or a higher decision (HER2-0, low, positive), with exact (Clopper-Pearson) 95 % CIs. Each specimen's first local and first central read, whatever the assay."
      legend={[
        { label: "Central lower than local", colour: LOWER_COLOUR },
        { label: "Central higher than local", colour: HIGHER_COLOUR },
      ]}
      table={{
        columns: ["Site", "Reviewed specimens", "Category changed", "Changed %", "Central lower", "Lower % (95% CI)", "Central higher", "Higher % (95% CI)", "IHC 0 → ≥1+", "IHC ≥1+ → 0"],
        rows: rows.map((row) => [
          row.label,
          countCell(row.pairs, threshold),
          countCell(row.changed, threshold),
          percentOf(row.changedRate, "rate"),
          countCell(row.lower, threshold),
          formatRateWithInterval(row.lowerRate?.rate ?? null, row.lowerRate?.lower ?? null, row.lowerRate?.upper ?? null),
          countCell(row.higher, threshold),
          formatRateWithInterval(row.higherRate?.rate ?? null, row.higherRate?.lower ?? null, row.higherRate?.upper ?? null),
          countCell(row.zeroToOne, threshold),
          countCell(row.oneToZero, threshold),
        ]),
      }}
      footer={
        <p data-testid="chart-central-review-all">
          All sites: category changed in {formatShownCount(all.changed, threshold)} of {formatShownCount(all.pairs, threshold)} reviewed specimens,{" "}
          {formatRateWithInterval(all.changedRate?.rate ?? null, all.changedRate?.lower ?? null, all.changedRate?.upper ?? null)}; IHC 0 made ≥1+ by central review:{" "}
          {formatShownCount(all.zeroToOne, threshold)}, ≥1+ made 0: {formatShownCount(all.oneToZero, threshold)}.
        </p>
      }
      empty={all.pairs === 0 ? "No specimen matching the filters was read both locally and centrally." : null}
    >
      {(chartSvgProps) => (
      <BarChart {...chartSvgProps} data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="site" tick={AXIS_TICK} axisLine={AXIS_LINE} interval={0} />
        <YAxis unit="%" tick={AXIS_TICK} axisLine={AXIS_LINE} />
        <Tooltip
          {...CHART_TOOLTIP}
          formatter={(value, name, item) => {
            const row = rows[data.indexOf(item.payload as (typeof data)[number])];
            const rate = row ? (name === "Central lower than local" ? row.lowerRate : row.higherRate) : null;
            const text = rate === null ? "—" : formatRateWithInterval(rate.rate, rate.lower, rate.upper);
            return [row ? `${text} of ${formatShownCount(row.pairs, threshold)} reviewed` : typeof value === "number" ? `${value.toFixed(1)}%` : "—", name];
          }}
        />
        <Bar dataKey="lower" name="Central lower than local" fill={LOWER_COLOUR} isAnimationActive={false} shape={KeepZeroBar}>
          <ErrorBar dataKey="lowerError" width={4} stroke="#0f172a" strokeWidth={1} direction="y" />
        </Bar>
        <Bar dataKey="higher" name="Central higher than local" fill={HIGHER_COLOUR} isAnimationActive={false} shape={KeepZeroBar}>
          <ErrorBar dataKey="higherError" width={4} stroke="#0f172a" strokeWidth={1} direction="y" />
        </Bar>
      </BarChart>
      )}
    </ChartFrame>
  );
}
