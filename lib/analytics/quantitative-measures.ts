// The quantitative HER2 measures the Agreement tab relates to the IHC call (issue 13 §3), with the
// column, unit and reporting resolution of each. Pure: the URL choice of measure and cut-off is
// parsed with the other dashboard filters (filters.ts). The ranges are the case schema's.
import { DIA_H_SCORE_RANGE, DIA_PERCENT_RANGE, MRNA_UNIT_RANGES } from "../cases/schemas";

export const QUANTITATIVE_MEASURES = ["mrna-score", "mrna-dct", "mrna-tpm", "dia-percent", "dia-hscore"] as const;
export type QuantitativeMeasure = (typeof QUANTITATIVE_MEASURES)[number];

export type MeasureDefinition = {
  label: string;
  /** The column of her2_tests holding the value (from this fixed list, never from input). */
  column: "erbb2_mrna" | "dia_membrane_percent" | "dia_h_score";
  /** For mRNA: the one unit pooled (values in other units are another measure). */
  unit: "SINGLE_GENE_SCORE" | "DELTA_CT" | "LOG2_TPM" | null;
  /**
   * Values are grouped at this step before they leave the database (the reports' own precision):
   * the ROC curve and the cut-off counts are computed from these groups.
   */
  resolution: number;
  /** Whether a higher value means more HER2 (ΔCt is lower for more mRNA). */
  higherIsMore: boolean;
  /** Bounds of the value (lib/cases/schemas.ts). */
  minimum: number;
  maximum: number;
};

export const MEASURES: Readonly<Record<QuantitativeMeasure, MeasureDefinition>> = {
  "mrna-score": { label: "ERBB2 mRNA, single-gene score (units)", column: "erbb2_mrna", unit: "SINGLE_GENE_SCORE", resolution: 0.1, higherIsMore: true, ...MRNA_UNIT_RANGES.SINGLE_GENE_SCORE },
  "mrna-dct": { label: "ERBB2 mRNA, ΔCt", column: "erbb2_mrna", unit: "DELTA_CT", resolution: 0.01, higherIsMore: false, ...MRNA_UNIT_RANGES.DELTA_CT },
  "mrna-tpm": { label: "ERBB2 mRNA, log2(TPM + 1)", column: "erbb2_mrna", unit: "LOG2_TPM", resolution: 0.01, higherIsMore: true, ...MRNA_UNIT_RANGES.LOG2_TPM },
  "dia-percent": { label: "Image analysis: % of cells with membrane staining", column: "dia_membrane_percent", unit: null, resolution: 0.1, higherIsMore: true, ...DIA_PERCENT_RANGE },
  "dia-hscore": { label: "Image analysis: H-score", column: "dia_h_score", unit: null, resolution: 1, higherIsMore: true, ...DIA_H_SCORE_RANGE },
};

/** A cut-off outside the measure's range is ignored rather than shown as everyone on one side. */
export function cutInRange(measure: QuantitativeMeasure, cut: number | undefined): number | undefined {
  const definition = MEASURES[measure];
  return cut !== undefined && cut >= definition.minimum && cut <= definition.maximum ? cut : undefined;
}
