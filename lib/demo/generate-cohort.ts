/**
 * A deterministic synthetic cohort for the demo, the tests and the benchmark: the same options
 * always give the same patients. Nothing here is real patient data.
 */
import { deriveCaseColumns, type LineDerivedColumns, type TestRowDerivedColumns } from "../cases/derive-case";
import { drawClinicalProfile } from "./clinical-profile";
import { COHORT_PROFILES, type CohortProfile, type CohortProfileName } from "./cohort-profile";
import { DEMO_SITES, type DemoSite } from "./demo-sites";
import { METASTATIC_SITES, buildRead, buildTest, driftToMetastasis, driftUnderNeoadjuvantTherapy, type Her2Truth, type Reader } from "./her2-readings";
import { createRandom, type Random } from "./random";
import { drawImageAnalysis, drawMrna } from "./quantitative-readings";
import { buildSecondRead, otherAssay } from "./second-reads";
import { drawTreatmentCourse } from "./treatment-course";
import { drawEarlyDisease } from "./early-disease";
import type { DemoCase, DrawnHer2Test } from "./types";

export type CohortOptions = {
  patients: number;
  seed: number;
  sites?: readonly DemoSite[];
  /** Data cut-off as a decimal year: nothing later is observed. */
  cutoff?: number;
  firstYear?: number;
  lastYear?: number;
  /** How much follow-up each patient has (lib/demo/cohort-profile.ts); "demo" by default. */
  profile?: CohortProfileName;
};

type CaseSettings = Required<Omit<CohortOptions, "patients" | "seed" | "sites" | "profile">> & { profile: CohortProfile };

export const DEFAULT_CUTOFF = 2025.9;

/** The sites with their weights, built once per cohort (at 10M patients there are 250 sites). */
function siteWeights(sites: readonly DemoSite[]): (readonly [DemoSite, number])[] {
  return sites.map((site) => [site, site.weight] as const);
}

function pickDiagnosisYear(random: Random, firstYear: number, lastYear: number): number {
  // Accrual grows over time, as registries do when sites join.
  const years: (readonly [number, number])[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) years.push([year, 0.6 + (0.6 * (year - firstYear)) / Math.max(1, lastYear - firstYear)]);
  return random.pick(years);
}

function generateCase(random: Random, reads: Random, early: Random, site: DemoSite, studyId: string, options: CaseSettings): DemoCase {
  const settings = options.profile;
  const profile = drawClinicalProfile(random, settings.deNovoMetastaticRate);
  const diagnosisYear = pickDiagnosisYear(random, options.firstYear, options.lastYear);
  const diagnosisTime = diagnosisYear + random.uniform(0, diagnosisYear === options.lastYear ? options.cutoff - diagnosisYear - 0.05 : 1);
  const followUpDays = Math.max(21, Math.floor((options.cutoff - diagnosisTime) * 365.25) - random.integer(0, 60));

  const primaryTruth = profile.biology.her2;
  const metastaticTruth: Her2Truth = driftToMetastasis(random, primaryTruth);
  const yearOf = (day: number) => diagnosisTime + day / 365.25;
  const local: Reader = { site, readKind: "LOCAL", reader: null, blockLabel: null };
  // A central laboratory re-reads the diagnostic block (same tissue, same day): a read of an
  // existing specimen, not a new biopsy. Its pathologists have none of the site's calling habits.
  // Some centrally reviewed blocks are read a third time by a research pathologist, and some
  // blocks are stained again with the other assay (second-reads.ts). These draws come from their
  // own stream (`reads`), so the rest of each patient does not depend on them.
  const centralReview = settings.centralReviewRate > 0 && random.chance(settings.centralReviewRate);
  const research = centralReview && reads.chance(settings.researchRereadRate);
  const secondAssay = reads.chance(settings.secondAssayRate);
  const diagnosticBlock = centralReview || secondAssay ? "A1" : null;
  const diagnostic = { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0 } as const;
  const first = buildRead(random, { ...local, blockLabel: diagnosticBlock }, primaryTruth, diagnostic, yearOf(0), random.chance(0.01));
  const tests: DrawnHer2Test[] = [first.test];
  // ERBB2 mRNA from the Oncotype DX report of HR-positive early disease (about a third of them),
  // and image analysis by the central laboratory, both of the diagnostic block's tissue.
  const hrPositiveEarly = !profile.deNovoMetastatic && ((profile.erPercent ?? 0) >= 1 || (profile.prPercent ?? 0) >= 1);
  if (hrPositiveEarly && reads.chance(settings.mrnaRate)) Object.assign(first.test, drawMrna(reads, first.latentIhc));
  if (centralReview) {
    tests.push({ ...buildSecondRead(reads, first.test, first.latentIhc, primaryTruth, { readKind: "CENTRAL", reader: "C1", assay: "VENTANA_4B5" }), ...drawImageAnalysis(reads, first.latentIhc) });
  }
  if (research) tests.push(buildSecondRead(reads, first.test, first.latentIhc, primaryTruth, { readKind: "REREAD", reader: "R2", assay: "VENTANA_4B5" }));
  if (secondAssay) tests.push(buildSecondRead(reads, first.test, first.latentIhc, primaryTruth, { readKind: "REREAD", reader: "R3", assay: otherAssay(first.test.assay) }));

  // The oncologist treats metastatic disease on the metastasis's result when one was taken.
  const biopsyMetastasis = random.chance(settings.metastaticBiopsyRate);
  const course = drawTreatmentCourse(random, {
    profile,
    diagnosisTime,
    followUpDays,
    metastaticHer2: biopsyMetastasis ? metastaticTruth : primaryTruth,
    recurrenceHazardRatio: settings.recurrenceHazardRatio,
  });

  // The surgical specimen: after neoadjuvant therapy it is the residual tumour (none after a
  // complete response), whose HER2 may have changed under treatment.
  const neoadjuvant = course.lines.find((line) => line.setting === "NEOADJUVANT");
  const residualTumour = neoadjuvant === undefined || neoadjuvant.bestResponse !== "CR";
  if (course.surgeryDay !== null && course.surgeryDay < course.daysToLastContact && residualTumour && random.chance(settings.surgicalRetestRate)) {
    const truth = neoadjuvant ? driftUnderNeoadjuvantTherapy(random, primaryTruth) : primaryTruth;
    tests.push(buildTest(random, local, truth, { specimen: "PRIMARY_SURGICAL", specimenSite: "BREAST", daysSinceDiagnosis: course.surgeryDay }, yearOf(course.surgeryDay)));
  }
  if (course.daysToMetastasis !== null && biopsyMetastasis) {
    const day = Math.min(course.daysToLastContact, course.daysToMetastasis + random.integer(3, 21));
    const specimenSite = random.pick(METASTATIC_SITES);
    tests.push(buildTest(random, local, metastaticTruth, { specimen: "METASTATIC", specimenSite, daysSinceDiagnosis: day }, yearOf(day)));
    const laterLine = course.lines.find((line) => line.setting === "METASTATIC" && line.lineNumber >= settings.rebiopsyFromLine);
    if (laterLine && random.chance(settings.rebiopsyRate)) {
      const rebiopsyDay = Math.max(day, laterLine.startDay - random.integer(3, 14));
      tests.push(buildTest(random, local, driftToMetastasis(random, metastaticTruth), { specimen: "METASTATIC", specimenSite: random.pick(METASTATIC_SITES), daysSinceDiagnosis: rebiopsyDay }, yearOf(rebiopsyDay)));
    }
  }

  const derived = deriveCaseColumns({ erPercent: profile.erPercent, prPercent: profile.prPercent, diagnosisYear }, tests, course.lines);
  const diseaseSetting = profile.deNovoMetastatic ? "DE_NOVO_METASTATIC" : course.daysToMetastasis !== null ? "RECURRENT_METASTATIC" : "EARLY";
  const { recurrences, ...earlyDisease } = drawEarlyDisease(early, {
    her2: primaryTruth,
    hrPositive: profile.biology.hrPositive,
    ageYears: profile.ageYears,
    stageGroup: profile.stageGroup,
    diseaseSetting,
    daysToMetastasis: course.daysToMetastasis,
    daysToLastContact: course.daysToLastContact,
    surgeryDay: course.surgeryDay,
    lines: course.lines,
    residualSpecimen: neoadjuvant !== undefined && tests.some((test) => test.specimen === "PRIMARY_SURGICAL"),
  });
  return {
    patient: {
      studyId,
      siteCode: site.code,
      diagnosisYear,
      ageAtDiagnosis: profile.ageAtDiagnosis,
      sex: profile.sex,
      menopausalStatus: profile.menopausalStatus,
      histologicType: profile.histologicType,
      grade: profile.grade,
      tumourSizeMm: profile.tumourSizeMm,
      tCategory: profile.tCategory,
      nCategory: profile.nCategory,
      mCategory: profile.mCategory,
      stageGroup: profile.stageGroup,
      erPercent: profile.erPercent,
      prPercent: profile.prPercent,
      ki67Percent: profile.ki67Percent,
      germlineBrca: profile.germlineBrca,
      diseaseSetting,
      daysToMetastasis: course.daysToMetastasis,
      vitalStatus: course.daysToDeath === null ? "ALIVE" : "DEAD",
      daysToDeath: course.daysToDeath,
      daysToLastContact: course.daysToLastContact,
      ...earlyDisease,
      ...derived.patient,
    },
    tests: tests.map((test, index) => ({ ...test, ...(derived.tests[index] as TestRowDerivedColumns) })),
    lines: course.lines.map((line, index) => ({ ...line, ...(derived.lines[index] as LineDerivedColumns) })),
    recurrences,
  };
}

/** Yields the cohort one case at a time, so that a million patients never sit in memory. */
export function* generateCohort(options: CohortOptions): Generator<DemoCase> {
  const sites = options.sites ?? DEMO_SITES;
  const settings = {
    cutoff: options.cutoff ?? DEFAULT_CUTOFF,
    firstYear: options.firstYear ?? 2012,
    lastYear: options.lastYear ?? 2025,
    profile: COHORT_PROFILES[options.profile ?? "demo"],
  };
  const random = createRandom(options.seed);
  // The second reads' own stream (any fixed mix of the seed would do).
  const reads = createRandom((options.seed ^ 0x5eed_4ead) >>> 0);
  // The early-disease draws' own stream (lib/demo/early-disease.ts).
  const early = createRandom((options.seed ^ 0x0ea7_1d15) >>> 0);
  const nextNumber = new Map<string, number>();
  const weightedSites = siteWeights(sites);
  for (let index = 0; index < options.patients; index += 1) {
    const site = random.pick(weightedSites);
    const number = (nextNumber.get(site.code) ?? 0) + 1;
    if (number > 99_999) throw new Error(`Site ${site.code} would exceed 99,999 patients: use more sites for a cohort this large`);
    nextNumber.set(site.code, number);
    yield generateCase(random, reads, early, site, `HER2-${site.code}-${String(number).padStart(4, "0")}`, settings);
  }
}


