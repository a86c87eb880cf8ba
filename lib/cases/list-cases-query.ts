/**
 * The case list's URL search parameters (shareable, bookmarkable): parsed with zod, and a value
 * that does not parse falls back to its default rather than failing the page. Pure.
 */
import { z } from "zod";
import { EVALUABLE_CATEGORIES } from "../her2/classify";
import { COHORT_RULES } from "../her2/cohort";
import { MAX_INT4 } from "../db/integer-range";
import { isPlainText } from "../plain-text";

export const CASE_PAGE_SIZE = 25;

export const MISSING_DATA_FILTERS = ["her2", "hr", "stage", "grade", "treatment"] as const;
export type MissingDataFilter = (typeof MISSING_DATA_FILTERS)[number];

export const MISSING_DATA_LABELS: Readonly<Record<MissingDataFilter, string>> = {
  her2: "No evaluable HER2 test",
  hr: "HR status unknown",
  stage: "Stage group missing",
  grade: "Grade missing",
  treatment: "No treatment line",
};

export const CASE_SORTS = ["studyId", "site", "diagnosisYear", "age", "cohort", "updated"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const CASE_SORT_LABELS: Readonly<Record<CaseSort, string>> = {
  studyId: "Study ID",
  site: "Site",
  diagnosisYear: "Diagnosis year",
  age: "Age",
  cohort: "Cohort",
  updated: "Last changed",
};

export const COHORT_FILTERS = [...EVALUABLE_CATEGORIES, "UNCLASSIFIED"] as const;
export type CohortFilter = (typeof COHORT_FILTERS)[number];

export const CaseListQuerySchema = z.object({
  q: z.string().trim().max(40).refine(isPlainText).optional().catch(undefined).transform((value) => (value ? value : undefined)),
  site: z.coerce.number().int().positive().max(MAX_INT4).optional().catch(undefined),
  cohortRule: z.enum(COHORT_RULES).default("latest").catch("latest"),
  cohort: z.enum(COHORT_FILTERS).optional().catch(undefined),
  year: z.coerce.number().int().min(1900).max(2200).optional().catch(undefined),
  missing: z.enum(MISSING_DATA_FILTERS).optional().catch(undefined),
  sort: z.enum(CASE_SORTS).default("studyId").catch("studyId"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
});

export type CaseListQuery = z.output<typeof CaseListQuerySchema>;

/** The first value of each search parameter, as Next passes them (string | string[] | undefined). */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
}

/** The list URL for a query, leaving out defaults so that links stay short. */
export function caseListHref(query: Partial<CaseListQuery>): string {
  const params = new URLSearchParams();
  const defaults: Partial<Record<keyof CaseListQuery, unknown>> = { cohortRule: "latest", sort: "studyId", dir: "asc", page: 1 };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (defaults[key as keyof CaseListQuery] === value) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/cases?${search}` : "/cases";
}
