// The dashboard filters, kept in the URL so that a view can be shared and the back button
// restores it (issue 7 §1). One zod schema parses every search parameter; a value that is
// missing or not valid falls back to its default, so a hand-edited URL never yields an error.
// Pure: the server pages parse with it, and the client filter bar reads and writes with it.
import { z } from "zod";
import { DiseaseSetting, RegimenClass, StageGroup, TreatmentSetting } from "../generated/prisma/enums";
import { COHORT_RULES, type CohortRule } from "../her2/cohort";
import { QUANTITATIVE_MEASURES, cutInRange } from "./quantitative-measures";
import { COHORT_SCHEMES, HER2_COHORT_KEYS, isHer2ZeroCohort, type CohortScheme, type Her2CohortKey } from "./cohorts";

export const HR_FILTER_VALUES = ["POSITIVE", "NEGATIVE", "UNKNOWN"] as const;
export type HrFilter = (typeof HR_FILTER_VALUES)[number];

export const STAGE_FILTER_VALUES = [...Object.values(StageGroup), "UNKNOWN"] as const;
export type StageFilter = (typeof STAGE_FILTER_VALUES)[number];

export const DISEASE_SETTING_VALUES = Object.values(DiseaseSetting);
export const REGIMEN_CLASS_VALUES = Object.values(RegimenClass);
export const REGIMEN_FILTER_VALUES = ["ANY", ...REGIMEN_CLASS_VALUES] as const;
export type RegimenFilter = (typeof REGIMEN_FILTER_VALUES)[number];

/** Line of therapy for metastatic disease: one line number, 4 or later, or any line. */
export const LINE_FILTER_VALUES = ["any", "1", "2", "3", "4plus"] as const;
export type LineFilter = (typeof LINE_FILTER_VALUES)[number];

/**
 * What the Outcomes tab shows: the HER2 cohorts, two regimen classes within one cohort (issue 14
 * §3), or early-disease endpoints (pCR, iDFS, DRFS; issue 14 §2).
 */
export const OUTCOME_VIEWS = ["cohorts", "regimens", "early"] as const;
/** Time zero of iDFS and DRFS: the diagnosis, or the definitive surgery (operated patients only). */
export const EARLY_ORIGINS = ["diagnosis", "surgery"] as const;
export type EarlyOrigin = (typeof EARLY_ORIGINS)[number];
export type OutcomeView = (typeof OUTCOME_VIEWS)[number];

export const TREATMENT_SETTING_VALUES = Object.values(TreatmentSetting);
/** Line numbers of the regimen comparison's range; 4 means 4 or later. */
export const LINE_BOUND_VALUES = ["1", "2", "3", "4"] as const;
/** Covariates the regimen comparison's Cox model may adjust for (visceral disease is not recorded). */
export const ADJUSTMENT_COVARIATES = ["age", "hr", "line", "cdk46"] as const;
export type AdjustmentCovariate = (typeof ADJUSTMENT_COVARIATES)[number];
/** Landmark of OS from diagnosis, in months (0: none). */
export const LANDMARK_MONTHS = ["0", "6", "12", "24", "36"] as const;
/** τ of the restricted mean survival time, in months ("auto": 12 from a line's start, 60 from diagnosis). */
export const TAU_MONTHS = ["auto", "6", "12", "24", "36", "60"] as const;
export const FOREST_ENDPOINTS = ["pfs", "os"] as const;

export const SURVIVAL_ENDPOINTS = ["os", "os-line", "pfs"] as const;
export type SurvivalEndpoint = (typeof SURVIVAL_ENDPOINTS)[number];

/**
 * Which cohorts Table 1's p-values compare: every HER2 cohort of the scheme, the HER2-negative
 * ones (positive left out), or HER2-low against HER2-0 (every IHC 0), the comparison of most
 * published HER2-low work.
 */
export const TABLE_ONE_COMPARISONS = ["all", "negative", "low-vs-0"] as const;
export type TableOneComparison = (typeof TABLE_ONE_COMPARISONS)[number];

/**
 * The default cohort rule: the status at diagnosis (the primary tumour before any treatment). An
 * analysis from diagnosis that groups by later tests lets survival choose the group (immortal-time
 * bias), so `latest` and `highest` are choices the pages warn about (her2-rules.md).
 */
export const DEFAULT_COHORT_RULE: CohortRule = "primary";

export const MIN_DIAGNOSIS_YEAR = 1950;
export const MAX_DIAGNOSIS_YEAR = 2100;

const SITE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** More values than any filter offers choices (sites included) are ignored, not read (issue 15 §4). */
export const MAX_FILTER_VALUES = 200;

/** `a,b` and repeated keys (`?site=a&site=b`) both give a list, of at most MAX_FILTER_VALUES values. */
function listValues(value: unknown): string[] {
  const items = Array.isArray(value) ? value.slice(0, MAX_FILTER_VALUES) : [value];
  return items
    .filter((item): item is string => typeof item === "string")
    .flatMap((item) => item.split(",", MAX_FILTER_VALUES))
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .slice(0, MAX_FILTER_VALUES);
}

function singleChoice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(firstValue, z.enum(values)).catch(fallback);
}

/** Keeps the known values, once each, in their canonical order; drops the rest. */
function multipleChoice<const T extends readonly string[]>(values: T) {
  return z
    .preprocess(listValues, z.array(z.string()))
    .transform((items): T[number][] => values.filter((value) => items.includes(value)))
    .catch([]);
}

const yearParameter = z
  .preprocess(firstValue, z.coerce.number().int().min(MIN_DIAGNOSIS_YEAR).max(MAX_DIAGNOSIS_YEAR))
  .optional()
  .catch(undefined);

export const DashboardFiltersSchema = z
  .object({
    rule: singleChoice(COHORT_RULES, DEFAULT_COHORT_RULE),
    scheme: singleChoice(COHORT_SCHEMES, "4"),
    compare: singleChoice(TABLE_ONE_COMPARISONS, "all"),
    site: z
      .preprocess(listValues, z.array(z.string()))
      .transform((codes) => [...new Set(codes.filter((code) => SITE_CODE.test(code)))].sort())
      .catch([]),
    from: yearParameter,
    to: yearParameter,
    hr: multipleChoice(HR_FILTER_VALUES),
    stage: multipleChoice(STAGE_FILTER_VALUES),
    setting: multipleChoice(DISEASE_SETTING_VALUES),
    regimen: singleChoice(REGIMEN_FILTER_VALUES, "T_DXD"),
    line: singleChoice(LINE_FILTER_VALUES, "any"),
    endpoint: singleChoice(SURVIVAL_ENDPOINTS, "os"),
    ref: singleChoice(HER2_COHORT_KEYS, "ZERO"),
    bands: z.preprocess(firstValue, z.literal("1").transform(() => true)).catch(false),
    // The Agreement tab's quantitative measure and the cut-off checked against IHC 0 vs ≥1+.
    measure: singleChoice(QUANTITATIVE_MEASURES, "mrna-score"),
    cut: z
      .preprocess((value) => {
        const first = firstValue(value);
        return first === "" ? undefined : first;
      }, z.coerce.number().finite().optional())
      .catch(undefined),
    view: singleChoice(OUTCOME_VIEWS, "cohorts"),
    armA: singleChoice(REGIMEN_CLASS_VALUES as [RegimenClass, ...RegimenClass[]], "T_DXD"),
    armB: singleChoice(REGIMEN_CLASS_VALUES as [RegimenClass, ...RegimenClass[]], "CHEMOTHERAPY"),
    armCohort: singleChoice(HER2_COHORT_KEYS, "LOW"),
    armSetting: singleChoice(TREATMENT_SETTING_VALUES as [TreatmentSetting, ...TreatmentSetting[]], "METASTATIC"),
    lineFrom: singleChoice(LINE_BOUND_VALUES, "2"),
    lineTo: singleChoice(LINE_BOUND_VALUES, "4"),
    adjust: multipleChoice(ADJUSTMENT_COVARIATES),
    landmark: singleChoice(LANDMARK_MONTHS, "0"),
    tau: singleChoice(TAU_MONTHS, "auto"),
    forest: singleChoice(FOREST_ENDPOINTS, "pfs"),
    // The cohort view's forest plot of subgroups: a HER2 cohort against a reference cohort (HER2-0
    // stands for every IHC 0 group under either scheme, as armCohort does).
    // Shown on request only: at 1M patients its query and tests take seconds (docs/dashboards.md §9).
    subgroups: z.preprocess(firstValue, z.literal("1").transform(() => true)).catch(false),
    fcohort: singleChoice(HER2_COHORT_KEYS, "LOW"),
    fref: singleChoice(HER2_COHORT_KEYS, "HER2_0"),
    origin: singleChoice(EARLY_ORIGINS, "diagnosis"),
  })
  .transform((raw) => {
    // A reversed range is read as meant (2024-2018 is 2018-2024) rather than as empty.
    const reversed = raw.from !== undefined && raw.to !== undefined && raw.from > raw.to;
    const scheme: CohortScheme = raw.scheme;
    return {
      rule: raw.rule satisfies CohortRule,
      scheme,
      compare: raw.compare,
      sites: raw.site,
      yearFrom: reversed ? raw.to : raw.from,
      yearTo: reversed ? raw.from : raw.to,
      hr: raw.hr,
      stage: raw.stage,
      setting: raw.setting,
      regimen: raw.regimen,
      line: raw.line,
      endpoint: raw.endpoint,
      // The reference cohort of the hazard ratios, placed in the scheme (HER2-null is HER2-0 in 3 groups).
      reference: referenceInScheme(raw.ref, scheme),
      bands: raw.bands,
      measure: raw.measure,
      cut: cutInRange(raw.measure, raw.cut),
      view: raw.view,
      comparison: {
        armA: raw.armA,
        armB: raw.armB,
        // HER2-0 stands for every IHC 0 group; a 4-group key is kept as chosen.
        cohort: raw.armCohort,
        setting: raw.armSetting,
        // A reversed range is read as meant, like the years.
        lineFrom: Math.min(Number(raw.lineFrom), Number(raw.lineTo)),
        lineTo: Math.max(Number(raw.lineFrom), Number(raw.lineTo)),
        adjust: raw.adjust,
        forest: raw.forest,
      },
      cohortForest: { show: raw.subgroups, cohort: raw.fcohort, reference: raw.fref },
      landmarkMonths: Number(raw.landmark),
      tauMonths: raw.tau === "auto" ? null : Number(raw.tau),
      origin: raw.origin,
    };
  });

export type DashboardFilters = z.output<typeof DashboardFiltersSchema>;

function referenceInScheme(reference: Her2CohortKey, scheme: CohortScheme): Her2CohortKey {
  if (scheme === "3") return isHer2ZeroCohort(reference) ? "HER2_0" : reference;
  // HER2-0 is not a group of the 4-group scheme: its first IHC 0 group, HER2-null, stands for it.
  return reference === "HER2_0" ? "ZERO" : reference;
}

/** The default reference cohort of the hazard ratios under `scheme`. */
export function defaultReference(scheme: CohortScheme): Her2CohortKey {
  return scheme === "3" ? "HER2_0" : "ZERO";
}

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export const DEFAULT_DASHBOARD_FILTERS: DashboardFilters = DashboardFiltersSchema.parse({});

/** Never throws: every invalid parameter takes its default. */
export function parseDashboardFilters(searchParams: SearchParamsRecord | URLSearchParams): DashboardFilters {
  return DashboardFiltersSchema.parse(searchParams instanceof URLSearchParams ? toRecord(searchParams) : searchParams);
}

function toRecord(searchParams: URLSearchParams): SearchParamsRecord {
  const record: SearchParamsRecord = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    record[key] = values.length === 1 ? values[0] : values;
  }
  return record;
}

/** The full-curve CSV of an Outcomes chart under `filters` (app/api/exports/survival). */
export function survivalCsvHref(filters: DashboardFilters, chart: "cohorts" | "comparison-pfs" | "comparison-os" | "idfs" | "drfs"): string {
  const params = toDashboardSearchParams(filters);
  params.set("chart", chart);
  return `/api/exports/survival?${params.toString()}`;
}

/** The URL form of `filters`, leaving out defaults so that shared links stay short. */
export function toDashboardSearchParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  const defaults = DEFAULT_DASHBOARD_FILTERS;
  if (filters.rule !== defaults.rule) params.set("rule", filters.rule);
  if (filters.scheme !== defaults.scheme) params.set("scheme", filters.scheme);
  if (filters.compare !== defaults.compare) params.set("compare", filters.compare);
  if (filters.sites.length > 0) params.set("site", filters.sites.join(","));
  if (filters.yearFrom !== undefined) params.set("from", String(filters.yearFrom));
  if (filters.yearTo !== undefined) params.set("to", String(filters.yearTo));
  if (filters.hr.length > 0) params.set("hr", filters.hr.join(","));
  if (filters.stage.length > 0) params.set("stage", filters.stage.join(","));
  if (filters.setting.length > 0) params.set("setting", filters.setting.join(","));
  if (filters.regimen !== defaults.regimen) params.set("regimen", filters.regimen);
  if (filters.line !== defaults.line) params.set("line", filters.line);
  if (filters.endpoint !== defaults.endpoint) params.set("endpoint", filters.endpoint);
  if (filters.reference !== defaultReference(filters.scheme)) params.set("ref", filters.reference);
  if (filters.bands) params.set("bands", "1");
  if (filters.measure !== defaults.measure) params.set("measure", filters.measure);
  if (filters.cut !== undefined) params.set("cut", String(filters.cut));
  if (filters.view !== defaults.view) params.set("view", filters.view);
  const comparison = filters.comparison;
  const defaultComparison = defaults.comparison;
  if (comparison.armA !== defaultComparison.armA) params.set("armA", comparison.armA);
  if (comparison.armB !== defaultComparison.armB) params.set("armB", comparison.armB);
  if (comparison.cohort !== defaultComparison.cohort) params.set("armCohort", comparison.cohort);
  if (comparison.setting !== defaultComparison.setting) params.set("armSetting", comparison.setting);
  if (comparison.lineFrom !== defaultComparison.lineFrom) params.set("lineFrom", String(comparison.lineFrom));
  if (comparison.lineTo !== defaultComparison.lineTo) params.set("lineTo", String(comparison.lineTo));
  if (comparison.adjust.length > 0) params.set("adjust", comparison.adjust.join(","));
  if (comparison.forest !== defaultComparison.forest) params.set("forest", comparison.forest);
  if (filters.cohortForest.show) params.set("subgroups", "1");
  if (filters.cohortForest.cohort !== defaults.cohortForest.cohort) params.set("fcohort", filters.cohortForest.cohort);
  if (filters.cohortForest.reference !== defaults.cohortForest.reference) params.set("fref", filters.cohortForest.reference);
  if (filters.landmarkMonths !== 0) params.set("landmark", String(filters.landmarkMonths));
  if (filters.tauMonths !== null) params.set("tau", String(filters.tauMonths));
  if (filters.origin !== defaults.origin) params.set("origin", filters.origin);
  return params;
}

/** The query string (with its "?", or "" when every filter has its default). */
export function toDashboardQuery(filters: DashboardFilters): string {
  const query = toDashboardSearchParams(filters).toString();
  return query === "" ? "" : `?${query}`;
}

/** True when a patient-level filter narrows the cohort (the outcome options do not count). */
export function hasPatientFilters(filters: DashboardFilters): boolean {
  return (
    filters.sites.length > 0 ||
    filters.yearFrom !== undefined ||
    filters.yearTo !== undefined ||
    filters.hr.length > 0 ||
    filters.stage.length > 0 ||
    filters.setting.length > 0
  );
}
