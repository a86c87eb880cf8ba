// The Prisma CLI is used here only for `prisma generate` (scripts/db/generate.ts): migrations run
// through Prisma's WASM schema engine (scripts/db/migrate.ts), because the native engines cannot
// be downloaded on an offline machine.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
