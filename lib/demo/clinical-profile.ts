/**
 * The tumour and patient at diagnosis. Proportions follow ../shared/design/her2-rules.md: about
 * 15 % HER2-positive; among HER2-negative tumours roughly 55 % HER2-low; HR-positive more often in
 * HER2-low (≈88 %) than in HER2-0 (≈60 %); HER2-0 enriched for triple-negative, grade 3.
 */
import type { Her2Truth } from "./her2-readings";
import type { Random } from "./random";
import type { DemoPatient } from "./types";

export type TumourBiology = { her2: Her2Truth; hrPositive: boolean };

export type ClinicalProfile = Pick<
  DemoPatient,
  | "ageAtDiagnosis"
  | "sex"
  | "menopausalStatus"
  | "histologicType"
  | "grade"
  | "tumourSizeMm"
  | "tCategory"
  | "nCategory"
  | "mCategory"
  | "stageGroup"
  | "erPercent"
  | "prPercent"
  | "ki67Percent"
  | "germlineBrca"
> & { biology: TumourBiology; ageYears: number; deNovoMetastatic: boolean };

const HR_POSITIVE_RATE: Record<Her2Truth, number> = { POSITIVE: 0.65, LOW: 0.88, ULTRALOW: 0.8, ZERO: 0.6 };

export function drawBiology(random: Random): TumourBiology {
  const her2 = random.chance(0.15)
    ? "POSITIVE"
    : random.pick<Her2Truth>([
        ["LOW", 0.55],
        ["ULTRALOW", 0.15],
        ["ZERO", 0.3],
      ]);
  return { her2, hrPositive: random.chance(HR_POSITIVE_RATE[her2]) };
}

function drawGrade(random: Random, { her2, hrPositive }: TumourBiology): number {
  if (!hrPositive && her2 !== "POSITIVE") return random.pick([[3, 0.8], [2, 0.17], [1, 0.03]]);
  switch (her2) {
    case "POSITIVE":
      return random.pick([[3, 0.55], [2, 0.4], [1, 0.05]]);
    case "LOW":
      return random.pick([[3, 0.24], [2, 0.56], [1, 0.2]]);
    case "ULTRALOW":
      return random.pick([[3, 0.28], [2, 0.54], [1, 0.18]]);
    case "ZERO":
      return random.pick([[3, 0.32], [2, 0.5], [1, 0.18]]);
  }
}

function drawReceptors(random: Random, hrPositive: boolean): { erPercent: number; prPercent: number } {
  if (!hrPositive) return { erPercent: 0, prPercent: 0 };
  const kind = random.pick([["ER_LOW", 0.05], ["PR_ONLY", 0.03], ["ER_HIGH", 0.92]] as const);
  if (kind === "ER_LOW") return { erPercent: random.integer(1, 10), prPercent: random.chance(0.7) ? 0 : random.integer(1, 20) };
  if (kind === "PR_ONLY") return { erPercent: 0, prPercent: random.integer(5, 60) };
  const erPercent = Math.min(100, 5 * Math.round(random.uniform(60, 101) / 5));
  const prPercent = random.chance(0.25) ? 0 : Math.min(100, Math.max(1, 5 * Math.round(random.uniform(0, 100) / 5)));
  return { erPercent, prPercent };
}

function stageFrom(t: NonNullable<ClinicalProfile["tCategory"]>, n: NonNullable<ClinicalProfile["nCategory"]>, metastatic: boolean): ClinicalProfile["stageGroup"] {
  // AJCC 8th edition anatomic stage groups, collapsed to I-IV.
  if (metastatic) return "STAGE_IV";
  if (t === "T4" || n === "N2" || n === "N3") return "STAGE_III";
  if (t === "T3") return n === "N0" ? "STAGE_II" : "STAGE_III";
  if (t === "T2" || n === "N1") return "STAGE_II";
  return "STAGE_I";
}

/** `deNovoMetastaticRate`: the share of patients metastatic at diagnosis (lib/demo/cohort-profile.ts). */
export function drawClinicalProfile(random: Random, deNovoMetastaticRate = 0.08): ClinicalProfile {
  const biology = drawBiology(random);
  const tripleNegative = !biology.hrPositive && biology.her2 !== "POSITIVE";
  const ageYears = Math.round(Math.min(96, Math.max(23, random.normal(tripleNegative ? 53 : 58, 13))));
  const sex = random.chance(0.01) ? "MALE" : "FEMALE";
  const menopausalStatus = sex === "MALE" || random.chance(0.05)
    ? null
    : ageYears < 45
      ? "PREMENOPAUSAL"
      : ageYears < 55
        ? random.pick([["PREMENOPAUSAL", 0.45], ["PERIMENOPAUSAL", 0.2], ["POSTMENOPAUSAL", 0.35]] as const)
        : "POSTMENOPAUSAL";
  const histologicType = random.chance(0.02)
    ? null
    : biology.hrPositive
      ? random.pick([["NST", 0.76], ["LOBULAR", 0.15], ["MIXED", 0.05], ["OTHER", 0.04]] as const)
      : random.pick([["NST", 0.9], ["LOBULAR", 0.02], ["MIXED", 0.03], ["OTHER", 0.05]] as const);
  const grade = random.chance(0.03) ? null : drawGrade(random, biology);
  const ki67Median = grade === 3 ? 40 : grade === 2 ? 18 : grade === 1 ? 8 : 20;
  const ki67Percent = random.chance(0.08) ? null : Math.round(Math.min(95, Math.max(1, ki67Median * Math.exp(random.normal(0, 0.45)))));
  const receptors = random.chance(0.01) ? { erPercent: null, prPercent: null } : drawReceptors(random, biology.hrPositive);

  const deNovoMetastatic = random.chance(deNovoMetastaticRate);
  const tumourSizeMm = Math.round(Math.min(180, Math.max(3, 21 * Math.exp(random.normal(0, 0.55)))));
  const tCategory = random.chance(0.04) ? "T4" : tumourSizeMm <= 20 ? "T1" : tumourSizeMm <= 50 ? "T2" : "T3";
  const nCategory = random.pick([["N0", deNovoMetastatic ? 0.2 : 0.6], ["N1", 0.27], ["N2", 0.09], ["N3", 0.04]] as const);
  const germlineTested = random.chance(tripleNegative || ageYears < 45 ? 0.75 : 0.4);
  const germlineBrca = !germlineTested
    ? "NOT_TESTED"
    : random.pick([
        ["BRCA1", tripleNegative ? 0.12 : 0.02],
        ["BRCA2", biology.hrPositive ? 0.04 : 0.02],
        ["NEGATIVE", 0.9],
      ] as const);

  return {
    biology,
    ageYears,
    ageAtDiagnosis: Math.min(90, ageYears),
    sex,
    menopausalStatus,
    histologicType,
    grade,
    tumourSizeMm: random.chance(0.04) ? null : tumourSizeMm,
    tCategory,
    nCategory,
    mCategory: deNovoMetastatic ? "M1" : "M0",
    stageGroup: stageFrom(tCategory, nCategory, deNovoMetastatic),
    erPercent: receptors.erPercent,
    prPercent: receptors.prPercent,
    ki67Percent,
    germlineBrca,
    deNovoMetastatic,
  };
}
