"use client";

import { formatPValue } from "@/lib/analytics/format";
import { AGREEMENT_SCALES, type AgreementScale, type FleissView } from "@/lib/analytics/present-agreement";
import { formatShownCount } from "@/lib/analytics/small-cells";
import { ChartFrame } from "./chart-frame";
import { countCell } from "./chart-theme";
import { DataTable } from "./data-table";
import type { TableData } from "./table-data";

const SCALE_LABELS: Readonly<Record<AgreementScale, string>> = {
  ihc: "IHC score (null, ultralow, 1+, 2+, 3+)",
  decision: "Three decisions (HER2-0, low, positive)",
  zero: "IHC 0 vs ≥1+",
};

/** Fleiss' kappa over the specimens read three times with one assay, on each scale. */
export function FleissKappaTable({ views, threshold }: { views: Record<AgreementScale, FleissView>; threshold: number }) {
  const table: TableData = {
    columns: ["Scale", "Specimens", "Fleiss' κ", "SE (no agreement)", "z", "p"],
    rows: AGREEMENT_SCALES.map((scale) => {
      const view = views[scale];
      return [
        SCALE_LABELS[scale],
        countCell(view.specimens, threshold),
        view.kappa === null ? "—" : view.kappa.kappa.toFixed(3),
        view.kappa === null ? "—" : view.kappa.stdErr.toFixed(3),
        view.kappa === null ? "—" : view.kappa.z.toFixed(2),
        view.kappa === null ? "—" : formatPValue(view.kappa.pValue),
      ];
    }),
  };
  const specimens = views.ihc.specimens === 0 && views.decision.specimens === 0 && views.zero.specimens === 0;
  return (
    <ChartFrame
      title="Fleiss' kappa: specimens read three times"
      testId="chart-fleiss"
      kind="table"
      description={
        <>
          Specimens read by three or more readers with the same assay (the local report, central review and a research re-read): Fleiss&apos; κ over their
          first three reads, with its standard error under no agreement, z and two-sided p (as irr::kappam.fleiss). Specimens:{" "}
          {formatShownCount(views.zero.specimens, threshold)}.
        </>
      }
      table={table}
      empty={specimens ? "No specimen matching the filters was read three times with one assay." : null}
    >
      <DataTable caption="Fleiss' kappa by scale" table={table} />
    </ChartFrame>
  );
}
