// The ways into the server under app/, read from the source: route handlers by exported HTTP
// method, and the exported functions of "use server" modules. Shared by the static guard check
// (tests/unit/entry-points-guarded.test.ts) and the bad-input suite, so that a new route or
// action cannot escape either.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const APP_DIR = path.resolve(import.meta.dirname, "../../app");

export type SourceFile = { relative: string; source: string };

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

export function readAppFiles(): SourceFile[] {
  return listFiles(APP_DIR)
    .filter((file) => /\.(ts|tsx)$/.test(file))
    .map((file) => ({ relative: path.relative(APP_DIR, file).split(path.sep).join("/"), source: readFileSync(file, "utf8") }));
}

/**
 * Exported functions of a module (`export async function GET(…)`, `export const GET = …`, or
 * `export const { GET } = …`) with the text of each, up to the next export.
 */
export function exportedFunctions(source: string): { name: string; body: string }[] {
  const starts = [...source.matchAll(/export\s+(?:(?:default\s+)?(?:async\s+)?function\s+(\w+)|const\s+(\w+)\s*=|const\s*\{\s*(\w+)\s*\}\s*=)/g)].map((match) => ({
    name: match[1] ?? match[2] ?? match[3] ?? "?",
    index: match.index,
  }));
  return starts.map((start, position) => ({ name: start.name, body: source.slice(start.index, starts[position + 1]?.index ?? source.length) }));
}

export const isServerActionModule = (source: string) => /^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/.test(source);

export const MUTATION_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** "file#export" for every mutation route handler and every server action under app/. */
export function listMutationEntryPoints(files = readAppFiles()): string[] {
  const routes = files
    .filter((file) => /(^|\/)route\.tsx?$/.test(file.relative))
    .flatMap((file) => exportedFunctions(file.source).filter((fn) => MUTATION_METHODS.has(fn.name)).map((fn) => `${file.relative}#${fn.name}`));
  const actions = files.filter((file) => isServerActionModule(file.source)).flatMap((file) => exportedFunctions(file.source).map((fn) => `${file.relative}#${fn.name}`));
  return [...routes, ...actions].sort();
}
