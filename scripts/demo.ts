// npm run demo: migrate, seed the demo cohort when the database is empty, build, and serve on
// http://localhost:3000 (PORT to change it). Uses DATABASE_URL when set, else embedded PGlite
// under .data/. `npm run dev` does the same with the Next.js development server.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { NEXT, runStep } from "./run-step";

const development = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const dataDir = path.resolve(".data");

async function ensureAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  // A secret generated once per installation and kept beside the embedded database.
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const env = {
  ...process.env,
  AUTH_SECRET: await ensureAuthSecret(),
  AUTH_URL: process.env.AUTH_URL ?? `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

try {
  await runStep("Migrations", process.execPath, ["--import", "tsx", "scripts/db/migrate.ts"], { env });
  await runStep("Demo seed", process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--if-empty"], { env });
  if (!development) await runStep("Build", NEXT, ["build"], { env });
} catch (error) {
  console.error(`\n${(error as Error).message}.`);
  process.exit(1);
}

const server = spawn(NEXT, [development ? "dev" : "start", "-p", port], { stdio: ["inherit", "pipe", "inherit"], env });
let announced = false;
server.stdout?.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server/i.test(chunk.toString())) {
    announced = true;
    void announce();
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

async function announce(): Promise<void> {
  const signInsFile = path.join(dataDir, "demo-sign-ins.txt");
  const signIns = existsSync(signInsFile) ? await readFile(signInsFile, "utf8") : "  (not seeded by this installation: use your own accounts)\n";
  console.log(`\nHER2 cohort dashboard: http://localhost:${port}\n\nDemo sign-ins:\n${signIns}\nStop with Ctrl+C.\n`);
}
