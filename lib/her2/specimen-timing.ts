/**
 * When a HER2 specimen was taken relative to neoadjuvant (preoperative) therapy. HER2 often
 * changes under treatment (HER2-0 → low conversion in residual disease is frequent), so the status
 * at diagnosis is the pre-treatment specimen's and the residual tumour at surgery is a separate
 * question (shared/design/her2-rules.md, "HER2 status in time"). Pure.
 */
import type { TreatmentTiming } from "./cohort";

export type TreatmentLineTiming = {
  setting: "NEOADJUVANT" | "ADJUVANT" | "METASTATIC";
  startDay: number;
  /** The last day of treatment; null while it goes on. */
  endDay: number | null;
};

/**
 * The timing of a specimen taken on `day`, against the patient's neoadjuvant lines taken as one
 * course from the first start to the last end (sequential regimens such as AC then paclitaxel are
 * one preoperative course):
 * - no neoadjuvant line: NO_NEOADJUVANT;
 * - on or before the first day of treatment: BEFORE_NEOADJUVANT (a biopsy on the day of the first
 *   dose is taken before it);
 * - after the first day and before the last (or while a line has no end): DURING_NEOADJUVANT;
 * - on or after the last day of treatment: AFTER_NEOADJUVANT (surgery follows the last dose).
 */
export function deriveTreatmentTiming(day: number, lines: readonly TreatmentLineTiming[]): TreatmentTiming {
  const neoadjuvant = lines.filter((line) => line.setting === "NEOADJUVANT");
  if (neoadjuvant.length === 0) return "NO_NEOADJUVANT";
  const start = Math.min(...neoadjuvant.map((line) => line.startDay));
  if (day <= start) return "BEFORE_NEOADJUVANT";
  const ongoing = neoadjuvant.some((line) => line.endDay === null);
  const end = Math.max(...neoadjuvant.map((line) => line.endDay ?? line.startDay));
  if (ongoing || day < end) return "DURING_NEOADJUVANT";
  return "AFTER_NEOADJUVANT";
}
