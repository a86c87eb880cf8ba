// Small pieces shared by the regimen comparison's curves (regimen-comparison.ts) and its Cox
// models (regimen-comparison-models.ts, run in the statistics workers). Pure.
import { ModelFitError } from "../stats/model-fit-error";
import { coxProportionalHazards, type SurvivalRecord } from "../stats/survival";
import type { ComparisonCell } from "./regimen-comparison-cells";
import type { ComparisonOptions, HazardRatio, Outcome } from "./regimen-comparison";

/** (arm, time) survival records of `cells`, ordered by time then arm. */
export function toSurvivalRecords(cells: readonly ComparisonCell[]): SurvivalRecord[] {
  // By arm, then by time (a number key: a string key per cell cost a tenth of the forest plot's fits).
  const byArm = new Map<string, Map<number, SurvivalRecord>>();
  const all: SurvivalRecord[] = [];
  for (const cell of cells) {
    let byTime = byArm.get(cell.arm);
    if (!byTime) byArm.set(cell.arm, (byTime = new Map()));
    let record = byTime.get(cell.time);
    if (!record) {
      record = { group: cell.arm, time: cell.time, events: 0, censored: 0 };
      byTime.set(cell.time, record);
      all.push(record);
    }
    if (cell.event) record.events += cell.n;
    else record.censored += cell.n;
  }
  return all.sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a forest plot's row has no hazard ratio, for the page: the statistics core names the group
 * of an infinite coefficient by its key in the fit ("A", "T_DXD"), which means nothing there.
 */
export function forestRowNote(error: unknown): string {
  if (error instanceof ModelFitError && error.problem === "infinite-coefficient") {
    return 'The hazard ratio is 0 or infinite in this subgroup (a monotone likelihood: for example, every event of one arm comes before the first of the other; coxph warns "beta may be infinite"), so it cannot be estimated.';
  }
  return reasonOf(error);
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
