import { describe, expect, it } from "vitest";
import { countNegativeCalls, deriveHormoneReceptorStatus, derivePatientHer2 } from "../../lib/cases/derive-patient";
import { classifyHer2Test } from "../../lib/her2/classify";
import { deriveMetastaticLineRegimens } from "../../lib/cases/derive-lines";
import { generateCohort } from "../../lib/demo/generate-cohort";
import type { DemoCase } from "../../lib/demo/types";

const cohort: DemoCase[] = [...generateCohort({ patients: 6000, seed: 11 })];

function share(cases: readonly DemoCase[], predicate: (demoCase: DemoCase) => boolean): number {
  return cases.filter(predicate).length / cases.length;
}

describe("synthetic demo cohort", () => {
  it("is the same for the same seed and differs for another", () => {
    const again = [...generateCohort({ patients: 200, seed: 11 })];
    expect(again).toEqual(cohort.slice(0, 200));
    const other = [...generateCohort({ patients: 200, seed: 12 })];
    expect(other).not.toEqual(again);
  });

  it("stores derived values that the classifier and the derivation rules reproduce", () => {
    for (const { patient, tests, lines } of cohort) {
      for (const test of tests) {
        const classified = classifyHer2Test({ ihc: test.ihcScore, ishRatio: test.ishRatio, ishCopies: test.ishCopies });
        expect(test.category).toBe(classified.category);
        expect(test.ishGroup).toBe(classified.ishGroup);
      }
      expect(patient).toMatchObject(derivePatientHer2(tests));
      expect(patient).toMatchObject(countNegativeCalls(tests));
      expect(patient).toMatchObject(deriveMetastaticLineRegimens(lines));
      expect(patient).toMatchObject(deriveHormoneReceptorStatus(patient.erPercent, patient.prPercent));
    }
  });

  it("follows the published HER2 mix: ~15 % positive, 45-65 % of HER2-negative tumours HER2-low", () => {
    const primary = cohort.filter((demoCase) => demoCase.patient.cohortPrimary !== null);
    const positive = share(primary, (demoCase) => demoCase.patient.cohortPrimary === "POSITIVE");
    expect(positive).toBeGreaterThan(0.1);
    expect(positive).toBeLessThan(0.2);
    const negative = primary.filter((demoCase) => demoCase.patient.cohortPrimary !== "POSITIVE");
    const low = share(negative, (demoCase) => demoCase.patient.cohortPrimary === "LOW");
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.65);
  });

  it("makes HER2-low more often HR-positive than HER2-zero", () => {
    const hrPositive = (category: string) =>
      share(cohort.filter((demoCase) => demoCase.patient.cohortPrimary === category), (demoCase) => demoCase.patient.hrStatus === "POSITIVE");
    expect(hrPositive("LOW")).toBeGreaterThan(0.8);
    expect(hrPositive("ZERO")).toBeLessThan(0.72);
  });

  it("has one site that calls HER2-low noticeably more often", () => {
    const lowRate = (site: string) =>
      share(cohort.filter((demoCase) => demoCase.patient.siteCode === site && demoCase.patient.cohortPrimary !== "POSITIVE"), (demoCase) => demoCase.patient.cohortPrimary === "LOW");
    expect(lowRate("03") - lowRate("01")).toBeGreaterThan(0.08);
  });

  it("gives T-DXd and CDK4/6 inhibitors only after their approvals and keeps events inside follow-up", () => {
    for (const { patient, lines, tests } of cohort) {
      expect(tests.length).toBeGreaterThanOrEqual(1);
      // Diagnostic biopsy (and its central, research and second-assay reads), surgical specimen,
      // metastasis and a re-biopsy.
      expect(tests.length).toBeLessThanOrEqual(7);
      expect(lines.length).toBeLessThanOrEqual(4);
      for (const line of lines) {
        // The diagnosis falls somewhere in its year, so a line starts before year + 1 + days.
        const latestPossibleStart = patient.diagnosisYear + 1 + line.startDay / 365.25;
        if (line.regimenClass === "T_DXD") expect(latestPossibleStart).toBeGreaterThanOrEqual(2020);
        if (line.regimenClass === "ENDOCRINE_CDK46") expect(latestPossibleStart).toBeGreaterThanOrEqual(2016);
        expect(line.startDay).toBeLessThanOrEqual(patient.daysToLastContact);
        if (line.progressionDay !== null) expect(line.progressionDay).toBeGreaterThanOrEqual(line.startDay);
        if (line.endDay !== null) expect(line.endDay).toBeGreaterThanOrEqual(line.startDay);
      }
      for (const test of tests) expect(test.daysSinceDiagnosis).toBeLessThanOrEqual(patient.daysToLastContact);
      if (patient.vitalStatus === "DEAD") expect(patient.daysToDeath).toBe(patient.daysToLastContact);
      expect(patient.ageAtDiagnosis).toBeLessThanOrEqual(90);
    }
  });

  it("discords between primary and metastasis in roughly a third of paired samples", () => {
    const paired = cohort.filter((demoCase) => demoCase.patient.cohortPrimary !== null && demoCase.patient.her2MetastaticCategory !== null);
    const discordance = share(paired, (demoCase) => demoCase.patient.cohortPrimary !== demoCase.patient.her2MetastaticCategory);
    expect(discordance).toBeGreaterThan(0.2);
    expect(discordance).toBeLessThan(0.5);
  });
});

describe("second reads of the diagnostic block (the Agreement tab's data)", () => {
  const isZero = (score: string | null) => score !== null && score.startsWith("IHC_0");
  const rank = (score: string | null) => (isZero(score) ? 0 : score === "IHC_1" ? 1 : score === "IHC_2" ? 2 : 3);
  /** The first (local) read and each later read of its block, by the same assay or another. */
  const pairs = cohort.flatMap(({ patient, tests }) => {
    const first = tests[0];
    if (!first || first.blockLabel === null) return [];
    return tests.slice(1).filter((test) => test.blockLabel === first.blockLabel).map((second) => ({ site: patient.siteCode, first, second }));
  });
  const sameAssay = pairs.filter(({ first, second }) => first.assay === second.assay);

  it("reads a share of blocks two, three or four times, on the same specimen and day", () => {
    const kinds = pairs.map(({ second }) => second.readKind);
    expect(kinds.filter((kind) => kind === "CENTRAL").length / cohort.length).toBeGreaterThan(0.07);
    expect(kinds.filter((kind) => kind === "REREAD").length / cohort.length).toBeGreaterThan(0.06);
    expect(pairs.filter(({ first, second }) => first.assay !== second.assay).length).toBeGreaterThan(150);
    for (const { first, second } of pairs) {
      expect([second.specimen, second.specimenSite, second.daysSinceDiagnosis]).toEqual([first.specimen, first.specimenSite, first.daysSinceDiagnosis]);
      expect(second.reader).not.toBeNull();
    }
  });

  it("disagrees most often between IHC 0 and 1+", () => {
    const across = (low: number) => sameAssay.filter(({ first, second }) => Math.min(rank(first.ihcScore), rank(second.ihcScore)) === low && Math.max(rank(first.ihcScore), rank(second.ihcScore)) === low + 1).length;
    expect(across(0)).toBeGreaterThan(across(1));
    expect(across(1)).toBeGreaterThan(across(2));
  });

  it("moves the site that calls 1+ more often down on central review, the others barely", () => {
    const downRate = (site: string) => {
      const central = pairs.filter((pair) => pair.site === site && pair.second.readKind === "CENTRAL");
      return central.filter(({ first, second }) => !isZero(first.ihcScore) && isZero(second.ihcScore)).length / central.length;
    };
    expect(downRate("03") - downRate("01")).toBeGreaterThan(0.05);
  });
});

describe("quantitative HER2 of the demo", () => {
  const reads = cohort.flatMap(({ tests }) => tests);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };

  it("gives ERBB2 mRNA (Oncotype DX single-gene score) to local diagnostic reads and image analysis to central reads, within the schema's ranges", () => {
    const mrna = reads.filter((test) => test.erbb2Mrna !== null);
    expect(mrna.length).toBeGreaterThan(600);
    for (const test of mrna) {
      expect([test.readKind, test.erbb2MrnaAssay, test.erbb2MrnaUnit]).toEqual(["LOCAL", "ONCOTYPE_DX", "SINGLE_GENE_SCORE"]);
      expect(test.erbb2Mrna).toBeGreaterThanOrEqual(0);
      expect(test.erbb2Mrna).toBeLessThanOrEqual(20);
    }
    const imaged = reads.filter((test) => test.diaHScore !== null);
    expect(imaged.length).toBeGreaterThan(300);
    for (const test of imaged) {
      expect(test.readKind).toBe("CENTRAL");
      expect(test.diaMembranePercent).toBeGreaterThanOrEqual(0);
      expect(test.diaMembranePercent).toBeLessThanOrEqual(100);
      expect(test.diaHScore).toBeLessThanOrEqual(300);
    }
  });

  it("rises with the IHC score but overlaps between IHC 0 and 1+", () => {
    const mrnaOf = (scores: string[]) => reads.filter((test) => test.erbb2Mrna !== null && scores.includes(test.ihcScore ?? "")).map((test) => test.erbb2Mrna ?? 0);
    const zero = mrnaOf(["IHC_0_NULL", "IHC_0_ULTRALOW", "IHC_0_NOS"]);
    const one = mrnaOf(["IHC_1"]);
    expect(median(one)).toBeGreaterThan(median(zero));
    expect(median(mrnaOf(["IHC_3"]))).toBeGreaterThan(median(mrnaOf(["IHC_2"])));
    // Imperfect: a quarter or more of IHC 1+ reads lie below the IHC 0 median.
    expect(one.filter((value) => value < median(zero)).length / one.length).toBeGreaterThan(0.2);
  });
});

describe("synthetic registry cohort (npm run bench)", () => {
  const registry: DemoCase[] = [...generateCohort({ patients: 4000, seed: 11, profile: "registry" })];
  const perPatient = (count: (demoCase: DemoCase) => number) => registry.reduce((sum, demoCase) => sum + count(demoCase), 0) / registry.length;

  it("leaves the default demo cohort unchanged", () => {
    expect([...generateCohort({ patients: 300, seed: 11, profile: "demo" })]).toEqual(cohort.slice(0, 300));
  });

  it("holds about 2.5 HER2 tests and 2 treatment lines a patient, more metastatic disease than the demo", () => {
    expect(perPatient((demoCase) => demoCase.tests.length)).toBeGreaterThan(2.3);
    expect(perPatient((demoCase) => demoCase.tests.length)).toBeLessThan(2.7);
    expect(perPatient((demoCase) => demoCase.lines.length)).toBeGreaterThan(1.85);
    expect(perPatient((demoCase) => demoCase.lines.length)).toBeLessThan(2.2);
    expect(share(registry, (demoCase) => demoCase.patient.diseaseSetting !== "EARLY")).toBeGreaterThan(share(cohort, (demoCase) => demoCase.patient.diseaseSetting !== "EARLY") + 0.15);
  });

  it("derives every category and cohort with the same functions, and keeps events inside follow-up", () => {
    for (const { patient, tests, lines } of registry) {
      for (const test of tests) {
        expect(test.category).toBe(classifyHer2Test({ ihc: test.ihcScore, ishRatio: test.ishRatio, ishCopies: test.ishCopies }).category);
        expect(test.daysSinceDiagnosis).toBeLessThanOrEqual(patient.daysToLastContact);
      }
      for (const line of lines) expect(line.startDay).toBeLessThanOrEqual(patient.daysToLastContact);
      expect(patient).toMatchObject(derivePatientHer2(tests));
      expect(patient).toMatchObject(deriveHormoneReceptorStatus(patient.erPercent, patient.prPercent));
    }
  });
});
