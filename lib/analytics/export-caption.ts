// The line an exported chart carries (issue 16 §19): the filters, cohort rule and scheme the
// figure was made under and the day it was exported, so a PNG, SVG or CSV taken out of the app
// still says what it shows. Pure: the chart frame calls it with the URL's filters.
import { COHORT_RULE_LABELS } from "../her2/cohort";
import { COHORT_SCHEME_LABELS } from "./cohorts";
import type { DashboardFilters } from "./filters";

function listOrAll(values: readonly string[]): string {
  return values.length === 0 ? "all" : values.join(", ");
}

function yearRange(from: number | undefined, to: number | undefined): string {
  if (from === undefined && to === undefined) return "all";
  if (from === undefined) return `up to ${to}`;
  if (to === undefined) return `from ${from}`;
  return from === to ? String(from) : `${from}-${to}`;
}

export function describeExportCaption(filters: DashboardFilters, exportedOn: Date): string {
  return [
    `Cohort rule: ${COHORT_RULE_LABELS[filters.rule]}`,
    `scheme: ${COHORT_SCHEME_LABELS[filters.scheme]}`,
    `sites: ${listOrAll(filters.sites)}`,
    `diagnosis years: ${yearRange(filters.yearFrom, filters.yearTo)}`,
    `HR: ${listOrAll(filters.hr)}`,
    `stage: ${listOrAll(filters.stage)}`,
    `disease setting: ${listOrAll(filters.setting)}`,
    `exported ${exportedOn.toISOString().slice(0, 10)}`,
  ].join("; ");
}
