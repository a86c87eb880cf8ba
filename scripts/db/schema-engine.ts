// Prisma's schema engine, compiled to WASM and driven through a driver adapter. The native
// engine that `prisma migrate` uses is downloaded at run time and cannot be on an offline
// machine; the WASM build is the same engine shipped as an npm package (see
// ../shared/design/stack.md). It records migrations in `_prisma_migrations` exactly as
// `prisma migrate deploy` does, so the Prisma CLI stays usable on the same database elsewhere.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { Pool } from "pg";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  MigrationList,
  SchemaEngine,
  SchemasContainer,
} from "@prisma/schema-engine-wasm";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");
const LOCKFILE = "migration_lock.toml";

let wasmReady: Promise<void> | undefined;

// The engine arms timers (query timeouts) that outlive the command; left referenced they hold a
// finished script open for ten seconds. Unreferenced timers still fire while work is pending.
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const wrapped: WebAssembly.ModuleImports = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
      wrapped[name] = (...args: unknown[]) => {
        const timer: unknown = (value as (...inner: unknown[]) => unknown)(...args);
        if (timer && typeof timer === "object" && "unref" in timer && typeof timer.unref === "function") {
          timer.unref();
        }
        return timer;
      };
    }
  }
  return wrapped;
}

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(engineBindings as unknown as WebAssembly.ModuleImports),
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/** prisma/schema.prisma, or `content` in its place (to test the drift check itself). */
export async function readSchemas(content?: string): Promise<SchemasContainer> {
  content ??= await readFile(SCHEMA_PATH, "utf8");
  return { files: [{ path: SCHEMA_PATH, content }] };
}

export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    directories.map(async (name) => {
      const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: unknown) => ({ tag: "error" as const, value: String(error) }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockContent = await readFile(path.join(MIGRATIONS_DIR, LOCKFILE), "utf8").catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export const NO_FILTER = { externalTables: [], externalEnums: [] };

export type EngineLog = (message: string) => void;

// @prisma/adapter-pg 7.10 runs a migration script by splitting it on ";", which breaks any
// function body ($$ … $$) and applies the pieces outside one transaction. PostgreSQL itself
// runs a multi-statement simple query as one implicit transaction, as the native engine does.
function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  if (!("underlyingDriver" in adapter) || typeof adapter.underlyingDriver !== "function") return adapter;
  const pool = (adapter.underlyingDriver as () => Pool).call(adapter);
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

function withWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(await factory.connect()),
    connectToShadowDb: async () => runScriptsWhole(await factory.connectToShadowDb()),
  };
}

/** Opens the engine on a database reached through `adapterFactory`; free it with `engine.free()`. */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog = () => {},
): Promise<SchemaEngine> {
  await loadWasm();
  const schemas = await readSchemas();
  const datamodels = schemas.files.map((file): [string, string] => [file.path, file.content]);
  return engineBindings.SchemaEngine.new(
    { datamodels },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(withWholeScripts(adapterFactory)),
  );
}
