import "server-only";
import type { SessionUser } from "../auth/roles";
import type { Her2Assay } from "../generated/prisma/enums";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { patientCountsLevel, queryPatientCountsBySite } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

/** HER2-negative evaluable local reads of one site or one assay, by category. */
export type CallingCounts = { zero: number; ultralow: number; zeroNos: number; low: number };

const CALL_CATEGORIES = ["zero", "ultralow", "zeroNos", "low"] as const satisfies readonly (keyof CallingCounts)[];

/** The column suffix of each category's count on `patients` (ventana_nos_tests, …). */
const CATEGORY_COLUMN: Readonly<Record<keyof CallingCounts, string>> = { zero: "zero", ultralow: "ultralow", zeroNos: "nos", low: "low" };

/** The category code of each count in the summary's "calls" values ("assay:category"). */
const CATEGORY_CODE: Readonly<Record<keyof CallingCounts, string>> = { zero: "ZERO", ultralow: "ULTRALOW", zeroNos: "ZERO_NOS", low: "LOW" };

function emptyCounts(): CallingCounts {
  return { zero: 0, ultralow: 0, zeroNos: 0, low: 0 };
}

function totalCalls(counts: CallingCounts): number {
  return counts.zero + counts.ultralow + counts.zeroNos + counts.low;
}

export type CallingRates = {
  bySite: ({ code: string; name: string } & CallingCounts)[];
  byAssay: ({ assay: Her2Assay } & CallingCounts)[];
};

/** Assays in the order they are listed, with the prefix of their count columns. */
const ASSAY_COLUMNS: readonly { assay: Her2Assay; prefix: "ventana" | "herceptest" | "other_assay" }[] = [
  { assay: "VENTANA_4B5", prefix: "ventana" },
  { assay: "HERCEPTEST", prefix: "herceptest" },
  { assay: "OTHER", prefix: "other_assay" },
];

type AssayPrefix = (typeof ASSAY_COLUMNS)[number]["prefix"];
type CallKey = `${AssayPrefix}:${keyof CallingCounts}`;
type SiteCallRow = { code: string; name: string; calls: Record<CallKey, number> };

function callKey(prefix: AssayPrefix, category: keyof CallingCounts): CallKey {
  return `${prefix}:${category}`;
}

function emptyCallRecord(): Record<CallKey, number> {
  return Object.fromEntries(ASSAY_COLUMNS.flatMap(({ prefix }) => CALL_CATEGORIES.map((category) => [callKey(prefix, category), 0]))) as Record<CallKey, number>;
}

/**
 * How each site and each assay calls HER2-negative tests (issue 7 §5): the sites' own (local)
 * live reads of patients in scope with category ZERO, ULTRALOW, ZERO_NOS or LOW (IHC 2+ with
 * negative ISH is LOW too). Each patient carries these counts by assay (ventana_zero_tests …
 * other_assay_nos_tests, derived from its live tests on every write: docs/data-dictionary.md), so
 * this is one parallel pass over patients summed per site, or when no patient filter but sites
 * applies, the per-site sums the triggers keep in the summary (patient-counts.ts); the per-assay
 * totals are the sums of the site rows. (Joining every test to its patient took about six times as
 * long at a million patients.)
 */
export async function countHer2Calls(user: SessionUser, filters: DashboardFilters): Promise<CallingRates> {
  const rows = patientCountsLevel(user, filters) !== null ? await callsFromCounts(user, filters) : await scanCalls(user, filters);
  const rates: CallingRates = { bySite: [], byAssay: ASSAY_COLUMNS.map(({ assay }) => ({ assay, ...emptyCounts() })) };
  for (const row of rows) {
    const site = { code: row.code, name: row.name, ...emptyCounts() };
    ASSAY_COLUMNS.forEach(({ prefix }, index) => {
      const byAssay = rates.byAssay[index];
      for (const category of CALL_CATEGORIES) {
        const n = row.calls[callKey(prefix, category)];
        site[category] += n;
        if (byAssay) byAssay[category] += n;
      }
    });
    if (totalCalls(site) > 0) rates.bySite.push(site);
  }
  // An assay nobody used in scope is not a unit of the funnel plot (as with GROUP BY before).
  rates.byAssay = rates.byAssay.filter((entry) => totalCalls(entry) > 0);
  rates.bySite.sort((a, b) => a.code.localeCompare(b.code));
  return rates;
}

/** Negative calls per site and assay over `patients` (summed per site from the derived counts). */
async function scanCalls(user: SessionUser, filters: DashboardFilters): Promise<SiteCallRow[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const columns = ASSAY_COLUMNS.flatMap(({ prefix }) => CALL_CATEGORIES.map((category) => ({ key: callKey(prefix, category), alias: `${prefix}_${CATEGORY_COLUMN[category]}` })));
  const rows = await runAggregateQuery<{ code: string; name: string } & Record<string, number>>(
    user,
    `SELECT s.code, s.name, c.*
       FROM (SELECT p.site_id, ${columns.map(({ alias }) => `sum(p.${alias}_tests)::int AS ${alias}`).join(", ")}
               FROM patients p
              WHERE ${where}
              GROUP BY p.site_id) c
       JOIN sites s ON s.id = c.site_id`,
    parameters,
  );
  return rows.map((row) => ({ code: row.code, name: row.name, calls: Object.fromEntries(columns.map(({ key, alias }) => [key, Number(row[alias] ?? 0)])) as Record<CallKey, number> }));
}

/** The same per-site rows from the trigger-kept summary ("calls": "assay:category", patient-counts.ts). */
async function callsFromCounts(user: SessionUser, filters: DashboardFilters): Promise<SiteCallRow[]> {
  const counts = await queryPatientCountsBySite(user, filters, { variables: ["calls"], perRule: false });
  const bySite = new Map<string, SiteCallRow>();
  for (const count of counts) {
    let site = bySite.get(count.siteCode);
    if (!site) {
      site = { code: count.siteCode, name: count.siteName, calls: emptyCallRecord() };
      bySite.set(count.siteCode, site);
    }
    const [assay, code] = (count.value ?? "").split(":");
    const prefix = ASSAY_COLUMNS.find((column) => column.assay === assay)?.prefix;
    const category = CALL_CATEGORIES.find((entry) => CATEGORY_CODE[entry] === code);
    if (prefix && category) site.calls[callKey(prefix, category)] += count.n;
  }
  return [...bySite.values()];
}
