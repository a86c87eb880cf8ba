import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { REGIMEN_CLASS_BITS } from "../cases/derive-lines";
import { SqlParameters, cohortColumn, patientFilterSql } from "./filter-sql";
import type { DashboardFilters, LineFilter } from "./filters";
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
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const cohort = cohortColumn(filters.rule);
  const perClass = REGIMEN_CLASSES.map((regimen) => `count(*) FILTER (WHERE x.bits & ${1 << REGIMEN_CLASS_BITS[regimen]} <> 0)::int AS "${regimen}"`);
  const rows = await runAggregateQuery<{ year: number; cohort: string; metastatic: number; received_any: number } & Record<RegimenClass, number>>(
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
  return rows.map((row) => {
    const received: Partial<Record<RegimenClass, number>> = {};
    for (const regimen of REGIMEN_CLASSES) if (row[regimen] > 0) received[regimen] = row[regimen];
    return { year: row.year, cohort: toCohortKey(row.cohort), metastatic: row.metastatic, received, receivedAny: row.received_any };
  });
}
