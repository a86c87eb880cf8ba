import { assertCount, assertFiniteNumber } from "./input-checks";
import type { SurvivalRecord } from "./survival-types";

/**
 * Survival records summed by (time, group): the single pass every survival method starts from.
 * Cells are row-major, `events[timeIndex * groups.length + groupIndex]`.
 */
export type RiskTable = {
  /** Group names in code-unit order (JavaScript's default sort = R's factor order in the C locale). */
  groups: string[];
  /** Distinct times, ascending. */
  times: Float64Array;
  events: Float64Array;
  censored: Float64Array;
  /** Patients per group. */
  sizes: Float64Array;
  /** Events per group. */
  eventTotals: Float64Array;
};

export function compareGroupNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Validates and aggregates the records. Rows with events 0 and censored 0 carry no patient and
 * are ignored, so a group made only of such rows does not exist.
 */
export function buildRiskTable(records: SurvivalRecord[]): RiskTable {
  if (!Array.isArray(records)) throw new Error("records must be an array of survival records.");
  const byTime = new Map<number, Map<string, { events: number; censored: number }>>();
  const groupNames = new Set<string>();
  records.forEach((record, index) => {
    const where = `Survival record ${index + 1}`;
    if (record === null || typeof record !== "object") throw new Error(`${where} is not an object.`);
    if (typeof record.group !== "string") throw new Error(`${where}: group must be a string.`);
    assertFiniteNumber(record.time, `${where}: time`);
    if (record.time < 0) throw new Error(`${where}: time must not be negative (got ${record.time}).`);
    assertCount(record.events, `${where}: events`);
    assertCount(record.censored, `${where}: censored`);
    if (record.events + record.censored === 0) return;
    groupNames.add(record.group);
    let cells = byTime.get(record.time);
    if (cells === undefined) {
      cells = new Map();
      byTime.set(record.time, cells);
    }
    const cell = cells.get(record.group);
    if (cell === undefined) cells.set(record.group, { events: record.events, censored: record.censored });
    else {
      cell.events += record.events;
      cell.censored += record.censored;
    }
  });

  const groups = [...groupNames].sort(compareGroupNames);
  const groupIndex = new Map(groups.map((group, index) => [group, index]));
  const times = Float64Array.from(byTime.keys()).sort();
  const width = groups.length;
  const events = new Float64Array(times.length * width);
  const censored = new Float64Array(times.length * width);
  const sizes = new Float64Array(width);
  const eventTotals = new Float64Array(width);
  times.forEach((time, timeIndex) => {
    for (const [group, cell] of byTime.get(time) ?? []) {
      const g = groupIndex.get(group) ?? 0;
      events[timeIndex * width + g] = cell.events;
      censored[timeIndex * width + g] = cell.censored;
      sizes[g] = (sizes[g] ?? 0) + cell.events + cell.censored;
      eventTotals[g] = (eventTotals[g] ?? 0) + cell.events;
    }
  });
  return { groups, times, events, censored, sizes, eventTotals };
}
