// Recognises "the database is not there" among the errors Prisma and the driver adapters raise,
// so that requests answer 503 with a clear message instead of a 500.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// PostgreSQL SQLSTATEs: connection exceptions (class 08), the server shutting down, restarting
// or refusing connections (57P01-57P03), and too many connections (53300).
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGES = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /Connection terminated/i,
  /terminating connection/i,
  /Can't reach database server/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Server has closed the connection/i,
  /DatabaseNotReachable/,
  /connection.*closed/i,
  /Client has encountered a connection error and is not queryable/i,
  // PgBouncer in front (docs/operations.md §3): it keeps the client's connection while the
  // server behind it is gone, and answers the queries it cannot forward with these errors.
  /pgbouncer cannot connect to server/i,
  /server login has been failing/i,
  /query_wait_timeout/i,
  /no more connections allowed/i,
];

function* causeChain(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    yield current;
    current = typeof current === "object" && "cause" in current ? (current as { cause?: unknown }).cause : undefined;
  }
}

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (typeof link !== "object" || link === null) continue;
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    const originalCode = (link as { originalCode?: unknown }).originalCode;
    if (typeof originalCode === "string" && UNAVAILABLE_SQLSTATES.test(originalCode)) return true;
    const kind = (link as { kind?: unknown }).kind;
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
    const message = (link as { message?: unknown }).message;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/**
 * Every pooled connection stayed busy for the whole wait (lib/db/target.ts POOL_WAIT_MS), or
 * Prisma could not start a transaction in time (P2028): the database is there but overloaded.
 */
export function isDatabaseBusyError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (typeof link !== "object" || link === null) continue;
    const message = (link as { message?: unknown }).message;
    if (typeof message === "string" && /timeout exceeded when trying to connect/i.test(message)) return true;
    if ((link as { code?: unknown }).code === "P2028" && typeof message === "string" && /unable to start a transaction in the given time/i.test(message)) return true;
  }
  return false;
}

const LOST_CONNECTION_MESSAGES = [
  /terminating connection/i,
  /Connection terminated unexpectedly/i,
  /ECONNRESET/,
  /Server has closed the connection/i,
  /Client has encountered a connection error and is not queryable/i,
];

/**
 * An established connection was cut (the server restarted, an operator or a fail-over ended the
 * backend): a new connection may well succeed at once, unlike a server that refuses connections.
 */
export function isLostConnectionError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (typeof link !== "object" || link === null) continue;
    const code = (link as { code?: unknown; originalCode?: unknown }).originalCode ?? (link as { code?: unknown }).code;
    if (code === "57P01" || code === "57P02" || code === "08006" || code === "08003") return true;
    if ((link as { kind?: unknown }).kind === "ConnectionClosed") return true;
    const message = (link as { message?: unknown }).message;
    if (typeof message === "string" && LOST_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
