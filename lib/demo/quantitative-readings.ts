/**
 * Quantitative HER2 for the demo: ERBB2 mRNA (Oncotype DX's single-gene score, as reported with
 * the Recurrence Score of HR-positive early disease) and digital image analysis of the slide,
 * both drawn from the slide's latent IHC score, so that they separate IHC 0 from 1+ imperfectly,
 * as published series find (mRNA rises with the IHC score but its ranges for 0 and 1+ overlap
 * widely; Pernas et al., JAMA Netw Open 2023).
 */
import type { IhcScore } from "../her2/classify";
import type { Random } from "./random";
import type { DrawnHer2Test } from "./types";

type Quantitative = Pick<DrawnHer2Test, "erbb2Mrna" | "erbb2MrnaAssay" | "erbb2MrnaUnit" | "diaMembranePercent" | "diaHScore">;

export const NO_QUANTITATIVE: Quantitative = { erbb2Mrna: null, erbb2MrnaAssay: null, erbb2MrnaUnit: null, diaMembranePercent: null, diaHScore: null };

/** Mean ERBB2 single-gene score (log2 units) by latent IHC score; the SD is 0.7 throughout. */
const MRNA_MEAN: Readonly<Record<IhcScore, number>> = { IHC_0_NULL: 8.9, IHC_0_ULTRALOW: 9.3, IHC_0_NOS: 9.1, IHC_1: 9.7, IHC_2: 10.4, IHC_3: 12.6 };

/** Range of the % of membrane-stained cells an image-analysis algorithm finds, by latent score. */
const MEMBRANE_PERCENT: Readonly<Record<IhcScore, readonly [number, number]>> = {
  IHC_0_NULL: [0, 4],
  IHC_0_ULTRALOW: [2, 14],
  IHC_0_NOS: [0, 10],
  IHC_1: [8, 60],
  IHC_2: [35, 95],
  IHC_3: [80, 100],
};

/** Mean staining intensity (1 weak, 2 moderate, 3 strong) of the stained cells, by latent score. */
const INTENSITY: Readonly<Record<IhcScore, number>> = { IHC_0_NULL: 1, IHC_0_ULTRALOW: 1, IHC_0_NOS: 1, IHC_1: 1.15, IHC_2: 1.9, IHC_3: 2.8 };

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function drawMrna(random: Random, latentIhc: IhcScore): Pick<Quantitative, "erbb2Mrna" | "erbb2MrnaAssay" | "erbb2MrnaUnit"> {
  const value = clamp(random.normal(MRNA_MEAN[latentIhc], 0.7), 0, 20);
  return { erbb2Mrna: Math.round(value * 10) / 10, erbb2MrnaAssay: "ONCOTYPE_DX", erbb2MrnaUnit: "SINGLE_GENE_SCORE" };
}

export function drawImageAnalysis(random: Random, latentIhc: IhcScore): Pick<Quantitative, "diaMembranePercent" | "diaHScore"> {
  const [low, high] = MEMBRANE_PERCENT[latentIhc];
  const percent = clamp(random.uniform(low, high) + random.normal(0, 2), 0, 100);
  const intensity = clamp(INTENSITY[latentIhc] + random.normal(0, 0.15), 1, 3);
  return { diaMembranePercent: Math.round(percent * 10) / 10, diaHScore: Math.round(clamp(percent * intensity, 0, 300)) };
}
