// The FHIR and ODM exports' two readers (issue 17 §6): on PostgreSQL the cohort comes from a
// server-side cursor (lib/interop/read-cohort-cursor.ts), on PGlite or with replicas from
// Prisma's pages; both must write the same bytes. The clock is frozen so that both files carry
// the same creation time (ODM header, ZIP entries' dates).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { deleteCase } from "../../lib/cases/delete-case";
import { importCases } from "../../lib/cases/import-cases";
import { getDb } from "../../lib/db/client";
import { exportFhirCohort } from "../../lib/fhir/export-fhir";
import type { CohortReaderKind } from "../../lib/interop/read-cohort-cases";
import { exportOdm } from "../../lib/odm/export-odm";
import type { SessionUser } from "../../lib/auth/roles";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles, syntheticImportFilesWithEvents } from "../support/synthetic-import";

let fx: Fixture;
const noFilters = parseDashboardFilters({});

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

type Export = (reader: CohortReaderKind) => Promise<{ stream: ReadableStream<Uint8Array> }>;

async function bothReaders(run: Export): Promise<{ viaCursor: Buffer; viaPrisma: Buffer }> {
  const viaCursor = await bytesOf((await run("auto")).stream);
  const viaPrisma = await bytesOf((await run("prisma")).stream);
  return { viaCursor, viaPrisma };
}

beforeAll(async () => {
  fx = await createFixture("ir");
  // More patients than one page (500) so that the cursor fetches, and Prisma pages, several times.
  // With their recurrence events (issue 14 §1), so that every kind of event row is read by both.
  await importCases(fx.admin, syntheticImportFilesWithEvents({ patients: 560, seed: 51, siteCode: fx.siteA.code, prefix: "IRA" }), { mode: "create", dryRun: false });
  await importCases(fx.admin, syntheticImportFiles({ patients: 80, seed: 52, siteCode: fx.siteB.code, prefix: "IRB" }), { mode: "create", dryRun: false });
  const db = await getDb();
  expect(new Set((await db.recurrenceEvent.findMany({ select: { kind: true } })).map((event) => event.kind))).toEqual(new Set(["LOCAL", "REGIONAL", "DISTANT", "CONTRALATERAL_INVASIVE", "SECOND_PRIMARY_INVASIVE"]));
  const gone = await db.patient.findFirstOrThrow({ where: { siteId: fx.siteA.id }, orderBy: { id: "desc" } });
  await deleteCase(fx.admin, gone.id, { version: gone.version, reason: "Duplicate" });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-06-01T12:34:56.789Z"));
}, 240_000);

afterAll(() => {
  vi.useRealTimers();
});

describe("the interoperability exports' two readers (issue 17 §6)", () => {
  const users = (): [string, SessionUser][] => [
    ["an administrator", fx.admin],
    ["a coordinator", fx.coordinatorA],
  ];

  it("write the same FHIR NDJSON and ZIP, byte for byte", async () => {
    for (const [, user] of users()) {
      for (const format of ["ndjson", "zip"] as const) {
        const { viaCursor, viaPrisma } = await bothReaders((reader) => exportFhirCohort(user, noFilters, format, reader));
        expect(viaCursor.byteLength).toBeGreaterThan(10_000);
        expect(viaCursor.equals(viaPrisma)).toBe(true);
        // The recurrence events are in the files (read by both: the same bytes above).
        if (format === "ndjson") expect(viaCursor.toString("utf8")).toContain("/CodeSystem/recurrence-kind");
      }
    }
    // Filters with enum lists and years (array parameters on the cursor path).
    const filtered = parseDashboardFilters({ setting: "EARLY", from: "2015" });
    const { viaCursor, viaPrisma } = await bothReaders((reader) => exportFhirCohort(fx.admin, filtered, "ndjson", reader));
    expect(viaCursor.byteLength).toBeGreaterThan(0);
    expect(viaCursor.toString("utf8")).toBe(viaPrisma.toString("utf8"));
  }, 240_000);

  it("write the same ODM file with its audit records, byte for byte", async () => {
    for (const [, user] of [...users(), ["an investigator", fx.investigator] as [string, SessionUser]]) {
      const { viaCursor, viaPrisma } = await bothReaders((reader) => exportOdm(user, noFilters, reader));
      expect(viaCursor.toString("utf8")).toBe(viaPrisma.toString("utf8"));
    }
    const { viaCursor } = await bothReaders((reader) => exportOdm(fx.admin, noFilters, reader));
    expect(viaCursor.toString("utf8")).toContain("<AuditRecord ");
    expect(viaCursor.toString("utf8")).toContain('<ItemGroupData ItemGroupOID="IG.RECURRENCE_EVENT" ItemGroupRepeatKey=');
  }, 240_000);

  it("give the connection back when the download is cancelled", async () => {
    // More cancelled exports than the bulk pool has connections: a leaked one would hang the last export.
    for (let i = 0; i < 6; i++) {
      const { stream } = await exportOdm(fx.admin, noFilters);
      const reader = stream.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
    }
    const bytes = await bytesOf((await exportFhirCohort(fx.admin, noFilters, "ndjson")).stream);
    expect(bytes.toString("utf8").trim().split("\n").length).toBe(560 + 80 - 1);
  }, 120_000);
});
