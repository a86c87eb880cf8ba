// A pg_auto_failover formation for `npm run test:replica -- --auto-failover`: a monitor and two
// PostgreSQL nodes (a primary and its hot standby), each run by its own `pg_autoctl` keeper as the
// postgres user, in a temporary folder, torn down at the end. Debian packages:
// `apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findPostgresBinaries } from "./private-cluster";

export type FormationNode = { name: string; port: number; pgdata: string; keeper: ChildProcess };

export type Formation = {
  dir: string;
  monitorPort: number;
  nodes: FormationNode[];
  /** The node names (node_1, …) with their reported state, from the monitor. */
  states: () => Promise<{ name: string; port: number; state: string }[]>;
  /** Kills a node as a crash would: its keeper (SIGKILL) and its PostgreSQL (immediate stop). */
  crash: (node: FormationNode) => Promise<void>;
  remove: () => Promise<void>;
};

export function findPgAutoctl(): string | null {
  return existsSync("/usr/bin/pg_autoctl") ? "/usr/bin/pg_autoctl" : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process and its descendants, by parent id (a keeper runs under runuser, with children of its own). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)]).toString().split("\n").filter(Boolean).map(Number);
  } catch {
    // pgrep exits 1 when there are none.
  }
  return [pid, ...children.flatMap(processTree)];
}

function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  for (const member of processTree(pid).reverse()) {
    try {
      process.kill(member, signal);
    } catch {
      // Already gone.
    }
  }
}

export async function createFormation(ports: { monitor: number; nodes: [number, number] }, log: (line: string) => void): Promise<Formation> {
  const autoctl = findPgAutoctl();
  const bin = findPostgresBinaries();
  if (!autoctl || !bin) throw new Error("pg_auto_failover is not installed (apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover)");
  const dir = await mkdtemp(path.join(os.tmpdir(), "her2-autofailover-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  // pg_autoctl keeps its state under XDG folders: inside the temporary folder, not the user's home.
  const wrapper = path.join(dir, "pg_autoctl.sh");
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexport XDG_CONFIG_HOME=${dir}/config XDG_DATA_HOME=${dir}/data XDG_RUNTIME_DIR=${dir}/run PG_CONFIG=${bin}/pg_config PATH=${bin}:$PATH\nexec ${autoctl} "$@"\n`,
    { mode: 0o755 },
  );
  const run = (args: string[]): ChildProcess => {
    const [command, commandArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", wrapper, ...args]] : [wrapper, args];
    const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], detached: false });
    child.stdout?.resume();
    child.stderr?.resume();
    return child;
  };
  const keepers: ChildProcess[] = [];
  const monitorData = path.join(dir, "monitor");
  keepers.push(run(["create", "monitor", "--pgdata", monitorData, "--pgport", String(ports.monitor), "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--run"]));
  const monitorUrl = `postgresql://autoctl_node@127.0.0.1:${ports.monitor}/pg_auto_failover?sslmode=disable`;
  const states = async () => {
    const client = new pg.Client({ connectionString: monitorUrl, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ nodename: string; nodeport: number; reportedstate: string }>("SELECT nodename, nodeport, reportedstate::text AS reportedstate FROM pgautofailover.node ORDER BY nodeid");
      return rows.map((row) => ({ name: row.nodename, port: row.nodeport, state: row.reportedstate }));
    } finally {
      await client.end();
    }
  };
  const waitFor = async (test: () => Promise<boolean>, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await test().catch(() => false)) return;
      await sleep(500);
    }
    throw new Error(`pg_auto_failover: ${what} within ${timeoutMs / 1000} s`);
  };
  const formation: Formation = {
    dir,
    monitorPort: ports.monitor,
    nodes: [],
    states,
    crash: async (node) => {
      // The keeper first (it would restart its PostgreSQL), with its supervisor children; then the
      // server, stopped as by a crash.
      killTree(node.keeper.pid, "SIGKILL");
      await stopPostgres(node.pgdata);
    },
    remove: async () => {
      for (const keeper of keepers) killTree(keeper.pid, "SIGTERM");
      await sleep(2_000);
      for (const keeper of keepers) killTree(keeper.pid, "SIGKILL");
      for (const pgdata of [...formation.nodes.map((node) => node.pgdata), monitorData]) await stopPostgres(pgdata).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  const stopPostgres = async (pgdata: string) => {
    const pgCtl = path.join(bin, "pg_ctl");
    const [command, args] = asRoot ? ["runuser", ["-u", "postgres", "--", pgCtl, "stop", "-D", pgdata, "-m", "immediate"]] : [pgCtl, ["stop", "-D", pgdata, "-m", "immediate"]];
    await new Promise<void>((resolve) => spawn(command, args, { stdio: "ignore" }).on("exit", () => resolve()));
  };
  try {
    await waitFor(async () => (await states(), true), "the monitor did not start", 60_000);
    log("  pg_auto_failover monitor up");
    for (const [index, port] of ports.nodes.entries()) {
      const pgdata = path.join(dir, `node${index + 1}`);
      const keeper = run(["create", "postgres", "--pgdata", pgdata, "--pgport", String(port), "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--monitor", monitorUrl, "--run"]);
      keepers.push(keeper);
      formation.nodes.push({ name: `node_${index + 1}`, port, pgdata, keeper });
      const wanted = index === 0 ? ["single"] : ["secondary"];
      await waitFor(async () => (await states()).some((node) => node.port === port && wanted.includes(node.state)), `node ${index + 1} did not become ${wanted.join("/")}`, 120_000);
      log(`  pg_auto_failover node ${index + 1} (port ${port}) is ${wanted.join("/")}`);
    }
    await waitFor(async () => (await states()).some((node) => node.state === "primary"), "the formation did not reach primary/secondary", 60_000);
  } catch (error) {
    await formation.remove();
    throw error;
  }
  return formation;
}
