// The Outcomes tab's response rates and treatment uptake as sent to the browser, with exact
// (Clopper-Pearson) 95 % intervals and small-cell suppression (issue 7 §4, §6). Pure.
import type { RegimenClass } from "../generated/prisma/enums";
import { clopperPearsonInterval } from "../stats/tests";
import { COHORT_KEYS, type CohortKey } from "./cohorts";
import { REGIMEN_CLASS_VALUES, type RegimenFilter } from "./filters";
import type { ResponseCounts } from "./response-rates";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";
import type { TreatmentUptakeCell } from "./treatment-uptake";

export type ShownRate = { rate: number; lower: number; upper: number } | null;

export type ResponseCell = {
  cohort: CohortKey;
  treated: ShownCount;
  assessed: ShownCount;
  nonMeasurable: ShownCount;
  responders: ShownCount;
  confirmedResponders: ShownCount;
  controlled: ShownCount;
  clinicalBenefit: ShownCount;
  /**
   * Among the assessed (measurable or not recorded as non-measurable): objective response
   * (CR + PR), confirmed objective response, disease control (CR + PR + SD) and clinical benefit
   * (CR + PR + SD ≥ 24 weeks).
   */
  objectiveResponse: ShownRate;
  confirmedResponse: ShownRate;
  diseaseControl: ShownRate;
  clinicalBenefitRate: ShownRate;
};

export type ResponseView = { regimens: { regimen: RegimenClass; cells: ResponseCell[] }[] };

export type UptakeView = {
  /** The regimen class charted ("ANY": any metastatic line). */
  regimen: RegimenFilter;
  years: number[];
  /** Per cohort and year: metastatic patients and the share (0-1) who received the regimen. */
  series: { cohort: CohortKey; points: { year: number; metastatic: ShownCount; received: ShownCount; share: number | null }[] }[];
  /** Per year and cohort, every regimen class: the data table and CSV. */
  table: { year: number; cohort: CohortKey; metastatic: ShownCount; received: Record<RegimenClass, ShownCount>; receivedAny: ShownCount }[];
};

/** An exact 95 % interval, or null when there is no denominator or a count is suppressed. */
export function describeRate(successes: number, n: number, threshold: number): ShownRate {
  if (n === 0 || isSuppressed(successes, threshold) || isSuppressed(n, threshold)) return null;
  const interval = clopperPearsonInterval(successes, n);
  return { rate: interval.estimate, lower: interval.lower, upper: interval.upper };
}

export function presentResponses(counts: ResponseCounts[], threshold: number): ResponseView {
  const regimens = REGIMEN_CLASS_VALUES.filter((regimen) => counts.some((row) => row.regimen === regimen));
  return {
    regimens: regimens.map((regimen) => ({
      regimen,
      cells: COHORT_KEYS.flatMap((cohort) => {
        const row = counts.find((entry) => entry.regimen === regimen && entry.cohort === cohort);
        if (!row) return [];
        return [
          {
            cohort,
            treated: suppressCount(row.treated, threshold),
            assessed: suppressCount(row.assessed, threshold),
            nonMeasurable: suppressCount(row.nonMeasurable, threshold),
            responders: suppressCount(row.responders, threshold),
            confirmedResponders: suppressCount(row.confirmedResponders, threshold),
            controlled: suppressCount(row.controlled, threshold),
            clinicalBenefit: suppressCount(row.clinicalBenefit, threshold),
            objectiveResponse: describeRate(row.responders, row.assessed, threshold),
            confirmedResponse: describeRate(row.confirmedResponders, row.assessed, threshold),
            diseaseControl: describeRate(row.controlled, row.assessed, threshold),
            clinicalBenefitRate: describeRate(row.clinicalBenefit, row.assessed, threshold),
          },
        ];
      }),
    })),
  };
}

/**
 * A year's share is drawn only with at least this many metastatic patients in the cohort: below
 * it one patient moves the line by 10 points or more, the jumps the walkthrough saw (issue 16 §12).
 * The data table keeps every year's counts.
 */
export const MIN_UPTAKE_POINT_PATIENTS = 10;

export function presentUptake(cells: TreatmentUptakeCell[], regimen: RegimenFilter, threshold: number): UptakeView {
  const years = [...new Set(cells.map((cell) => cell.year))].sort((a, b) => a - b);
  const receivedOf = (cell: TreatmentUptakeCell) => (regimen === "ANY" ? cell.receivedAny : (cell.received[regimen] ?? 0));
  const series = COHORT_KEYS.filter((cohort) => cells.some((cell) => cell.cohort === cohort)).map((cohort) => ({
    cohort,
    points: years.flatMap((year) => {
      const cell = cells.find((entry) => entry.cohort === cohort && entry.year === year);
      if (!cell) return [];
      const received = receivedOf(cell);
      const hidden = isSuppressed(received, threshold) || isSuppressed(cell.metastatic, threshold) || cell.metastatic < MIN_UPTAKE_POINT_PATIENTS;
      return [
        {
          year,
          metastatic: suppressCount(cell.metastatic, threshold),
          received: suppressCount(received, threshold),
          share: hidden || cell.metastatic === 0 ? null : received / cell.metastatic,
        },
      ];
    }),
  }));
  const table = cells.map((cell) => ({
    year: cell.year,
    cohort: cell.cohort,
    metastatic: suppressCount(cell.metastatic, threshold),
    received: Object.fromEntries(
      REGIMEN_CLASS_VALUES.map((regimenClass) => [regimenClass, suppressCount(cell.received[regimenClass] ?? 0, threshold)]),
    ) as Record<RegimenClass, ShownCount>,
    receivedAny: suppressCount(cell.receivedAny, threshold),
  }));
  return { regimen, years, series, table };
}
