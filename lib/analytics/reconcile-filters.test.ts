import { describe, expect, it } from "vitest";
import { parseDashboardFilters } from "./filters";
import { reconcileDashboardFilters } from "./reconcile-filters";

const choices = { sites: [{ code: "01" }, { code: "02" }, { code: "03" }], years: { first: 2012, last: 2025 } };

describe("reconcileDashboardFilters (issue 16 §1)", () => {
  it("keeps what the user can choose, untouched and without a notice", () => {
    const filters = parseDashboardFilters({ site: "01,02", from: "2015", to: "2020" });
    expect(reconcileDashboardFilters(filters, choices, { siteLocked: false })).toEqual({ filters, dropped: [] });
  });

  it("drops an unknown site and says so", () => {
    const result = reconcileDashboardFilters(parseDashboardFilters({ site: "02,99" }), choices, { siteLocked: false });
    expect(result.filters.sites).toEqual(["02"]);
    expect(result.dropped).toEqual(["The link asks for site 99, which is not among the sites you can choose; left out."]);
  });

  it("drops years outside the data and says so", () => {
    const result = reconcileDashboardFilters(parseDashboardFilters({ from: "2030", to: "2031" }), choices, { siteLocked: false });
    expect(result.filters.yearFrom).toBeUndefined();
    expect(result.filters.yearTo).toBeUndefined();
    expect(result.dropped).toHaveLength(2);
    expect(result.dropped[0]).toContain("From 2030");
    expect(result.dropped[0]).toContain("2012 to 2025");
  });

  it("tells a coordinator that other sites in a link are not applied", () => {
    const own = { sites: [{ code: "01" }], years: choices.years };
    const result = reconcileDashboardFilters(parseDashboardFilters({ site: "02,03" }), own, { siteLocked: true });
    expect(result.filters.sites).toEqual([]);
    expect(result.dropped).toEqual(["The link asks for sites 02 and 03; you see only your own site (01), so that filter is not applied."]);
    expect(reconcileDashboardFilters(parseDashboardFilters({ site: "01" }), own, { siteLocked: true }).dropped).toEqual([]);
  });

  it("drops every year when the user sees no patient", () => {
    const result = reconcileDashboardFilters(parseDashboardFilters({ from: "2015" }), { sites: [], years: null }, { siteLocked: false });
    expect(result.filters.yearFrom).toBeUndefined();
    expect(result.dropped[0]).toContain("no patient has a diagnosis year");
  });
});
