// PostgreSQL write-ahead-log positions (pg_lsn, written "16/B374D848": the high and low 32 bits in
// hexadecimal). Read-your-writes compares the primary's position after a user's write with the
// position a replica has replayed (lib/db/replica-routing.ts).

/** The position as one number; throws on text that is not an LSN. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!match) throw new Error(`Not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** True when `replayed` is at or past `target`: every change up to `target` is visible there. */
export function hasReplayedPast(replayed: string, target: string): boolean {
  return parseLsn(replayed) >= parseLsn(target);
}
