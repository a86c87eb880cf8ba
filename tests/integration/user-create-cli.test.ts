// `npm run user:create`: the first administrator of a fresh install, from the command line, on
// this file's own database (PostgreSQL or PGlite, whichever the run uses).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password";
import { disconnectDb, getDb } from "../../lib/db/client";

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the script as `npm run user:create` does; the database is closed first (PGlite allows one process). */
async function userCreate(...args: string[]): Promise<Run> {
  await disconnectDb();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/user-create.ts", ...args], {
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run user:create", () => {
  it("creates the first administrator with a generated password, printed once, and audits it as the command line", async () => {
    const run = await userCreate("--email", "First.Admin@Hospital.example", "--role", "ADMIN", "--name", "First Admin");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Created ADMIN first\.admin@hospital\.example on /);
    const password = /Password \(shown once; hand it over securely\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { email: "first.admin@hospital.example" } });
    expect(user).toMatchObject({ name: "First Admin", role: "ADMIN", siteId: null, active: true });
    expect(await verifyPassword(user.passwordHash, password ?? "")).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entity: "USER", entityId: user.id } });
    expect(audit).toMatchObject({ action: "CREATE", userId: null, userEmail: null, reason: "command line" });
    expect(JSON.stringify(audit.changes)).not.toContain(password);
  }, 60_000);

  it("refuses a duplicate e-mail with exit code 1 and a clear message", async () => {
    const run = await userCreate("--email", "first.admin@hospital.example", "--role", "INVESTIGATOR", "--password", "another-long-password");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Not created: An account with the e-mail address first.admin@hospital.example already exists");
    const db = await getDb();
    expect(await db.user.count({ where: { email: "first.admin@hospital.example" } })).toBe(1);
  }, 60_000);

  it("creates a coordinator at a site with a chosen password, without printing it", async () => {
    const db = await getDb();
    await db.site.create({ data: { code: "01", name: "Cli Site" } });
    const run = await userCreate("--email", "coord@hospital.example", "--role", "coordinator", "--site", "01", "--password", "a-chosen-password-42");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Created COORDINATOR coord@hospital.example at site 01");
    expect(run.stdout).not.toContain("a-chosen-password-42");
    const user = await (await getDb()).user.findUniqueOrThrow({ where: { email: "coord@hospital.example" } });
    expect(await verifyPassword(user.passwordHash, "a-chosen-password-42")).toBe(true);
  }, 60_000);

  it("answers exit code 2 with the reason for bad arguments, and writes nothing", async () => {
    const missing = await userCreate("--email", "x@hospital.example");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email and --role are required");
    const invalid = await userCreate("--email", "not-an-address", "--role", "COORDINATOR", "--password", "short");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("--email: Enter an e-mail address such as name@hospital.org");
    expect(invalid.stderr).toContain("--password: Passwords are at least 12 characters");
    expect(invalid.stderr).toContain("--site: Choose the coordinator's site");
    const unknown = await userCreate("--email", "x@hospital.example", "--role", "ADMIN", "--colour", "blue");
    expect(unknown.code).toBe(2);
    const db = await getDb();
    expect(await db.user.count({ where: { email: { in: ["x@hospital.example", "not-an-address"] } } })).toBe(0);
  }, 60_000);
});
