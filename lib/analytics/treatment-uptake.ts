import "server-only";
import type { SessionUser } from "../auth/roles";
import { LINE_START_BUCKET, LINE_START_BUCKET_MASK, LINE_START_BUCKET_SHIFT, LINE_START_YEAR_BASE, LINE_START_YEAR_SHIFT, REGIMEN_CLASS_BITS } from "../cases/derive-lines";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { SqlParameters, cohortColumn, patientFilterSql } from "./filter-sql";
import { REGIMEN_CLASS_VALUES, type DashboardFilters } from "./filters";
import { LINE_START_VARIABLE, noteAppendedRows, patientCountsLevel } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type TreatmentUptakeCell = {
  /** Calendar year the lines started, approximately: diagnosis year + floor(start day / 365.25). */
  year: number;
  cohort: CohortKey;
  /** Patients with metastatic disease who started a metastatic line (matching the line filter) that year, in the cohort. */
  metastatic: number;
  /** Of those, how many started a line of each regimen class that year. */
  received: Partial<Record<RegimenClass, number>>;
  /** Of those, how many started any such line: all of them, by definition (kept for the data table). */
  receivedAny: number;
};

const REGIMEN_CLASSES = REGIMEN_CLASS_VALUES;

/**
 * Treatment over calendar time (issue 7 §4, issue 16 §12): by the calendar year a metastatic line
 * started and by cohort, the patients who started a metastatic line (matching the line filter)
 * and how many of them started each regimen class. A line's calendar year is not stored (no
 * dates are): it is the diagnosis year plus the line's start day in years, rounded down, so a
 * line started in the first days of a year may be counted in the year before. Plotting by
 * diagnosis year instead mixed lines started up to a decade later, so T-DXd's approval in 2022
 * did not show where it happened. A patient counts once per year and class however many lines
 * they started.
 *
 * Of the whole registry (an investigator or administrator without patient filters), the counts
 * come from the summary `patient_counts` ("lineStart": live patients per rule, cohort and element
 * of `metastatic_line_starts`, kept by triggers; migration …_line_start_counts): a few thousand rows
 * instead of every patient with a metastatic line (at a million patients 0.2 s, about 3 times a
 * count(*) of the table, and 1.3 s at ten million).
 *
 * Otherwise one pass over patients: each stores one element per (start year, line bucket) it has,
 * with the regimen classes it started that year in that bucket (metastatic_line_starts,
 * derive-lines.ts), so each patient is counted once per year without joining the lines or
 * counting distinct ids. The patients with such a line are read from a covering partial index
 * (patients_line_starts_idx, whence the `<> '{}'` condition) and first counted per (cohort,
 * array): about 30,000 distinct arrays among half a million patients, so the arrays are unnested
 * once per distinct value, not once per patient.
 */
export async function countTreatmentUptake(user: SessionUser, filters: DashboardFilters): Promise<TreatmentUptakeCell[]> {
  const rows = patientCountsLevel(user, filters) === "registry" ? await uptakeFromCounts(user, filters) : await scanUptake(user, filters);
  return cellsOf(rows, filters);
}

type UptakeRow = { year: number; cohort: string; metastatic: number } & Record<RegimenClass, number | null>;

/** The counts of patients per class among `count` (a sum) where `element` (a line-start element) has the class's bit. */
function classSums(element: string, count: string): string {
  // The class bits are fixed numbers from derive-lines.ts, never input.
  return REGIMEN_CLASSES.map((regimen) => `sum(${count}) FILTER (WHERE ${element} & ${1 << REGIMEN_CLASS_BITS[regimen]} <> 0)::int AS "${regimen}"`).join(",\n            ");
}

function inBucketSql(element: string, bucket: string): string {
  return `((${element} >> ${LINE_START_BUCKET_SHIFT}) & ${LINE_START_BUCKET_MASK}) = ${bucket}::int`;
}

async function scanUptake(user: SessionUser, filters: DashboardFilters): Promise<UptakeRow[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const bucket = parameters.add(LINE_START_BUCKET[filters.line]);
  const cohort = cohortColumn(filters.rule);
  return runAggregateQuery<UptakeRow>(
    user,
    `SELECT (e >> ${LINE_START_YEAR_SHIFT}) + ${LINE_START_YEAR_BASE} AS year, COALESCE(g.cohort::text, 'UNCLASSIFIED') AS cohort, sum(g.n)::int AS metastatic,
            ${classSums("e", "g.n")}
       FROM (SELECT ${cohort} AS cohort, p.metastatic_line_starts AS starts, count(*) AS n
               FROM patients p
              WHERE ${where} AND p.metastatic_line_starts <> '{}'
              GROUP BY 1, 2) g
      CROSS JOIN LATERAL unnest(g.starts) AS e
      WHERE ${inBucketSql("e", bucket)}
      GROUP BY e >> ${LINE_START_YEAR_SHIFT}, g.cohort
      ORDER BY 1, 2`,
    parameters,
  );
}

/**
 * The same rows from the summary. Its cells are signed deltas until compacted: summed per
 * element they give each element's patients, so the sums per year and class are the scan's; a
 * (year, cohort) whose patients all left sums to 0 and is dropped, as the scan would not see it.
 */
async function uptakeFromCounts(user: SessionUser, filters: DashboardFilters): Promise<UptakeRow[]> {
  const parameters = new SqlParameters();
  const rule = parameters.add(filters.rule);
  const variable = parameters.add(LINE_START_VARIABLE);
  const bucket = parameters.add(LINE_START_BUCKET[filters.line]);
  const rows = await runAggregateQuery<UptakeRow & { appended: number }>(
    user,
    `SELECT (c.element >> ${LINE_START_YEAR_SHIFT}) + ${LINE_START_YEAR_BASE} AS year, COALESCE(c.cohort::text, 'UNCLASSIFIED') AS cohort,
            sum(c.n)::int AS metastatic,
            ${classSums("c.element", "c.n")},
            (count(*) - count(DISTINCT c.element))::int AS appended
       FROM (SELECT c.cohort, c.value::int AS element, c.n
               FROM patient_counts c
              WHERE c.rule = ${rule} AND c.variable = ${variable} AND c.site_id IS NULL) c
      WHERE ${inBucketSql("c.element", bucket)}
      GROUP BY c.element >> ${LINE_START_YEAR_SHIFT}, c.cohort
     HAVING sum(c.n) <> 0
      ORDER BY 1, 2`,
    parameters,
  );
  noteAppendedRows(rows.reduce((sum, row) => sum + row.appended, 0));
  return rows;
}

function cellsOf(rows: readonly UptakeRow[], filters: DashboardFilters): TreatmentUptakeCell[] {
  // Under the 3-group scheme the IHC 0 groups' rows of a year add up into HER2-0.
  const cells = new Map<string, TreatmentUptakeCell>();
  for (const row of rows) {
    const cohortKey = toCohortKey(row.cohort, filters.scheme);
    const key = `${row.year}|${cohortKey}`;
    const cell = cells.get(key) ?? { year: row.year, cohort: cohortKey, metastatic: 0, received: {}, receivedAny: 0 };
    cell.metastatic += row.metastatic;
    cell.receivedAny += row.metastatic;
    for (const regimen of REGIMEN_CLASSES) {
      const received = row[regimen] ?? 0;
      if (received > 0) cell.received[regimen] = (cell.received[regimen] ?? 0) + received;
    }
    cells.set(key, cell);
  }
  return [...cells.values()];
}
