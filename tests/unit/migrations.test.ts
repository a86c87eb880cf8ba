import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "../../scripts/db/migrations";
import { SCHEMA_PATH } from "../../scripts/db/schema-engine";

describe("prisma/migrations", () => {
  it("builds exactly the database that prisma/schema.prisma describes", async () => {
    const drift = await diffMigrationsToSchema();
    expect(drift, `schema.prisma changed without a migration: run npm run db:migration -- <name>. Missing SQL:\n${drift}`).toBe("");
  }, 60_000);

  it("notices a field added to the schema without a migration", async () => {
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const edited = schema.replace("model Site {\n", "model Site {\n  region String?\n");
    expect(edited).not.toBe(schema);
    const drift = await diffMigrationsToSchema(edited);
    expect(drift).toMatch(/ALTER TABLE "sites" ADD COLUMN\s+"region" TEXT/);
  }, 60_000);
});
