/**
 * Second reads of one diagnostic block for the demo: a central review, a research re-read by a
 * second pathologist, or a second stain with the other assay. Each is drawn from the first
 * read's latent score (what the slide shows, before the site's calling habit), so two reads
 * agree as two pathologists do on one slide: rarely apart at 2+/3+, most often apart between
 * IHC 0 and 1+ (Fernandez et al., JAMA Oncol 2022: κ ≈ 0.5 at the 0/1+ boundary), and the
 * ultralow call is the least reproducible of all.
 */
import { classifyHer2Test, type IhcScore } from "../her2/classify";
import { ishFor, type Her2Truth } from "./her2-readings";
import { NO_QUANTITATIVE } from "./quantitative-readings";
import type { Random } from "./random";
import type { DrawnHer2Test } from "./types";

type Weights = readonly (readonly [IhcScore, number])[];

/** The score a second pathologist gives a slide whose latent score is the key. */
const REREAD: Readonly<Record<IhcScore, Weights>> = {
  IHC_0_NULL: [["IHC_0_NULL", 0.8], ["IHC_0_ULTRALOW", 0.13], ["IHC_1", 0.07]],
  IHC_0_ULTRALOW: [["IHC_0_NULL", 0.22], ["IHC_0_ULTRALOW", 0.56], ["IHC_1", 0.22]],
  // An old report's "IHC 0" re-read today: null or ultralow, seldom 1+.
  IHC_0_NOS: [["IHC_0_NULL", 0.62], ["IHC_0_ULTRALOW", 0.3], ["IHC_1", 0.08]],
  IHC_1: [["IHC_0_NULL", 0.04], ["IHC_0_ULTRALOW", 0.16], ["IHC_1", 0.68], ["IHC_2", 0.12]],
  IHC_2: [["IHC_1", 0.14], ["IHC_2", 0.78], ["IHC_3", 0.08]],
  IHC_3: [["IHC_2", 0.06], ["IHC_3", 0.94]],
};

/**
 * How a stain with another assay moves the low scores: VENTANA 4B5 shows faint membranes more
 * readily than HercepTest (Rüschoff et al., Mod Pathol 2022), so the same tissue is called
 * lower with HercepTest. Applied with probability 0.18 per step.
 */
function shiftForAssay(random: Random, score: IhcScore, from: DrawnHer2Test["assay"], to: DrawnHer2Test["assay"]): IhcScore {
  if (from === to || !random.chance(0.18)) return score;
  const down = to === "HERCEPTEST" || from === "VENTANA_4B5";
  if (down) return score === "IHC_1" ? "IHC_0_ULTRALOW" : score === "IHC_0_ULTRALOW" ? "IHC_0_NULL" : score;
  return score === "IHC_0_NULL" ? "IHC_0_ULTRALOW" : score === "IHC_0_ULTRALOW" ? "IHC_1" : score;
}

export type SecondRead = {
  readKind: "CENTRAL" | "REREAD";
  reader: string;
  assay: DrawnHer2Test["assay"];
};

/**
 * A second read of the block of `first` (same specimen, site and day: the day of the tissue)
 * whose latent score is `latentIhc`. Second reads are made for the study and always say null or
 * ultralow; a 2+ keeps the block's ISH result when it had one (ISH is not read again).
 */
export function buildSecondRead(random: Random, first: DrawnHer2Test, latentIhc: IhcScore, truth: Her2Truth, read: SecondRead): DrawnHer2Test {
  const ihcScore = shiftForAssay(random, random.pick(REREAD[latentIhc]), first.assay, read.assay);
  const ish = ihcScore !== "IHC_2" ? { ishRatio: null, ishCopies: null } : first.ishRatio !== null ? { ishRatio: first.ishRatio, ishCopies: first.ishCopies } : ishFor(random, truth);
  const { category, ishGroup } = classifyHer2Test({ ihc: ihcScore, ...ish });
  return { ...first, ...read, ihcScore, ...ish, ...NO_QUANTITATIVE, category, ishGroup };
}

/** The other of the two common assays (OTHER is compared with VENTANA 4B5). */
export function otherAssay(assay: DrawnHer2Test["assay"]): DrawnHer2Test["assay"] {
  return assay === "VENTANA_4B5" ? "HERCEPTEST" : "VENTANA_4B5";
}
