// A private PostgreSQL server for the fault and replica suites: initdb into a temporary folder, on its own
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
  /** Ends recovery on a standby (pg_ctl promote): it becomes a primary that accepts writes. */
  promote: () => Promise<void>;
};

export type ClusterOptions = {
  /** Extra server settings, e.g. `shared_preload_libraries=pg_stat_statements`. */
  settings?: readonly string[];
  /** The temporary folder's name prefix. */
  label?: string;
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

async function makeOwnedTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `her2-${label}-pg-`));
  if (runsAsRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

function requireBinaries(): string {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error("No PostgreSQL server binaries found (apt-get install postgresql, or set PG_BIN_DIR)");
  return bin;
}

function clusterAt(bin: string, dir: string, data: string, port: number, settings: readonly string[]): PrivateCluster {
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c full_page_writes=off", "-c max_connections=100", ...settings.map((setting) => `-c ${setting}`)].join(" ");
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
    promote: async () => {
      await run(path.join(bin, "pg_ctl"), ["promote", "-D", data, "-w", "-t", "60"]);
    },
  };
  return cluster;
}

export async function createPrivateCluster(port: number, options: ClusterOptions = {}): Promise<PrivateCluster> {
  const bin = requireBinaries();
  const dir = await makeOwnedTempDir(options.label ?? "faults");
  const data = path.join(dir, "data");
  await run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);
  return clusterAt(bin, dir, data, port, options.settings ?? []);
}

/**
 * A hot standby of a running `primary` on `port`: pg_basebackup -R (a copy of its data folder
 * with the settings that make it stream the primary's changes), in a temporary folder of its own.
 * initdb's default pg_hba.conf trusts replication connections from 127.0.0.1.
 */
export async function createStandby(primary: PrivateCluster, port: number, options: ClusterOptions = {}): Promise<PrivateCluster> {
  const bin = requireBinaries();
  const dir = await makeOwnedTempDir(options.label ?? "standby");
  const data = path.join(dir, "data");
  await run(path.join(bin, "pg_basebackup"), ["-D", data, "-R", "-X", "stream", "-c", "fast", "-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "--no-sync"]);
  return clusterAt(bin, dir, data, port, options.settings ?? []);
}
