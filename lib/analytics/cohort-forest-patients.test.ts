import { describe, expect, it } from "vitest";
import type { ForestColumns } from "./cohort-forest";
import { ForestCellCounter, PACKED_PATIENT, codeMultipliers, forestColumnsOfPatients, unpackForestPatients, type CodedVariable } from "./cohort-forest-patients";

const VARIABLES: CodedVariable[] = [
  { variable: "ageGroup", levels: ["Under 50", "50-69", "70 or older"] },
  { variable: "hrStatus", levels: ["POSITIVE", "NEGATIVE", "UNKNOWN"] },
  { variable: "era", levels: ["Before 2015", "2015-2019", "2020 or later"] },
];
const SITES = [
  { id: 3, code: "03" },
  { id: 7, code: "07" },
  { id: 70_000, code: "big" },
];

type Patient = { arm: 0 | 1; time: number; event: boolean; parts: number[]; site: number };

/** A patient's three columns as the query writes them. */
function columnsOf(patients: readonly Patient[], variables = VARIABLES) {
  const multipliers = codeMultipliers(variables);
  return {
    keys: Int32Array.from(patients.map((p) => p.time * 4 + (p.event ? 2 : 0) + p.arm)),
    codes: Int32Array.from(patients.map((p) => p.parts.reduce((sum, part, v) => sum + part * (multipliers[v] ?? 0), 0))),
    sites: Int32Array.from(patients.map((p) => p.site)),
  };
}

/** The cells as "level|arm|time|event" → n, for comparison regardless of order. */
function tally(columns: ForestColumns | undefined): Map<string, number> {
  const cells = new Map<string, number>();
  if (!columns) return cells;
  for (let i = 0; i < columns.n.length; i++) {
    const key = `${columns.levels[columns.level[i] ?? 0]}|${columns.arm[i]}|${columns.time[i]}|${columns.event[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + (columns.n[i] ?? 0));
  }
  return cells;
}

/** The same cells counted the obvious way, one patient at a time. */
function bruteForce(patients: readonly Patient[], levelOf: (p: Patient) => string | null): Map<string, number> {
  const cells = new Map<string, number>();
  for (const p of patients) {
    const level = levelOf(p);
    if (level === null) continue;
    const key = `${level}|${p.arm}|${p.time}|${p.event ? 1 : 0}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return cells;
}

describe("the cohort forest's cells from one entry per patient", () => {
  it("counts every level's patients per arm, day and event, as a count per patient does", () => {
    // A fixed pseudo-random cohort: ties on days, both arms, every level, patients in no level.
    let seed = 17;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const patients: Patient[] = Array.from({ length: 2_000 }, () => ({
      arm: next(2) as 0 | 1,
      time: next(60),
      event: next(3) === 0,
      // Part 3 of a variable is "in none of its levels".
      parts: VARIABLES.map(() => (next(20) === 0 ? 3 : next(3))),
      site: SITES[next(SITES.length)]?.id ?? 0,
    }));
    const { columns, unlistedSites } = forestColumnsOfPatients(columnsOf(patients), VARIABLES, SITES);
    expect(unlistedSites).toBe(0);
    expect(tally(columns.all)).toEqual(bruteForce(patients, () => "all"));
    VARIABLES.forEach(({ variable, levels }, v) => {
      expect(columns.variables[variable]?.levels).toEqual(levels);
      expect(tally(columns.variables[variable])).toEqual(bruteForce(patients, (p) => levels[p.parts[v] ?? 0] ?? null));
    });
    expect(columns.variables.site?.levels).toEqual(["03", "07", "big"]);
    expect(tally(columns.variables.site)).toEqual(bruteForce(patients, (p) => SITES.find((site) => site.id === p.site)?.code ?? null));
    // The variables in display order: the site before the era.
    expect(Object.keys(columns.variables)).toEqual(["ageGroup", "hrStatus", "site", "era"]);
    // Cells are ordered by day, and a GROUP BY's cells are never empty.
    expect([...columns.all.time]).toEqual([...columns.all.time].sort((a, b) => a - b));
    expect([...columns.variables.era!.n].every((n) => n > 0)).toBe(true);
  });

  it("counts parts as they come as it counts them together: later days, and a site listed only with a later part", () => {
    let seed = 5;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const patient = (maxTime: number, sites: readonly { id: number }[]): Patient => ({
      arm: next(2) as 0 | 1,
      time: next(maxTime),
      event: next(2) === 0,
      parts: VARIABLES.map(() => next(4)),
      site: sites[next(sites.length)]?.id ?? 0,
    });
    const firstSites = SITES.slice(0, 2);
    const first = Array.from({ length: 300 }, () => patient(10, firstSites));
    // The second part reaches days far beyond the first's (the tables grow) and a site created in between.
    const second = Array.from({ length: 500 }, () => patient(400, SITES));
    const counter = new ForestCellCounter(VARIABLES);
    counter.add(columnsOf(first), firstSites);
    counter.add(columnsOf(second), SITES);
    const inParts = counter.columns();
    const together = forestColumnsOfPatients(columnsOf([...first, ...second]), VARIABLES, SITES);
    expect(inParts.unlistedSites).toBe(0);
    expect(tally(inParts.columns.all)).toEqual(tally(together.columns.all));
    for (const variable of ["ageGroup", "hrStatus", "site", "era"] as const) {
      expect(inParts.columns.variables[variable]?.levels).toEqual(together.columns.variables[variable]?.levels);
      expect(tally(inParts.columns.variables[variable])).toEqual(tally(together.columns.variables[variable]));
    }
    expect(tally(inParts.columns.variables.site)).toEqual(bruteForce([...first, ...second], (p) => SITES.find((site) => site.id === p.site)?.code ?? null));
    expect([...inParts.columns.variables.site!.time]).toEqual([...inParts.columns.variables.site!.time].sort((a, b) => a - b));
  });

  it("counts many sites over long follow-up in a map instead of a table, with the same cells", () => {
    const sites = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, code: String(i + 1).padStart(3, "0") }));
    // 200 sites × keys up to 4 × 36,500: more counts than the dense table holds.
    const patients: Patient[] = Array.from({ length: 400 }, (_, i) => ({ arm: (i % 2) as 0 | 1, time: (i * 97) % 36_500, event: i % 3 === 0, parts: [i % 3, i % 4, i % 3], site: sites[i % 200]?.id ?? 0 }));
    const counter = new ForestCellCounter(VARIABLES);
    counter.add(columnsOf(patients.slice(0, 10)), sites.slice(0, 10));
    counter.add(columnsOf(patients.slice(10)), sites);
    const { columns, unlistedSites } = counter.columns();
    expect(unlistedSites).toBe(0);
    expect(columns.variables.site?.levels).toEqual(sites.map((site) => site.code));
    expect(tally(columns.variables.site)).toEqual(bruteForce(patients, (p) => String(p.site).padStart(3, "0")));
    expect(tally(columns.all)).toEqual(bruteForce(patients, () => "all"));
    expect([...columns.variables.site!.time]).toEqual([...columns.variables.site!.time].sort((a, b) => a - b));
  });

  it("counts the patients whose site was not listed", () => {
    const patients: Patient[] = [
      { arm: 1, time: 5, event: true, parts: [0, 0, 0], site: 3 },
      { arm: 0, time: 5, event: true, parts: [0, 0, 0], site: 99 },
    ];
    const { columns, unlistedSites } = forestColumnsOfPatients(columnsOf(patients), VARIABLES, SITES);
    expect(unlistedSites).toBe(1);
    expect(tally(columns.variables.site)).toEqual(new Map([["03|1|5|1", 1]]));
  });

  it("finds sites whose ids are too large for a table of slots", () => {
    const sites = [{ id: 2 ** 30, code: "huge" }, ...SITES];
    const patients: Patient[] = [
      { arm: 1, time: 2, event: false, parts: [1, 1, 1], site: 2 ** 30 },
      { arm: 1, time: 2, event: false, parts: [1, 1, 1], site: 7 },
      { arm: 0, time: 2, event: false, parts: [1, 1, 1], site: 2 ** 30 - 1 },
    ];
    const { columns, unlistedSites } = forestColumnsOfPatients(columnsOf(patients), VARIABLES, sites);
    expect(unlistedSites).toBe(1);
    expect(tally(columns.variables.site)).toEqual(new Map([["huge|1|2|0", 1], ["07|1|2|0", 1]]));
  });

  it("returns empty columns with every level for no patients, and no site variable without sites", () => {
    const { columns } = forestColumnsOfPatients(columnsOf([]), VARIABLES, []);
    expect(columns.all.n.length).toBe(0);
    expect(columns.variables.hrStatus?.levels).toEqual(["POSITIVE", "NEGATIVE", "UNKNOWN"]);
    expect(columns.variables.site).toBeUndefined();
  });

  it("refuses columns of unequal length, negative keys or codes, and days no case can hold", () => {
    const one = columnsOf([{ arm: 1, time: 5, event: false, parts: [0, 0, 0], site: 3 }]);
    expect(() => forestColumnsOfPatients({ ...one, sites: new Int32Array(0) }, VARIABLES, SITES)).toThrow(RangeError);
    expect(() => forestColumnsOfPatients({ ...one, keys: Int32Array.of(-1) }, VARIABLES, SITES)).toThrow(/out of range/);
    expect(() => forestColumnsOfPatients({ ...one, keys: Int32Array.of(2 ** 30) }, VARIABLES, SITES)).toThrow(/out of range/);
    expect(() => forestColumnsOfPatients({ ...one, codes: Int32Array.of(-4) }, VARIABLES, SITES)).toThrow(/negative/);
    expect(() => forestColumnsOfPatients({ ...one, codes: Int32Array.of(2 ** 11) }, VARIABLES, SITES)).toThrow(/out of range/);
  });

  it("gives each variable levels + 1 parts in the code", () => {
    expect(codeMultipliers(VARIABLES)).toEqual([1, 4, 16]);
    expect(() => codeMultipliers(Array.from({ length: 6 }, () => ({ variable: "era" as const, levels: ["a", "b", "c"] })))).toThrow(/2048/);
  });

  it("reads each patient's packed entry as PostgreSQL writes it (key × 2^43 + code × 2^32 + site id)", () => {
    const entries = [
      { key: 36_500 * 4 + 3, code: 2047, site: 2 ** 31 - 1 },
      { key: 0, code: 0, site: 1 },
      { key: 17, code: 1_599, site: 250 },
    ];
    const bytes = new Uint8Array(entries.length * 8);
    const view = new DataView(bytes.buffer);
    entries.forEach(({ key, code, site }, i) => view.setBigUint64(i * 8, BigInt(key) * BigInt(PACKED_PATIENT.keyMultiplier) + BigInt(code) * BigInt(PACKED_PATIENT.codeMultiplier) + BigInt(site)));
    const patients = unpackForestPatients(bytes);
    expect([...patients.keys]).toEqual(entries.map((entry) => entry.key));
    expect([...patients.codes]).toEqual(entries.map((entry) => entry.code));
    expect([...patients.sites]).toEqual(entries.map((entry) => entry.site));
    expect(unpackForestPatients(null).keys.length).toBe(0);
    expect(() => unpackForestPatients(new Uint8Array(12))).toThrow(/8-byte/);
  });
});
