// npm run user:create -- --email a@b.org --role ADMIN [--name "…"] [--site 01] [--password …]
// Creates an account from the command line: how the first administrator of a fresh install is
// made. Runs on the configured database (DATABASE_URL, or the embedded PGlite database; stop
// the app first then, as PGlite allows one process at a time). Exit codes: 0 created,
// 1 refused or failed (duplicate e-mail, unknown site, database not ready), 2 bad arguments.
import { parseArgs } from "node:util";
import { ROLES } from "../lib/auth/roles";
import { disconnectDb, getDb } from "../lib/db/client";
import { describeTarget, resolveDatabaseTarget } from "../lib/db/target";
import { readMigrationStatus } from "../lib/db/migration-status";
import { env } from "../lib/env";
import { isAppError } from "../lib/errors";
import { COMMAND_LINE_ACTOR } from "../lib/users/command-line-actor";
import { createUser } from "../lib/users/create-user";
import { CreateUserSchema } from "../lib/users/schemas";

const USAGE = `Usage: npm run user:create -- --email <address> --role <${ROLES.join("|")}> [--name "<full name>"] [--site <code>] [--password <password>]

  --email     the account's e-mail address (its sign-in name)
  --role      ADMIN (data manager), COORDINATOR (needs --site) or INVESTIGATOR
  --name      the person's name (default: the part of the e-mail before @)
  --site      a coordinator's site code, e.g. 01
  --password  at least 12 characters; omit it to have a random one generated and printed once
              (a password typed on a command line stays in the shell's history)`;

function fail(code: 2, message: string): never {
  console.error(message);
  process.exit(code);
}

let values: { email?: string; role?: string; name?: string; site?: string; password?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      site: { type: "string" },
      password: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(2, `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.email || !values.role) fail(2, `--email and --role are required.\n\n${USAGE}`);

const parsed = CreateUserSchema.safeParse({
  email: values.email,
  name: values.name ?? values.email.split("@")[0],
  role: values.role.trim().toUpperCase(),
  siteCode: values.site ?? null,
  password: values.password,
});
const FLAGS: Record<string, string> = { email: "--email", name: "--name", role: "--role", siteCode: "--site", password: "--password" };
const flagOf = (path: string) => FLAGS[path] ?? path;

if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  ${flagOf(String(issue.path[0]))}: ${issue.message}`);
  fail(2, `${problems.join("\n")}\n\n${USAGE}`);
}

const target = resolveDatabaseTarget(env);
let exitCode = 0;
try {
  const db = await getDb();
  const migrations = await readMigrationStatus(db);
  if (!migrations.current) {
    exitCode = 1;
    console.error(`${describeTarget(target)} is not migrated (${migrations.pending.length} pending): run npm run db:migrate first.`);
  } else {
    const { user, generatedPassword } = await createUser(COMMAND_LINE_ACTOR, parsed.data);
    console.log(`Created ${user.role} ${user.email}${user.site ? ` at site ${user.site.code}` : ""} on ${describeTarget(target)}.`);
    if (generatedPassword) console.log(`Password (shown once; hand it over securely): ${generatedPassword}`);
  }
} catch (error) {
  exitCode = 1;
  if (isAppError(error)) {
    console.error(`Not created: ${error.message}.`);
    for (const field of error.fields) {
      if (field.message !== error.message) console.error(`  ${flagOf(field.path)}: ${field.message}`);
    }
  } else {
    // The error's kind only: its message may echo the password or the connection string.
    console.error(`Not created: ${error instanceof Error ? error.name : "unexpected error"} while writing to ${describeTarget(target)}.`);
  }
} finally {
  await disconnectDb();
}
process.exit(exitCode);
