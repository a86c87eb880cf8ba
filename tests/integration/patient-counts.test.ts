// `patient_counts`, the dashboards' summary kept by triggers on `patients`, gives every dashboard
// query that reads it (Overview counts, Table 1, overall survival, treatment uptake, calling rates,
// HER2 transitions, the early view's iDFS and DRFS) the same answer as the same query over the patient rows, after every kind of write (the seed, case creation and edits that move a
// patient's cohort, soft deletion, the CSV import, the reclassification, raw SQL, a hard delete,
// writes of recurrence events through the case form and by SQL),
// after compaction and rebuild, for every rule and scope; and writers do not wait on each other.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth/roles";
import { countAccrualByYear } from "../../lib/analytics/accrual";
import { countHer2Calls } from "../../lib/analytics/calling-rates";
import { countCohortsByDiagnosisYear } from "../../lib/analytics/cohort-composition-by-year";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { EARLY_OUTCOME_VARIABLES, INVASIVE_DISEASE_ENDPOINTS, aggregateInvasiveDiseaseRecords } from "../../lib/analytics/early-disease-records";
import { EARLY_ORIGINS, MIN_DIAGNOSIS_YEAR, parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { countHer2Transitions, type TransitionCell } from "../../lib/analytics/her2-transitions";
import { LINE_START_VARIABLE, OS_VARIABLES, READ_PAIR_VARIABLE, YEAR_VARIABLE, patientCountsLevel, queryPatientCounts, readPatientCounts } from "../../lib/analytics/patient-counts";
import { compactPatientCounts, rebuildPatientCounts } from "../../lib/db/patient-counts-upkeep";
import { countCohortsBySite } from "../../lib/analytics/site-breakdown";
import { aggregateSurvivalRecords } from "../../lib/analytics/survival-records";
import { countTreatmentUptake } from "../../lib/analytics/treatment-uptake";
import { countBlockReads } from "../../lib/analytics/reads-of-blocks";
import { TABLE_ONE_SOURCE_VARIABLES, queryTableOneCells, type TableOneCountRow } from "../../lib/analytics/table-one";
import { createCase } from "../../lib/cases/create-case";
import { deleteCase } from "../../lib/cases/delete-case";
import { getCase } from "../../lib/cases/get-case";
import { importCases } from "../../lib/cases/import-cases";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import { updateCase } from "../../lib/cases/update-case";
import { getDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/demo/seed-demo";
import { COHORT_RULES } from "../../lib/her2/cohort";
import { parseCase, rawCase, updateFrom } from "../support/case-inputs";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles } from "../support/synthetic-import";

let fx: Fixture;

beforeAll(async () => {
  const db = await getDb();
  await seedDemo(db, { patients: 300, seed: 8, sites: 4, password: "integration-Pass-1", batchSize: 70 });
  fx = await createFixture("t1");
});

function sortedCells(rows: readonly TableOneCountRow[]): string[] {
  return rows.map((row) => `${row.cohort}|${row.variable}|${row.value ?? "∅"}|${row.n}`).sort();
}

function sortedTransitions(cells: readonly TransitionCell[]): string[] {
  return cells.map((cell) => `${cell.from}>${cell.to}:${cell.n}`).sort();
}

/** Each query the summary answers, its result in a comparable form. */
const SUMMARISED: Record<string, (user: SessionUser, filters: DashboardFilters) => Promise<unknown>> = {
  countPatientsByCohort,
  countCohortsByDiagnosisYear,
  countAccrualByYear,
  countCohortsBySite,
  "Table 1": async (user, filters) => sortedCells(await queryTableOneCells(user, filters)),
  "OS records": aggregateSurvivalRecords,
  countHer2Calls,
  // Treatment uptake of any metastatic line and of the second (one bucket of the elements each).
  "treatment uptake, any line": countTreatmentUptake,
  "treatment uptake, line 2": (user, filters) => countTreatmentUptake(user, { ...filters, line: "2" }),
  // The Agreement tab's pairs of reads (per site: the local-central pairs by site).
  countBlockReads,
  // iDFS and DRFS from each time zero, in the 4-group scheme and in the 3-group one (HER2-0 summed from its groups).
  ...Object.fromEntries(
    INVASIVE_DISEASE_ENDPOINTS.flatMap((endpoint) =>
      EARLY_ORIGINS.flatMap((origin) =>
        (["4", "3"] as const).map((scheme) => [
          `${endpoint} records from ${origin}, ${scheme} groups`,
          (user: SessionUser, filters: DashboardFilters) => aggregateInvasiveDiseaseRecords(user, { ...filters, view: "early", origin, scheme }, endpoint),
        ]),
      ),
    ),
  ),
  "HER2 transitions": async (user, filters) => {
    const transitions = await countHer2Transitions(user, filters);
    return { firstToLast: sortedTransitions(transitions.firstToLast), primaryToMetastatic: sortedTransitions(transitions.primaryToMetastatic) };
  },
};

/**
 * Every summarised query, every rule, every scope (15 rule and scope pairs, both paths: a few seconds
 * a comparison, hence the tests' long timeouts): the answer from the summary equals the answer
 * over `patients`, which a year filter that keeps every patient (from 1950) forces.
 */
async function expectSummaryEqualsScan(): Promise<void> {
  const scopes: { name: string; user: SessionUser; sites?: string }[] = [
    { name: "investigator", user: fx.investigator },
    { name: "investigator, site A", user: fx.investigator, sites: fx.siteA.code },
    { name: "admin, sites A and B", user: fx.admin, sites: `${fx.siteA.code},${fx.siteB.code}` },
    { name: "coordinator A", user: fx.coordinatorA },
    { name: "coordinator B", user: fx.coordinatorB },
  ];
  for (const rule of COHORT_RULES) {
    for (const scope of scopes) {
      const filters = parseDashboardFilters({ rule, ...(scope.sites ? { site: scope.sites } : {}) });
      const scanned = { ...filters, yearFrom: MIN_DIAGNOSIS_YEAR };
      expect(patientCountsLevel(scope.user, filters)).not.toBeNull();
      expect(patientCountsLevel(scope.user, scanned)).toBeNull();
      for (const [name, run] of Object.entries(SUMMARISED)) {
        const [fromSummary, fromScan] = await Promise.all([run(scope.user, filters), run(scope.user, scanned)]);
        expect(fromSummary, `${name}, ${rule}, ${scope.name}`).toEqual(fromScan);
      }
    }
  }
}

/**
 * Rows stored right after a row of a later (rule, variable) in the table's physical order: the
 * compaction and the rebuild write the cells in the order the dashboards read them, so that a
 * variable's rows are on adjacent pages (the rows of no rule, last, are not compared).
 */
async function rowsOutOfReadOrder(): Promise<number> {
  const db = await getDb();
  const [row] = await db.$queryRawUnsafe<{ misplaced: number }[]>(
    `SELECT count(*)::int AS misplaced
       FROM (SELECT rule, variable, lag(rule) OVER w AS previous_rule, lag(variable) OVER w AS previous_variable
               FROM patient_counts WINDOW w AS (ORDER BY ctid)) r
      WHERE (r.previous_rule, r.previous_variable) > (r.rule, r.variable)`,
  );
  return row?.misplaced ?? -1;
}

async function summaryRowCount(): Promise<number> {
  const db = await getDb();
  const [row] = await db.$queryRawUnsafe<{ rows: number }[]>(`SELECT count(*)::int AS rows FROM patient_counts`);
  return row?.rows ?? 0;
}

describe("the dashboard summary (patient_counts)", () => {
  it("holds the seeded cohort, every variable included", async () => {
    await expectSummaryEqualsScan();
    const db = await getDb();
    const stored = await db.$queryRawUnsafe<{ variable: string }[]>(`SELECT DISTINCT variable FROM patient_counts ORDER BY 1`);
    // The variable keys of the trigger's SQL are those of the TypeScript lists.
    const keys = TABLE_ONE_SOURCE_VARIABLES.filter((variable) => variable !== YEAR_VARIABLE);
    const early = Object.values(EARLY_OUTCOME_VARIABLES).flatMap((byOrigin) => Object.values(byOrigin).flatMap(({ event, censor }) => [event, censor]));
    const others = [YEAR_VARIABLE, OS_VARIABLES.death, OS_VARIABLES.censor, LINE_START_VARIABLE, READ_PAIR_VARIABLE, "calls", "transition", ...early];
    expect(stored.map((row) => row.variable)).toEqual([...keys, ...others].sort());
    const all = parseDashboardFilters({});
    const perSite = await queryPatientCounts(fx.investigator, all, { variables: [YEAR_VARIABLE, OS_VARIABLES.death, OS_VARIABLES.censor], level: "site" });
    const registry = await queryPatientCounts(fx.investigator, all, { variables: [YEAR_VARIABLE, OS_VARIABLES.death, OS_VARIABLES.censor], level: "registry" });
    const total = (rows: typeof perSite, variables: string[]) => rows.filter((row) => variables.includes(row.variable)).reduce((sum, row) => sum + row.n, 0);
    // The diagnosis year is counted per site, overall survival for the registry only.
    expect(total(perSite, [YEAR_VARIABLE])).toBe(300);
    expect(total(perSite, [OS_VARIABLES.death, OS_VARIABLES.censor])).toBe(0);
    expect(total(registry, [YEAR_VARIABLE])).toBe(0);
    expect(total(registry, [OS_VARIABLES.death, OS_VARIABLES.censor])).toBe(300);
    expect(total(registry, [OS_VARIABLES.death])).toBeGreaterThan(0);
    // A view of some sites cannot read registry-wide counts.
    await expect(queryPatientCounts(fx.coordinatorA, all, { variables: [OS_VARIABLES.death], level: "registry" })).rejects.toThrow(/does not hold/);
  }, 120_000);

  it("follows case creation, edits that move the cohort or change characteristics, and soft deletion", async () => {
    const created = await createCase(
      fx.coordinatorA,
      parseCase({
        ...rawCase({
          patient: { grade: 2, ageAtDiagnosis: 47, ki67Percent: 30 },
          tests: [{ specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_0_NULL" }],
        }),
        // An invasive event: the early view's iDFS cells of this patient move from censored to event.
        recurrences: [{ kind: "LOCAL", day: 500 }],
      }),
    );
    await expectSummaryEqualsScan();

    let detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Re-read as 1+, grade corrected", (raw) => {
        Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_1" });
        raw.patient.grade = 3;
        raw.patient.ki67Percent = 45;
        raw.recurrences = [{ kind: "CONTRALATERAL_INVASIVE", day: 300 }];
      }),
    );
    const db = await getDb();
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ cohortLatest: "LOW", grade: 3 });
    await expectSummaryEqualsScan();

    detail = await getCase(fx.coordinatorA, created.id);
    await deleteCase(fx.coordinatorA, created.id, { version: detail.version, reason: "Entered at the wrong site" });
    await expectSummaryEqualsScan();
  }, 120_000);

  it("follows the CSV import, the reclassification, raw SQL and a hard delete", async () => {
    const files = syntheticImportFiles({ patients: 150, seed: 12, siteCode: fx.siteB.code, prefix: "TONE", ihcOneBias: 0.2, hercepTestShare: 0.4 });
    const report = await importCases(fx.coordinatorB, files, { mode: "create", dryRun: false });
    expect(report.committed).toBe(true);
    await expectSummaryEqualsScan();

    const db = await getDb();
    // Planted stale cohorts, as after a rule change: the reclassification moves the patients back.
    await db.$executeRawUnsafe(`UPDATE patients SET cohort_latest = 'POSITIVE', cohort_highest = NULL WHERE id % 6 = 0`);
    await expectSummaryEqualsScan();
    expect((await reclassifyCases(db)).patientsChanged).toBeGreaterThan(0);
    await expectSummaryEqualsScan();

    await db.$executeRawUnsafe(`UPDATE patients SET age_at_diagnosis = 90, hr_status = NULL, er_low = NULL, days_to_last_contact = days_to_last_contact + 30 WHERE id % 11 = 0`);
    await db.$executeRawUnsafe(`UPDATE patients SET vital_status = 'DEAD', days_to_death = days_to_last_contact WHERE id % 17 = 0 AND vital_status <> 'DEAD'`);
    await db.$executeRawUnsafe(`UPDATE patients SET deleted_at = now() WHERE id % 13 = 0`);
    await db.$executeRawUnsafe(`UPDATE patients SET deleted_at = NULL WHERE id % 26 = 0`);
    await expectSummaryEqualsScan();

    // Recurrence events by SQL: their triggers store the first days on the patients, whose update
    // moves the early view's cells; a surgery after the event or the last contact excludes the patient.
    await db.$executeRawUnsafe(
      `INSERT INTO recurrence_events (patient_id, kind, day) SELECT id, 'REGIONAL', days_to_last_contact / 2 FROM patients WHERE id % 5 = 0 AND disease_setting = 'EARLY'`,
    );
    await db.$executeRawUnsafe(`UPDATE recurrence_events SET kind = 'DISTANT' WHERE patient_id % 3 = 0`);
    await db.$executeRawUnsafe(`UPDATE recurrence_events SET day = day + 60 WHERE patient_id % 4 = 0`);
    await db.$executeRawUnsafe(`UPDATE patients SET days_to_surgery = days_to_last_contact + 10 WHERE id % 19 = 0 AND disease_setting = 'EARLY'`);
    await expectSummaryEqualsScan();
    await db.$executeRawUnsafe(`DELETE FROM recurrence_events WHERE patient_id % 2 = 0`);
    await expectSummaryEqualsScan();

    const [doomed] = await db.$queryRawUnsafe<{ id: number }[]>(
      `SELECT p.id FROM patients p WHERE p.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM her2_tests t WHERE t.patient_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM treatment_lines l WHERE l.patient_id = p.id) LIMIT 1`,
    );
    const id = doomed?.id ?? (await db.patient.create({ data: { studyId: "TONE-02-9999", siteId: fx.siteB.id, diagnosisYear: 2020, ageAtDiagnosis: 50, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 100 } })).id;
    await expectSummaryEqualsScan();
    await db.$executeRawUnsafe(`DELETE FROM patients WHERE id = $1`, id);
    await expectSummaryEqualsScan();
  }, 180_000);

  it("compacts to one row per cell and rebuilds to the same counts", async () => {
    const before = await summaryRowCount();
    // The deltas appended by the writes above are out of that order until the compaction.
    expect(await rowsOutOfReadOrder()).toBeGreaterThan(0);
    // What a read of every site's Table 1 counts takes for appended deltas (past 5,000 it starts a
    // compaction): the cells of one site are several rows after the writes, one row when compacted,
    // although the read sums each cell over the seed's 4 sites and the fixture's.
    const appended = async () => {
      const rows = await readPatientCounts(fx.investigator, parseDashboardFilters({}), { variables: TABLE_ONE_SOURCE_VARIABLES, level: "site" }, false);
      return rows.reduce((sum, row) => sum + row.appended, 0);
    };
    expect(await appended()).toBeGreaterThan(0);
    await compactPatientCounts(await getDb());
    expect(await appended()).toBe(0);
    const compacted = await summaryRowCount();
    expect(compacted).toBeLessThan(before);
    const db = await getDb();
    const [{ cells } = { cells: -1 }] = await db.$queryRawUnsafe<{ cells: number }[]>(
      `SELECT count(*)::int AS cells FROM (SELECT DISTINCT site_id, rule, cohort, variable, value FROM patient_counts) c`,
    );
    expect(compacted).toBe(cells);
    // Nearly all (3,900 of 22,000 rows were out of order before, 1 after, here): rows may still go to
    // free space left in earlier pages, which only a rewrite of the table (CLUSTER, which blocks
    // writers) would avoid.
    expect(await rowsOutOfReadOrder()).toBeLessThan(compacted / 100);
    await expectSummaryEqualsScan();

    // A corrupted summary is repaired by the rebuild.
    await db.$executeRawUnsafe(`UPDATE patient_counts SET n = n + 5 WHERE variable = 'grade'`);
    await expect(expectSummaryEqualsScan()).rejects.toThrow();
    await rebuildPatientCounts(await getDb());
    expect(await summaryRowCount()).toBe(compacted);
    expect(await rowsOutOfReadOrder()).toBeLessThan(compacted / 100);
    await expectSummaryEqualsScan();
  }, 120_000);
});

// Appending deltas instead of updating shared counters is what lets writers at one site work at
// the same time; PGlite runs in this process with one connection, so only PostgreSQL can show it.
describe.runIf(Boolean(process.env.DATABASE_URL))("writers of the summary", () => {
  it("do not wait on each other, and a compaction waits for neither", async () => {
    const db = await getDb();
    const ids = (await db.patient.findMany({ where: { siteId: fx.siteB.id, deletedAt: null }, select: { id: true }, take: 2, orderBy: { id: "asc" } })).map((row) => row.id);
    expect(ids).toHaveLength(2);
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    await Promise.all(clients.map((client) => client.connect()));
    const [first, second, third] = clients as [pg.Client, pg.Client, pg.Client];
    try {
      await first.query("BEGIN");
      await second.query("BEGIN");
      // The same cells (same site, same values moved the same way) from two open transactions.
      await first.query("SET LOCAL lock_timeout = '2s'");
      await second.query("SET LOCAL lock_timeout = '2s'");
      await first.query("UPDATE patients SET grade = 1 WHERE id = $1", [ids[0]]);
      await second.query("UPDATE patients SET grade = 1 WHERE id = $1", [ids[1]]);
      await third.query("SET lock_timeout = '2s'");
      await third.query("SELECT compact_patient_counts()");
      await first.query("COMMIT");
      await second.query("COMMIT");
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    await expectSummaryEqualsScan();
  });
});
