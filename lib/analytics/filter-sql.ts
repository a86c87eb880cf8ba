import "server-only";
import type { SessionUser } from "../auth/roles";
import { patientScopeSql } from "../cases/patient-scope";
import type { CohortRule } from "../her2/cohort";
import type { DashboardFilters, LineFilter, RegimenFilter } from "./filters";

/**
 * Positional parameters of one raw query. Every value from the user goes through `add`, which
 * returns its placeholder ($1, $2, …): nothing typed in a URL is ever spliced into SQL text.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The patient column holding the cohort under `rule`, chosen from this fixed list (never built
 * from input). Each is a derived, indexed column (docs/data-dictionary.md §6).
 */
export function cohortColumn(rule: CohortRule, alias = "p"): string {
  switch (rule) {
    case "latest":
      return `${alias}.cohort_latest`;
    case "primary":
      return `${alias}.cohort_primary`;
    case "highest":
      return `${alias}.cohort_highest`;
  }
}

/**
 * The cohort as text, with patients who have no evaluable test under the rule as UNCLASSIFIED.
 * Queries GROUP BY `cohortColumn` (the enum, hashed as a 4-byte value) and select this: casting
 * every row's enum to text before grouping cost about a third more at a million patients.
 */
export function cohortKeySql(rule: CohortRule, alias = "p"): string {
  return `COALESCE(${cohortColumn(rule, alias)}::text, 'UNCLASSIFIED')`;
}

/**
 * The WHERE conditions of every dashboard query over `patients` aliased `alias`: the acting
 * user's scope (live rows; a coordinator's own site only) and the patient filters of the URL.
 * The outcome options (regimen, line) are not patient filters: see `treatmentLineSql`.
 */
export function patientFilterSql(user: SessionUser, filters: DashboardFilters, parameters: SqlParameters, alias = "p"): string {
  const scope = patientScopeSql(user, alias, parameters.values.length + 1);
  parameters.values.push(...scope.params);
  const conditions = [scope.sql];
  // A coordinator's scope is one site already: a site filter (e.g. in a link an investigator
  // shared) does not apply to them, rather than leaving them an empty dashboard.
  if (filters.sites.length > 0 && user.role !== "COORDINATOR") conditions.push(siteFilterSql(filters.sites, parameters, `${alias}.site_id`));
  if (filters.yearFrom !== undefined) conditions.push(`${alias}.diagnosis_year >= ${parameters.add(filters.yearFrom)}::int`);
  if (filters.yearTo !== undefined) conditions.push(`${alias}.diagnosis_year <= ${parameters.add(filters.yearTo)}::int`);
  if (filters.hr.length > 0) {
    conditions.push(
      matchEnumOrUnknown(`${alias}.hr_status`, '"HrStatus"', filters.hr.filter((value) => value !== "UNKNOWN"), filters.hr.includes("UNKNOWN"), parameters),
    );
  }
  if (filters.stage.length > 0) {
    conditions.push(
      matchEnumOrUnknown(`${alias}.stage_group`, '"StageGroup"', filters.stage.filter((value) => value !== "UNKNOWN"), filters.stage.includes("UNKNOWN"), parameters),
    );
  }
  if (filters.setting.length > 0) {
    conditions.push(`${alias}.disease_setting = ANY(${parameters.add(filters.setting)}::"DiseaseSetting"[])`);
  }
  return conditions.map((condition) => `(${condition})`).join(" AND ");
}

/** `column` (a site id) is one of the sites with these codes. */
export function siteFilterSql(codes: readonly string[], parameters: SqlParameters, column: string): string {
  return `${column} IN (SELECT s.id FROM sites s WHERE s.code = ANY(${parameters.add(codes)}::text[]))`;
}

function matchEnumOrUnknown(column: string, enumType: string, values: string[], unknown: boolean, parameters: SqlParameters): string {
  const parts: string[] = [];
  if (values.length > 0) parts.push(`${column} = ANY(${parameters.add(values)}::${enumType}[])`);
  if (unknown) parts.push(`${column} IS NULL`);
  return parts.join(" OR ");
}

/**
 * Conditions on `treatment_lines` aliased `alias` for the outcome options: live lines for
 * metastatic disease (PFS and response are defined per line of therapy for metastatic disease),
 * of the chosen regimen class (unless `regimen` is "ANY") and line number.
 */
export function treatmentLineSql(
  options: { regimen: RegimenFilter | null; line: LineFilter },
  parameters: SqlParameters,
  alias = "l",
): string {
  const conditions = [`${alias}.deleted_at IS NULL`, `${alias}.setting = 'METASTATIC'`];
  if (options.regimen !== null && options.regimen !== "ANY") {
    conditions.push(`${alias}.regimen_class = ${parameters.add(options.regimen)}::"RegimenClass"`);
  }
  switch (options.line) {
    case "any":
      break;
    case "1":
    case "2":
    case "3":
      conditions.push(`${alias}.line_number = ${parameters.add(Number(options.line))}::int`);
      break;
    case "4plus":
      conditions.push(`${alias}.line_number >= 4`);
      break;
  }
  return conditions.join(" AND ");
}
