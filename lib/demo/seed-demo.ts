// Fills an empty database with the demo sites, one user per role and a synthetic cohort.
import type { PrismaClient } from "../generated/prisma/client";
import { generatePassword, hashPassword } from "../auth/password";
import { compactAfterBulkWrite } from "../db/patient-counts-upkeep";
import { refreshPlannerStatistics } from "../db/refresh-statistics";
import { buildDemoSites } from "./demo-sites";
import { generateCohort } from "./generate-cohort";
import { insertCaseBatch, syncCohortSequences, type LoadCounts, type LoadCursor } from "./load-cohort";
import type { DemoCase } from "./types";

export type SeedOptions = {
  patients: number;
  seed: number;
  sites: number;
  /** Fixed password for every demo user (tests); random ones otherwise. */
  password?: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type DemoSignIn = { role: "ADMIN" | "COORDINATOR" | "INVESTIGATOR"; email: string; password: string; site: string | null };

export type SeedResult = LoadCounts & { signIns: DemoSignIn[]; milliseconds: number };

export class DatabaseNotEmptyError extends Error {
  constructor(what: string) {
    super(`The database already holds ${what}; the demo seed only fills an empty database.`);
    this.name = "DatabaseNotEmptyError";
  }
}

export async function isDatabaseEmpty(db: PrismaClient): Promise<boolean> {
  const [patients, users, sites] = await Promise.all([db.patient.count(), db.user.count(), db.site.count()]);
  return patients === 0 && users === 0 && sites === 0;
}

export async function seedDemo(db: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  if (!(await isDatabaseEmpty(db))) throw new DatabaseNotEmptyError("sites, users or patients");
  const sites = buildDemoSites(options.sites);
  const batchSize = options.batchSize ?? 5_000;

  const demoUsers = [
    { role: "ADMIN", email: "admin@demo.example", name: "Demo Data Manager", siteCode: null },
    { role: "COORDINATOR", email: "coordinator@demo.example", name: "Demo Coordinator (site 01)", siteCode: "01" },
    { role: "INVESTIGATOR", email: "investigator@demo.example", name: "Demo Investigator", siteCode: null },
  ] as const;
  const signIns: DemoSignIn[] = demoUsers.map((user) => ({
    role: user.role,
    email: user.email,
    password: options.password ?? generatePassword(),
    site: user.siteCode,
  }));
  const hashes = await Promise.all(signIns.map((signIn) => hashPassword(signIn.password)));

  const counts = await db.$transaction(
    async (tx) => {
      await tx.site.createMany({ data: sites.map((site, index) => ({ id: index + 1, code: site.code, name: site.name })) });
      const siteIds = new Map(sites.map((site, index) => [site.code, index + 1]));
      await tx.user.createMany({
        data: demoUsers.map((user, index) => ({
          email: user.email,
          name: user.name,
          role: user.role,
          siteId: user.siteCode === null ? null : (siteIds.get(user.siteCode) ?? null),
          passwordHash: hashes[index] ?? "",
        })),
      });
      const cursor: LoadCursor = { nextPatientId: 1, nextTestId: 1, nextLineId: 1 };
      const totals: LoadCounts = { patients: 0, tests: 0, lines: 0 };
      let batch: DemoCase[] = [];
      const flush = async () => {
        const inserted = await insertCaseBatch(tx, batch, siteIds, cursor);
        totals.patients += inserted.patients;
        totals.tests += inserted.tests;
        totals.lines += inserted.lines;
        batch = [];
        options.onProgress?.(totals.patients, options.patients);
      };
      for (const demoCase of generateCohort({ patients: options.patients, seed: options.seed, sites })) {
        batch.push(demoCase);
        if (batch.length >= batchSize) await flush();
      }
      if (batch.length > 0) await flush();
      await syncCohortSequences(tx);
      await tx.auditEvent.create({
        data: {
          entity: "IMPORT",
          action: "IMPORT",
          reason: "Synthetic demo cohort (npm run db:seed)",
          changes: { patients: totals.patients, her2Tests: totals.tests, treatmentLines: totals.lines, seed: options.seed },
        },
      });
      return totals;
    },
    { timeout: 60 * 60 * 1000, maxWait: 30_000 },
  );
  await compactAfterBulkWrite(db);
  await refreshPlannerStatistics(db);
  return { ...counts, signIns, milliseconds: Math.round(performance.now() - started) };
}
