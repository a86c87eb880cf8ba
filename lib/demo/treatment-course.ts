/**
 * Treatment lines, recurrence and death for one synthetic patient. Regimens follow the standard of
 * care of the calendar year (T-DXd for HER2-positive from 2020, HER2-low from late 2022 after
 * DESTINY-Breast04, HER2-ultralow from 2024-2025 after DESTINY-Breast06), and progression-free
 * survival medians are those of the pivotal trials, so that the demo curves look familiar:
 * T-DXd in HER2-low ≈ 9.9 months vs chemotherapy ≈ 5.1 (DB-04), ≈ 13.2 vs 8.1 after endocrine
 * therapy (DB-06), sacituzumab 6.4 (HER2-low) vs 5.0 (IHC 0) in TROPiCS-02.
 */
import type { ClinicalProfile } from "./clinical-profile";
import type { Her2Truth } from "./her2-readings";
import { createRandom, type Random } from "./random";
import type { DemoTreatmentLine, RegimenClass } from "./types";

const DAYS_PER_MONTH = 30.4375;
const DAYS_PER_YEAR = 365.25;
const MAX_LINES = 4;

type Subtype = "HR_POSITIVE" | "TRIPLE_NEGATIVE" | "HER2_POSITIVE";

export type TreatmentContext = {
  profile: ClinicalProfile;
  /** Diagnosis as a decimal calendar year (e.g. 2019.42). */
  diagnosisTime: number;
  /** Days from diagnosis to the data cut-off: nothing is observed after it. */
  followUpDays: number;
  /** HER2 category the treating oncologist acts on in metastatic disease. */
  metastaticHer2: Her2Truth;
  /** Multiplies the yearly recurrence hazard of early disease (1 for the demo cohort). */
  recurrenceHazardRatio?: number;
};

export type TreatmentCourse = {
  lines: DemoTreatmentLine[];
  daysToMetastasis: number | null;
  daysToDeath: number | null;
  daysToLastContact: number;
  /** Day of surgery of the primary (early disease), for the surgical HER2 test. */
  surgeryDay: number | null;
};

function subtypeOf(profile: ClinicalProfile, her2: Her2Truth): Subtype {
  if (her2 === "POSITIVE") return "HER2_POSITIVE";
  return profile.biology.hrPositive ? "HR_POSITIVE" : "TRIPLE_NEGATIVE";
}

type Choice = { regimen: RegimenClass; agents: string[]; pfsMonths: number; responseRate: number };

function pickAgents(random: Random, options: readonly (readonly string[])[]): string[] {
  return [...(options[random.integer(0, options.length - 1)] ?? ["OTHER"])];
}

const METASTATIC_CHEMOTHERAPY = [["PACLITAXEL"], ["CAPECITABINE"], ["ERIBULIN"], ["NAB_PACLITAXEL"], ["GEMCITABINE", "CARBOPLATIN"], ["VINORELBINE"]] as const;

function chooseMetastaticRegimen(random: Random, subtype: Subtype, her2: Her2Truth, line: number, year: number, brcaCarrier: boolean, given: Set<RegimenClass>): Choice {
  const chemo = (pfsMonths: number, responseRate: number): Choice => ({ regimen: "CHEMOTHERAPY", agents: pickAgents(random, METASTATIC_CHEMOTHERAPY), pfsMonths, responseRate });
  const tdxd = (pfsMonths: number, responseRate: number): Choice => ({ regimen: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], pfsMonths, responseRate });
  const sacituzumab = (pfsMonths: number): Choice => ({ regimen: "SACITUZUMAB_GOVITECAN", agents: ["SACITUZUMAB_GOVITECAN"], pfsMonths, responseRate: 0.25 });
  const tdxdForLow = her2 === "LOW" && year >= 2022.7 && !given.has("T_DXD");
  // DESTINY-Breast06 was presented in mid-2024 and approved for HR-positive ultralow disease after
  // endocrine therapy from early 2025 (some centres treated as soon as the results were out).
  const tdxdForUltralow = her2 === "ULTRALOW" && !given.has("T_DXD") && (year >= 2025 || (year >= 2024.4 && random.chance(0.6)));

  switch (subtype) {
    case "HER2_POSITIVE":
      if (line === 1) return { regimen: "TRASTUZUMAB_BASED", agents: year >= 2013 ? ["DOCETAXEL", "TRASTUZUMAB", "PERTUZUMAB"] : ["PACLITAXEL", "TRASTUZUMAB"], pfsMonths: year >= 2013 ? 18.7 : 12.4, responseRate: 0.8 };
      // DESTINY-Breast03: objective response 79 %. drawResponse raises the rate of patients past the
      // first assessment by 1.25, so 0.70 gives about 79 % among the assessed.
      if (year >= 2020 && !given.has("T_DXD") && random.chance(0.85)) return tdxd(25, 0.7);
      if (year >= 2013 && !given.has("T_DM1")) return { regimen: "T_DM1", agents: ["TRASTUZUMAB_EMTANSINE"], pfsMonths: 7.2, responseRate: 0.35 };
      // HER2CLIMB (tucatinib) or lapatinib + capecitabine: lines named by their TKI (HER2_TKI).
      return { regimen: "HER2_TKI", agents: year >= 2020 ? ["TUCATINIB", "TRASTUZUMAB", "CAPECITABINE"] : ["LAPATINIB", "CAPECITABINE"], pfsMonths: year >= 2020 ? 7.8 : 6.2, responseRate: 0.4 };
    case "HR_POSITIVE":
      if (line === 1) {
        if (year >= 2016 && random.chance(0.85)) return { regimen: "ENDOCRINE_CDK46", agents: pickAgents(random, [["LETROZOLE", "PALBOCICLIB"], ["LETROZOLE", "RIBOCICLIB"], ["FULVESTRANT", "ABEMACICLIB"]]), pfsMonths: 25, responseRate: 0.42 };
        return { regimen: "ENDOCRINE", agents: pickAgents(random, [["LETROZOLE"], ["ANASTROZOLE"], ["FULVESTRANT"]]), pfsMonths: 13, responseRate: 0.25 };
      }
      // DESTINY-Breast06 setting: HR-positive after endocrine therapy, before chemotherapy.
      if ((tdxdForLow || tdxdForUltralow) && random.chance(line === 2 ? 0.7 : 0.8)) {
        return line === 2 && !given.has("CHEMOTHERAPY") ? tdxd(13.2, her2 === "ULTRALOW" ? 0.62 : 0.57) : tdxd(9.9, 0.52);
      }
      if (brcaCarrier && !given.has("PARP_INHIBITOR") && random.chance(0.6)) return { regimen: "PARP_INHIBITOR", agents: pickAgents(random, [["OLAPARIB"], ["TALAZOPARIB"]]), pfsMonths: 7, responseRate: 0.6 };
      if (line === 2 && random.chance(0.35)) {
        // Endocrine therapy alone or with a PI3K/AKT/mTOR inhibitor: the class follows the agents.
        const agents = pickAgents(random, [["EXEMESTANE", "EVEROLIMUS"], ["FULVESTRANT"], ["FULVESTRANT", "ALPELISIB"]]);
        return { regimen: agents.length > 1 ? "ENDOCRINE_PI3K_AKT_MTOR" : "ENDOCRINE", agents, pfsMonths: 6, responseRate: 0.12 };
      }
      // TROPiCS-02: 6.4 months in HER2-low, 5.0 in IHC 0 (which includes ultralow).
      if (year >= 2023.1 && !given.has("SACITUZUMAB_GOVITECAN") && given.has("CHEMOTHERAPY") && random.chance(0.5)) return sacituzumab(her2 === "LOW" ? 6.4 : 5.0);
      if (year >= 2025 && !given.has("OTHER_TROP2_ADC") && random.chance(0.15)) return { regimen: "OTHER_TROP2_ADC", agents: ["DATOPOTAMAB_DERUXTECAN"], pfsMonths: 6.9, responseRate: 0.36 };
      return given.has("CHEMOTHERAPY") ? chemo(5.1, 0.16) : chemo(8.1, 0.32);
    case "TRIPLE_NEGATIVE":
      if (line === 1) {
        if (year >= 2019 && random.chance(0.4)) return { regimen: "IMMUNOTHERAPY", agents: ["PEMBROLIZUMAB", "PACLITAXEL"], pfsMonths: 7.5, responseRate: 0.45 };
        return chemo(5.6, 0.35);
      }
      if (tdxdForLow && random.chance(0.45)) return tdxd(8.5, 0.5);
      if (year >= 2020.3 && !given.has("SACITUZUMAB_GOVITECAN") && random.chance(0.6)) return sacituzumab(4.8);
      if (brcaCarrier && !given.has("PARP_INHIBITOR") && random.chance(0.5)) return { regimen: "PARP_INHIBITOR", agents: ["OLAPARIB"], pfsMonths: 7, responseRate: 0.55 };
      return chemo(2.9, 0.12);
  }
}

function drawResponse(random: Random, pfsDays: number, responseRate: number): NonNullable<DemoTreatmentLine["bestResponse"]> {
  if (random.chance(0.03)) return "NE";
  // Early progression at the first assessment (≈ 8 weeks) is progressive disease; the others
  // respond at a rate that keeps the overall objective response near the trial's.
  if (pfsDays < 56) return random.chance(0.85) ? "PD" : "SD";
  const responded = random.chance(Math.min(0.95, responseRate * 1.25));
  if (!responded) return "SD";
  return random.chance(0.12) ? "CR" : "PR";
}

/**
 * A metastatic line with its RECIST measurability and response confirmation. About 15 % of lines
 * start with non-measurable disease only (bone-only disease, mostly): RECIST has no partial
 * response there, so a drawn PR reads as SD. A CR or PR is confirmed at the next assessment when
 * the response lasts 4 more weeks (about 90 % of responders). Drawn from a source seeded by the
 * line's own days rather than the cohort's stream, so that adding these fields left every other
 * draw of the demo (and the figures tests and docs quote) as it was.
 */
function assessed(line: Omit<DemoTreatmentLine, "measurability" | "responseConfirmation">, pfsDays: number): DemoTreatmentLine {
  const own = createRandom(Math.imul(line.startDay + 1, 0x9e3779b1) ^ Math.imul(pfsDays + 7, 0x85ebca6b) ^ line.lineNumber);
  const measurable = !own.chance(0.15);
  const bestResponse = !measurable && line.bestResponse === "PR" ? "SD" : line.bestResponse;
  const responded = bestResponse === "CR" || bestResponse === "PR";
  return {
    ...line,
    bestResponse,
    measurability: line.bestResponse === null ? null : measurable ? "MEASURABLE" : "NON_MEASURABLE",
    responseConfirmation: responded ? (pfsDays >= 84 && own.chance(0.9) ? "CONFIRMED" : "UNCONFIRMED") : null,
  };
}

export function drawTreatmentCourse(random: Random, context: TreatmentContext): TreatmentCourse {
  const { profile, diagnosisTime, followUpDays } = context;
  const primarySubtype = subtypeOf(profile, profile.biology.her2);
  const yearAt = (day: number) => diagnosisTime + day / DAYS_PER_YEAR;
  const lines: DemoTreatmentLine[] = [];
  const frailty = Math.exp(random.normal(0, 0.35));
  let daysToMetastasis: number | null = profile.deNovoMetastatic ? 0 : null;
  let surgeryDay: number | null = null;
  let daysToDeath: number | null = null;

  if (!profile.deNovoMetastatic) {
    const stageRisk = profile.stageGroup === "STAGE_III" ? 0.09 : profile.stageGroup === "STAGE_II" ? 0.04 : 0.012;
    const subtypeRisk = primarySubtype === "TRIPLE_NEGATIVE" ? 1.8 : primarySubtype === "HER2_POSITIVE" ? 1.1 : 0.9;
    const recurrenceDay = Math.round((random.exponential(Math.LN2 / (stageRisk * subtypeRisk * (context.recurrenceHazardRatio ?? 1))) * DAYS_PER_YEAR) + 120);
    const recurs = recurrenceDay < followUpDays - 30;

    const wantsNeoadjuvant = profile.stageGroup !== "STAGE_I" && primarySubtype !== "HR_POSITIVE" ? random.chance(0.6) : random.chance(0.06);
    let nextStart = random.integer(14, 35);
    if (wantsNeoadjuvant) {
      const end = nextStart + random.integer(126, 168);
      const regimen: Choice =
        primarySubtype === "HER2_POSITIVE"
          ? { regimen: "TRASTUZUMAB_BASED", agents: ["PACLITAXEL", "CARBOPLATIN", "TRASTUZUMAB", "PERTUZUMAB"], pfsMonths: 0, responseRate: 0.85 }
          : primarySubtype === "TRIPLE_NEGATIVE" && yearAt(nextStart) >= 2021.5
            ? { regimen: "IMMUNOTHERAPY", agents: ["PEMBROLIZUMAB", "PACLITAXEL", "CARBOPLATIN", "DOXORUBICIN", "CYCLOPHOSPHAMIDE"], pfsMonths: 0, responseRate: 0.85 }
            : { regimen: "CHEMOTHERAPY", agents: ["DOXORUBICIN", "CYCLOPHOSPHAMIDE", "PACLITAXEL"], pfsMonths: 0, responseRate: 0.7 };
      if (end < followUpDays) {
        lines.push({ setting: "NEOADJUVANT", lineNumber: 1, regimenClass: regimen.regimen, agents: regimen.agents, startDay: nextStart, endDay: end, bestResponse: random.chance(regimen.responseRate) ? (random.chance(0.4) ? "CR" : "PR") : random.chance(0.9) ? "SD" : "PD", measurability: null, responseConfirmation: null, progressionDay: null });
      }
      nextStart = end;
    }
    surgeryDay = nextStart + random.integer(14, 42);

    const adjuvant: Choice[] = [];
    if (primarySubtype === "HER2_POSITIVE") {
      const residual = wantsNeoadjuvant && lines[0]?.bestResponse !== "CR";
      adjuvant.push(residual && yearAt(surgeryDay) >= 2019
        ? { regimen: "T_DM1", agents: ["TRASTUZUMAB_EMTANSINE"], pfsMonths: 0, responseRate: 0 }
        : { regimen: "TRASTUZUMAB_BASED", agents: wantsNeoadjuvant ? ["TRASTUZUMAB", "PERTUZUMAB"] : ["PACLITAXEL", "TRASTUZUMAB"], pfsMonths: 0, responseRate: 0 });
    } else if (!wantsNeoadjuvant && (primarySubtype === "TRIPLE_NEGATIVE" || (profile.grade === 3 && profile.stageGroup !== "STAGE_I"))) {
      adjuvant.push({ regimen: "CHEMOTHERAPY", agents: ["DOXORUBICIN", "CYCLOPHOSPHAMIDE", "PACLITAXEL"], pfsMonths: 0, responseRate: 0 });
    }
    if (profile.biology.hrPositive && lines.length + adjuvant.length < 2) {
      adjuvant.push({ regimen: "ENDOCRINE", agents: profile.menopausalStatus === "PREMENOPAUSAL" ? ["TAMOXIFEN"] : pickAgents(random, [["LETROZOLE"], ["ANASTROZOLE"]]), pfsMonths: 0, responseRate: 0 });
    }
    let adjuvantStart = surgeryDay + random.integer(21, 49);
    adjuvant.forEach((choice, index) => {
      if (adjuvantStart >= followUpDays) return;
      const plannedDays = choice.regimen === "ENDOCRINE" ? Math.round(5 * DAYS_PER_YEAR) : choice.regimen === "CHEMOTHERAPY" ? random.integer(112, 150) : 365;
      const plannedEnd = adjuvantStart + plannedDays;
      const progressed = recurs && recurrenceDay <= plannedEnd && recurrenceDay >= adjuvantStart;
      const endDay = progressed ? recurrenceDay : plannedEnd < followUpDays ? plannedEnd : null;
      lines.push({ setting: "ADJUVANT", lineNumber: index + 1, regimenClass: choice.regimen, agents: choice.agents, startDay: adjuvantStart, endDay, bestResponse: null, measurability: null, responseConfirmation: null, progressionDay: progressed ? recurrenceDay : null });
      adjuvantStart = (endDay ?? plannedEnd) + random.integer(7, 21);
    });

    if (recurs) daysToMetastasis = Math.max(recurrenceDay, (lines.at(-1)?.startDay ?? 0) + 1);
  }

  if (daysToMetastasis !== null) {
    const subtype = subtypeOf(profile, context.metastaticHer2);
    const brcaCarrier = profile.germlineBrca === "BRCA1" || profile.germlineBrca === "BRCA2";
    const given = new Set<RegimenClass>();
    let start = daysToMetastasis + random.integer(14, 40);
    let lineNumber = 1;
    while (lines.length < MAX_LINES && start < followUpDays && daysToDeath === null) {
      const choice = chooseMetastaticRegimen(random, subtype, context.metastaticHer2, lineNumber, yearAt(start), brcaCarrier, given);
      given.add(choice.regimen);
      const pfsDays = Math.max(14, Math.round(random.exponential(choice.pfsMonths * DAYS_PER_MONTH) * frailty));
      const progression = start + pfsDays;
      if (progression >= followUpDays) {
        lines.push(assessed({ setting: "METASTATIC", lineNumber, regimenClass: choice.regimen, agents: choice.agents, startDay: start, endDay: null, bestResponse: followUpDays - start >= 56 ? drawResponse(random, pfsDays, choice.responseRate) : null, progressionDay: null }, pfsDays));
        break;
      }
      lines.push(assessed({ setting: "METASTATIC", lineNumber, regimenClass: choice.regimen, agents: choice.agents, startDay: start, endDay: progression, bestResponse: drawResponse(random, pfsDays, choice.responseRate), progressionDay: progression }, pfsDays));
      const lastLine = lines.length >= MAX_LINES;
      const diesBeforeNextLine = lastLine || random.chance(0.12 + 0.08 * lineNumber);
      if (diesBeforeNextLine) {
        const death = progression + Math.round(random.exponential((lastLine ? 6 : 2.5) * DAYS_PER_MONTH * (subtype === "TRIPLE_NEGATIVE" ? 0.7 : 1)));
        if (death < followUpDays) daysToDeath = death;
        break;
      }
      start = progression + random.integer(14, 35);
      lineNumber += 1;
    }
  } else {
    // Deaths from other causes in patients without recurrence.
    const yearlyRate = 0.004 * Math.exp((profile.ageYears - 60) / 10);
    const deathDay = Math.round(random.exponential(Math.LN2 / yearlyRate) * DAYS_PER_YEAR);
    if (deathDay < followUpDays) daysToDeath = deathDay;
  }

  if (daysToDeath !== null) {
    const death = daysToDeath;
    // Nothing is observed after death: drop lines not yet started, close open ones.
    const started = lines.filter((line) => line.startDay <= death);
    lines.length = 0;
    lines.push(...started);
    for (const line of lines) {
      if (line.endDay === null || line.endDay > death) line.endDay = Math.max(line.startDay, death);
      if (line.progressionDay !== null && line.progressionDay > death) line.progressionDay = null;
    }
    if (daysToMetastasis !== null && daysToMetastasis > death) daysToMetastasis = null;
  }

  return {
    lines,
    daysToMetastasis,
    daysToDeath,
    daysToLastContact: daysToDeath ?? followUpDays,
    surgeryDay,
  };
}
