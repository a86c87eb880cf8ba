import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "./client";

export type MigrationStatus = { current: boolean; pending: string[]; applied: number };

async function listMigrationFolders(): Promise<string[]> {
  const entries = await readdir(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Compares prisma/migrations with what `_prisma_migrations` records as finished. */
export async function readMigrationStatus(db: Db): Promise<MigrationStatus> {
  const [folders, rows] = await Promise.all([
    listMigrationFolders(),
    db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`.catch(() => []),
  ]);
  const applied = new Set(rows.map((row) => row.migration_name));
  const pending = folders.filter((name) => !applied.has(name));
  return { current: pending.length === 0, pending, applied: applied.size };
}
