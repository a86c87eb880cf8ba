// The cohort forest's cells (cohort-forest.ts ForestColumns) counted from one entry per patient,
// as the query of cohort-forest-rows.ts returns them. Pure. At a million patients a count(*)
// FILTER per subgroup level (38 per patient for OS from diagnosis) cost PostgreSQL 1.3-1.6 s to
// group 846,725 patients into 19,723 cells; here the same cells take a counting sort and a few
// increments per patient (docs/dashboards.md §9, tenth round).
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
 * Keys above this are refused: a day is at most MAX_DAY (36,500) after diagnosis, so a larger
 * key is not a follow-up this application stores, and the counting sort would allocate for it.
 */
const MAX_KEY = 4 * 1_000_000;

/**
 * The patients' codes and site slots ordered by key (a counting sort), and where each key's run
 * starts. Scattered here so that the counting reads them in order: read through an order of
 * positions instead, the counting took three times as long at a million patients.
 */
function sortByKey(keys: Int32Array, codes: Int32Array, siteSlots: Int32Array): { codes: Int32Array; siteSlots: Int32Array; starts: Int32Array } {
  let maxKey = -1;
  for (const key of keys) {
    if (!(key >= 0 && key <= MAX_KEY)) throw new RangeError(`A patient's key is out of range (${key}).`);
    if (key > maxKey) maxKey = key;
  }
  const starts = new Int32Array(maxKey + 2);
  for (const key of keys) starts[key + 1] = (starts[key + 1] ?? 0) + 1;
  for (let key = 0; key <= maxKey; key++) starts[key + 1] = (starts[key + 1] ?? 0) + (starts[key] ?? 0);
  const next = starts.slice(0, maxKey + 1);
  const sortedCodes = new Int32Array(keys.length);
  const sortedSlots = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? 0;
    const position = next[key] ?? 0;
    sortedCodes[position] = codes[i] ?? 0;
    sortedSlots[position] = siteSlots[i] ?? -1;
    next[key] = position + 1;
  }
  return { codes: sortedCodes, siteSlots: sortedSlots, starts };
}

/**
 * The cells of the overall row ("all") and of each variable: per (arm, day, event), the number
 * of patients in each level that has any (as a GROUP BY returns them), ordered by day. Every
 * coded variable's levels and every site are the columns' levels, in the order given, whether
 * or not they have patients. Also returns the number of patients whose site is not in `sites`
 * (a site created after they were read).
 */
export function forestColumnsOfPatients(
  patients: ForestPatients,
  variables: readonly CodedVariable[],
  sites: readonly { id: number; code: string }[],
): { columns: CohortForestColumns; unlistedSites: number } {
  const { keys, codes, sites: siteIds } = patients;
  const count = keys.length;
  if (codes.length !== count || siteIds.length !== count) throw new RangeError(`The forest's columns have ${count}, ${codes.length} and ${siteIds.length} entries.`);
  const multipliers = codeMultipliers(variables);
  let maxCode = 0;
  for (const code of codes) {
    if (!(code >= 0)) throw new RangeError(`A patient's subgroup code is negative (${code}).`);
    if (code > maxCode) maxCode = code;
  }
  // Every level of every variable has a slot; `slotOf[code × variables + v]` is the slot of the
  // code's level of variable v (-1: in none of its levels), looked up once per code.
  const width = variables.length;
  const firstSlot: number[] = [];
  let slots = 0;
  for (const { levels } of variables) {
    firstSlot.push(slots);
    slots += levels.length;
  }
  const slotOf = new Int32Array((maxCode + 1) * width);
  for (let code = 0; code <= maxCode; code++) {
    variables.forEach(({ levels }, v) => {
      const part = Math.floor(code / (multipliers[v] ?? 1)) % (levels.length + 1);
      slotOf[code * width + v] = part < levels.length ? (firstSlot[v] ?? 0) + part : -1;
    });
  }
  const variableOfSlot = variables.flatMap(({ levels }, v) => levels.map(() => v));
  const builders = variables.map(({ levels }) => new ForestColumnsBuilder(levels));
  const counts = new Int32Array(slots);
  // Site ids are small whole numbers (a serial): a table of their slots unless one is very large.
  let maxSiteId = 0;
  for (const site of sites) maxSiteId = Math.max(maxSiteId, site.id);
  const siteTable = maxSiteId <= 1 << 20 ? new Int32Array(maxSiteId + 1).fill(-1) : null;
  const siteSlot = new Map<number, number>();
  sites.forEach((site, slot) => {
    if (siteTable && site.id >= 0) siteTable[site.id] = slot;
    siteSlot.set(site.id, slot);
  });
  const siteCounts = new Int32Array(sites.length);
  const siteBuilder = new ForestColumnsBuilder(sites.map((site) => site.code));
  const touchedSites: number[] = [];
  const all = new ForestColumnsBuilder(["all"]);
  // Each patient's site slot (-1: a site not listed), in the patients' order.
  let unlistedSites = 0;
  const slotsOfPatients = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const id = siteIds[i] ?? -1;
    const slot = siteTable ? (id >= 0 && id < siteTable.length ? (siteTable[id] ?? -1) : -1) : (siteSlot.get(id) ?? -1);
    if (slot < 0) unlistedSites++;
    slotsOfPatients[i] = slot;
  }
  const sorted = sortByKey(keys, codes, slotsOfPatients);
  const { starts } = sorted;
  for (let key = 0; key < starts.length - 1; key++) {
    const start = starts[key] ?? 0;
    const end = starts[key + 1] ?? 0;
    if (start === end) continue;
    for (let position = start; position < end; position++) {
      const base = (sorted.codes[position] ?? 0) * width;
      for (let v = 0; v < width; v++) {
        const slot = slotOf[base + v] ?? -1;
        if (slot >= 0) counts[slot] = (counts[slot] ?? 0) + 1;
      }
      const slot = sorted.siteSlots[position] ?? -1;
      if (slot >= 0 && (siteCounts[slot] = (siteCounts[slot] ?? 0) + 1) === 1) touchedSites.push(slot);
    }
    const arm = key % 2 === 1 ? 1 : 0;
    const time = Math.floor(key / 4);
    const event = Math.floor(key / 2) % 2 === 1;
    all.push(0, arm, time, event, end - start);
    for (let slot = 0; slot < slots; slot++) {
      const n = counts[slot] ?? 0;
      if (n === 0) continue;
      const v = variableOfSlot[slot] ?? 0;
      builders[v]?.push(slot - (firstSlot[v] ?? 0), arm, time, event, n);
      counts[slot] = 0;
    }
    for (const slot of touchedSites) {
      siteBuilder.push(slot, arm, time, event, siteCounts[slot] ?? 0);
      siteCounts[slot] = 0;
    }
    touchedSites.length = 0;
  }
  const coded = variables.map(({ variable }, v) => ({ variable, builder: builders[v] ?? new ForestColumnsBuilder() }));
  // The variables in display order, the site before the era (cohortForestVariables).
  const built: [CohortForestVariable, ForestColumns][] = coded.map(({ variable, builder }) => [variable, builder.build()]);
  if (sites.length > 0) {
    const eraAt = built.findIndex(([variable]) => variable === "era");
    built.splice(eraAt < 0 ? built.length : eraAt, 0, ["site", siteBuilder.build()]);
  }
  return { columns: { all: all.build(), variables: Object.fromEntries(built) }, unlistedSites };
}
