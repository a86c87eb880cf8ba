/**
 * What the dashboards need from a patient's treatment lines, derived on every write so that
 * treatment uptake (docs/dashboards.md §5) is one pass over patients rather than a join of every
 * metastatic patient to every line: the regimen classes of the live metastatic lines numbered
 * 1, 2, 3 and 4 or later, each as a bit set over REGIMEN_CLASS_BITS.
 */
import type { RegimenClass } from "../generated/prisma/enums";

/**
 * The bit of each regimen class. Fixed numbers, not the enum's order, so that adding a class
 * cannot move the others; a new class takes the next free bit (and a migration sets it on the
 * lines already stored, as 20261127051803_metastatic_line_regimens did for the first eleven and
 * 20261203153706_reclassify_regimen_lines for the next four).
 */
export const REGIMEN_CLASS_BITS: Readonly<Record<RegimenClass, number>> = {
  T_DXD: 0,
  T_DM1: 1,
  TRASTUZUMAB_BASED: 2,
  SACITUZUMAB_GOVITECAN: 3,
  OTHER_ADC: 4,
  CHEMOTHERAPY: 5,
  ENDOCRINE: 6,
  ENDOCRINE_CDK46: 7,
  PARP_INHIBITOR: 8,
  IMMUNOTHERAPY: 9,
  OTHER: 10,
  OTHER_HER2_ADC: 11,
  OTHER_TROP2_ADC: 12,
  HER2_TKI: 13,
  ENDOCRINE_PI3K_AKT_MTOR: 14,
};

export type MetastaticLineRegimens = {
  metastaticLine1Regimens: number;
  metastaticLine2Regimens: number;
  metastaticLine3Regimens: number;
  metastaticLine4PlusRegimens: number;
};

export const LINE_DERIVED_COLUMNS = [
  ["metastaticLine1Regimens", "metastatic_line1_regimens"],
  ["metastaticLine2Regimens", "metastatic_line2_regimens"],
  ["metastaticLine3Regimens", "metastatic_line3_regimens"],
  ["metastaticLine4PlusRegimens", "metastatic_line4plus_regimens"],
] as const satisfies readonly (readonly [keyof MetastaticLineRegimens, string])[];

export type LineForDerivation = { setting: "NEOADJUVANT" | "ADJUVANT" | "METASTATIC"; lineNumber: number; regimenClass: RegimenClass };

/** The bit sets of the patient's live lines (the caller leaves deleted lines out). */
export function deriveMetastaticLineRegimens(liveLines: readonly LineForDerivation[]): MetastaticLineRegimens {
  const sets: MetastaticLineRegimens = { metastaticLine1Regimens: 0, metastaticLine2Regimens: 0, metastaticLine3Regimens: 0, metastaticLine4PlusRegimens: 0 };
  for (const line of liveLines) {
    if (line.setting !== "METASTATIC") continue;
    const bit = 1 << REGIMEN_CLASS_BITS[line.regimenClass];
    if (line.lineNumber === 1) sets.metastaticLine1Regimens |= bit;
    else if (line.lineNumber === 2) sets.metastaticLine2Regimens |= bit;
    else if (line.lineNumber === 3) sets.metastaticLine3Regimens |= bit;
    else if (line.lineNumber >= 4) sets.metastaticLine4PlusRegimens |= bit;
  }
  return sets;
}

/**
 * The treatment-uptake chart (docs/dashboards.md §5) counts, by the calendar year a metastatic
 * line started and by line, the patients who started a line and which regimen classes they
 * started. Stored per patient as `metastatic_line_starts`, one integer per (start year, line
 * bucket) the patient has, so that the chart is one pass over patients with no join to the lines
 * and no count(DISTINCT): each patient appears at most once per year and bucket.
 *
 * An element is `((year - LINE_START_YEAR_BASE) << LINE_START_YEAR_SHIFT) | (bucket << LINE_START_BUCKET_SHIFT) | classBits`:
 * - year: the diagnosis year plus the line's start day in years, rounded down (`lineStartYear`);
 *   diagnosis years are 1950–2100 and start days at most 100 years, so year − 1900 fits 11 bits
 *   and every element stays positive;
 * - bucket (4 bits): 0 = any metastatic line, 1, 2, 3 = the line numbered so, 4 = lines numbered
 *   4 or later (LINE_START_BUCKET);
 * - classBits (16 bits): the regimen classes of the patient's live metastatic lines of that bucket
 *   started that year, as a bit set over REGIMEN_CLASS_BITS (never 0: an element exists only
 *   when such a line exists).
 * The elements are sorted ascending, so a stored value compares equal to a fresh derivation.
 */
export const LINE_START_YEAR_BASE = 1900;
export const LINE_START_YEAR_SHIFT = 20;
export const LINE_START_BUCKET_SHIFT = 16;
export const LINE_START_CLASS_MASK = (1 << LINE_START_BUCKET_SHIFT) - 1;
export const LINE_START_BUCKET_MASK = 15;

/** The bucket of each line filter of the Outcomes page (docs/dashboards.md §5). */
export const LINE_START_BUCKET = { any: 0, "1": 1, "2": 2, "3": 3, "4plus": 4 } as const;

export type LineStart = { year: number; bucket: number; classBits: number };

/**
 * The calendar year a line started, approximately: no dates are stored, only the diagnosis year
 * and days since diagnosis. Same arithmetic as SQL's `diagnosis_year + floor(start_day / 365.25)`:
 * start_day / 365.25 = 4·start_day / 1461 is never within 1/1461 of an integer without being
 * one, so the double division floors exactly as PostgreSQL's numeric one does.
 */
export function lineStartYear(diagnosisYear: number, startDay: number): number {
  return diagnosisYear + Math.floor(startDay / 365.25);
}

export function encodeLineStart(start: LineStart): number {
  return ((start.year - LINE_START_YEAR_BASE) << LINE_START_YEAR_SHIFT) | (start.bucket << LINE_START_BUCKET_SHIFT) | start.classBits;
}

export function decodeLineStart(value: number): LineStart {
  return {
    year: (value >> LINE_START_YEAR_SHIFT) + LINE_START_YEAR_BASE,
    bucket: (value >> LINE_START_BUCKET_SHIFT) & LINE_START_BUCKET_MASK,
    classBits: value & LINE_START_CLASS_MASK,
  };
}

/** The patient's `metastatic_line_starts` from its diagnosis year and live lines (the caller leaves deleted lines out). */
export function deriveMetastaticLineStarts(diagnosisYear: number, liveLines: readonly (LineForDerivation & { startDay: number })[]): number[] {
  const cells = new Map<number, number>();
  for (const line of liveLines) {
    if (line.setting !== "METASTATIC") continue;
    const year = lineStartYear(diagnosisYear, line.startDay);
    const bit = 1 << REGIMEN_CLASS_BITS[line.regimenClass];
    for (const bucket of [LINE_START_BUCKET.any, Math.min(line.lineNumber, LINE_START_BUCKET["4plus"])]) {
      const key = encodeLineStart({ year, bucket, classBits: 0 });
      cells.set(key, (cells.get(key) ?? 0) | bit);
    }
  }
  return [...cells].map(([key, classBits]) => key | classBits).sort((a, b) => a - b);
}
