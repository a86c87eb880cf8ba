import "server-only";
import { AppError } from "../errors";

const DEFAULT_LIMIT_BYTES = 1_000_000;

/** application/json, or a vendor type such as application/merge-patch+json. */
function isJsonContentType(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * The request's JSON body. Another content type is a 415 (a form post or plain text is not
 * read as JSON just because it happens to parse), malformed JSON a 400 and an oversize body a
 * 413: never a 500.
 */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_LIMIT_BYTES): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(limitBytes / 1000)} kB.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > limitBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(limitBytes / 1000)} kB.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION", "The request body is not valid JSON", { fields: [{ path: "(body)", message: "Send a JSON object" }] });
  }
}
