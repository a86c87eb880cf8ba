// What an entry point answered, in one shape for route handlers (HTTP responses) and server
// actions (ActionResult), so that one property can judge both.
import { httpStatusOf, type FieldError } from "../../../lib/errors";
import type { ActionResult } from "../../../lib/http/action-result";

export type Outcome = { status: number; code: string; message: string; fields: FieldError[] };

type ErrorBody = { error?: { code?: unknown; message?: unknown; fields?: unknown } };

function outcomeOfBody(status: number, body: unknown): Outcome {
  const error = (body as ErrorBody | null)?.error;
  return {
    status,
    code: typeof error?.code === "string" ? error.code : "",
    message: typeof error?.message === "string" ? error.message : "",
    fields: Array.isArray(error?.fields) ? (error.fields as FieldError[]) : [],
  };
}

/** A route handler's response; a streamed import answers with its last NDJSON line. */
export async function outcomeOfResponse(response: Response): Promise<Outcome> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").startsWith("application/x-ndjson")) {
    const lines = text.trim().split("\n");
    const last = JSON.parse(lines[lines.length - 1] ?? "{}") as { type?: string; status?: number };
    return outcomeOfBody(last.status ?? 0, last);
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: judged by the status alone (and refused below for lacking a reason).
  }
  return outcomeOfBody(response.status, body);
}

export function outcomeOfAction(result: ActionResult<unknown>): Outcome {
  if (result.ok) return { status: 200, code: "OK", message: "", fields: [] };
  const status = result.error.code === "INTERNAL" ? 500 : httpStatusOf(result.error.code);
  return { status, code: result.error.code, message: result.error.message, fields: result.error.fields };
}

/**
 * JSON as a careless client writes it: NaN and infinities go out as the bare tokens (which
 * JSON.stringify would silently turn into null), making the body malformed JSON.
 */
export function toClientJson(value: unknown): string {
  const marker = "~~her2-nonfinite~~";
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === "number" && !Number.isFinite(item) ? `${marker}${String(item)}` : item));
  return (text ?? "null").replace(new RegExp(`"${marker}(NaN|Infinity|-Infinity)"`, "g"), "$1");
}
