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
