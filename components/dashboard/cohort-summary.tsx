import { COHORT_COLOUR_VARIABLES, COHORT_LABELS } from "@/lib/analytics/cohorts";
import { formatPercent } from "@/lib/analytics/format";
import type { OverviewView } from "@/lib/analytics/present-overview";
import { formatShownCount } from "@/lib/analytics/small-cells";

/** The headline numbers: patients in scope and per cohort, as n and %. */
export function CohortSummary({ view }: { view: OverviewView }) {
  const threshold = view.smallCellThreshold;
  return (
    <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="cohort-summary">
      <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
        <dt className="text-xs font-medium text-slate-600">All patients</dt>
        <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="count-total">
          {formatShownCount(view.total, threshold)}
        </dd>
      </div>
      {view.cohorts.map((entry) => (
        <div
          key={entry.cohort}
          className="rounded-lg border border-slate-200 border-l-4 bg-white p-3 shadow-sm"
          style={{ borderLeftColor: `var(${COHORT_COLOUR_VARIABLES[entry.cohort]})` }}
        >
          <dt className="text-xs font-medium text-slate-600">{COHORT_LABELS[entry.cohort]}</dt>
          <dd className="mt-1 text-slate-900">
            <span className="text-2xl font-semibold tabular-nums" data-testid={`count-${entry.cohort}`}>
              {formatShownCount(entry.n, threshold)}
            </span>{" "}
            <span className="text-sm text-slate-600">{formatPercent(entry.percent)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
