// What this app server currently knows about its database: up, or down since a moment. Kept on
// globalThis under a registered symbol because two module graphs read it in one process: the
// request proxy (proxy.ts), which answers page requests with a 503 while the database is down,
// and the route, action and page code that learns of the outage and probes for the recovery.
// Each app server learns for itself; nothing here is shared between servers, and nothing here
// decides what a request may do: it only makes an outage fail fast and clearly.

const KEY = Symbol.for("her2.database-availability");

/** How often a server that saw the database go away checks whether it is back. */
export const PROBE_INTERVAL_MS = 1_000;

type Availability = { downSince: number | null; probing: boolean };

function availability(): Availability {
  const holder = globalThis as typeof globalThis & { [KEY]?: Availability };
  holder[KEY] ??= { downSince: null, probing: false };
  return holder[KEY];
}

export function isDatabaseMarkedUnavailable(): boolean {
  return availability().downSince !== null;
}

export function markDatabaseAvailable(): void {
  availability().downSince = null;
}

/**
 * Records that the database could not be reached, and (once) starts probing it with `probe`
 * until a probe succeeds, which marks it available again: no restart, no operator needed.
 */
export function markDatabaseUnavailable(probe: () => Promise<void>): void {
  const state = availability();
  state.downSince ??= Date.now();
  if (state.probing) return;
  state.probing = true;
  const attempt = () => {
    probe().then(
      () => {
        state.downSince = null;
        state.probing = false;
      },
      () => setTimeout(attempt, PROBE_INTERVAL_MS).unref(),
    );
  };
  setTimeout(attempt, PROBE_INTERVAL_MS).unref();
}
