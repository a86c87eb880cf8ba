/**
 * HER2 tests as pathologists report them: IHC read with the noise that makes IHC 0 vs 1+ the
 * least reproducible call (Fleiss κ ≈ 0.5), ISH on IHC 2+, the primary → metastasis drift of
 * the published series (≈38 % discordance; zero → low ≈15 %, low → zero ≈14 %), and reports
 * of the years before HER2-low mattered, which said "IHC 0" without null or ultralow.
 */
import { classifyHer2Test, type EvaluableCategory, type IhcScore } from "../her2/classify";
import type { DemoSite } from "./demo-sites";
import { NO_QUANTITATIVE } from "./quantitative-readings";
import type { Random } from "./random";
import type { DrawnHer2Test } from "./types";

/** The biology of a tumour: every IHC 0 is either null or ultralow, whatever the report says. */
export type Her2Truth = Exclude<EvaluableCategory, "ZERO_NOS">;

type Reading = Pick<DrawnHer2Test, "ihcScore" | "ishRatio" | "ishCopies">;

/**
 * The chance that a report of the calendar year `year` gave an IHC 0 without saying null or
 * ultralow: nearly all reports before DESTINY-Breast04 (2022) and the 2023 ASCO/CAP update, few
 * after DESTINY-Breast06 (2024), so a registry spanning 2012-2025 mixes both, as real ones do.
 */
export function unspecifiedZeroRate(year: number): number {
  if (year < 2020) return 0.85;
  if (year < 2022) return 0.6;
  if (year < 2023) return 0.35;
  if (year < 2024) return 0.15;
  return 0.03;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function amplifiedIsh(random: Random): Pick<Reading, "ishRatio" | "ishCopies"> {
  return { ishRatio: round(random.uniform(2.2, 8), 2), ishCopies: round(random.uniform(5, 20), 1) };
}

function nonAmplifiedIsh(random: Random): Pick<Reading, "ishRatio" | "ishCopies"> {
  const group = random.pick([[5, 0.88], [4, 0.08], [2, 0.04]] as const);
  if (group === 4) return { ishRatio: round(random.uniform(1.2, 1.95), 2), ishCopies: round(random.uniform(4, 5.9), 1) };
  if (group === 2) return { ishRatio: round(random.uniform(2, 2.6), 2), ishCopies: round(random.uniform(2.5, 3.9), 1) };
  return { ishRatio: round(random.uniform(0.9, 1.9), 2), ishCopies: round(random.uniform(1.6, 3.9), 1) };
}

/**
 * One IHC (and, for 2+, ISH) reading of a tumour whose true expression is `truth`, with
 * `latentIhc`: the score before the site's calling habit (what a reader without it would see on
 * the slide), from which second reads of the same block are drawn (second-reads.ts).
 */
export function readHer2(random: Random, truth: Her2Truth, site: DemoSite, ishPending: boolean): Reading & { latentIhc: IhcScore } {
  let ihc: IhcScore;
  switch (truth) {
    case "POSITIVE":
      if (random.chance(0.78)) return { ihcScore: "IHC_3", ishRatio: null, ishCopies: null, latentIhc: "IHC_3" };
      return { ihcScore: "IHC_2", ...(ishPending ? { ishRatio: null, ishCopies: null } : amplifiedIsh(random)), latentIhc: "IHC_2" };
    case "LOW":
      ihc = random.chance(0.62) ? "IHC_1" : "IHC_2";
      break;
    case "ULTRALOW":
      ihc = random.pick([["IHC_0_ULTRALOW", 0.85], ["IHC_0_NULL", 0.07], ["IHC_1", 0.08]] as const);
      break;
    case "ZERO":
      ihc = random.pick([["IHC_0_NULL", 0.85], ["IHC_0_ULTRALOW", 0.1], ["IHC_1", 0.05]] as const);
      break;
  }
  const latentIhc = ihc;
  if ((ihc === "IHC_0_NULL" || ihc === "IHC_0_ULTRALOW") && random.chance(site.ihcOneBias)) ihc = "IHC_1";
  if (ihc !== "IHC_2" || ishPending) return { ihcScore: ihc, ishRatio: null, ishCopies: null, latentIhc };
  return { ihcScore: ihc, ...nonAmplifiedIsh(random), latentIhc };
}

/** ISH of a 2+ reading of a tumour whose true expression is `truth` (amplified only if positive). */
export function ishFor(random: Random, truth: Her2Truth): Pick<Reading, "ishRatio" | "ishCopies"> {
  return truth === "POSITIVE" ? amplifiedIsh(random) : nonAmplifiedIsh(random);
}

/** The expression of a metastasis grown from a primary of expression `primary`. */
export function driftToMetastasis(random: Random, primary: Her2Truth): Her2Truth {
  switch (primary) {
    case "POSITIVE":
      return random.pick([["POSITIVE", 0.9], ["LOW", 0.08], ["ZERO", 0.02]] as const);
    case "LOW":
      return random.pick([["LOW", 0.78], ["ZERO", 0.14], ["ULTRALOW", 0.06], ["POSITIVE", 0.02]] as const);
    case "ULTRALOW":
      return random.pick([["ULTRALOW", 0.55], ["LOW", 0.25], ["ZERO", 0.2]] as const);
    case "ZERO":
      return random.pick([["ZERO", 0.68], ["LOW", 0.17], ["ULTRALOW", 0.15]] as const);
  }
}

/**
 * The residual tumour's expression after neoadjuvant therapy: HER2-0 → low conversion is the
 * frequent change in residual disease (up to ~30-47 % zero → low in post-treatment series).
 */
export function driftUnderNeoadjuvantTherapy(random: Random, before: Her2Truth): Her2Truth {
  switch (before) {
    case "POSITIVE":
      return random.pick([["POSITIVE", 0.8], ["LOW", 0.15], ["ZERO", 0.05]] as const);
    case "LOW":
      return random.pick([["LOW", 0.72], ["ZERO", 0.18], ["ULTRALOW", 0.1]] as const);
    case "ULTRALOW":
      return random.pick([["ULTRALOW", 0.5], ["LOW", 0.3], ["ZERO", 0.2]] as const);
    case "ZERO":
      return random.pick([["ZERO", 0.6], ["LOW", 0.28], ["ULTRALOW", 0.12]] as const);
  }
}

export type TestFields = Pick<DrawnHer2Test, "specimen" | "specimenSite" | "daysSinceDiagnosis">;

/** Who reads the slide: the site's own pathologist (with its calling habits) or a central laboratory. */
export type Reader = { site: DemoSite; readKind: DrawnHer2Test["readKind"]; reader: string | null; blockLabel: string | null };

/**
 * A report of `truth` on the specimen `fields`, in the calendar year `year` (which decides
 * whether an IHC 0 says null or ultralow); `reader` says whose read it is.
 */
export function buildTest(
  random: Random,
  reader: Reader,
  truth: Her2Truth,
  fields: TestFields,
  year: number,
  ishPending = false,
): DrawnHer2Test {
  return buildRead(random, reader, truth, fields, year, ishPending).test;
}

/** `buildTest` with the reading's latent score, for the second reads of the same block. */
export function buildRead(
  random: Random,
  reader: Reader,
  truth: Her2Truth,
  fields: TestFields,
  year: number,
  ishPending = false,
): { test: DrawnHer2Test; latentIhc: IhcScore } {
  const { latentIhc, ...reading } = readHer2(random, truth, reader.site, ishPending);
  const unspecified = (reading.ihcScore === "IHC_0_NULL" || reading.ihcScore === "IHC_0_ULTRALOW") && random.chance(unspecifiedZeroRate(year));
  const ihcScore: IhcScore | null = unspecified ? "IHC_0_NOS" : reading.ihcScore;
  const { category, ishGroup } = classifyHer2Test({ ihc: ihcScore, ishRatio: reading.ishRatio, ishCopies: reading.ishCopies });
  const assay = random.chance(0.03) ? "OTHER" : random.chance(reader.site.hercepTestShare) ? "HERCEPTEST" : "VENTANA_4B5";
  return {
    test: { ...fields, assay, ...reading, ihcScore, blockLabel: reader.blockLabel, readKind: reader.readKind, reader: reader.reader, ...NO_QUANTITATIVE, ishGroup, category },
    latentIhc,
  };
}

export const METASTATIC_SITES = [
  ["LIVER", 0.28],
  ["BONE", 0.2],
  ["LUNG", 0.16],
  ["DISTANT_NODE", 0.14],
  ["SKIN_SOFT_TISSUE", 0.08],
  ["PLEURA", 0.07],
  ["BRAIN", 0.04],
  ["OTHER", 0.03],
] as const;
