// The Agreement tab's stored pairs of reads (her2_tests.read_b_* … herceptest_*) and the regimen
// comparison's prior CDK4/6 flag (treatment_lines.prior_cdk46) equal a brute-force reading of
// their definitions after every write path: the bulk loader, the reclassification (which repairs
// them), the migration's backfill, the CSV import, creating a case and updating it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../lib/cases/create-case";
import { getCase } from "../../lib/cases/get-case";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import { updateCase } from "../../lib/cases/update-case";
import { importCases } from "../../lib/cases/import-cases";
import { getDb } from "../../lib/db/client";
import type { Fixture } from "../support/fixtures";
import { readRows, seedAnalyticsCohort, type Rows } from "../support/analytics-cohort";
import { parseCase, rawCase, setStudySite, updateFrom } from "../support/case-inputs";
import { syntheticImportFiles } from "../support/synthetic-import";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ patients: 300, seed: 5 });
  setStudySite(fixture.siteA.code);
}, 120_000);

type TestRow = Rows["tests"][number];
type Pairs = Record<"readBScore" | "readBCategory" | "readCScore" | "readCCategory" | "centralScore" | "centralCategory" | "herceptestScore" | "herceptestCategory", string | null>;

const EMPTY: Pairs = { readBScore: null, readBCategory: null, readCScore: null, readCCategory: null, centralScore: null, centralCategory: null, herceptestScore: null, herceptestCategory: null };
const KIND = { LOCAL: 0, CENTRAL: 1, REREAD: 2 } as const;

function byReader(a: TestRow, b: TestRow): number {
  if (a.reader !== b.reader) {
    if (a.reader === null) return -1;
    if (b.reader === null) return 1;
    return a.reader < b.reader ? -1 : 1;
  }
  return a.id - b.id;
}

function byKind(a: TestRow, b: TestRow): number {
  return KIND[a.readKind] - KIND[b.readKind] || byReader(a, b);
}

/** The definitions of docs/dashboards.md (Agreement), read plainly: every live test's expected pairs. */
function expectedPairs(tests: readonly TestRow[]): Map<number, Pairs> {
  const expected = new Map<number, Pairs>();
  const reads = tests.filter((test) => test.deletedAt === null && test.blockLabel !== null && test.ihcScore !== null);
  for (const test of tests) if (test.deletedAt === null) expected.set(test.id, { ...EMPTY });
  const specimens = new Map<string, TestRow[]>();
  for (const read of reads) {
    const key = `${read.patientId}|${(read.blockLabel ?? "").trim().toUpperCase()}`;
    specimens.set(key, [...(specimens.get(key) ?? []), read]);
  }
  for (const specimen of specimens.values()) {
    for (const assay of ["VENTANA_4B5", "HERCEPTEST", "OTHER"]) {
      const [a, b, c] = specimen.filter((read) => read.assay === assay).sort(byKind);
      if (a && b) Object.assign(expected.get(a.id) as Pairs, { readBScore: b.ihcScore, readBCategory: b.category, readCScore: c?.ihcScore ?? null, readCCategory: c?.category ?? null });
    }
    const [local] = specimen.filter((read) => read.readKind === "LOCAL").sort(byReader);
    const [central] = specimen.filter((read) => read.readKind === "CENTRAL").sort(byReader);
    if (local && central) Object.assign(expected.get(local.id) as Pairs, { centralScore: central.ihcScore, centralCategory: central.category });
    const [ventana] = specimen.filter((read) => read.assay === "VENTANA_4B5").sort(byKind);
    const [herceptest] = specimen.filter((read) => read.assay === "HERCEPTEST").sort(byKind);
    if (ventana && herceptest) Object.assign(expected.get(ventana.id) as Pairs, { herceptestScore: herceptest.ihcScore, herceptestCategory: herceptest.category });
  }
  return expected;
}

async function expectStoredValuesCurrent(label: string): Promise<{ pairs: number; prior: number }> {
  const rows = await readRows();
  const expected = expectedPairs(rows.tests);
  let pairs = 0;
  for (const test of rows.tests) {
    const want = expected.get(test.id);
    if (!want) continue;
    const stored: Pairs = {
      readBScore: test.readBScore,
      readBCategory: test.readBCategory,
      readCScore: test.readCScore,
      readCCategory: test.readCCategory,
      centralScore: test.centralScore,
      centralCategory: test.centralCategory,
      herceptestScore: test.herceptestScore,
      herceptestCategory: test.herceptestCategory,
    };
    expect(stored, `${label}: test ${test.id}`).toEqual(want);
    if (want.readBScore !== null || want.centralScore !== null || want.herceptestScore !== null) pairs += 1;
  }
  let prior = 0;
  for (const line of rows.lines.filter((candidate) => candidate.deletedAt === null)) {
    const want = rows.lines.some((other) => other.patientId === line.patientId && other.deletedAt === null && other.regimenClass === "ENDOCRINE_CDK46" && other.startDay < line.startDay);
    expect(line.priorCdk46, `${label}: line ${line.id}`).toBe(want);
    if (want) prior += 1;
  }
  return { pairs, prior };
}

async function spoilStoredValues(): Promise<void> {
  const db = await getDb();
  await db.$executeRawUnsafe(
    `UPDATE her2_tests SET read_b_score = NULL, read_b_category = NULL, read_c_score = NULL, read_c_category = NULL, central_score = NULL,
            central_category = NULL, herceptest_score = 'IHC_3', herceptest_category = 'POSITIVE' WHERE id % 2 = 0`,
  );
  await db.$executeRawUnsafe(`UPDATE treatment_lines SET prior_cdk46 = NOT prior_cdk46 WHERE id % 3 = 0`);
}

describe("stored pairs of reads and prior CDK4/6 flags", () => {
  it("are right after the bulk load and the seed's reclassification, with pairs of every kind present", async () => {
    const { pairs, prior } = await expectStoredValuesCurrent("seeded");
    expect(pairs).toBeGreaterThan(20);
    expect(prior).toBeGreaterThan(5);
  });

  it("are repaired by npm run db:reclassify, which reports them, and a second run changes nothing", async () => {
    await spoilStoredValues();
    const db = await getDb();
    const report = await reclassifyCases(db);
    expect(report.pairsChanged).toBeGreaterThan(0);
    expect(report.linesChanged).toBeGreaterThan(0);
    await expectStoredValuesCurrent("reclassified");
    const again = await reclassifyCases(db);
    expect(again.pairsChanged).toBe(0);
    expect(again.linesChanged).toBe(0);
  });

  it("are backfilled by the migration's SQL", async () => {
    await spoilStoredValues();
    const db = await getDb();
    await db.$executeRawUnsafe(`UPDATE her2_tests SET herceptest_score = NULL, herceptest_category = NULL`);
    await db.$executeRawUnsafe(`UPDATE treatment_lines SET prior_cdk46 = false`);
    const migration = await readFile(path.join("prisma", "migrations", "20261203222039_agreement_pairs_prior_cdk46", "migration.sql"), "utf8");
    // The two backfill statements: after the hand-written note, before the index.
    const backfill = migration.slice(migration.indexOf("-- Written by hand"), migration.indexOf("CREATE INDEX"));
    const statements = backfill
      .split(/;\s*\n/)
      .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
      .filter((statement) => statement !== "");
    expect(statements).toHaveLength(2);
    for (const statement of statements) await db.$executeRawUnsafe(statement);
    await expectStoredValuesCurrent("backfilled");
  });

  it("are written by the CSV import", async () => {
    const before = await expectStoredValuesCurrent("before the import");
    const report = await importCases(fixture.coordinatorA, syntheticImportFiles({ patients: 150, seed: 9, siteCode: fixture.siteA.code, prefix: "PAIR" }), { mode: "create", dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.committed).toBe(true);
    const after = await expectStoredValuesCurrent("imported");
    expect(after.pairs).toBeGreaterThan(before.pairs);
    expect(after.prior).toBeGreaterThan(before.prior);
  });

  it("are kept by creating a case and by updating it (reads added and deleted, a line's regimen changed)", async () => {
    const read = (assay: string, readKind: string, reader: string | null, ihcScore: string, blockLabel = "A1") => ({
      specimen: "PRIMARY_BIOPSY",
      specimenSite: "BREAST",
      daysSinceDiagnosis: 0,
      assay,
      ihcScore,
      ishRatio: null,
      ishCopies: null,
      blockLabel,
      readKind,
      reader,
    });
    const created = await createCase(
      fixture.coordinatorA,
      parseCase(
        rawCase({
          patient: { diseaseSetting: "DE_NOVO_METASTATIC", daysToMetastasis: 0 },
          tests: [
            read("VENTANA_4B5", "REREAD", "R2", "IHC_1"),
            read("VENTANA_4B5", "CENTRAL", "R9", "IHC_0_ULTRALOW"),
            read("VENTANA_4B5", "LOCAL", null, "IHC_1", " a1"),
            read("HERCEPTEST", "LOCAL", "R1", "IHC_0_NULL", "a1"),
            read("VENTANA_4B5", "REREAD", "R10", "IHC_2"),
          ],
          lines: [
            { setting: "METASTATIC", lineNumber: 2, regimenClass: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], startDay: 400, endDay: null, bestResponse: null, progressionDay: null },
            { setting: "METASTATIC", lineNumber: 1, regimenClass: "ENDOCRINE_CDK46", agents: ["PALBOCICLIB"], startDay: 30, endDay: 380, bestResponse: null, progressionDay: null },
          ],
        }),
      ),
    );
    await expectStoredValuesCurrent("created");
    const db = await getDb();
    const stored = await db.her2Test.findMany({ where: { patientId: created.id }, orderBy: { id: "asc" } });
    // The local VENTANA read is the first: local before central before the re-reads; "R10" sorts
    // before "R2"; the block label is compared trimmed and in upper case.
    expect(stored[2]).toMatchObject({ readBScore: "IHC_0_ULTRALOW", readCScore: "IHC_2", centralScore: "IHC_0_ULTRALOW", herceptestScore: "IHC_0_NULL" });
    expect(stored[3]).toMatchObject({ readBScore: null, centralScore: null, herceptestScore: null });
    const lines = await db.treatmentLine.findMany({ where: { patientId: created.id }, orderBy: { id: "asc" } });
    expect(lines.map((line) => line.priorCdk46)).toEqual([true, false]);

    // Delete the central read; add a HercepTest and a VENTANA central read of the block; the CDK4/6 line loses its CDK4/6 inhibitor.
    const detail = await getCase(fixture.coordinatorA, created.id);
    const central = detail.tests.find((test) => test.readKind === "CENTRAL");
    const cdk = detail.lines.find((line) => line.regimenClass === "ENDOCRINE_CDK46");
    if (!central || !cdk) throw new Error("the created case lost its rows");
    await updateCase(
      fixture.coordinatorA,
      created.id,
      updateFrom(detail, "Central review re-done", (raw) => {
        raw.tests = raw.tests.filter((test) => test.id !== central.id);
        raw.deletedTests = [{ id: central.id, version: central.version }];
        // Metastatic lines are numbered without gaps: the CDK4/6 line becomes endocrine therapy alone.
        Object.assign(raw.lines.find((line) => line.id === cdk.id) ?? {}, { regimenClass: "ENDOCRINE", agents: ["LETROZOLE"] });
        raw.tests.push(read("HERCEPTEST", "CENTRAL", "R3", "IHC_2"), read("VENTANA_4B5", "CENTRAL", "R4", "IHC_3"));
      }),
    );
    await expectStoredValuesCurrent("updated");
    const after = await db.her2Test.findMany({ where: { patientId: created.id, deletedAt: null }, orderBy: { id: "asc" } });
    const local = after.find((test) => test.readKind === "LOCAL" && test.assay === "VENTANA_4B5");
    // The first central read is now R3's (any assay, by reader).
    expect(local).toMatchObject({ readBScore: "IHC_3", readCScore: "IHC_2", centralScore: "IHC_2", herceptestScore: "IHC_0_NULL" });
    const linesAfter = await db.treatmentLine.findMany({ where: { patientId: created.id, deletedAt: null } });
    expect(linesAfter.map((line) => line.priorCdk46)).toEqual([false, false]);
  });
});
