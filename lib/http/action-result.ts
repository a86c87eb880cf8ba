import "server-only";
import { AppError, type AppErrorCode, type FieldError } from "../errors";
import { toAppError } from "./error-response";

// What server actions return: forms show `error.message` and each `fields` message next to its
// input. Actions never throw to the client except Next's own redirect/notFound signals.
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode | "INTERNAL"; message: string; fields: FieldError[]; details?: unknown } };

export async function runAction<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) {
      if (isNextSignal(error)) throw error;
      console.error(`Unexpected error in a server action: ${error instanceof Error ? error.name : typeof error}`);
      return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on the server.", fields: [] } };
    }
    return { ok: false, error: { code: appError.code, message: appError.message, fields: appError.fields, details: appError.details } };
  }
}

// redirect(), notFound() and forbidden() work by throwing errors that Next must receive.
function isNextSignal(error: unknown): boolean {
  const digest = typeof error === "object" && error !== null ? (error as { digest?: unknown }).digest : undefined;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}

export { AppError };
