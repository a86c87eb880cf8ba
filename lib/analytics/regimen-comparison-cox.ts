// Small pieces shared by the regimen comparison's curves (regimen-comparison.ts) and its Cox
// models (regimen-comparison-models.ts, run in the statistics workers). Pure.
import { coxProportionalHazards, type SurvivalRecord } from "../stats/survival";
import type { ComparisonCell } from "./regimen-comparison-cells";
import type { ComparisonOptions, HazardRatio, Outcome } from "./regimen-comparison";

/** (arm, time) survival records of `cells`, ordered by time then arm. */
export function toSurvivalRecords(cells: readonly ComparisonCell[]): SurvivalRecord[] {
  const merged = new Map<string, SurvivalRecord>();
  for (const cell of cells) {
    const key = `${cell.time}|${cell.arm}`;
    const record = merged.get(key) ?? { group: cell.arm, time: cell.time, events: 0, censored: 0 };
    if (cell.event) record.events += cell.n;
    else record.censored += cell.n;
    merged.set(key, record);
  }
  return [...merged.values()].sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, ...compute() };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** Arm A against arm B (the reference), Efron ties, as coxph. */
export function armHazardRatio(records: ReturnType<typeof toSurvivalRecords>, options: Pick<ComparisonOptions, "armA" | "armB">): HazardRatio {
  const term = coxProportionalHazards(records, { reference: options.armB, ties: "efron" }).terms.find((entry) => entry.group === options.armA);
  if (!term) throw new RangeError("Both arms need patients.");
  return { hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, pValue: term.pValue };
}
