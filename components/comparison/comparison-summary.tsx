"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { countCell } from "@/components/charts/chart-theme";
import { ScrollRegion } from "@/components/scroll-region";
import { formatMedianWithInterval, formatPValue, formatPValueInText, formatRatio } from "@/lib/analytics/format";
import type { DrawnComparisonView } from "@/lib/analytics/load-outcomes";
import type { ComparisonEndpoint, RegimenComparisonView, ShownRate } from "@/lib/analytics/regimen-comparison";
import type { ForChart } from "@/lib/analytics/survival-analysis";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";

const months = (value: number) => value.toFixed(1);
const percent = (rate: ShownRate) => (rate === null ? "—" : `${(rate.rate * 100).toFixed(1)}% (${(rate.lower * 100).toFixed(1)}-${(rate.upper * 100).toFixed(1)})`);
const round = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);

function endpointRows(name: string, endpoint: ForChart<ComparisonEndpoint>, view: DrawnComparisonView, threshold: number) {
  return endpoint.groups.map((group) => {
    const isA = group.cohort === view.armA;
    const hr = endpoint.hazardRatio;
    const rmst = endpoint.rmst.ok ? endpoint.rmst.arms.find((arm) => arm.arm === group.cohort) : undefined;
    return [
      name,
      REGIMEN_CLASS_LABELS[group.cohort],
      countCell(group.n, threshold),
      countCell(group.events, threshold),
      round(group.median.estimate, 2),
      round(group.median.lower, 2),
      round(group.median.upper, 2),
      isA && hr.ok ? round(hr.hazardRatio) : isA ? null : 1,
      isA && hr.ok ? round(hr.lower) : null,
      isA && hr.ok ? round(hr.upper) : null,
      isA && hr.ok ? hr.pValue : null,
      round(rmst?.rmean, 2),
      round(rmst?.stdErr, 2),
    ];
  });
}

function EndpointTable({ name, endpoint, view, threshold }: { name: string; endpoint: ForChart<ComparisonEndpoint>; view: DrawnComparisonView; threshold: number }) {
  const hr = endpoint.hazardRatio;
  const rmst = endpoint.rmst;
  return (
    <ScrollRegion label={`${name === "PFS" ? "Progression-free survival" : "Overall survival"} by arm`} testId={`comparison-${name === "PFS" ? "pfs" : "os"}`}>
      <table className="min-w-full text-sm">
        <caption className="py-1 text-left font-semibold text-slate-800">{name === "PFS" ? "Progression-free survival" : "Overall survival"} from the line&apos;s start</caption>
        <thead>
          <tr className="border-b-2 border-slate-300 text-left">
            <th scope="col" className="py-1.5 pr-3 font-semibold">Arm</th>
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">N</th>
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">Events</th>
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">Median, months (95% CI)</th>
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">RMST, months (SE)</th>
          </tr>
        </thead>
        <tbody>
          {endpoint.groups.map((group) => {
            const mean = rmst.ok ? rmst.arms.find((arm) => arm.arm === group.cohort) : undefined;
            return (
              <tr key={group.cohort} className="border-b border-slate-100">
                <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                  {REGIMEN_CLASS_LABELS[group.cohort]} ({group.cohort === view.armA ? "A" : "B"})
                </th>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(group.n, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(group.events, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{group.hidden ? "—" : formatMedianWithInterval(group.median)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{mean ? `${months(mean.rmean)} (${months(mean.stdErr)})` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="mt-2 space-y-0.5 text-sm text-slate-700">
        <li data-testid={`comparison-hr-${name === "PFS" ? "pfs" : "os"}`}>
          {hr.ok
            ? `Hazard ratio A vs B: ${formatRatio(hr.hazardRatio)} (95% CI ${formatRatio(hr.lower)}-${formatRatio(hr.upper)}), ${formatPValueInText(hr.pValue)} (Cox, Efron ties, Wald).`
            : `Hazard ratio not computed: ${hr.reason}`}
        </li>
        <li>{endpoint.logRank.ok ? `Log-rank test: χ² = ${endpoint.logRank.chiSquare.toFixed(2)} on ${endpoint.logRank.df} df, ${formatPValueInText(endpoint.logRank.pValue)}.` : `Log-rank test not computed: ${endpoint.logRank.reason}`}</li>
        <li>
          {rmst.ok
            ? `Restricted mean up to ${rmst.tauMonths} months, A − B: ${rmst.difference.toFixed(2)} months (95% CI ${rmst.lower.toFixed(2)} to ${rmst.upper.toFixed(2)}), ${formatPValueInText(rmst.pValue)}.`
            : `Restricted mean not computed: ${rmst.reason}`}
        </li>
      </ul>
      {endpoint.adjusted ? (
        endpoint.adjusted.ok ? (
          <table className="mt-3 min-w-full text-sm" data-testid={`comparison-adjusted-${name === "PFS" ? "pfs" : "os"}`}>
            <caption className="py-1 text-left text-slate-800">
              Multivariable Cox model ({endpoint.adjusted.patients} patients, {endpoint.adjusted.events} events)
              {endpoint.adjusted.dropped.length > 0 ? `; not estimable (no variation): ${endpoint.adjusted.dropped.join(", ")}` : ""}
            </caption>
            <thead>
              <tr className="border-b-2 border-slate-300 text-left">
                <th scope="col" className="py-1.5 pr-3 font-semibold">Term</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">HR (95% CI)</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">p</th>
              </tr>
            </thead>
            <tbody>
              {endpoint.adjusted.terms.map((term) => (
                <tr key={term.name} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {term.name.startsWith("Arm:") ? `Arm A (${REGIMEN_CLASS_LABELS[view.armA]}) vs B` : term.name}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">{`${formatRatio(term.hazardRatio)} (${formatRatio(term.lower)}-${formatRatio(term.upper)})`}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatPValue(term.pValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="mt-2 text-sm text-slate-700" data-testid={endpoint.adjusted.notComputedInTime ? "comparison-adjusted-not-computed-in-time" : undefined}>
            {endpoint.adjusted.notComputedInTime ? `Adjusted model: ${endpoint.adjusted.reason}` : `Adjusted model not computed: ${endpoint.adjusted.reason}`}
          </p>
        )
      ) : null}
    </ScrollRegion>
  );
}

/** Both endpoints' numbers, the adjusted models and the response rates of the two arms. */
export function ComparisonSummary({ view, threshold }: { view: DrawnComparisonView; threshold: number }) {
  const responses = view.responses;
  const difference = (value: RegimenComparisonView["responses"]["objectiveResponseDifference"]) =>
    value === null ? "—" : `${(value.difference * 100).toFixed(1)} points (95% CI ${(value.lower * 100).toFixed(1)} to ${(value.upper * 100).toFixed(1)})`;
  return (
    <ChartFrame
      kind="table"
      title="Regimen comparison: hazard ratios, restricted means and response"
      testId="comparison-summary"
      description="Arm A against arm B (the reference): Kaplan-Meier medians, the Cox hazard ratio, the log-rank test and the restricted mean survival time of each arm with their difference; then best overall response (RECIST 1.1) with exact (Clopper-Pearson) 95 % intervals and the difference of the rates (Newcombe hybrid score interval)."
      table={{
        columns: ["Endpoint", "Arm", "Patients", "Events", "Median months", "Median lower 95%", "Median upper 95%", "HR vs B", "HR lower 95%", "HR upper 95%", "HR p", "RMST months", "RMST SE"],
        rows: [...endpointRows("PFS", view.pfs, view, threshold), ...endpointRows("OS", view.os, view, threshold)],
      }}
    >
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <EndpointTable name="PFS" endpoint={view.pfs} view={view} threshold={threshold} />
        <EndpointTable name="OS" endpoint={view.os} view={view} threshold={threshold} />
      </div>
      <ScrollRegion label="Best overall response by arm" className="mt-6" testId="comparison-responses">
        <table className="min-w-full text-sm">
          <caption className="py-1 text-left font-semibold text-slate-800">Best overall response</caption>
          <thead>
            <tr className="border-b-2 border-slate-300 text-left">
              <th scope="col" className="py-1.5 pr-3 font-semibold">Arm</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">Treated</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">Assessed</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">Non-measurable (excluded)</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">ORR (95% CI)</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">DCR (95% CI)</th>
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">CBR (95% CI)</th>
            </tr>
          </thead>
          <tbody>
            {responses.arms.map((arm) => (
              <tr key={arm.arm} className="border-b border-slate-100">
                <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                  {REGIMEN_CLASS_LABELS[arm.arm]} ({arm.arm === view.armA ? "A" : "B"})
                </th>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(arm.treated, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(arm.assessed, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatShownCount(arm.nonMeasurable, threshold)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{percent(arm.objectiveResponse)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{percent(arm.diseaseControl)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{percent(arm.clinicalBenefitRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-sm text-slate-700">
          ORR difference A − B: {difference(responses.objectiveResponseDifference)}; DCR difference A − B: {difference(responses.diseaseControlDifference)}.
        </p>
      </ScrollRegion>
    </ChartFrame>
  );
}
