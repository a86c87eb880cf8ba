import "server-only";

// The views that return one packed entry per patient (the cohort forest, the regimen comparison)
// aggregate them into one bytea per column. The driver receives a bytea as text in hex, two
// characters a byte, made into a string and decoded back. As base64 it is a third shorter (4
// characters for 3 bytes): at a million patients the forest's OS entries are 6.8 MB, 13.5 MB of
// hex, and its median fell from 420-524 ms to 381-399 (the comparison's 2 MB: no difference
// measured; docs/dashboards.md §9, twelfth round).

/** SQL: a bytea expression as base64 text (PostgreSQL breaks its lines every 76 characters). */
export function base64Sql(bytea: string): string {
  return `encode(${bytea}, 'base64')`;
}

/** The bytes of a base64Sql column (Node's decoder skips the line breaks); null stays null. */
export function bytesOfBase64(text: string | null | undefined): Uint8Array | null {
  return text === null || text === undefined ? null : Buffer.from(text, "base64");
}
