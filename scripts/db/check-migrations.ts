// npm run db:check: exits 1 when prisma/schema.prisma and prisma/migrations disagree, printing
// the SQL a new migration would need.
import { diffMigrationsToSchema } from "./migrations";

const drift = await diffMigrationsToSchema();
if (drift === "") {
  console.log("schema.prisma and prisma/migrations agree.");
} else {
  console.error(
    `schema.prisma differs from prisma/migrations. Create a migration with\n  npm run db:migration -- <name>\nIt would contain:\n\n${drift}`,
  );
  process.exit(1);
}
