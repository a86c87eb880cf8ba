// COPY … FROM STDIN through postgres.js, written a chunk at a time (issue 17 §6): the import
// commit streams new cases with it inside its transaction, and the benchmark loads its cohort
// with it. postgres.js 3.4 resolves a COPY FROM with a stream and has nowhere to report an error
// the server sends after the last row (the stream's end then never completes), so `end()` does
// not wait for the stream: it runs one more statement on the same connection, which a refused
// COPY has left in an aborted transaction; the caller must therefore run the COPY inside a
// transaction (`sql.begin`, or BEGIN on a reserved connection).
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
  return {
    write: async (chunk) => {
      const before = failed();
      if (before) throw before;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("close", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("close", done);
        });
      }
      const after = failed();
      if (after) throw after;
    },
    end: async () => {
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
