import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DASHBOARD_FILTERS, MAX_FILTER_VALUES, parseDashboardFilters, toDashboardQuery, toDashboardSearchParams, type DashboardFilters } from "./filters";

describe("dashboard filters in the URL", () => {
  it("defaults to the status at diagnosis (primary rule), 4 groups, no patient filter, T-DXd in any line, OS from diagnosis against HER2-null", () => {
    expect(DEFAULT_DASHBOARD_FILTERS).toEqual({
      rule: "primary",
      scheme: "4",
      compare: "all",
      sites: [],
      yearFrom: undefined,
      yearTo: undefined,
      hr: [],
      stage: [],
      setting: [],
      regimen: "T_DXD",
      line: "any",
      endpoint: "os",
      reference: "ZERO",
      bands: false,
    });
    expect(toDashboardQuery(DEFAULT_DASHBOARD_FILTERS)).toBe("");
  });

  it("reads at most MAX_FILTER_VALUES values of a list, however many are sent (issue 15 §4)", () => {
    const codes = Array.from({ length: 50_000 }, (_, index) => String(index).padStart(5, "0"));
    const started = performance.now();
    const asList = parseDashboardFilters(new URLSearchParams(`site=${codes.join(",")}`));
    const asKeys = parseDashboardFilters(new URLSearchParams(codes.map((code) => `site=${code}`).join("&")));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(asList.sites).toHaveLength(MAX_FILTER_VALUES);
    expect(asKeys.sites).toHaveLength(MAX_FILTER_VALUES);
  });

  it("reads every parameter, as comma lists or repeated keys", () => {
    const filters = parseDashboardFilters(
      new URLSearchParams("rule=highest&scheme=3&compare=low-vs-0&site=03&site=01,02&from=2016&to=2023&hr=UNKNOWN,POSITIVE&stage=STAGE_IV&setting=EARLY&regimen=CHEMOTHERAPY&line=4plus&endpoint=pfs&ref=LOW&bands=1"),
    );
    expect(filters).toEqual({
      rule: "highest",
      scheme: "3",
      compare: "low-vs-0",
      sites: ["01", "02", "03"],
      yearFrom: 2016,
      yearTo: 2023,
      hr: ["POSITIVE", "UNKNOWN"],
      stage: ["STAGE_IV"],
      setting: ["EARLY"],
      regimen: "CHEMOTHERAPY",
      line: "4plus",
      endpoint: "pfs",
      reference: "LOW",
      bands: true,
    });
  });

  it("falls back to the default of each parameter that is not valid, never throwing", () => {
    const filters = parseDashboardFilters({
      rule: "newest",
      site: ["'; DROP TABLE patients; --", "01"],
      from: "19x",
      to: "3000",
      hr: "MAYBE",
      stage: "STAGE_V,STAGE_I",
      setting: ["EARLY", "EARLY"],
      regimen: "ASPIRIN",
      line: "0",
      endpoint: "dfs",
      ref: "EQUIVOCAL",
      bands: "yes",
    });
    expect(filters).toEqual({ ...DEFAULT_DASHBOARD_FILTERS, sites: ["01"], stage: ["STAGE_I"], setting: ["EARLY"] });
  });

  it("places the reference cohort in the scheme: HER2-0 stands for the IHC 0 groups in 3 groups, HER2-null for HER2-0 in 4", () => {
    expect(parseDashboardFilters({ scheme: "3" }).reference).toBe("HER2_0");
    expect(parseDashboardFilters({ scheme: "3", ref: "ULTRALOW" }).reference).toBe("HER2_0");
    expect(parseDashboardFilters({ scheme: "3", ref: "LOW" }).reference).toBe("LOW");
    expect(parseDashboardFilters({ scheme: "4", ref: "HER2_0" }).reference).toBe("ZERO");
    expect(toDashboardQuery(parseDashboardFilters({ scheme: "3" }))).toBe("?scheme=3");
  });

  it("reads a reversed year range as meant", () => {
    expect(parseDashboardFilters({ from: "2024", to: "2018" })).toMatchObject({ yearFrom: 2018, yearTo: 2024 });
  });

  it("writes filters that read back unchanged (any valid combination)", () => {
    const references = { "4": ["ZERO", "ULTRALOW", "ZERO_NOS", "LOW", "POSITIVE"], "3": ["HER2_0", "LOW", "POSITIVE"] } as const;
    const filtersArbitrary: fc.Arbitrary<DashboardFilters> = fc.constantFrom("4" as const, "3" as const).chain((scheme) => fc.record({
      rule: fc.constantFrom("latest", "primary", "highest"),
      scheme: fc.constant(scheme),
      compare: fc.constantFrom("all", "negative", "low-vs-0"),
      sites: fc.uniqueArray(fc.constantFrom("01", "02", "03", "04"), { maxLength: 4 }).map((codes) => [...codes].sort()),
      yearFrom: fc.option(fc.integer({ min: 2000, max: 2010 }), { nil: undefined }),
      yearTo: fc.option(fc.integer({ min: 2011, max: 2025 }), { nil: undefined }),
      hr: fc.subarray(["POSITIVE", "NEGATIVE", "UNKNOWN"] as const),
      stage: fc.subarray(["STAGE_0", "STAGE_I", "STAGE_II", "STAGE_III", "STAGE_IV", "UNKNOWN"] as const),
      setting: fc.subarray(["EARLY", "DE_NOVO_METASTATIC", "RECURRENT_METASTATIC"] as const),
      regimen: fc.constantFrom("ANY", "T_DXD", "CHEMOTHERAPY", "ENDOCRINE_CDK46"),
      line: fc.constantFrom("any", "1", "2", "3", "4plus"),
      endpoint: fc.constantFrom("os", "os-line", "pfs"),
      reference: fc.constantFrom(...references[scheme]),
      bands: fc.boolean(),
    }));
    fc.assert(
      fc.property(filtersArbitrary, (filters) => {
        expect(parseDashboardFilters(toDashboardSearchParams(filters))).toEqual(filters);
      }),
    );
  });
});
