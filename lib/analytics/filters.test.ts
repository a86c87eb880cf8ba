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
      measure: "mrna-score",
      cut: undefined,
      view: "cohorts",
      comparison: { armA: "T_DXD", armB: "CHEMOTHERAPY", cohort: "LOW", setting: "METASTATIC", lineFrom: 2, lineTo: 4, adjust: [], forest: "pfs" },
      cohortForest: { show: false, cohort: "LOW", reference: "HER2_0" },
      landmarkMonths: 0,
      tauMonths: null,
      origin: "diagnosis",
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
      new URLSearchParams("rule=highest&scheme=3&compare=low-vs-0&site=03&site=01,02&from=2016&to=2023&hr=UNKNOWN,POSITIVE&stage=STAGE_IV&setting=EARLY&regimen=CHEMOTHERAPY&line=4plus&endpoint=pfs&ref=LOW&bands=1&measure=dia-hscore&cut=120"),
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
      measure: "dia-hscore",
      cut: 120,
      view: "cohorts",
      comparison: { armA: "T_DXD", armB: "CHEMOTHERAPY", cohort: "LOW", setting: "METASTATIC", lineFrom: 2, lineTo: 4, adjust: [], forest: "pfs" },
      cohortForest: { show: false, cohort: "LOW", reference: "HER2_0" },
      landmarkMonths: 0,
      tauMonths: null,
      origin: "diagnosis",
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
      measure: "ki67",
      cut: "",
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

  it("ignores a cut-off outside its measure's range or not a number", () => {
    expect(parseDashboardFilters({ measure: "dia-percent", cut: "150" }).cut).toBeUndefined();
    expect(parseDashboardFilters({ measure: "dia-hscore", cut: "150" }).cut).toBe(150);
    expect(parseDashboardFilters({ measure: "mrna-dct", cut: "-2.5" }).cut).toBe(-2.5);
    expect(parseDashboardFilters({ cut: "ten" }).cut).toBeUndefined();
    expect(parseDashboardFilters({ cut: "" }).cut).toBeUndefined();
  });

  it("reads the regimen comparison's options, a reversed line range as meant", () => {
    const filters = parseDashboardFilters({ view: "regimens", armA: "HER2_TKI", armB: "T_DM1", armCohort: "HER2_0", lineFrom: "4", lineTo: "2", adjust: "hr,age,visceral", tau: "24", landmark: "12" });
    expect(filters).toMatchObject({ view: "regimens", landmarkMonths: 12, tauMonths: 24 });
    expect(filters.comparison).toEqual({ armA: "HER2_TKI", armB: "T_DM1", cohort: "HER2_0", setting: "METASTATIC", lineFrom: 2, lineTo: 4, adjust: ["age", "hr"], forest: "pfs" });
    expect(parseDashboardFilters({ armA: "ASPIRIN", tau: "7" })).toMatchObject({ comparison: { armA: "T_DXD" }, tauMonths: null });
    expect(parseDashboardFilters({ fcohort: "HER2_9", fref: ["POSITIVE", "LOW"] })).toMatchObject({ cohortForest: { show: false, cohort: "LOW", reference: "POSITIVE" } });
    expect(parseDashboardFilters({ subgroups: "1" }).cohortForest.show).toBe(true);
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
      measure: fc.constant("dia-hscore" as const),
      cut: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      view: fc.constantFrom("cohorts", "regimens", "early"),
      comparison: fc
        .record({
          armA: fc.constantFrom("T_DXD", "SACITUZUMAB_GOVITECAN", "HER2_TKI"),
          armB: fc.constantFrom("CHEMOTHERAPY", "ENDOCRINE_PI3K_AKT_MTOR"),
          cohort: fc.constantFrom("LOW", "HER2_0", "ZERO", "POSITIVE"),
          setting: fc.constantFrom("METASTATIC", "NEOADJUVANT"),
          lineFrom: fc.integer({ min: 1, max: 4 }),
          lineTo: fc.integer({ min: 1, max: 4 }),
          adjust: fc.subarray(["age", "hr", "line", "cdk46"] as const),
          forest: fc.constantFrom("pfs", "os"),
        })
        .map((comparison) => ({ ...comparison, lineFrom: Math.min(comparison.lineFrom, comparison.lineTo), lineTo: Math.max(comparison.lineFrom, comparison.lineTo) })),
      cohortForest: fc.record({
        show: fc.boolean(),
        cohort: fc.constantFrom("ZERO", "ULTRALOW", "ZERO_NOS", "HER2_0", "LOW", "POSITIVE"),
        reference: fc.constantFrom("ZERO", "ULTRALOW", "ZERO_NOS", "HER2_0", "LOW", "POSITIVE"),
      }),
      landmarkMonths: fc.constantFrom(0, 6, 12, 24, 36),
      tauMonths: fc.constantFrom(null, 6, 12, 24, 36, 60),
      origin: fc.constantFrom("diagnosis", "surgery"),
    }));
    fc.assert(
      fc.property(filtersArbitrary, (filters) => {
        expect(parseDashboardFilters(toDashboardSearchParams(filters))).toEqual(filters);
      }),
    );
  });
});
