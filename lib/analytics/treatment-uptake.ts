import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { REGIMEN_CLASS_BITS } from "../cases/derive-lines";
import { SqlParameters, cohortColumn, patientFilterSql } from "./filter-sql";
import type { DashboardFilters, LineFilter } from "./filters";
import { patientCountsLevel, queryPatientCounts } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type TreatmentUptakeCell = {
  year: number;
  cohort: CohortKey;
  /** Patients with metastatic disease (de novo or recurrent) diagnosed that year, in the cohort. */
  metastatic: number;
  /** Of those, how many received each regimen class in a metastatic line (matching the line filter). */
  received: Partial<Record<RegimenClass, number>>;
  /** Of those, how many received any metastatic line (matching the line filter). */
  receivedAny: number;
};

/** The bit set of the regimen classes a patient received in metastatic lines matching `line`. */
function regimenBitsSql(line: LineFilter): string {
  switch (line) {
    case "any":
      return "(p.metastatic_line1_regimens | p.metastatic_line2_regimens | p.metastatic_line3_regimens | p.metastatic_line4plus_regimens)";
    case "1":
      return "p.metastatic_line1_regimens";
    case "2":
      return "p.metastatic_line2_regimens";
    case "3":
      return "p.metastatic_line3_regimens";
    case "4plus":
      return "p.metastatic_line4plus_regimens";
  }
}

const REGIMEN_CLASSES = Object.keys(REGIMEN_CLASS_BITS) as RegimenClass[];

/**
 * Treatment over calendar time (issue 7 §4): by year of diagnosis and cohort, the number of
 * patients with metastatic disease and how many of them received each regimen class for
 * metastatic disease (in a live metastatic line matching the line filter). Each patient carries
 * the regimen classes of its metastatic lines 1, 2, 3 and 4+ as bit sets (derived on every
 * write: lib/cases/derive-lines.ts), so this is one parallel pass over patients with a count per
 * class; joining every metastatic patient to its lines took about five times as long at a
 * million patients.
 */
export async function countTreatmentUptake(user: SessionUser, filters: DashboardFilters): Promise<TreatmentUptakeCell[]> {
  if (patientCountsLevel(user, filters) === "registry") return uptakeFromCounts(user, filters);
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const cohort = cohortColumn(filters.rule);
  const perClass = REGIMEN_CLASSES.map((regimen) => `count(*) FILTER (WHERE x.bits & ${1 << REGIMEN_CLASS_BITS[regimen]} <> 0)::int AS "${regimen}"`);
  const rows = await runAggregateQuery<{ year: number; cohort: string; metastatic: number; received_any: number } & Record<RegimenClass, number>>(
    user,
    `SELECT x.year, COALESCE(x.cohort::text, 'UNCLASSIFIED') AS cohort, count(*)::int AS metastatic,
            count(*) FILTER (WHERE x.bits <> 0)::int AS received_any,
            ${perClass.join(",\n            ")}
       FROM (SELECT p.diagnosis_year AS year, ${cohort} AS cohort, ${regimenBitsSql(filters.line)} AS bits
               FROM patients p
              WHERE ${where} AND p.disease_setting <> 'EARLY') x
      GROUP BY x.year, x.cohort
      ORDER BY 1, 2`,
    parameters,
  );
  // Under the 3-group scheme the IHC 0 groups' rows of a year add up into HER2-0.
  const cells = new Map<string, TreatmentUptakeCell>();
  for (const row of rows) {
    const cohortKey = toCohortKey(row.cohort, filters.scheme);
    const key = `${row.year}|${cohortKey}`;
    const cell = cells.get(key) ?? { year: row.year, cohort: cohortKey, metastatic: 0, received: {}, receivedAny: 0 };
    cell.metastatic += row.metastatic;
    cell.receivedAny += row.received_any;
    for (const regimen of REGIMEN_CLASSES) if (row[regimen] > 0) cell.received[regimen] = (cell.received[regimen] ?? 0) + row[regimen];
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** The summary's variable of each line filter: metastatic patients per "year:bits" (patient-counts.ts). */
const UPTAKE_VARIABLES: Readonly<Record<LineFilter, string>> = { any: "uptakeAny", "1": "uptake1", "2": "uptake2", "3": "uptake3", "4plus": "uptake4plus" };

/** The same cells for the whole registry from the trigger-kept summary, in the order of the scan. */
async function uptakeFromCounts(user: SessionUser, filters: DashboardFilters): Promise<TreatmentUptakeCell[]> {
  const counts = await queryPatientCounts(user, filters, { variables: [UPTAKE_VARIABLES[filters.line]], level: "registry" });
  const cells = new Map<string, TreatmentUptakeCell>();
  for (const count of counts) {
    const [year = NaN, bits = 0] = (count.value ?? "").split(":").map(Number);
    const cohortKey = toCohortKey(count.cohort, filters.scheme);
    const key = `${year}|${cohortKey}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { year, cohort: cohortKey, metastatic: 0, received: {}, receivedAny: 0 };
      cells.set(key, cell);
    }
    cell.metastatic += count.n;
    if (bits !== 0) cell.receivedAny += count.n;
    for (const regimen of REGIMEN_CLASSES) {
      if ((bits & (1 << REGIMEN_CLASS_BITS[regimen])) !== 0) cell.received[regimen] = (cell.received[regimen] ?? 0) + count.n;
    }
  }
  return [...cells.values()].sort((a, b) => a.year - b.year || (a.cohort < b.cohort ? -1 : a.cohort > b.cohort ? 1 : 0));
}
