// The cohort forest's cells (cohort-forest.ts ForestColumns) counted from one entry per patient,
// as the query of cohort-forest-rows.ts returns them. Pure. At a million patients a count(*)
// FILTER per subgroup level (38 per patient for OS from diagnosis) cost PostgreSQL 1.3-1.6 s to
// group 846,725 patients into 19,723 cells; here the same cells take a few increments per patient
// (docs/dashboards.md §9, tenth and twelfth rounds).
import { ForestColumnsBuilder, type CohortForestColumns, type CohortForestVariable, type ForestColumns } from "./cohort-forest";

/** A subgroup variable coded in the patient's code: its levels, in the order its columns list them. */
export type CodedVariable = { variable: Exclude<CohortForestVariable, "site">; levels: readonly string[] };

/**
 * Per patient, in the same order in each: `keys` = time (days) × 4 + event × 2 + arm (1 = the
 * cohort, 0 = the reference); `codes` = Σ part × multiplier over the coded variables
 * (codeMultipliers); `sites` = the patient's site id.
 */
export type ForestPatients = { keys: Int32Array; codes: Int32Array; sites: Int32Array };

/** The subgroup codes fit in this many bits of a patient's packed entry (PACKED_PATIENT). */
const CODE_BITS = 11;

/**
 * A patient's entry as PostgreSQL packs it: one 8-byte big-endian integer, key × 2^43 + code ×
 * 2^32 + site id. One aggregate of 8 bytes a patient took 270 ms at a million patients where
 * three of 4 bytes took 400-480 (docs/dashboards.md §9, tenth round). The key is below 2^18 (a day
 * is at most 36,500), so the entry is below 2^61.
 */
export const PACKED_PATIENT = { keyMultiplier: 2 ** (32 + CODE_BITS), codeMultiplier: 2 ** 32 } as const;

/** The patients' columns from their packed entries (`string_agg(int8send(…), '')`). */
export function unpackForestPatients(bytes: Uint8Array | null): ForestPatients {
  if (bytes === null) return { keys: new Int32Array(0), codes: new Int32Array(0), sites: new Int32Array(0) };
  if (bytes.byteLength % 8 !== 0) throw new RangeError(`A bytea of 8-byte entries has ${bytes.byteLength} bytes.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength / 8;
  const keys = new Int32Array(count);
  const codes = new Int32Array(count);
  const sites = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const high = view.getUint32(i * 8);
    keys[i] = Math.floor(high / 2 ** CODE_BITS);
    codes[i] = high % 2 ** CODE_BITS;
    sites[i] = view.getInt32(i * 8 + 4);
  }
  return { keys, codes, sites };
}

/**
 * Each coded variable's multiplier in the patient's code (mixed radix): the variable's part is
 * the index of the patient's level, or the number of its levels when the patient is in none of
 * them (a line number below 1, say), so every variable has levels + 1 parts.
 */
export function codeMultipliers(variables: readonly CodedVariable[]): number[] {
  const multipliers: number[] = [];
  let multiplier = 1;
  for (const { levels } of variables) {
    multipliers.push(multiplier);
    multiplier *= levels.length + 1;
  }
  if (multiplier > 2 ** CODE_BITS) throw new RangeError(`The subgroup levels make ${multiplier} codes; a patient's entry holds ${2 ** CODE_BITS}.`);
  return multipliers;
}

/**
 * Keys above this are refused: the database's CHECK constraints keep every day within 36,500 days
 * of the diagnosis (MAX_DAY), so a larger key is not a follow-up this application stores, and the
 * counts would allocate for it.
 */
const MAX_KEY = 4 * 36_500 + 3;

type Site = { id: number; code: string };

/**
 * Counts per site and key held in a dense table up to this many (128 MB): 25 sites × 30,000 keys
 * are 750,000, the 10M benchmark's 250 sites about 9 million. Above it a map holds them, in
 * memory bounded by the patients but far slower: with a limit of 8 million, the 10M benchmark's
 * sites went to the map and its forest's OS cells took 7.5-8.3 s instead of 3.7-4.9 (docs/dashboards.md
 * §9, twelfth round).
 */
const DENSE_SITE_COUNTS = 32_000_000;

/**
 * The cohort forest's cells counted as the patients arrive, one part (range of patient ids) at a
 * time. The counts are dense tables indexed by key: one row of the overall and coded-level counts
 * per key, and one column of keys per site. At a million patients (846,725 for OS from diagnosis,
 * 554,679 cells) counting took 35-50 ms where the counting sort of the patients by key it
 * replaces took 80-140; the whole query's time did not change measurably (docs/dashboards.md §9,
 * twelfth round). The tables hold (keys) × (levels + sites) counts, about 30,000 keys × 41 at a
 * million patients (5 MB), whatever the number of patients: the sort held six arrays of one
 * number a patient (200 MB at ten million).
 */
export class ForestCellCounter {
  private readonly width: number;
  /** Per code (below 2^CODE_BITS) and coded variable, the slot of the code's level (1 + its index among every coded level), or 0: in none. */
  private readonly slotOf: Int32Array;
  private readonly slots: number;
  private keyCapacity = 0;
  private maxKey = -1;
  /** (key × (1 + slots)): slot 0 counts every patient, slot 1 + i the i-th coded level. */
  private coded = new Int32Array(0);
  /**
   * Per site and key: dense (site slot × keyCapacity + key) while that holds at most
   * DENSE_SITE_COUNTS counts, else a map keyed site slot × (MAX_KEY + 1) + key (many sites and long
   * follow-up: memory bounded by the patients, not by sites × days).
   */
  private bySite: Int32Array | Map<number, number> = new Int32Array(0);
  private readonly sites: Site[] = [];
  private readonly siteSlots = new Map<number, number>();
  private unlisted = 0;

  constructor(private readonly variables: readonly CodedVariable[]) {
    const multipliers = codeMultipliers(variables);
    this.width = variables.length;
    let slots = 0;
    const firstSlot = variables.map(({ levels }) => {
      const first = slots;
      slots += levels.length;
      return first;
    });
    this.slots = slots;
    this.slotOf = new Int32Array(2 ** CODE_BITS * this.width);
    for (let code = 0; code < 2 ** CODE_BITS; code++) {
      variables.forEach(({ levels }, v) => {
        const part = Math.floor(code / (multipliers[v] ?? 1)) % (levels.length + 1);
        this.slotOf[code * this.width + v] = part < levels.length ? 1 + (firstSlot[v] ?? 0) + part : 0;
      });
    }
  }

  /** Counts `patients`, whose sites are among `sites` (read with them: a patient's site not there is counted as unlisted). */
  add(patients: ForestPatients, sites: readonly Site[]): void {
    const { keys, codes, sites: siteIds } = patients;
    const count = keys.length;
    if (codes.length !== count || siteIds.length !== count) throw new RangeError(`The forest's columns have ${count}, ${codes.length} and ${siteIds.length} entries.`);
    let maxKey = this.maxKey;
    for (let i = 0; i < count; i++) {
      const key = keys[i] ?? -1;
      if (!(key >= 0 && key <= MAX_KEY)) throw new RangeError(`A patient's key is out of range (${key}).`);
      if (key > maxKey) maxKey = key;
      const code = codes[i] ?? -1;
      if (!(code >= 0 && code < 2 ** CODE_BITS)) throw new RangeError(`A patient's subgroup code is ${code < 0 ? "negative" : "out of range"} (${code}).`);
    }
    for (const site of sites) {
      if (!this.siteSlots.has(site.id)) {
        this.siteSlots.set(site.id, this.sites.length);
        this.sites.push(site);
      }
    }
    this.reserve(maxKey);
    // This part's site ids (small whole numbers: a serial) to slots through a table, unless one is very large.
    let maxSiteId = 0;
    for (const site of sites) maxSiteId = Math.max(maxSiteId, site.id);
    const siteTable = maxSiteId <= 1 << 20 ? new Int32Array(maxSiteId + 1).fill(-1) : null;
    const partSlots = new Map<number, number>();
    for (const site of sites) {
      const slot = this.siteSlots.get(site.id) ?? -1;
      if (siteTable && site.id >= 0) siteTable[site.id] = slot;
      partSlots.set(site.id, slot);
    }
    const { width, slotOf, coded, bySite, keyCapacity } = this;
    const stride = 1 + this.slots;
    for (let i = 0; i < count; i++) {
      const key = keys[i] ?? 0;
      const row = key * stride;
      coded[row] = (coded[row] ?? 0) + 1;
      const base = (codes[i] ?? 0) * width;
      for (let v = 0; v < width; v++) {
        const slot = slotOf[base + v] ?? 0;
        if (slot > 0) coded[row + slot] = (coded[row + slot] ?? 0) + 1;
      }
      const id = siteIds[i] ?? -1;
      const slot = siteTable ? (id >= 0 && id < siteTable.length ? (siteTable[id] ?? -1) : -1) : (partSlots.get(id) ?? -1);
      if (slot < 0) this.unlisted++;
      else if (bySite instanceof Int32Array) {
        const at = slot * keyCapacity + key;
        bySite[at] = (bySite[at] ?? 0) + 1;
      } else {
        const at = slot * (MAX_KEY + 1) + key;
        bySite.set(at, (bySite.get(at) ?? 0) + 1);
      }
    }
  }

  /** Room for keys up to `maxKey` (and a quarter more) and for every site met so far, keeping the counts. */
  private reserve(maxKey: number): void {
    this.maxKey = Math.max(this.maxKey, maxKey);
    const stride = 1 + this.slots;
    const keyCapacity = this.maxKey < this.keyCapacity ? this.keyCapacity : Math.max(64, Math.ceil((this.maxKey + 1) * 1.25));
    if (keyCapacity !== this.keyCapacity) {
      const coded = new Int32Array(keyCapacity * stride);
      coded.set(this.coded);
      this.coded = coded;
    }
    const previous = this.bySite;
    if (previous instanceof Int32Array && (keyCapacity !== this.keyCapacity || this.sites.length * keyCapacity > previous.length)) {
      // Every site is listed with the first part; one created while the parts are read is rare.
      const columns = this.sites.length;
      if (columns * keyCapacity <= DENSE_SITE_COUNTS) {
        const bySite = new Int32Array(columns * keyCapacity);
        for (let slot = 0; slot * this.keyCapacity < previous.length; slot++) {
          bySite.set(previous.subarray(slot * this.keyCapacity, (slot + 1) * this.keyCapacity), slot * keyCapacity);
        }
        this.bySite = bySite;
      } else {
        const bySite = new Map<number, number>();
        previous.forEach((n, at) => {
          if (n > 0) bySite.set(Math.floor(at / this.keyCapacity) * (MAX_KEY + 1) + (at % this.keyCapacity), n);
        });
        this.bySite = bySite;
      }
    }
    this.keyCapacity = keyCapacity;
  }

  /**
   * The site cells in the map (many sites over long follow-up) as (key, level, n), ordered by key
   * then level: reading the map once per site and key would cost sites × days lookups.
   */
  private mapSiteCells(bySite: Map<number, number>, levelOfSlot: Int32Array): { key: number; level: number; n: number }[] {
    const cells = [...bySite].map(([at, n]) => ({ key: at % (MAX_KEY + 1), level: levelOfSlot[Math.floor(at / (MAX_KEY + 1))] ?? 0, n }));
    return cells.sort((x, y) => x.key - y.key || x.level - y.level);
  }

  /**
   * The cells of the overall row ("all") and of each variable: per (arm, day, event), the number
   * of patients in each level that holds some (as a GROUP BY returns them), ordered by day. Every
   * coded variable's levels and every site (in id order) are the columns' levels, whether or not
   * they have patients. Also returns the number of patients whose site was not listed with them.
   */
  columns(): { columns: CohortForestColumns; unlistedSites: number } {
    const { variables, coded } = this;
    const stride = 1 + this.slots;
    const builders = variables.map(({ levels }) => new ForestColumnsBuilder(levels));
    const levelOfSlot: { builder: ForestColumnsBuilder; level: number }[] = [];
    variables.forEach(({ levels }, v) => levels.forEach((_, level) => levelOfSlot.push({ builder: builders[v] ?? new ForestColumnsBuilder(), level })));
    const siteOrder = this.sites.map((site, slot) => ({ site, slot })).sort((x, y) => x.site.id - y.site.id);
    const siteBuilder = new ForestColumnsBuilder(siteOrder.map(({ site }) => site.code));
    const { bySite, keyCapacity } = this;
    const levelOfSiteSlot = new Int32Array(this.sites.length);
    siteOrder.forEach(({ slot }, level) => (levelOfSiteSlot[slot] = level));
    const mapped = bySite instanceof Map ? this.mapSiteCells(bySite, levelOfSiteSlot) : [];
    let next = 0;
    const all = new ForestColumnsBuilder(["all"]);
    for (let key = 0; key <= this.maxKey; key++) {
      const row = key * stride;
      const total = coded[row] ?? 0;
      if (total === 0) continue;
      const arm = key % 2 === 1 ? 1 : 0;
      const time = Math.floor(key / 4);
      const event = Math.floor(key / 2) % 2 === 1;
      all.push(0, arm, time, event, total);
      for (let slot = 1; slot < stride; slot++) {
        const n = coded[row + slot] ?? 0;
        const target = levelOfSlot[slot - 1];
        if (n > 0 && target) target.builder.push(target.level, arm, time, event, n);
      }
      if (bySite instanceof Int32Array) {
        siteOrder.forEach(({ slot }, level) => {
          const n = bySite[slot * keyCapacity + key] ?? 0;
          if (n > 0) siteBuilder.push(level, arm, time, event, n);
        });
      } else {
        for (let cell = mapped[next]; cell !== undefined && cell.key === key; cell = mapped[++next]) siteBuilder.push(cell.level, arm, time, event, cell.n);
      }
    }
    // The variables in display order, the site before the era (cohortForestVariables).
    const built: [CohortForestVariable, ForestColumns][] = variables.map(({ variable }, v) => [variable, (builders[v] ?? new ForestColumnsBuilder()).build()]);
    if (this.sites.length > 0) {
      const eraAt = built.findIndex(([variable]) => variable === "era");
      built.splice(eraAt < 0 ? built.length : eraAt, 0, ["site", siteBuilder.build()]);
    }
    return { columns: { all: all.build(), variables: Object.fromEntries(built) }, unlistedSites: this.unlisted };
  }
}

/** The cells of `patients` whose sites are `sites`, in one go (ForestCellCounter). */
export function forestColumnsOfPatients(
  patients: ForestPatients,
  variables: readonly CodedVariable[],
  sites: readonly Site[],
): { columns: CohortForestColumns; unlistedSites: number } {
  const counter = new ForestCellCounter(variables);
  counter.add(patients, sites);
  return counter.columns();
}
