// The analysis export: tidy CSVs with derived columns, scoped by site, deleted rows left out, audited.
import { beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import Papa from "papaparse";
import { getDb } from "../../lib/db/client";
import { createCase } from "../../lib/cases/create-case";
import { deleteCase } from "../../lib/cases/delete-case";
import { exportCases, type ExportReader } from "../../lib/cases/export-cases";
import { importCases } from "../../lib/cases/import-cases";
import { syntheticImportFiles } from "../support/synthetic-import";
import type { SessionUser } from "../../lib/auth/roles";
import { createFixture, type Fixture } from "../support/fixtures";
import { nextStudyId, parseCase, rawCase } from "../support/case-inputs";

let fx: Fixture;
let studyA: string;
let studyB: string;

beforeAll(async () => {
  fx = await createFixture("ex");
  const a = await createCase(fx.coordinatorA, parseCase(rawCase()));
  studyA = a.studyId;
  const b = await createCase(fx.coordinatorB, parseCase(rawCase({ patient: { studyId: nextStudyId(fx.siteB.code) }, tests: [{ specimen: "PRIMARY_SURGICAL", daysSinceDiagnosis: 10, assay: "HERCEPTEST", ihcScore: "IHC_3" }] })));
  studyB = b.studyId;
  const gone = await createCase(fx.coordinatorA, parseCase(rawCase()));
  await deleteCase(fx.coordinatorA, gone.id, { version: 1, reason: "Duplicate" });
});

async function download(user: SessionUser, reader: ExportReader = "auto"): Promise<Record<string, Record<string, string>[]>> {
  const { stream } = await exportCases(user, reader);
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const files = unzipSync(bytes);
  const out: Record<string, Record<string, string>[]> = {};
  for (const [name, content] of Object.entries(files)) {
    out[name] = name.endsWith(".csv") ? Papa.parse<Record<string, string>>(strFromU8(content), { header: true, skipEmptyLines: true }).data : [{ text: strFromU8(content) }];
  }
  return out;
}

describe("the analysis export", () => {
  it("gives a coordinator their site's live cases with derived categories and cohorts", async () => {
    const files = await download(fx.coordinatorA);
    expect(Object.keys(files).sort()).toEqual(["data-dictionary.md", "her2_tests.csv", "patients.csv", "recurrence_events.csv", "treatment_lines.csv"]);
    const patients = files["patients.csv"] ?? [];
    expect(patients.map((row) => row.study_id)).toEqual([studyA]);
    expect(patients[0]).toMatchObject({ site_code: fx.siteA.code, cohort_latest: "LOW", cohort_primary: "LOW", cohort_highest: "LOW", hr_status: "POSITIVE", version: "1" });
    expect(files["her2_tests.csv"]?.[0]).toMatchObject({ study_id: studyA, category: "LOW", ish_group: "5", ihc_score: "IHC_2" });
    expect(files["treatment_lines.csv"]?.[0]).toMatchObject({ study_id: studyA, agents: "LETROZOLE", regimen_class: "ENDOCRINE" });
    expect(files["data-dictionary.md"]?.[0]?.text).toMatch(/cohort_highest/);
  });

  it("gives investigators every site, and records the export in the audit trail", async () => {
    const files = await download(fx.investigator);
    const ids = (files["patients.csv"] ?? []).map((row) => row.study_id);
    expect(ids).toEqual(expect.arrayContaining([studyA, studyB]));
    expect(ids).toHaveLength(2);
    expect((files["patients.csv"] ?? []).find((row) => row.study_id === studyB)?.cohort_latest).toBe("POSITIVE");
    const db = await getDb();
    const event = await db.auditEvent.findFirst({ where: { entity: "EXPORT", userId: fx.investigator.id } });
    expect(event?.changes).toMatchObject({ patients: 2, scope: "all sites" });
  });
});

describe("the export's two readers (issue 17 §6)", () => {
  it("give the same files: server-side cursors (PostgreSQL) and Prisma's keyset pages", async () => {
    // More rows than one page of either reader, so both page and the cursor fetches several times.
    await importCases(fx.coordinatorA, syntheticImportFiles({ patients: 6_000, seed: 41, siteCode: fx.siteA.code, prefix: "EXRD" }), { mode: "create", dryRun: false });
    const viaCursors = await download(fx.investigator);
    const viaPages = await download(fx.investigator, "prisma");
    expect(viaCursors["patients.csv"]?.length).toBeGreaterThan(6_000);
    for (const name of Object.keys(viaPages).filter((file) => file.endsWith(".csv"))) expect(viaCursors[name]).toEqual(viaPages[name]);
    // The dictionary carries the export's time; its row counts must agree.
    expect(Object.keys(viaCursors).sort()).toEqual(Object.keys(viaPages).sort());
  }, 240_000);
});
