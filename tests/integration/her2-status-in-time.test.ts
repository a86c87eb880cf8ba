// Issue "HER2 status in time", end to end through the real write paths and the real dashboard
// queries: a biopsy taken after a line started never moves the patient between that line's groups
// (under every cohort rule); specimens after neoadjuvant therapy are flagged on write and by the
// reclassification; re-reads of one block make no transition.
import { beforeAll, describe, expect, it } from "vitest";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { countHer2Transitions } from "../../lib/analytics/her2-transitions";
import { countResponsesByRegimen } from "../../lib/analytics/response-rates";
import { aggregateSurvivalRecords } from "../../lib/analytics/survival-records";
import { createCase } from "../../lib/cases/create-case";
import { getCase } from "../../lib/cases/get-case";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import { updateCase } from "../../lib/cases/update-case";
import { getDb } from "../../lib/db/client";
import { COHORT_RULES } from "../../lib/her2/cohort";
import { nextStudyId, parseCase, rawCase, updateFrom } from "../support/case-inputs";
import { createFixture, type Fixture } from "../support/fixtures";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("st");
});

/** HER2-0 (null) at diagnosis, metastatic from day 400, T-DXd from day 500 with a partial response, progression at day 700. */
function metastaticCase(extraTests: unknown[] = []) {
  return rawCase({
    patient: { diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 400, daysToLastContact: 900, mCategory: "M0" },
    tests: [{ specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_0_NULL" }, ...extraTests],
    lines: [
      { setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE", agents: ["LETROZOLE"], startDay: 60, endDay: 390, bestResponse: null, progressionDay: null },
      { setting: "METASTATIC", lineNumber: 1, regimenClass: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], startDay: 500, endDay: 700, bestResponse: "PR", progressionDay: 700 },
    ],
  });
}

describe("a HER2-low biopsy taken after a T-DXd line's start", () => {
  it("leaves the patient in that line's PFS and response under the status before the line, under every cohort rule", async () => {
    const created = await createCase(
      fx.coordinatorA,
      parseCase(metastaticCase([{ specimen: "METASTATIC", specimenSite: "LIVER", daysSinceDiagnosis: 520, assay: "VENTANA_4B5", ihcScore: "IHC_1" }])),
    );
    const db = await getDb();
    const patient = await db.patient.findUniqueOrThrow({ where: { id: created.id } });
    // The cohort rules see the later biopsy…
    expect(patient).toMatchObject({ cohortLatest: "LOW", cohortHighest: "LOW", cohortPrimary: "ZERO" });
    // …the line does not.
    expect(await db.treatmentLine.findFirstOrThrow({ where: { patientId: created.id, setting: "METASTATIC" } })).toMatchObject({ her2AtStart: "ZERO" });

    const site = fx.siteA.code;
    for (const rule of COHORT_RULES) {
      for (const scheme of ["4", "3"] as const) {
        const filters = parseDashboardFilters({ rule, scheme, site, endpoint: "pfs", regimen: "T_DXD" });
        const expected = scheme === "3" ? "HER2_0" : "ZERO";
        const survival = await aggregateSurvivalRecords(fx.coordinatorA, filters);
        expect(survival.records, `${rule}, ${scheme} groups`).toEqual([{ group: expected, time: 200, events: 1, censored: 0 }]);
        const responses = await countResponsesByRegimen(fx.coordinatorA, filters);
        expect(responses, `${rule}, ${scheme} groups`).toEqual([expect.objectContaining({ regimen: "T_DXD", cohort: expected, treated: 1, assessed: 1, responders: 1, controlled: 1 })]);
      }
    }

    // A biopsy taken on or before the first dose does count: the status at the start follows it.
    const detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Biopsy day corrected from the pathology report", (raw) => {
        const metastasis = raw.tests.find((test) => test.specimen === "METASTATIC");
        if (metastasis) metastasis.daysSinceDiagnosis = 480;
      }),
    );
    expect(await db.treatmentLine.findFirstOrThrow({ where: { patientId: created.id, setting: "METASTATIC" } })).toMatchObject({ her2AtStart: "LOW" });
    const after = await aggregateSurvivalRecords(fx.coordinatorA, parseDashboardFilters({ site, endpoint: "pfs", regimen: "T_DXD" }));
    expect(after.records.map((record) => record.group)).toEqual(["LOW"]);
  });
});

describe("specimens against neoadjuvant therapy", () => {
  it("are flagged on write, follow an edit of the neoadjuvant line, and are repaired by the reclassification", async () => {
    const created = await createCase(
      fx.coordinatorA,
      parseCase(
        rawCase({
          patient: { diseaseSetting: "EARLY", daysToLastContact: 700 },
          tests: [
            { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_0_NULL" },
            { specimen: "PRIMARY_SURGICAL", specimenSite: "BREAST", daysSinceDiagnosis: 200, assay: "VENTANA_4B5", ihcScore: "IHC_1" },
          ],
          lines: [{ setting: "NEOADJUVANT", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: ["DOXORUBICIN", "CYCLOPHOSPHAMIDE", "PACLITAXEL"], startDay: 20, endDay: 170, bestResponse: "PR", progressionDay: null }],
        }),
      ),
    );
    const db = await getDb();
    const timings = async () =>
      (await db.her2Test.findMany({ where: { patientId: created.id }, orderBy: { daysSinceDiagnosis: "asc" } })).map((test) => [test.treatmentTiming, test.residualDisease]);
    expect(await timings()).toEqual([
      ["BEFORE_NEOADJUVANT", false],
      ["AFTER_NEOADJUVANT", true],
    ]);
    // The status at diagnosis is the pre-treatment biopsy; the residual tumour is its own transition.
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      cohortPrimary: "ZERO",
      her2PreNeoadjuvantCategory: "ZERO",
      her2ResidualCategory: "LOW",
    });
    const transitions = await countHer2Transitions(fx.coordinatorA, parseDashboardFilters({ site: fx.siteA.code }));
    expect(transitions.preNeoadjuvantToResidual).toContainEqual({ from: "ZERO", to: "LOW", hrPositive: true, n: 1 });

    // The neoadjuvant course ends later than the surgery was entered: the specimen is now "during".
    const detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "End of chemotherapy corrected", (raw) => {
        const line = raw.lines[0];
        if (line) line.endDay = 250;
      }),
    );
    expect(await timings()).toEqual([
      ["BEFORE_NEOADJUVANT", false],
      ["DURING_NEOADJUVANT", false],
    ]);
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ her2ResidualCategory: null });

    // Stale flags (as an old row would have them) are repaired by npm run db:reclassify.
    await db.$executeRawUnsafe(`UPDATE her2_tests SET treatment_timing = 'NO_NEOADJUVANT', residual_disease = true WHERE patient_id = $1`, created.id);
    const report = await reclassifyCases(db);
    expect(report.testsChanged).toBeGreaterThanOrEqual(2);
    expect(await timings()).toEqual([
      ["BEFORE_NEOADJUVANT", false],
      ["DURING_NEOADJUVANT", false],
    ]);
  });
});

describe("re-reads of one block", () => {
  it("make no transition; central review decides the specimen's call; the calling rates keep the site's own read", async () => {
    const created = await createCase(
      fx.coordinatorB,
      parseCase(
        rawCase({
          patient: { studyId: nextStudyId(fx.siteB.code) },
          tests: [
            { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_0_NULL", blockLabel: "a1" },
            { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", blockLabel: "A1", readKind: "CENTRAL", reader: "C1" },
            { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_0_ULTRALOW", blockLabel: "A1", readKind: "REREAD", reader: "R2" },
          ],
        }),
      ),
    );
    const db = await getDb();
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      cohortLatest: "LOW",
      cohortPrimary: "LOW",
      her2FirstCategory: null,
      her2LastCategory: null,
      evaluableTestCount: 1,
      ventanaZeroTests: 1,
      ventanaLowTests: 0,
      ventanaUltralowTests: 0,
    });
    const stored = await db.her2Test.findMany({ where: { patientId: created.id }, orderBy: { id: "asc" } });
    expect(stored.map((test) => [test.blockLabel, test.readKind, test.reader])).toEqual([
      ["A1", "LOCAL", null],
      ["A1", "CENTRAL", "C1"],
      ["A1", "REREAD", "R2"],
    ]);
    const transitions = await countHer2Transitions(fx.coordinatorB, parseDashboardFilters({}));
    expect(transitions.firstToLast).toEqual([]);
  });

  it("are refused when they disagree on the tissue, or a re-read names no block or reader", () => {
    const mismatched = rawCase({
      tests: [
        { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", blockLabel: "A1" },
        { specimen: "PRIMARY_SURGICAL", specimenSite: "BREAST", daysSinceDiagnosis: 30, assay: "VENTANA_4B5", ihcScore: "IHC_1", blockLabel: "A1", readKind: "CENTRAL" },
        { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", readKind: "REREAD" },
      ],
    });
    expect(() => parseCase(mismatched)).toThrow();
    const issues = (() => {
      try {
        parseCase(mismatched);
        return [];
      } catch (error) {
        return (error as { issues: { path: (string | number)[]; message: string }[] }).issues;
      }
    })();
    const at = (path: string) => issues.filter((issue) => issue.path.join(".") === path).map((issue) => issue.message);
    expect(at("tests.1.specimen")[0]).toMatch(/^HER2 test 2 reads block A1 like HER2 test 1, so it has the same specimen/);
    expect(at("tests.1.daysSinceDiagnosis")[0]).toMatch(/same day of the specimen/);
    expect(at("tests.2.blockLabel")[0]).toMatch(/names the block it read/);
    expect(at("tests.2.reader")[0]).toMatch(/reader's pseudonym/);
  });

  it("refuse identifiers in block labels and names as reader pseudonyms", () => {
    const withFields = (blockLabel: string, reader: string) =>
      rawCase({ tests: [{ specimen: "PRIMARY_BIOPSY", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", blockLabel, readKind: "REREAD", reader }] });
    for (const [label, reader] of [["S12345678", "R1"], ["A1", "Dr Smith"], ["2021-03-04", "R1"], ["A1", "jane.doe@x.org"]] as const) {
      expect(() => parseCase(withFields(label, reader)), `${label} / ${reader}`).toThrow();
    }
    expect(parseCase(withFields("s2-b3", "r12")).tests[0]).toMatchObject({ blockLabel: "S2-B3", reader: "R12" });
  });
});

describe("cross-field checks of the one schema", () => {
  const issuesOf = (raw: unknown) => {
    try {
      parseCase(raw);
      return [];
    } catch (error) {
      return (error as { issues: { path: (string | number)[]; message: string }[] }).issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    }
  };

  it("name the field for setting against staging, metastatic lines and specimens, and line numbers", () => {
    expect(issuesOf(rawCase({ patient: { diseaseSetting: "EARLY", mCategory: "M1", stageGroup: "STAGE_IV" } }))).toEqual([
      "patient.mCategory: Early disease is M0 at diagnosis: choose M0, or the de novo metastatic setting",
      "patient.stageGroup: Early disease is not stage IV at diagnosis: choose the stage at diagnosis, or the de novo metastatic setting",
    ]);
    expect(issuesOf(rawCase({ patient: { diseaseSetting: "DE_NOVO_METASTATIC", daysToMetastasis: 0, stageGroup: "STAGE_II" } }))).toEqual([
      "patient.stageGroup: De novo metastatic disease is stage IV at diagnosis: choose stage IV, or another setting",
    ]);
    const early = rawCase({
      tests: [{ specimen: "METASTATIC", daysSinceDiagnosis: 10, assay: "VENTANA_4B5", ihcScore: "IHC_1" }],
      lines: [{ setting: "METASTATIC", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: [], startDay: 30 }],
    });
    expect(issuesOf(early)).toEqual([
      "lines.0.setting: Treatment line 1: early disease has no metastatic line (choose neoadjuvant or adjuvant, or a metastatic disease setting)",
      "tests.0.specimen: HER2 test 1: early disease has no metastasis specimen (choose the specimen, or a metastatic disease setting)",
    ]);
    const beforeMetastasis = rawCase({
      patient: { diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 400 },
      tests: [{ specimen: "METASTATIC", daysSinceDiagnosis: 300, assay: "VENTANA_4B5", ihcScore: "IHC_1" }],
      lines: [
        { setting: "METASTATIC", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: [], startDay: 350 },
        { setting: "METASTATIC", lineNumber: 3, regimenClass: "CHEMOTHERAPY", agents: [], startDay: 450 },
        { setting: "METASTATIC", lineNumber: 3, regimenClass: "T_DXD", agents: [], startDay: 500 },
      ],
    });
    expect(issuesOf(beforeMetastasis)).toEqual([
      "lines.0.startDay: Treatment line 1: a metastatic line cannot start (day 350) before the metastasis (day 400)",
      "tests.0.daysSinceDiagnosis: HER2 test 1: a metastasis specimen cannot be taken (day 300) before the metastasis (day 400)",
      "lines.2.lineNumber: Treatment line 3: metastatic line 3 is entered twice",
      "lines.1.lineNumber: Treatment line 2: metastatic lines are numbered 1, 2, 3… without gaps (line 2 is missing)",
      "lines.2.lineNumber: Treatment line 3: metastatic lines are numbered 1, 2, 3… without gaps (line 2 is missing)",
    ]);
  });
});
