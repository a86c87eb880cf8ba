import "server-only";
import { AppError } from "../errors";

// One import at a time per server (issue 15 §5). An import holds the import worker thread, up to
// its heap cap in memory, and a long transaction when it commits; two at once would double all
// three and gain nothing (their writes serialise on the same tables). A second one is refused at
// once with 429 and Retry-After rather than queued, so that nobody waits minutes on an upload
// with no feedback. Per process: behind a load balancer each app server has its own slot.
// Kept on globalThis so that `next dev`'s module reloads share one slot.
const holder = globalThis as typeof globalThis & { __her2ImportRunning?: boolean };

export const IMPORT_RETRY_AFTER_SECONDS = 60;

function busy(): AppError {
  return new AppError("RATE_LIMITED", "Another import is running on this server; try again in a minute.", { retryAfterSeconds: IMPORT_RETRY_AFTER_SECONDS });
}

/** Refuses (429) when an import is running: lets a route answer before it reads a 30 MB upload. */
export function refuseIfImportRunning(): void {
  if (holder.__her2ImportRunning) throw busy();
}

/** Takes the slot, or refuses (429); the function returned gives it back (once, whatever happens). */
export function claimImportSlot(): () => void {
  refuseIfImportRunning();
  holder.__her2ImportRunning = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holder.__her2ImportRunning = false;
  };
}
