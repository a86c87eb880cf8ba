import { AgreementMatrix } from "@/components/charts/agreement-matrix";
import { CentralReviewChart } from "@/components/charts/central-review-chart";
import { CutOffRocChart } from "@/components/charts/cut-off-roc-chart";
import { FleissKappaTable } from "@/components/charts/fleiss-kappa-table";
import { MeasureByScoreChart } from "@/components/charts/measure-by-score-chart";
import { QuantitativeOptions } from "@/components/dashboard/quantitative-options";
import { NoPatients } from "@/components/dashboard/no-patients";
import type { SearchParamsRecord } from "@/lib/analytics/filters";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadAgreement } from "@/lib/analytics/load-agreement";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: reader and assay agreement" };

export default async function DashboardAgreementPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  const view = await loadAgreement(user, filters);
  if (view.patients === 0) return <NoPatients resetHref="/dashboard/agreement" />;
  const threshold = view.smallCellThreshold;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Reads of one specimen are the tests of one patient with the same block label (a central review, a research re-read, a second stain). Each figure compares
        the calls made on the same tissue, so the cohort rule and scheme do not change them; the other filters do. IHC 0 against 1+ is the least reproducible
        call in breast pathology, and the one that decides trastuzumab deruxtecan.
      </p>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <AgreementMatrix
          views={view.readers}
          title="Reader agreement on the same slide"
          rowLabel="First read"
          columnLabel="Second read"
          description="Specimens read twice or more with the same assay: the first read (the local report where there is one, then central review, then research re-reads) against the second."
          threshold={threshold}
          testId="chart-reader-agreement"
          emptyMessage="No specimen matching the filters was read twice with the same assay."
        />
        <AgreementMatrix
          views={view.localCentral.table}
          title="Local report against central review"
          rowLabel="Local"
          columnLabel="Central"
          description="Specimens with a local and a central read (any assay): the site's call against central review's."
          threshold={threshold}
          testId="chart-local-central"
          emptyMessage="No specimen matching the filters was read both locally and centrally."
        />
        <CentralReviewChart sites={view.localCentral.sites} all={view.localCentral.all} threshold={threshold} />
        <AgreementMatrix
          views={view.assays}
          title="VENTANA 4B5 against HercepTest"
          rowLabel="VENTANA 4B5"
          columnLabel="HercepTest"
          description="Specimens stained with both assays: each assay's first read (local before central before re-read). Tests with another assay are not compared."
          threshold={threshold}
          testId="chart-assay-agreement"
          emptyMessage="No specimen matching the filters was stained with both assays."
        />
        <FleissKappaTable views={view.fleiss} threshold={threshold} />
      </div>
      <h2 className="pt-2 text-lg font-semibold text-slate-900">Quantitative HER2 against the IHC call</h2>
      <p className="text-sm text-slate-600">
        ERBB2 mRNA and digital image analysis, where a read has them, set against that read&apos;s IHC score: how far the measure separates IHC 0 from 1+ or more.
      </p>
      <QuantitativeOptions />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <MeasureByScoreChart view={view.quantitative} threshold={threshold} />
        <CutOffRocChart view={view.quantitative} threshold={threshold} />
      </div>
    </div>
  );
}
