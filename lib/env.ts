// The one place that reads process.env (house style: environment checked at start, as t3's
// env.js). Everything else imports `env` from here.
import { z } from "zod";
import { DEFAULT_STUDY_ID_PATTERN } from "./cases/study-id";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string; when absent the app runs on an embedded PGlite database. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  /**
   * Hot standbys (streaming replicas) of DATABASE_URL, comma-separated: dashboard aggregates,
   * filter options and the analysis export read from them (lib/db/replica-routing.ts). Optional:
   * without it every read goes to DATABASE_URL, as before.
   */
  DATABASE_REPLICA_URL: optionalString.pipe(
    z
      .string()
      .transform((value) => value.split(",").map((url) => url.trim()).filter((url) => url !== ""))
      .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, "each DATABASE_REPLICA_URL must be a postgres:// or postgresql:// URL")).max(16))
      .optional(),
  ),
  /**
   * A replica whose replay is more than this many seconds behind is skipped (reads go to the
   * primary); also the longest a user's dashboard reads stay on the primary after their own write.
   */
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().positive().max(3_600).default(10),
  /** Folder of the embedded PGlite database, used only without DATABASE_URL. */
  PGLITE_DIR: optionalString.pipe(z.string().optional()),
  /** Largest number of pooled PostgreSQL connections per app server. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Connections per app server and database server of the postgres.js pools (lib/db/postgres-client.ts:
   * bulk COPY of imports, cursor exports), on top of DATABASE_POOL_SIZE (docs/operations.md, connection budget).
   */
  DATABASE_BULK_POOL_SIZE: z.coerce.number().int().min(1).max(20).default(2),
  /**
   * The name this server's connections carry in pg_stat_activity (e.g. one per app server
   * behind a load balancer), so that an operator, or a fault test, can find them.
   */
  DATABASE_APPLICATION_NAME: z.string().trim().min(1).max(63).regex(/^[\x20-\x7e]+$/, "DATABASE_APPLICATION_NAME must be printable ASCII").default("her2-dashboard"),
  /** Secret that signs session tokens (32+ characters). */
  AUTH_SECRET: optionalString.pipe(
    z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ),
  /** The public URL of the app (scheme, host, port), for sign-in redirects and origin checks. */
  AUTH_URL: optionalString.pipe(z.string().url("AUTH_URL must be a URL such as https://her2.example.org").optional()),
  /** Hours until a session expires. */
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  /** The study's participant ID format, as a regular expression naming the site code `(?<site>…)`. */
  STUDY_ID_PATTERN: z
    .string()
    .default(DEFAULT_STUDY_ID_PATTERN)
    .refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, "STUDY_ID_PATTERN must be a valid regular expression")
    .refine((pattern) => pattern.includes("(?<site>"), "STUDY_ID_PATTERN must name where the site code sits with a group (?<site>…), e.g. ^[A-Z][A-Z0-9]{1,5}-(?<site>\\d{2,4})-\\d{3,5}$"),
  /**
   * Worker threads for the statistics (Table 1's exact tests, the regimen comparison's Cox
   * models): by default one fewer than the machine's cores, at least one (lib/workers/pools.ts).
   */
  WORKER_POOL_SIZE: z.coerce.number().int().min(1).max(64).optional(),
  /** Time budget of one statistics task (queue and computation): past it the page says "not computed in time". */
  STATS_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Time budget of an import's parsing and validation in its worker thread. */
  IMPORT_TIME_BUDGET_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
  /** Per-user limit on expensive pages and routes (lib/http/user-rate-limit.ts): a burst, then a steady rate. */
  EXPENSIVE_REQUESTS_BURST: z.coerce.number().int().min(1).max(1_000_000).default(30),
  EXPENSIVE_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(1_000_000).default(3),
  /** Counts below this are shown as "<k" on dashboards and exports; 0 turns suppression off. */
  SMALL_CELL_THRESHOLD: z.coerce.number().int().min(0).max(100).default(0),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
