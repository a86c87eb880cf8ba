/**
 * Early-disease data of a synthetic patient (issue 14 §1): staging basis, surgery, the
 * pathological response to neoadjuvant therapy and invasive disease events other than distant
 * recurrence. Drawn from the case's own stream, so that adding them left every other draw of the
 * demo (and the figures tests and docs quote) as it was.
 *
 * pCR after neoadjuvant chemotherapy by HER2 and HR status: Denkert 2021 (Lancet Oncol 22:1151,
 * 2,310 patients of four GBG trials): HR-positive HER2-low 17.5 % vs HER2-0 23.6 %, HR-negative
 * 48.0 % vs 50.1 %. HER2-positive with dual blockade: about 40 % (HR-positive) and 65 %
 * (HR-negative) (NeoSphere, TRAIN-2). HER2-low had the better disease-free survival (Denkert:
 * 3-year DFS 83.4 % vs 76.1 %; Molinelli 2023 pooled HR 0.86): the non-distant events below are
 * drawn with that hazard ratio.
 */
import { derivePathologicCompleteResponse, deriveRecurrenceRows, type RecurrenceValues } from "../cases/early-disease";
import type { Her2Truth } from "./her2-readings";
import type { Random } from "./random";
import type { DemoPatient, DemoTreatmentLine } from "./types";

const DAYS_PER_YEAR = 365.25;

export type DemoEarlyDisease = Pick<
  DemoPatient,
  "stagingBasis" | "ypTCategory" | "ypNCategory" | "rcbClass" | "surgeryType" | "daysToSurgery" | "pathologicCompleteResponse"
> & { recurrences: RecurrenceValues[] };

type EarlyContext = {
  her2: Her2Truth;
  hrPositive: boolean;
  ageYears: number;
  stageGroup: DemoPatient["stageGroup"];
  diseaseSetting: DemoPatient["diseaseSetting"];
  daysToMetastasis: number | null;
  daysToLastContact: number;
  surgeryDay: number | null;
  lines: readonly DemoTreatmentLine[];
  /** A residual tumour was tested at surgery: not a pCR. */
  residualSpecimen: boolean;
};

function pcrRate(her2: Her2Truth, hrPositive: boolean): number {
  if (her2 === "POSITIVE") return hrPositive ? 0.4 : 0.65;
  if (her2 === "LOW") return hrPositive ? 0.175 : 0.48;
  return hrPositive ? 0.236 : 0.501;
}

/** About 38 % of non-responders have their residual tumour retested (a residual specimen is never a pCR): the draw among the others is raised to keep the overall rate. */
const SHARE_WITHOUT_RESIDUAL_SPECIMEN = 0.62;

export function drawEarlyDisease(random: Random, context: EarlyContext): DemoEarlyDisease {
  const none: DemoEarlyDisease = { stagingBasis: null, ypTCategory: null, ypNCategory: null, rcbClass: null, surgeryType: null, daysToSurgery: null, pathologicCompleteResponse: null, recurrences: [] };
  if (context.diseaseSetting === "DE_NOVO_METASTATIC") return none;
  const neoadjuvant = context.lines.find((line) => line.setting === "NEOADJUVANT");
  const operated = context.surgeryDay !== null && context.surgeryDay < context.daysToLastContact;
  const result: DemoEarlyDisease = { ...none, stagingBasis: neoadjuvant || !operated ? "CLINICAL" : "PATHOLOGICAL" };
  if (operated && context.surgeryDay !== null) {
    result.daysToSurgery = context.surgeryDay;
    result.surgeryType = random.chance(neoadjuvant ? 0.45 : 0.35) ? "MASTECTOMY" : "BREAST_CONSERVING";
    if (neoadjuvant && context.surgeryDay > neoadjuvant.startDay) {
      const complete = !context.residualSpecimen && random.chance(Math.min(0.95, pcrRate(context.her2, context.hrPositive) / SHARE_WITHOUT_RESIDUAL_SPECIMEN));
      if (complete) {
        result.ypTCategory = random.chance(0.8) ? "T0" : "TIS";
        result.ypNCategory = "N0";
        result.rcbClass = random.chance(0.92) ? "RCB_0" : null;
      } else {
        const ypT = random.pick([["T0", 0.05], ["T1", 0.45], ["T2", 0.33], ["T3", 0.13], ["T4", 0.04]] as const);
        result.ypTCategory = ypT;
        result.ypNCategory = ypT === "T0" ? random.pick([["N1", 0.8], ["N2", 0.2]] as const) : random.pick([["N0", 0.55], ["N1", 0.3], ["N2", 0.1], ["N3", 0.05]] as const);
        result.rcbClass = random.chance(0.9) ? random.pick([["RCB_I", 0.3], ["RCB_II", 0.5], ["RCB_III", 0.2]] as const) : null;
      }
      result.pathologicCompleteResponse = derivePathologicCompleteResponse(result.ypTCategory, result.ypNCategory);
    }
  }
  result.recurrences = deriveRecurrenceRows({ diseaseSetting: context.diseaseSetting, daysToMetastasis: context.daysToMetastasis }, drawInvasiveEvents(random, context, result.pathologicCompleteResponse));
  return result;
}

/**
 * Local, regional, contralateral and second primary invasive events (the distant one is the
 * course's metastasis), each at a constant yearly hazard from about half a year after the
 * diagnosis: stage and triple-negative biology raise them, a pCR lowers them (Cortazar 2014:
 * EFS HR ≈ 0.5), HER2-low lowers them against HER2-0 (HR 0.86).
 */
function drawInvasiveEvents(random: Random, context: EarlyContext, pcr: boolean | null): RecurrenceValues[] {
  const stage = context.stageGroup === "STAGE_III" ? 2.5 : context.stageGroup === "STAGE_II" ? 1.4 : 0.8;
  const biology = !context.hrPositive && context.her2 !== "POSITIVE" ? 1.6 : 1;
  const her2Low = context.her2 === "LOW" ? 0.86 : 1;
  const response = pcr === true ? 0.5 : 1;
  const age = Math.exp((context.ageYears - 60) / 15);
  const yearly: [RecurrenceValues["kind"], number][] = [
    ["LOCAL", 0.006 * stage * biology * her2Low * response],
    ["REGIONAL", 0.003 * stage * biology * her2Low * response],
    ["CONTRALATERAL_INVASIVE", 0.004],
    ["SECOND_PRIMARY_INVASIVE", 0.005 * age],
  ];
  const events: RecurrenceValues[] = [];
  for (const [kind, rate] of yearly) {
    const day = Math.round(random.exponential(Math.LN2 / rate) * DAYS_PER_YEAR) + 150;
    if (day < context.daysToLastContact) events.push({ kind, day });
  }
  return events;
}
