// npm run db:migrate: applies pending migrations to the configured database
// (DATABASE_URL, or the embedded PGlite database without it).
import { env } from "../../lib/env";
import { describeTarget, resolveDatabaseTarget } from "../../lib/db/target";
import { applyPendingMigrations } from "./migrations";

const target = resolveDatabaseTarget(env);
const applied = await applyPendingMigrations(target);
console.log(
  applied.length === 0
    ? `${describeTarget(target)}: migrations are up to date.`
    : `${describeTarget(target)}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
);
