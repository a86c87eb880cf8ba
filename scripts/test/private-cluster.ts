// A private PostgreSQL server for the fault suite: initdb into a temporary folder, on its own
// port, trust authentication on 127.0.0.1 only, stopped and deleted at the end. The suite kills
// its backends and stops and restarts it; the shared server on 5432 that other tests use is
// never touched. Debian's binaries run as the `postgres` user when this process is root.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export type PrivateCluster = {
  port: number;
  dir: string;
  serverUrl: string;
  start: () => Promise<void>;
  stop: (mode?: "fast" | "immediate") => Promise<void>;
  remove: () => Promise<void>;
};

/** The newest Debian PostgreSQL binaries (or PG_BIN_DIR). */
export function findPostgresBinaries(): string | null {
  if (process.env.PG_BIN_DIR) return existsSync(path.join(process.env.PG_BIN_DIR, "initdb")) ? process.env.PG_BIN_DIR : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((version) => existsSync(path.join(root, version, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

const runsAsRoot = () => process.getuid?.() === 0;

function run(binary: string, args: string[]): Promise<string> {
  const [command, commandArgs] = runsAsRoot() ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(binary)} ${args[0] ?? ""} failed (${code}):\n${output}`))));
  });
}

export async function createPrivateCluster(port: number): Promise<PrivateCluster> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error("No PostgreSQL server binaries found (apt-get install postgresql, or set PG_BIN_DIR)");
  const dir = await mkdtemp(path.join(os.tmpdir(), "her2-faults-pg-"));
  if (runsAsRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  await run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c full_page_writes=off", "-c max_connections=100"].join(" ");
  const cluster: PrivateCluster = {
    port,
    dir,
    serverUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      await run(path.join(bin, "pg_ctl"), ["start", "-D", data, "-w", "-t", "60", "-l", path.join(dir, "server.log"), "-o", options]);
    },
    stop: async (mode = "fast") => {
      await run(path.join(bin, "pg_ctl"), ["stop", "-D", data, "-w", "-t", "60", "-m", mode]);
    },
    remove: async () => {
      await cluster.stop("immediate").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
