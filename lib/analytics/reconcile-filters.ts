// What a dashboard link asks for against what the user can see (issue 16 §1): a site code the
// user cannot choose, or a year outside the diagnosis years of the patients they can see, is
// dropped from the filters that are applied, and each drop is said on the page, so the filter
// bar and the data always agree. Pure: the server pages apply the result, the client filter bar
// shows the same result and its notice.
import type { DashboardFilters } from "./filters";

export type FilterChoices = {
  /** The sites the user may filter on (a coordinator: their own). */
  sites: readonly { code: string }[];
  /** The first and last diagnosis year among the patients the user can see; null when none. */
  years: { first: number; last: number } | null;
};

export type ReconciledFilters = { filters: DashboardFilters; dropped: string[] };

function listCodes(codes: readonly string[]): string {
  return codes.length === 1 ? `site ${codes[0]}` : `sites ${codes.slice(0, -1).join(", ")} and ${codes[codes.length - 1]}`;
}

export function reconcileDashboardFilters(filters: DashboardFilters, choices: FilterChoices, { siteLocked }: { siteLocked: boolean }): ReconciledFilters {
  const dropped: string[] = [];
  const known = new Set(choices.sites.map((site) => site.code));
  const unknownSites = filters.sites.filter((code) => !known.has(code));
  let sites = filters.sites;
  if (siteLocked && filters.sites.length > 0) {
    // A coordinator always sees their own site: a site filter in a shared link has no effect.
    const own = choices.sites.map((site) => site.code);
    const others = filters.sites.filter((code) => !own.includes(code));
    if (others.length > 0) dropped.push(`The link asks for ${listCodes(others)}; you see only your own site (${own.join(", ") || "none"}), so that filter is not applied.`);
    sites = [];
  } else if (unknownSites.length > 0) {
    dropped.push(`The link asks for ${listCodes(unknownSites)}, which ${unknownSites.length === 1 ? "is" : "are"} not among the sites you can choose; left out.`);
    sites = filters.sites.filter((code) => known.has(code));
  }

  let { yearFrom, yearTo } = filters;
  const range = choices.years;
  const outside = (year: number) => range === null || year < range.first || year > range.last;
  const rangeText = range === null ? "no patient has a diagnosis year" : `diagnosis years run from ${range.first} to ${range.last}`;
  if (yearFrom !== undefined && outside(yearFrom)) {
    dropped.push(`“From ${yearFrom}” is outside the data (${rangeText}); left out.`);
    yearFrom = undefined;
  }
  if (yearTo !== undefined && outside(yearTo)) {
    dropped.push(`“To ${yearTo}” is outside the data (${rangeText}); left out.`);
    yearTo = undefined;
  }
  return { filters: { ...filters, sites, yearFrom, yearTo }, dropped };
}
