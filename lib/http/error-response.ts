import "server-only";
import { ZodError } from "zod";
import { isDatabaseBusyError, isDatabaseUnavailableError } from "../db/errors";
import { noteDatabaseFailure } from "../db/note-database-failure";
import { AppError, fieldErrorsOf, httpStatusOf, isAppError } from "../errors";

export type ErrorBody = {
  error: { code: string; message: string; fields?: { path: string; message: string }[]; details?: unknown };
};

/** Maps anything a route handler throws to a response; only the unexpected becomes a 500. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (!appError) {
    // The name only: messages may carry values from the request.
    console.error(`Unexpected error in a route handler: ${error instanceof Error ? error.name : typeof error}`);
    return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on the server." } } satisfies ErrorBody, { status: 500 });
  }
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (appError.retryAfterSeconds !== undefined) headers.set("Retry-After", String(appError.retryAfterSeconds));
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.fields.length > 0 ? { fields: appError.fields } : {}),
      ...(appError.details !== undefined ? { details: appError.details } : {}),
    },
  };
  return Response.json(body, { status: httpStatusOf(appError.code), headers });
}

export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) return new AppError("VALIDATION", "Some values are not valid", { fields: fieldErrorsOf(error) });
  if (isDatabaseBusyError(error)) {
    return new AppError("UNAVAILABLE", "The server is busy at the moment. Please try again shortly.", { retryAfterSeconds: 5 });
  }
  if (isDatabaseUnavailableError(error)) {
    // Pages on this server answer 503 at once from now on, until a probe finds the database back.
    noteDatabaseFailure(error);
    return new AppError("UNAVAILABLE", "The database is not reachable at the moment. Please try again shortly.", { retryAfterSeconds: 5 });
  }
  return null;
}

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

/** Wraps a route handler so that every refusal becomes the right status with a reason. */
export function withErrorHandling<Context>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
