// One row of a forest plot (a subgroup level): its patients and events per arm, and the hazard
// ratio of arm A against arm B (Efron ties, as coxph) fitted on the level's grouped cells. Shared
// by the cohort view's forest (HER2 cohort against a reference, cohort-forest.ts) and the regimen
// comparison's (regimen against regimen, regimen-comparison-models.ts). Pure.
import { coxProportionalHazardsOfTable } from "../stats/cox-proportional-hazards";
import type { RiskTable } from "../stats/risk-table";
import type { ForestColumns } from "./cohort-forest";
import type { ForestRow, HazardRatio } from "./regimen-comparison";
import { forestRowNote } from "./regimen-comparison-cox";
import { isSuppressed, suppressCount } from "./small-cells";

/** The indices of one level's cells, in the columns' order (arm 1 = A, 0 = B). */
export type LevelCells = { columns: ForestColumns; indices: Int32Array };

/** What the two arms are, as the rows' notes name them: HER2 cohorts, or treatment arms. */
export type ComparedUnit = "cohort" | "arm";

const NOUNS: Record<ComparedUnit, { one: string; any: string }> = { cohort: { one: "One cohort", any: "a cohort" }, arm: { one: "One arm", any: "an arm" } };

/** Every cell of the columns as one level's (the overall row). */
export function everyCell(columns: ForestColumns): LevelCells {
  return { columns, indices: Int32Array.from({ length: columns.n.length }, (_, i) => i) };
}

/** Each level's cells (a counting sort of the indices by level), levels without cells left out. */
export function cellsByLevel(columns: ForestColumns): Map<string, LevelCells> {
  const count = columns.n.length;
  const starts = new Int32Array(columns.levels.length + 1);
  for (let i = 0; i < count; i++) {
    const slot = (columns.level[i] ?? 0) + 1;
    starts[slot] = (starts[slot] ?? 0) + 1;
  }
  for (let level = 0; level < columns.levels.length; level++) starts[level + 1] = (starts[level + 1] ?? 0) + (starts[level] ?? 0);
  const next = starts.slice(0, columns.levels.length);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const level = columns.level[i] ?? 0;
    order[next[level] ?? 0] = i;
    next[level] = (next[level] ?? 0) + 1;
  }
  const byLevel = new Map<string, LevelCells>();
  columns.levels.forEach((name, level) => {
    const [from, to] = [starts[level] ?? 0, starts[level + 1] ?? 0];
    if (to > from) byLevel.set(name, { columns, indices: order.subarray(from, to) });
  });
  return byLevel;
}

/**
 * The risk table of a level's cells (groups "A" and "B", both with patients: levelRow checks it
 * first), as buildRiskTable makes it of the (arm, time) survival records of the cells, summed by
 * time and arm: the same counts, so the same fit, without a record and a map entry per (time, arm)
 * (that took most of the per-level time for OS from diagnosis at a million patients).
 */
function riskTableOf({ columns, indices }: LevelCells): RiskTable {
  // The distinct times of the cells with patients, ascending (a typed sort, then duplicates
  // dropped), and each cell's place among them by binary search: a Map of the times cost a fifth
  // of the per-level fits at a million patients.
  const sorted = new Float64Array(indices.length);
  let filled = 0;
  for (const i of indices) if ((columns.n[i] ?? 0) > 0) sorted[filled++] = columns.time[i] ?? 0;
  const ascending = sorted.subarray(0, filled).sort();
  let distinct = 0;
  for (let a = 0; a < ascending.length; a++) if (a === 0 || ascending[a] !== ascending[a - 1]) ascending[distinct++] = ascending[a] ?? 0;
  const times = ascending.slice(0, distinct);
  const events = new Float64Array(times.length * 2);
  const censored = new Float64Array(times.length * 2);
  const sizes = new Float64Array(2);
  const eventTotals = new Float64Array(2);
  for (const i of indices) {
    const n = columns.n[i] ?? 0;
    if (n <= 0) continue;
    const time = columns.time[i] ?? 0;
    let low = 0;
    let high = times.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((times[middle] ?? 0) < time) low = middle + 1;
      else high = middle;
    }
    const group = columns.arm[i] === 1 ? 0 : 1;
    const at = low * 2 + group;
    if (columns.event[i] === 1) {
      events[at] = (events[at] ?? 0) + n;
      eventTotals[group] = (eventTotals[group] ?? 0) + n;
    } else censored[at] = (censored[at] ?? 0) + n;
    sizes[group] = (sizes[group] ?? 0) + n;
  }
  return { groups: ["A", "B"], times, events, censored, sizes, eventTotals };
}

function hazardRatioOf(table: RiskTable): HazardRatio {
  const term = coxProportionalHazardsOfTable(table, { reference: "B", ties: "efron" }).terms.find((entry) => entry.group === "A");
  if (!term) throw new RangeError("Both arms need patients.");
  return { hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue };
}

/**
 * A level's row: its patients and events per arm (below `threshold` shown as suppressed), and arm
 * A's hazard ratio against arm B, or the note saying why there is none (an arm without patients,
 * too few to show, or without events; a fit that cannot be estimated).
 */
export function levelRow(cells: LevelCells, level: string, label: string, threshold: number, compared: ComparedUnit): ForestRow {
  const a = { patients: 0, events: 0 };
  const b = { patients: 0, events: 0 };
  const { columns, indices } = cells;
  for (const i of indices) {
    const tally = columns.arm[i] === 1 ? a : b;
    const n = columns.n[i] ?? 0;
    tally.patients += n;
    if (columns.event[i] === 1) tally.events += n;
  }
  const base = {
    level,
    label,
    patients: { a: suppressCount(a.patients, threshold), b: suppressCount(b.patients, threshold) },
    events: { a: suppressCount(a.events, threshold), b: suppressCount(b.events, threshold) },
  };
  const noun = NOUNS[compared];
  if (a.patients === 0 || b.patients === 0) return { ...base, hazardRatio: null, note: `${noun.one} has no patients.` };
  if (isSuppressed(a.patients, threshold) || isSuppressed(b.patients, threshold)) return { ...base, hazardRatio: null, note: `${noun.one} has fewer than ${threshold} patients.` };
  if (a.events === 0 || b.events === 0) return { ...base, hazardRatio: null, note: `No events in ${noun.any}: the hazard ratio is not estimable.` };
  try {
    return { ...base, hazardRatio: hazardRatioOf(riskTableOf(cells)), note: null };
  } catch (error) {
    return { ...base, hazardRatio: null, note: forestRowNote(error) };
  }
}
