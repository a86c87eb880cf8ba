// Every aggregate query of the dashboards, called exactly as the pages call them (the acting
// investigator, the filters parsed from the URL by the same schema), with the tables each one
// reads: its floor is a sequential scan of the largest of them.
import type { SessionUser } from "../../lib/auth/roles";
import { countAccrualByYear } from "../../lib/analytics/accrual";
import { countHer2Calls } from "../../lib/analytics/calling-rates";
import { aggregateInvasiveDiseaseRecords, countPathologicResponses } from "../../lib/analytics/early-disease-records";
import { countCohortsByDiagnosisYear } from "../../lib/analytics/cohort-composition-by-year";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { listFilterOptions } from "../../lib/analytics/filter-options";
import { parseDashboardFilters, type DashboardFilters, type SearchParamsRecord } from "../../lib/analytics/filters";
import { countHer2Transitions } from "../../lib/analytics/her2-transitions";
import { countQuantitativeHer2 } from "../../lib/analytics/quantitative-her2";
import { countBlockReads } from "../../lib/analytics/reads-of-blocks";
import { countResponsesByRegimen } from "../../lib/analytics/response-rates";
import { comparisonOptionsOf, loadRegimenComparison } from "../../lib/analytics/regimen-comparison-off-thread";
import { queryComparisonRows } from "../../lib/analytics/regimen-comparison-rows";
import { queryCohortForestCells } from "../../lib/analytics/cohort-forest-rows";
import { loadCohortForest } from "../../lib/analytics/load-cohort-forest";
import { countCohortsBySite } from "../../lib/analytics/site-breakdown";
import { aggregateSurvivalRecords } from "../../lib/analytics/survival-records";
import { queryTableOneCells } from "../../lib/analytics/table-one";
import { countTreatmentUptake } from "../../lib/analytics/treatment-uptake";
import type { LoadedTable } from "./copy-cohort";

export type Variant = { key: string; label: string; search: SearchParamsRecord };

/** Default filters, and a typical filtered view: HR-positive, two sites, six diagnosis years. */
export const VARIANTS: readonly Variant[] = [
  { key: "all", label: "no filter", search: {} },
  { key: "filtered", label: "HR+, sites 01-02, 2018-2023", search: { hr: "POSITIVE", site: "01,02", from: "2018", to: "2023" } },
];

export type DashboardQuery = {
  tab: "Layout" | "Overview" | "Characteristics" | "Outcomes" | "Evolution" | "Agreement";
  name: string;
  /** Tables the query reads (besides the few rows of `sites`). */
  tables: readonly LoadedTable[];
  /** URL parameters this query adds to the variant's (the Outcomes endpoint). */
  extra?: SearchParamsRecord;
  run: (user: SessionUser, filters: DashboardFilters) => Promise<unknown>;
};

export const DASHBOARD_QUERIES: readonly DashboardQuery[] = [
  { tab: "Layout", name: "listFilterOptions (years)", tables: ["patients"], run: (user) => listFilterOptions(user) },
  { tab: "Overview", name: "countPatientsByCohort", tables: ["patients"], run: countPatientsByCohort },
  { tab: "Overview", name: "countCohortsByDiagnosisYear", tables: ["patients"], run: countCohortsByDiagnosisYear },
  { tab: "Overview", name: "countAccrualByYear", tables: ["patients"], run: countAccrualByYear },
  { tab: "Overview", name: "countCohortsBySite", tables: ["patients"], run: countCohortsBySite },
  { tab: "Characteristics", name: "Table 1 (queryTableOneCells)", tables: ["patients"], run: queryTableOneCells },
  { tab: "Outcomes", name: "aggregateSurvivalRecords, OS", tables: ["patients"], extra: { endpoint: "os" }, run: aggregateSurvivalRecords },
  {
    tab: "Outcomes",
    name: "aggregateSurvivalRecords, PFS on T-DXd",
    tables: ["patients", "treatment_lines"],
    extra: { endpoint: "pfs", regimen: "T_DXD" },
    run: aggregateSurvivalRecords,
  },
  { tab: "Outcomes", name: "countResponsesByRegimen (T-DXd)", tables: ["patients", "treatment_lines"], run: countResponsesByRegimen },
  { tab: "Outcomes", name: "countTreatmentUptake", tables: ["patients"], run: countTreatmentUptake },
  {
    tab: "Outcomes",
    name: "queryComparisonRows, T-DXd vs chemotherapy (HER2-low, lines 2+)",
    tables: ["patients", "treatment_lines"],
    extra: { view: "regimens" },
    run: queryComparisonRows,
  },
  {
    // The counted cells and everything computed from them, as the tab does: KM, Cox, RMST here,
    // and in the statistics workers the adjusted model with every covariate and the forest plot's
    // 6 subgroups × (per-level Cox + interaction LR test).
    tab: "Outcomes",
    name: "regimen comparison with adjusted Cox and forest plot",
    tables: ["patients", "treatment_lines"],
    extra: { view: "regimens", adjust: "age,hr,line,cdk46" },
    run: async (user, filters) => {
      const view = await loadRegimenComparison(user, filters, comparisonOptionsOf(filters, 12, 10));
      // A model that ran out of STATS_TIME_BUDGET_MS would make this time look good: refuse it.
      const late = [view.pfs.adjusted, view.os.adjusted, ...view.forest.groups.map((group) => group.interaction)].find((outcome) => outcome !== null && !outcome.ok && outcome.notComputedInTime);
      if (late && !late.ok) throw new Error(`the comparison's Cox models were not computed in time: ${late.reason}`);
      return view;
    },
  },
  // The early-disease view (view=early): pCR by cohort and the iDFS and DRFS survival records, run
  // in parallel by the tab. The benchmark's cohort has no recurrence_events rows (not loaded), so
  // iDFS and DRFS events are the deaths only: the same plan, with a small table joined.
  { tab: "Outcomes", name: "countPathologicResponses (early view, pCR)", tables: ["patients"], extra: { view: "early" }, run: countPathologicResponses },
  {
    tab: "Outcomes",
    name: "aggregateInvasiveDiseaseRecords, iDFS (early view)",
    tables: ["patients"],
    extra: { view: "early" },
    run: (user, filters) => aggregateInvasiveDiseaseRecords(user, filters, "idfs"),
  },
  {
    tab: "Outcomes",
    name: "aggregateInvasiveDiseaseRecords, DRFS (early view)",
    tables: ["patients"],
    extra: { view: "early" },
    run: (user, filters) => aggregateInvasiveDiseaseRecords(user, filters, "drfs"),
  },
  // The cohort view's forest plot (HER2-low vs HER2-0): its grouped cells (in columns, as the page
  // reads them), then everything from them (per-level Cox on the request thread, 5-6 interaction
  // tests in the worker pool within STATS_TIME_BUDGET_MS, which caps this time).
  { tab: "Outcomes", name: "queryCohortForestCells, OS (HER2-low vs HER2-0)", tables: ["patients"], extra: { endpoint: "os" }, run: queryCohortForestCells },
  {
    tab: "Outcomes",
    name: "queryCohortForestCells, PFS on T-DXd (HER2-low vs HER2-0)",
    tables: ["patients", "treatment_lines"],
    extra: { endpoint: "pfs", regimen: "T_DXD" },
    run: queryCohortForestCells,
  },
  {
    tab: "Outcomes",
    name: "cohort forest with interaction tests, PFS on T-DXd (HER2-low vs HER2-0)",
    tables: ["patients", "treatment_lines"],
    extra: { endpoint: "pfs", regimen: "T_DXD" },
    run: (user, filters) => loadCohortForest(user, filters),
  },
  { tab: "Evolution", name: "countHer2Transitions", tables: ["patients"], run: countHer2Transitions },
  { tab: "Evolution", name: "countHer2Calls", tables: ["patients"], run: countHer2Calls },
  // Three GROUP BYs over the labelled reads (reader pairs and triples, local vs central, assay vs assay), run in parallel.
  { tab: "Agreement", name: "countBlockReads", tables: ["patients", "her2_tests"], run: countBlockReads },
  { tab: "Agreement", name: "countQuantitativeHer2 (mRNA)", tables: ["patients", "her2_tests"], run: countQuantitativeHer2 },
];

export function filtersFor(variant: Variant, query: DashboardQuery): DashboardFilters {
  return parseDashboardFilters({ ...variant.search, ...query.extra });
}

/** The dashboard tabs timed over HTTP, as an investigator opens them. */
export const TABS: readonly { name: string; path: string }[] = [
  { name: "Overview", path: "/dashboard" },
  { name: "Characteristics", path: "/dashboard/characteristics" },
  { name: "Outcomes, OS", path: "/dashboard/outcomes" },
  { name: "Outcomes, PFS on T-DXd", path: "/dashboard/outcomes?endpoint=pfs&regimen=T_DXD" },
  { name: "Outcomes, T-DXd vs chemotherapy (adjusted, forest)", path: "/dashboard/outcomes?view=regimens&adjust=age,hr,line,cdk46" },
  { name: "Outcomes, OS landmark 12 months", path: "/dashboard/outcomes?landmark=12" },
  { name: "Outcomes, early disease (pCR, iDFS, DRFS)", path: "/dashboard/outcomes?view=early" },
  { name: "Evolution", path: "/dashboard/evolution" },
  { name: "Agreement", path: "/dashboard/agreement" },
];
