import { beforeAll, describe, expect, it } from "vitest";
import { presentAgreement, type AgreementScale, type AgreementTableView } from "../../lib/analytics/present-agreement";
import { presentQuantitative } from "../../lib/analytics/present-quantitative";
import { countQuantitativeHer2 } from "../../lib/analytics/quantitative-her2";
import { MEASURES, type QuantitativeMeasure } from "../../lib/analytics/quantitative-measures";
import { diagnosticAccuracy, rocCurve } from "../../lib/stats/diagnostic";
import { countBlockReads } from "../../lib/analytics/reads-of-blocks";
import { getDb } from "../../lib/db/client";
import { cohenKappa, fleissKappa, percentAgreement } from "../../lib/stats/agreement";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, quantileType7, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ patients: 1500, seed: 21 });
  const db = await getDb();
  // Labels are compared without case (lib/her2/cohort.ts): some reads say "a1".
  await db.$executeRawUnsafe(`UPDATE her2_tests SET block_label = lower(block_label) WHERE block_label IS NOT NULL AND id % 5 = 0`);
  rows = await readRows();
}, 120_000);

type TestRow = Rows["tests"][number];

const SCALES: readonly AgreementScale[] = ["ihc", "decision", "zero"];

/** The scales, written out again from their definitions in docs/dashboards.md. */
function place(test: TestRow, scale: AgreementScale): number | null {
  const score = test.ihcScore;
  if (scale === "ihc") return score === "IHC_0_NULL" ? 0 : score === "IHC_0_ULTRALOW" ? 1 : score === "IHC_1" ? 2 : score === "IHC_2" ? 3 : score === "IHC_3" ? 4 : null;
  if (scale === "zero") return score === "IHC_0_NULL" || score === "IHC_0_ULTRALOW" || score === "IHC_0_NOS" ? 0 : 1;
  const category = test.category;
  return category === "ZERO" || category === "ULTRALOW" || category === "ZERO_NOS" ? 0 : category === "LOW" ? 1 : category === "POSITIVE" ? 2 : null;
}

function expectClose(actual: Record<string, number> | null, expected: Record<string, number> | null, label: string) {
  if (expected === null || actual === null) {
    expect(actual, label).toEqual(expected);
    return;
  }
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    expect(Math.abs((actual[key] ?? Number.NaN) - value), `${label}: ${key}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
  }
}

const SIZE: Readonly<Record<AgreementScale, number>> = { ihc: 5, decision: 3, zero: 2 };
const KIND_ORDER = { LOCAL: 0, CENTRAL: 1, REREAD: 2 } as const;

function byReadOrder(a: TestRow, b: TestRow): number {
  const reader = (value: string | null) => (value === null ? "" : `~${value}`);
  return KIND_ORDER[a.readKind] - KIND_ORDER[b.readKind] || reader(a.reader).localeCompare(reader(b.reader)) || a.id - b.id;
}

/** Reads of each specimen in scope, grouped by a key (patient and block, plus what `extra` adds). */
function groupReads(tests: readonly TestRow[], extra: (test: TestRow) => string): TestRow[][] {
  const groups = new Map<string, TestRow[]>();
  for (const test of tests) {
    const key = `${test.patientId}|${(test.blockLabel ?? "").trim().toUpperCase()}|${extra(test)}`;
    groups.set(key, [...(groups.get(key) ?? []), test]);
  }
  return [...groups.values()].map((group) => group.sort(byReadOrder));
}

function tabulate(pairs: readonly [TestRow, TestRow][], scale: AgreementScale): { table: number[][]; excluded: number } {
  const table = Array.from({ length: SIZE[scale] }, () => new Array<number>(SIZE[scale]).fill(0));
  let excluded = 0;
  for (const [first, second] of pairs) {
    const row = place(first, scale);
    const column = place(second, scale);
    if (row === null || column === null) excluded += 1;
    else (table[row] as number[])[column] = ((table[row] as number[])[column] ?? 0) + 1;
  }
  return { table, excluded };
}

function expectTable(view: AgreementTableView, pairs: readonly [TestRow, TestRow][], scale: AgreementScale, label: string) {
  const { table, excluded } = tabulate(pairs, scale);
  const total = table.flat().reduce((sum, n) => sum + n, 0);
  expect(view.total, label).toBe(total);
  expect(view.excluded, label).toBe(excluded);
  expect(view.cells.map((cell) => cell.n), label).toEqual(table.flat());
  expect(view.rowTotals, label).toEqual(table.map((row) => row.reduce((sum, n) => sum + n, 0)));
  if (total === 0) {
    expect(view.unweighted, label).toBeNull();
    return;
  }
  const unweighted = cohenKappa(table);
  const quadratic = cohenKappa(table, { weights: "quadratic" });
  if (Number.isFinite(unweighted.kappa)) expect(view.unweighted, label).toEqual({ kappa: unweighted.kappa, lower: unweighted.lower, upper: unweighted.upper, stdErr: unweighted.stdErr });
  if (Number.isFinite(quadratic.kappa)) expect(view.quadratic, label).toEqual({ kappa: quadratic.kappa, lower: quadratic.lower, upper: quadratic.upper, stdErr: quadratic.stdErr });
  const agreement = percentAgreement(table);
  expect(view.agreement, label).toEqual({ rate: agreement.agreement, lower: agreement.lower, upper: agreement.upper });
}

describe("Agreement aggregates equal a brute-force computation over the same rows", () => {
  it("has reads to compare in the seeded cohort", () => {
    const labelled = rows.tests.filter((test) => test.blockLabel !== null && test.deletedAt === null);
    expect(labelled.filter((test) => test.readKind === "CENTRAL").length).toBeGreaterThan(60);
    expect(labelled.filter((test) => test.readKind === "REREAD").length).toBeGreaterThan(60);
  });

  it("gives every cross-table, kappa, percent agreement, Fleiss kappa and central-review change of each scenario", async () => {
    let compared = 0;
    for (const scenario of buildScenarios(fixture)) {
      const patients = new Set(selectPatients(rows, scenario.user, scenario.filters).map((patient) => patient.id));
      const reads = rows.tests.filter((test) => test.deletedAt === null && test.blockLabel !== null && test.ihcScore !== null && patients.has(test.patientId));
      const view = presentAgreement(await countBlockReads(scenario.user, scenario.filters), 0);

      // Reader pairs: the first two reads of one specimen with one assay; Fleiss over the first three.
      const sameAssay = groupReads(reads, (test) => test.assay).filter((group) => group.length >= 2);
      const readerPairs = sameAssay.map((group) => [group[0], group[1]] as [TestRow, TestRow]);
      const triples = sameAssay.filter((group) => group.length >= 3).map((group) => group.slice(0, 3));
      for (const scale of SCALES) {
        expectTable(view.readers[scale], readerPairs, scale, `${scenario.name}: readers, ${scale}`);
        const placed = triples.filter((triple) => triple.every((test) => place(test, scale) !== null));
        const subjects = placed.map((triple) => {
          const counts = new Array<number>(SIZE[scale]).fill(0);
          for (const test of triple) counts[place(test, scale) ?? 0] = (counts[place(test, scale) ?? 0] ?? 0) + 1;
          return counts;
        });
        expect(view.fleiss[scale].specimens, `${scenario.name}: Fleiss, ${scale}`).toBe(subjects.length);
        const expected = subjects.length > 0 ? fleissKappa(subjects) : null;
        // The same specimens in another order: equal up to the rounding of the sums.
        expectClose(view.fleiss[scale].kappa, expected !== null && Number.isFinite(expected.kappa) ? expected : null, `${scenario.name}: Fleiss, ${scale}`);
      }

      // Local against central: each specimen's first local and first central read, any assay.
      const byKind = groupReads(reads, () => "").flatMap((group) => {
        const local = group.find((test) => test.readKind === "LOCAL");
        const central = group.find((test) => test.readKind === "CENTRAL");
        return local && central ? [[local, central] as [TestRow, TestRow]] : [];
      });
      for (const scale of SCALES) expectTable(view.localCentral.table[scale], byKind, scale, `${scenario.name}: local-central, ${scale}`);
      const siteCode = new Map(rows.sites.map((site) => [site.id, site.code]));
      const patientSite = new Map(rows.patients.map((patient) => [patient.id, siteCode.get(patient.siteId) ?? ""]));
      for (const code of ["all", ...new Set(byKind.map(([local]) => patientSite.get(local.patientId) ?? ""))]) {
        const pairs = byKind.filter(([local]) => code === "all" || patientSite.get(local.patientId) === code);
        const decided = pairs.flatMap(([local, central]) => {
          const from = place(local, "decision");
          const to = place(central, "decision");
          return from === null || to === null ? [] : [[from, to] as const];
        });
        const row = code === "all" ? view.localCentral.all : view.localCentral.sites.find((site) => site.code === code);
        expect(row, `${scenario.name}: site ${code}`).toMatchObject({
          pairs: decided.length,
          higher: decided.filter(([from, to]) => to > from).length,
          lower: decided.filter(([from, to]) => to < from).length,
          changed: decided.filter(([from, to]) => to !== from).length,
          zeroToOne: pairs.filter(([local, central]) => place(local, "zero") === 0 && place(central, "zero") === 1).length,
          oneToZero: pairs.filter(([local, central]) => place(local, "zero") === 1 && place(central, "zero") === 0).length,
        });
      }
      expect(view.localCentral.sites.length).toBe(new Set(byKind.map(([local]) => patientSite.get(local.patientId))).size);

      // Assay against assay: each specimen's first VENTANA 4B5 and first HercepTest read.
      const assayPairs = groupReads(reads, () => "").flatMap((group) => {
        const ventana = group.find((test) => test.assay === "VENTANA_4B5");
        const herceptest = group.find((test) => test.assay === "HERCEPTEST");
        return ventana && herceptest ? [[ventana, herceptest] as [TestRow, TestRow]] : [];
      });
      for (const scale of SCALES) expectTable(view.assays[scale], assayPairs, scale, `${scenario.name}: assays, ${scale}`);
      compared += readerPairs.length + byKind.length + assayPairs.length;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("suppresses small cells and leaves out the statistics of a table that is itself a small count", async () => {
    const threshold = 10;
    const filters = buildScenarios(fixture)[0]?.filters;
    if (!filters) throw new Error("no scenario");
    const counts = await countBlockReads(fixture.investigator, filters);
    const exact = presentAgreement(counts, 0);
    const shown = presentAgreement(counts, threshold);
    for (const scale of SCALES) {
      exact.readers[scale].cells.forEach((cell, index) => {
        const n = cell.n ?? 0;
        expect(shown.readers[scale].cells[index]?.n).toBe(n > 0 && n < threshold ? null : n);
      });
    }
    const fewSites = shown.localCentral.sites.filter((site) => site.pairs === null);
    for (const site of fewSites) expect([site.changedRate, site.lowerRate, site.higherRate]).toEqual([null, null, null]);
  });
});

describe("Quantitative HER2 aggregates equal a brute-force computation over the same rows", () => {
  const valueOf = (test: TestRow, measure: QuantitativeMeasure): number | null => {
    const definition = MEASURES[measure];
    if (definition.column === "erbb2_mrna") return test.erbb2MrnaUnit === definition.unit ? test.erbb2Mrna : null;
    return definition.column === "dia_membrane_percent" ? test.diaMembranePercent : test.diaHScore;
  };
  const isZero = (test: TestRow) => test.ihcScore === "IHC_0_NULL" || test.ihcScore === "IHC_0_ULTRALOW" || test.ihcScore === "IHC_0_NOS";

  it("gives the percentiles by IHC score, the ROC curve's AUC and the cut-off's sensitivity and specificity", async () => {
    let checked = 0;
    for (const scenario of buildScenarios(fixture)) {
      for (const measure of ["mrna-score", "dia-percent", "dia-hscore", "mrna-dct"] as const) {
        for (const cut of [undefined, measure === "dia-hscore" ? 20 : measure === "dia-percent" ? 10 : 9.5]) {
          const filters = { ...scenario.filters, measure, cut };
          const patients = new Set(selectPatients(rows, scenario.user, filters).map((patient) => patient.id));
          const measured = rows.tests.flatMap((test) => {
            const value = valueOf(test, measure);
            return test.deletedAt === null && test.ihcScore !== null && value !== null && patients.has(test.patientId) ? [{ test, value }] : [];
          });
          const counts = await countQuantitativeHer2(scenario.user, filters);
          const label = `${scenario.name}: ${measure}, cut ${cut}`;
          const scores = [...new Set(measured.map(({ test }) => test.ihcScore))].sort();
          expect(counts.byScore.map((row) => row.score).sort(), label).toEqual(scores);
          for (const row of counts.byScore) {
            const values = measured.filter(({ test }) => test.ihcScore === row.score).map(({ value }) => value).sort((a, b) => a - b);
            expect(row.n, label).toBe(values.length);
            for (const [p, key] of [[0.05, "p05"], [0.25, "q1"], [0.5, "median"], [0.75, "q3"], [0.95, "p95"]] as const) {
              expect(row[key], `${label}: ${row.score} ${key}`).toBeCloseTo(quantileType7(values, p), 9);
            }
          }
          const view = presentQuantitative(counts, measure, filters.cut, 0);
          const positives = measured.filter(({ test }) => !isZero(test));
          const negatives = measured.filter(({ test }) => isZero(test));
          expect([view.reads, view.atLeastOnePlus, view.zero], label).toEqual([measured.length, positives.length, negatives.length]);
          const oriented = (value: number) => (MEASURES[measure].higherIsMore ? value : -value);
          if (positives.length > 0 && negatives.length > 0) {
            const curve = rocCurve(measured.map(({ test, value }) => ({ score: oriented(value), positive: !isZero(test) })));
            expect(view.roc?.auc, label).toBeCloseTo(curve.auc, 12);
            if (Number.isFinite(curve.lower)) expect([view.roc?.lower, view.roc?.upper], label).toEqual([expect.closeTo(curve.lower, 12), expect.closeTo(curve.upper, 12)]);
            expect(view.roc?.method).toBe("DeLong");
            checked += 1;
          } else {
            expect(view.roc, label).toBeNull();
          }
          if (view.cutOff !== null) {
            expect(view.cutOff.source, label).toBe(cut === undefined ? "youden" : "chosen");
            if (cut !== undefined) expect(view.cutOff.cut).toBe(cut);
            const threshold = oriented(view.cutOff.cut);
            const called = (value: number) => oriented(value) >= threshold;
            const expected = {
              truePositive: positives.filter(({ value }) => called(value)).length,
              falsePositive: negatives.filter(({ value }) => called(value)).length,
              falseNegative: positives.filter(({ value }) => !called(value)).length,
              trueNegative: negatives.filter(({ value }) => !called(value)).length,
            };
            expect(view.cutOff.counts, label).toEqual(expected);
            const accuracy = diagnosticAccuracy(expected);
            expect([view.cutOff.sensitivity, view.cutOff.specificity], label).toEqual([accuracy.sensitivity, accuracy.specificity]);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
