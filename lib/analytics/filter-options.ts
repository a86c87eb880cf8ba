import "server-only";
import type { SessionUser } from "../auth/roles";
import { patientScopeSql } from "../cases/patient-scope";
import { SqlParameters } from "./filter-sql";
import { runAggregateQuery } from "./run-query";

export type FilterOptions = {
  /** Sites the user may filter on: every site for investigators and admins, a coordinator's own. */
  sites: { code: string; name: string }[];
  /** First and last diagnosis year among the patients the user may see; null when none. */
  years: { first: number; last: number } | null;
};

/** The choices of the dashboard filter bar, within the user's scope. */
export async function listFilterOptions(user: SessionUser): Promise<FilterOptions> {
  const siteParameters = new SqlParameters();
  const siteCondition = user.role === "COORDINATOR" ? `s.id = ${siteParameters.add(user.siteId ?? -1)}::int` : "TRUE";
  const yearParameters = new SqlParameters();
  const scope = patientScopeSql(user, "p", 1);
  yearParameters.values.push(...scope.params);
  const [sites, years] = await Promise.all([
    runAggregateQuery<{ code: string; name: string }>(user, `SELECT s.code, s.name FROM sites s WHERE ${siteCondition} ORDER BY s.code`, siteParameters),
    runAggregateQuery<{ first: number | null; last: number | null }>(
      user,
      `SELECT min(p.diagnosis_year) AS first, max(p.diagnosis_year) AS last FROM patients p WHERE ${scope.sql}`,
      yearParameters,
    ),
  ]);
  const range = years[0];
  return {
    sites,
    years: range && range.first !== null && range.last !== null ? { first: range.first, last: range.last } : null,
  };
}
