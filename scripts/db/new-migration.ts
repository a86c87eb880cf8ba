// npm run db:migration -- <name>: writes a new migration from the difference between the
// migrations folder and prisma/schema.prisma.
import path from "node:path";
import { createMigration } from "./migrations";

const name = process.argv[2];
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. add_specimen_site)");
  process.exit(2);
}
const created = await createMigration(name);
if (created) {
  console.log(`Wrote ${path.relative(process.cwd(), created.directory)}/migration.sql:\n\n${created.script}`);
} else {
  console.log("schema.prisma and the migrations agree: no migration written.");
}
