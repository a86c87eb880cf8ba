import "server-only";
import type { SessionUser } from "../auth/roles";
import { SqlParameters } from "./filter-sql";
import { hasPatientFilters, type DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

/** Patients with ids from `from` to `to` (both included); null: every patient. */
export type IdRange = { from: number; to: number } | null;

/** The condition that `column` (a patient id) is in `ids`. */
export function idRangeSql(column: string, ids: IdRange, parameters: SqlParameters): string {
  return ids === null ? "TRUE" : `${column} BETWEEN ${parameters.add(ids.from)}::int AND ${parameters.add(ids.to)}::int`;
}

/**
 * Ids per part read in one statement (bounding each statement's text and arrays), and the
 * number of ids below which one statement reads them all (a second costs more than it saves).
 * A grouped read (its statement returns groups, not an entry per patient) has nothing to bound but
 * its work: two parts, one per core, up to idsPerGroupedPart ids each.
 */
export const ID_PARTS = { idsPerPart: 500_000, onePartBelow: 100_000, idsPerGroupedPart: 10_000_000 } as const;
/** Parts read at once, each on its own pooled connection (docs/operations.md, "Connection budget"). */
const PARTS_AT_ONCE = 2;

type IdParting = { idsPerPart: number; onePartBelow: number; idsPerGroupedPart: number };

let parting: IdParting = { ...ID_PARTS };

/** For tests and measurements only: sets ID_PARTS' numbers (those given) and returns the previous ones. */
export function setIdParts(next: Partial<IdParting>): IdParting {
  const previous = parting;
  parting = { ...parting, ...next };
  return previous;
}

/**
 * `read` over consecutive ranges of patient ids, PARTS_AT_ONCE statements at a time, the results
 * in the ranges' order; for the views that return one entry per patient in a `string_agg`, which
 * PostgreSQL 15 runs on one core (its parallel form came in 16), so that one statement left the
 * second core idle (docs/dashboards.md §9, tenth round); and, `grouped`, for the line-based
 * views whose statement merges first lines with the patients serially, in two parts whose groups
 * the caller adds up (thirteenth round). A patient's id never changes, so each
 * patient is in exactly one range, even if the statements see the registry a moment apart (as two
 * dashboard queries would). Only for a view of every patient the user may see (no patient filter,
 * not a coordinator's one site) and of at least ID_PARTS.onePartBelow ids; otherwise one read of
 * every patient. A filtered view is read through its filter's index (its sites, say), and every
 * part read that index again: at ten million patients, two sites' patients in 20 parts took 4.7 s
 * against 0.8 s in one statement (eleventh round).
 */
export async function readInIdParts<T>(user: SessionUser, filters: DashboardFilters, read: (ids: IdRange) => Promise<T>, options: { grouped?: boolean } = {}): Promise<T[]> {
  if (user.role === "COORDINATOR" || hasPatientFilters(filters)) return [await read(null)];
  const [span] = await runAggregateQuery<{ from: number | null; to: number | null }>(user, 'SELECT min(p.id) AS "from", max(p.id) AS "to" FROM patients p', new SqlParameters());
  if (span?.from === null || span?.from === undefined || span.to === null) return [await read(null)];
  const from = Number(span.from);
  const idCount = Number(span.to) - from + 1;
  if (idCount < parting.onePartBelow) return [await read(null)];
  const idsPerPart = options.grouped ? parting.idsPerGroupedPart : parting.idsPerPart;
  const partCount = Math.max(PARTS_AT_ONCE, Math.ceil(idCount / Math.max(1, idsPerPart)));
  const ranges = Array.from({ length: partCount }, (_, part) => ({
    // The first range takes every id below the smallest read, the last every id above the largest.
    from: part === 0 ? -2_147_483_648 : from + Math.floor((idCount * part) / partCount),
    to: part === partCount - 1 ? 2_147_483_647 : from + Math.floor((idCount * (part + 1)) / partCount) - 1,
  }));
  const results: T[] = new Array<T>(partCount);
  let next = 0;
  const reader = async () => {
    while (next < partCount) {
      const part = next++;
      results[part] = await read(ranges[part] ?? null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTS_AT_ONCE, partCount) }, reader));
  return results;
}

/** The parts' entries of one column, one part after the other. */
export function concatInt32s(parts: readonly Int32Array[]): Int32Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const joined = new Int32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** The sites every part read with its patients, once each, in id order: together they hold every patient's site. */
export function unionOfSites(parts: readonly (readonly { id: number; code: string }[])[]): { id: number; code: string }[] {
  const sites = new Map(parts.flatMap((part) => part.map((site) => [site.id, site] as const)));
  return [...sites.values()].sort((x, y) => x.id - y.id);
}
