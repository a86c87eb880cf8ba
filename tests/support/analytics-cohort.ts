// A small seeded cohort for the analytics integration tests, and plain re-implementations of the
// dashboard definitions over rows read with Prisma's findMany. The brute force lives here, in the
// tests only: the application never loads rows to count them.
import { getDb } from "../../lib/db/client";
import { generateCohort } from "../../lib/demo/generate-cohort";
import type { DemoSite } from "../../lib/demo/demo-sites";
import { insertCaseBatch, syncCohortSequences } from "../../lib/demo/load-cohort";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import type { SessionUser } from "../../lib/auth/roles";
import { cohortInScheme, type CohortKey, type CohortScheme } from "../../lib/analytics/cohorts";
import type { DashboardFilters } from "../../lib/analytics/filters";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import type { CohortRule } from "../../lib/her2/cohort";
import { createFixture, type Fixture } from "./fixtures";

export type Rows = Awaited<ReturnType<typeof readRows>>;
export type PatientRow = Rows["patients"][number];

/**
 * 400 synthetic patients over the fixture's two sites (site A scores IHC 0 as 1+ more often and
 * uses HercepTest more), plus the awkward cases the SQL must handle: soft-deleted patients, tests
 * and lines, and patients with no evaluable test (unclassified under every rule).
 */
export async function seedAnalyticsCohort(options: { patients?: number; seed?: number } = {}): Promise<Fixture> {
  const fixture = await createFixture("an");
  const db = await getDb();
  const sites: DemoSite[] = [
    { code: fixture.siteA.code, name: "Site A", weight: 0.55, ihcOneBias: 0.3, hercepTestShare: 0.4 },
    { code: fixture.siteB.code, name: "Site B", weight: 0.45, ihcOneBias: 0, hercepTestShare: 0.1 },
  ];
  const cases = [...generateCohort({ patients: options.patients ?? 400, seed: options.seed ?? 11, sites })];
  const siteIds = new Map([
    [fixture.siteA.code, fixture.siteA.id],
    [fixture.siteB.code, fixture.siteB.id],
  ]);
  await insertCaseBatch(db, cases, siteIds, { nextPatientId: 1, nextTestId: 1, nextLineId: 1 });
  await syncCohortSequences(db);

  // Unclassified: every test of these patients becomes not evaluable, with the derived columns
  // as the case-writing layer would leave them.
  await db.$executeRawUnsafe(`UPDATE her2_tests SET category = 'INDETERMINATE', ihc_score = NULL, ish_ratio = NULL, ish_copies = NULL WHERE patient_id IN (5, 17, 29, 41, 53, 65, 77)`);
  await db.$executeRawUnsafe(
    `UPDATE patients SET cohort_latest = NULL, cohort_primary = NULL, cohort_highest = NULL, her2_first_category = NULL,
            her2_last_category = NULL, her2_metastatic_category = NULL, evaluable_test_count = 0
      WHERE id IN (5, 17, 29, 41, 53, 65, 77)`,
  );
  // Soft-deleted rows are not data (docs/data-dictionary.md §11.6).
  await db.$executeRawUnsafe(`UPDATE patients SET deleted_at = now() WHERE id % 37 = 0`);
  await db.$executeRawUnsafe(`UPDATE her2_tests SET deleted_at = now() WHERE id % 23 = 0`);
  await db.$executeRawUnsafe(`UPDATE treatment_lines SET deleted_at = now() WHERE id % 19 = 0`);
  // The test-derived columns as the case-writing layer would leave them after those edits (the
  // negative-call counts of the calling rates are read from them).
  await reclassifyCases(db);
  return fixture;
}

export async function readRows() {
  const db = await getDb();
  const [patients, tests, lines, sites] = await Promise.all([
    db.patient.findMany({ orderBy: { id: "asc" } }),
    db.her2Test.findMany({ orderBy: { id: "asc" } }),
    db.treatmentLine.findMany({ orderBy: { id: "asc" } }),
    db.site.findMany({ orderBy: { code: "asc" } }),
  ]);
  return { patients, tests, lines, sites };
}

/** The patients `user` may see that match `filters`, by the plain reading of each definition. */
export function selectPatients(rows: Rows, user: SessionUser, filters: DashboardFilters): PatientRow[] {
  const siteCodes = new Map(rows.sites.map((site) => [site.id, site.code]));
  return rows.patients.filter((patient) => {
    if (patient.deletedAt !== null) return false;
    if (user.role === "COORDINATOR" && patient.siteId !== user.siteId) return false;
    if (user.role !== "COORDINATOR" && filters.sites.length > 0 && !filters.sites.includes(siteCodes.get(patient.siteId) ?? "")) return false;
    if (filters.yearFrom !== undefined && patient.diagnosisYear < filters.yearFrom) return false;
    if (filters.yearTo !== undefined && patient.diagnosisYear > filters.yearTo) return false;
    if (filters.hr.length > 0 && !filters.hr.includes(patient.hrStatus ?? "UNKNOWN")) return false;
    if (filters.stage.length > 0 && !filters.stage.includes(patient.stageGroup ?? "UNKNOWN")) return false;
    if (filters.setting.length > 0 && !filters.setting.includes(patient.diseaseSetting)) return false;
    return true;
  });
}

export function cohortOf(patient: PatientRow, rule: CohortRule, scheme: CohortScheme = "4"): CohortKey {
  const category = rule === "latest" ? patient.cohortLatest : rule === "primary" ? patient.cohortPrimary : patient.cohortHighest;
  if (category === null) return "UNCLASSIFIED";
  if (category === "EQUIVOCAL" || category === "INDETERMINATE") throw new Error(`Patient ${patient.id} has a non-evaluable cohort`);
  return cohortInScheme(category, scheme);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The scenarios every aggregate is checked under: users of each scope and filter combinations. */
export function buildScenarios(fixture: Fixture): { name: string; user: SessionUser; filters: DashboardFilters }[] {
  const all = parseDashboardFilters({});
  return [
    { name: "investigator, no filter", user: fixture.investigator, filters: all },
    { name: "admin, latest rule", user: fixture.admin, filters: parseDashboardFilters({ rule: "latest" }) },
    { name: "investigator, 3 groups (HER2-0 = null + ultralow + not specified)", user: fixture.investigator, filters: parseDashboardFilters({ scheme: "3" }) },
    { name: "coordinator of site A, highest rule", user: fixture.coordinatorA, filters: parseDashboardFilters({ rule: "highest" }) },
    {
      name: "investigator, site B, 2016-2023, HR-positive or unknown, stage II/III or unknown",
      user: fixture.investigator,
      filters: parseDashboardFilters({ site: fixture.siteB.code, from: "2016", to: "2023", hr: "POSITIVE,UNKNOWN", stage: "STAGE_II,STAGE_III,UNKNOWN" }),
    },
    {
      name: "investigator, metastatic settings, HR-negative, highest rule",
      user: fixture.investigator,
      filters: parseDashboardFilters({ setting: "DE_NOVO_METASTATIC,RECURRENT_METASTATIC", hr: "NEGATIVE", rule: "highest" }),
    },
    {
      name: "coordinator of site B with a link filtered to site A (the site filter does not apply to coordinators)",
      user: fixture.coordinatorB,
      filters: parseDashboardFilters({ site: fixture.siteA.code }),
    },
  ];
}

/** R's default quantile (type 7): linear interpolation between order statistics. */
export function quantileType7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const lower = sorted[low] ?? Number.NaN;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] ?? Number.NaN;
  return lower + (h - low) * (upper - lower);
}
