"use client";

import { COHORT_COLOUR_VARIABLES, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { formatMedianWithInterval, formatPValue, formatPValueInText, formatRatio } from "@/lib/analytics/format";
import type { ForChart, RestrictedMeans, SurvivalAnalysis } from "@/lib/analytics/survival-analysis";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { countCell } from "./chart-theme";
import { ScrollRegion } from "@/components/scroll-region";

/**
 * The numbers beside the curves: n, events and median (95 % CI) per cohort, Cox hazard ratios
 * against the reference cohort (Efron ties, Wald CI and p, as coxph) and the log-rank test.
 */
export function SurvivalSummary({ analysis, title, threshold }: { analysis: ForChart<SurvivalAnalysis>; title: string; threshold: number }) {
  const cox = analysis.cox;
  const hazardOf = (cohort: string) => (cox.ok ? cox.terms.find((term) => term.cohort === cohort) : undefined);
  const rows = analysis.groups.map((group) => {
    const term = hazardOf(group.cohort);
    const isReference = cox.ok && cox.reference === group.cohort;
    return {
      group,
      hazard: isReference ? "1 (reference)" : term ? `${formatRatio(term.hazardRatio)} (${formatRatio(term.lower)}-${formatRatio(term.upper)})` : "—",
      p: isReference || !term ? "" : formatPValue(term.pValue),
    };
  });
  const logRank = analysis.logRank;
  return (
    <ChartFrame
      kind="table"
      title={`${title}: medians and hazard ratios`}
      testId="survival-summary"
      description="Median survival in months with its 95 % confidence interval (NR: not reached), the hazard ratio of each cohort against the reference cohort from a Cox model, and the log-rank test across the HER2 cohorts."
      table={{
        columns: [
          "Cohort",
          "Patients",
          "Events",
          "Median months",
          "Median lower 95%",
          "Median upper 95%",
          "Hazard ratio",
          "HR lower 95%",
          "HR upper 95%",
          "HR p (Wald)",
          "RMST months",
          "RMST SE",
          "RMST difference vs reference",
          "RMST difference lower 95%",
          "RMST difference upper 95%",
        ],
        rows: analysis.groups.map((group) => {
          const term = hazardOf(group.cohort);
          const isReference = cox.ok && cox.reference === group.cohort;
          return [
            COHORT_LABELS[group.cohort],
            countCell(group.n, threshold),
            countCell(group.events, threshold),
            group.median.estimate,
            group.median.lower,
            group.median.upper,
            isReference ? 1 : (term?.hazardRatio ?? null),
            term?.lower ?? null,
            term?.upper ?? null,
            term?.pValue ?? null,
            ...restrictedMeanCells(analysis.rmst, group.cohort),
          ];
        }),
      }}
      footer={
        <div className="space-y-1">
          <p data-testid="log-rank">
            {logRank.ok
              ? `Log-rank test (${logRank.cohorts.map((cohort) => COHORT_LABELS[cohort]).join(", ")}): χ² = ${logRank.chiSquare.toFixed(2)} on ${logRank.df} df, ${formatPValueInText(logRank.pValue)}.`
              : `Log-rank test not computed: ${logRank.reason}`}
          </p>
          <p>
            {cox.ok
              ? `Cox proportional hazards model with cohort as the only covariate, reference ${COHORT_LABELS[cox.reference]}${
                  cox.reference !== cox.requestedReference ? ` (${COHORT_LABELS[cox.requestedReference]} is not in the model)` : ""
                }; Efron ties, Wald 95 % CI and p.${cox.note ? ` ${cox.note}` : ""}`
              : `Hazard ratios not computed: ${cox.reason}`}
          </p>
          <p data-testid="rmst">
            {analysis.rmst.ok
              ? `Restricted mean survival time up to ${analysis.rmst.tauMonths} months (months, SE): ${analysis.rmst.groups
                  .map((group) => `${COHORT_LABELS[group.cohort]} ${group.rmean.toFixed(1)} (${group.stdErr.toFixed(2)})`)
                  .join("; ")}.${
                  analysis.rmst.differences.length > 0
                    ? ` Difference against ${COHORT_LABELS[analysis.rmst.reference]}: ${analysis.rmst.differences
                        .map((entry) => `${COHORT_LABELS[entry.cohort]} ${entry.difference.toFixed(2)} (95% CI ${entry.lower.toFixed(2)} to ${entry.upper.toFixed(2)}, ${formatPValueInText(entry.pValue)})`)
                        .join("; ")}.`
                    : ""
                }`
              : `Restricted mean survival time not computed: ${analysis.rmst.reason}`}
          </p>
          {analysis.excluded > 0 ? <p>{analysis.excluded} patients left out: their follow-up ends before the line started.</p> : null}
        </div>
      }
    >
      <ScrollRegion label={`${title}: medians and hazard ratios`}>
        <table className="min-w-full text-sm">
          <caption className="sr-only">{title}: medians and hazard ratios</caption>
          <thead>
            <tr className="border-b-2 border-slate-300 text-left">
              <th scope="col" className="py-1.5 pr-3 font-semibold">Cohort</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">N</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">Events</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">Median, months (95% CI)</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">HR (95% CI)</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">p</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ group, hazard, p }) => (
              <tr key={group.cohort} className="border-b border-slate-100" data-testid={`survival-row-${group.cohort}`}>
                <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                  <span className="flex items-center gap-1.5">
                    <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: `var(${COHORT_COLOUR_VARIABLES[group.cohort]})` }} />
                    {COHORT_LABELS[group.cohort]}
                  </span>
                </th>
                <td className="px-2 py-1.5 text-right tabular-nums" data-testid={`survival-n-${group.cohort}`}>
                  {formatShownCount(group.n, threshold)}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(group.events, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{group.hidden ? "—" : formatMedianWithInterval(group.median)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{hazard}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{p}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </ChartFrame>
  );
}

/** The restricted-mean columns of one cohort's CSV row (empty when not computed). */
function restrictedMeanCells(rmst: RestrictedMeans, cohort: string): (number | null)[] {
  if (!rmst.ok) return [null, null, null, null, null];
  const mean = rmst.groups.find((group) => group.cohort === cohort);
  const difference = rmst.differences.find((entry) => entry.cohort === cohort);
  const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 1000) / 1000);
  return [round(mean?.rmean), round(mean?.stdErr), round(difference?.difference), round(difference?.lower), round(difference?.upper)];
}
