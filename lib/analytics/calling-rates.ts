import "server-only";
import type { SessionUser } from "../auth/roles";
import type { Her2Assay } from "../generated/prisma/enums";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { patientCountsLevel, queryPatientCountsBySite } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

/** HER2-negative evaluable tests of one site or one assay, by category. */
export type CallingCounts = { zero: number; ultralow: number; low: number };

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

type SiteCallRow = { code: string; name: string } & Record<`${"ventana" | "herceptest" | "other_assay"}_${"zero" | "ultralow" | "low"}`, number>;

/**
 * How each site and each assay calls HER2-negative tests (issue 7 §5): live tests of patients in
 * scope with category ZERO, ULTRALOW or LOW (IHC 2+ with negative ISH is LOW too). Each patient
 * carries these counts by assay (ventana_zero_tests … other_assay_low_tests, derived from its live
 * tests on every write: docs/data-dictionary.md), so this is one parallel pass over patients
 * summed per site, or when no patient filter but sites applies, the per-site sums the triggers
 * keep in the summary (patient-counts.ts); the per-assay totals are the sums of the site rows.
 * (Joining every test to its patient took about six times as long at a million patients.)
 */
export async function countHer2Calls(user: SessionUser, filters: DashboardFilters): Promise<CallingRates> {
  const rows = patientCountsLevel(user, filters) !== null ? await callsFromCounts(user, filters) : await scanCalls(user, filters);
  const rates: CallingRates = { bySite: [], byAssay: ASSAY_COLUMNS.map(({ assay }) => ({ assay, zero: 0, ultralow: 0, low: 0 })) };
  for (const row of rows) {
    const site = { code: row.code, name: row.name, zero: 0, ultralow: 0, low: 0 };
    ASSAY_COLUMNS.forEach(({ prefix }, index) => {
      const byAssay = rates.byAssay[index];
      for (const category of ["zero", "ultralow", "low"] as const) {
        const n = row[`${prefix}_${category}` as keyof SiteCallRow] as number;
        site[category] += n;
        if (byAssay) byAssay[category] += n;
      }
    });
    if (site.zero + site.ultralow + site.low > 0) rates.bySite.push(site);
  }
  // An assay nobody used in scope is not a unit of the funnel plot (as with GROUP BY before).
  rates.byAssay = rates.byAssay.filter((entry) => entry.zero + entry.ultralow + entry.low > 0);
  rates.bySite.sort((a, b) => a.code.localeCompare(b.code));
  return rates;
}

/** Negative calls per site and assay over `patients` (summed per site from the derived counts). */
async function scanCalls(user: SessionUser, filters: DashboardFilters): Promise<SiteCallRow[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const sums = ASSAY_COLUMNS.flatMap(({ prefix }) =>
    (["zero", "ultralow", "low"] as const).map((category) => `sum(p.${prefix}_${category}_tests)::int AS ${prefix}_${category}`),
  );
  return runAggregateQuery<SiteCallRow>(
    `SELECT s.code, s.name, c.*
       FROM (SELECT p.site_id, ${sums.join(", ")}
               FROM patients p
              WHERE ${where}
              GROUP BY p.site_id) c
       JOIN sites s ON s.id = c.site_id`,
    parameters,
  );
}

/** The same per-site rows from the trigger-kept summary ("calls": "assay:category", patient-counts.ts). */
async function callsFromCounts(user: SessionUser, filters: DashboardFilters): Promise<SiteCallRow[]> {
  const counts = await queryPatientCountsBySite(user, filters, { variables: ["calls"], perRule: false });
  const bySite = new Map<string, SiteCallRow>();
  for (const count of counts) {
    let site = bySite.get(count.siteCode);
    if (!site) {
      site = { code: count.siteCode, name: count.siteName, ...Object.fromEntries(CALL_KEYS.map((key) => [key, 0])) } as SiteCallRow;
      bySite.set(count.siteCode, site);
    }
    const [assay, category] = (count.value ?? "").split(":");
    const prefix = ASSAY_COLUMNS.find((column) => column.assay === assay)?.prefix;
    const key = `${prefix}_${(category ?? "").toLowerCase()}`;
    if (prefix && isCallKey(key)) site[key] += count.n;
  }
  return [...bySite.values()];
}

const CALL_KEYS = ASSAY_COLUMNS.flatMap(({ prefix }) => (["zero", "ultralow", "low"] as const).map((category) => `${prefix}_${category}` as const));

function isCallKey(key: string): key is (typeof CALL_KEYS)[number] {
  return (CALL_KEYS as readonly string[]).includes(key);
}
