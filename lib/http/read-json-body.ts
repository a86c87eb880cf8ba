import "server-only";
import { AppError } from "../errors";

const DEFAULT_LIMIT_BYTES = 1_000_000;

/** The request's JSON body; malformed JSON is a 400 and an oversize body a 413, never a 500. */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_LIMIT_BYTES): Promise<unknown> {
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
