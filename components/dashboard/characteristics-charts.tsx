import { CategoryByCohortChart } from "@/components/charts/category-by-cohort-chart";
import { DistributionChart } from "@/components/charts/distribution-chart";
import type { ContinuousRowView, TableOneView } from "@/lib/analytics/present-table-one";
import type { CategoricalVariableKey } from "@/lib/analytics/table-one-variables";

const CHARTED: { key: CategoricalVariableKey; description: string }[] = [
  { key: "hr", description: "Hormone-receptor status (ER or PR ≥ 1 %) in each cohort. HER2-low disease is more often HR-positive than HER2-0." },
  { key: "erLow", description: "ER-low tumours (ER 1-10 %) behave more like HR-negative disease." },
  { key: "grade", description: "Histologic grade in each cohort." },
  { key: "stage", description: "AJCC stage group at diagnosis in each cohort." },
  { key: "histology", description: "Histologic type in each cohort." },
];

/** The charts of issue 7 §3: HR status, ER-low, grade, stage, histology, age and Ki-67 by cohort. */
export function CharacteristicsCharts({ view }: { view: TableOneView }) {
  const cohorts = view.presentCohorts;
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      {CHARTED.map(({ key, description }) => {
        const row = view.rows.find((candidate) => candidate.kind === "categorical" && candidate.key === key);
        return row && row.kind === "categorical" ? (
          <CategoryByCohortChart key={key} row={row} cohorts={cohorts} threshold={view.smallCellThreshold} description={description} />
        ) : null;
      })}
      {view.distributions.map((distribution) => (
        <DistributionChart
          key={distribution.key}
          distribution={distribution}
          row={view.rows.find((row): row is ContinuousRowView => row.kind === "continuous" && row.key === distribution.key)}
          cohorts={cohorts}
          threshold={view.smallCellThreshold}
        />
      ))}
    </div>
  );
}
