// COPY … FROM STDIN through postgres.js, written a chunk at a time (issue 17 §6): the import
// commit streams new cases with it inside its transaction, and the benchmark loads its cohort
// with it (scripts/bench/copy-cohort.ts). postgres.js 3.4 resolves a COPY FROM with a stream and
// has nowhere to report an error the server sends after the last row (the stream's end then never
// completes), so `end()` does not wait for the stream: it runs one more statement on the same
// connection, which a refused COPY has left in an aborted transaction; the caller must therefore
// run the COPY inside a transaction (`sql.begin`, or BEGIN on a reserved connection).
//
// That statement is refused by postgres.js itself ("You cannot execute queries during copy") if
// the stream still holds a chunk the socket has not taken: the stream sends CopyDone only after
// its last write completes. A write completes at once while the kernel's socket buffer has room,
// so this showed only under load: the benchmark's 1M-patient load, whose last write (an empty
// batch) waited behind a full buffer. So `end()` first waits for every write to complete.
import { once } from "node:events";
import type postgres from "postgres";
import { copyFromStatement } from "./copy-text";

/** The server refused a copied row, and postgres.js could not say which (see above). */
export class CopyRefusedError extends Error {
  constructor(table: string, cause: unknown) {
    super(`The database refused a row copied into ${table} (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
    this.name = "CopyRefusedError";
  }
}

export type CopyIn = {
  /** Sends COPY text lines; waits while the connection is busy. Throws the server's error if it refused a row already. */
  write: (chunk: string) => Promise<void>;
  /** Ends the COPY; throws if the server refused any row. */
  end: () => Promise<void>;
};

type Runner = { unsafe: postgres.TransactionSql["unsafe"] };

export async function startCopy(runner: Runner, table: string, columns: readonly { column: string }[]): Promise<CopyIn> {
  const stream = await runner.unsafe(copyFromStatement(table, columns)).writable();
  // An error the server reports while rows are still being sent destroys the stream.
  let failure: Error | null = null;
  stream.on("error", (error) => {
    failure = error;
  });
  const failed = (): Error | null => failure;
  // A destroyed stream (refused COPY, lost connection) emits no more 'drain' and may not call
  // back a write the socket never took: waits below also end when it closes.
  const closed = new Promise<void>((resolve) => stream.once("close", () => resolve()));
  // Settles once the last chunk handed to the stream has gone to the socket; chunks are written
  // in order, so then every earlier one has too.
  let written: Promise<void> = Promise.resolve();
  return {
    write: async (chunk) => {
      const before = failed();
      if (before) throw before;
      // An empty CopyData message carries nothing but can still wait behind a full socket.
      if (chunk === "") return;
      let gone: () => void = () => undefined;
      written = new Promise<void>((resolve) => {
        gone = resolve;
      });
      // Backpressure: false past the stream's high-water mark; then wait until it has drained.
      if (!stream.write(chunk, () => gone())) await Promise.race([once(stream, "drain"), closed]);
      const after = failed();
      if (after) throw after;
    },
    end: async () => {
      await Promise.race([written, closed]);
      const before = failed();
      if (before) throw before;
      stream.end();
      // Runs once the COPY is complete; refused only if the COPY aborted the transaction.
      await runner.unsafe("SELECT 1").catch((error: unknown) => {
        throw failed() ?? new CopyRefusedError(table, error);
      });
    },
  };
}

/** Rows as COPY text in chunks of `rowsPerChunk` lines. */
export function* toCopyChunks(rows: readonly (readonly unknown[])[], toLine: (row: readonly unknown[]) => string, rowsPerChunk = 1_000): Generator<string> {
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    let chunk = "";
    for (const row of rows.slice(start, start + rowsPerChunk)) chunk += toLine(row);
    yield chunk;
  }
}
