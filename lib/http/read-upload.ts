import "server-only";
import { AppError } from "../errors";

/**
 * Reads a multipart form upload, refusing it with 413 as soon as it passes `limitBytes`
 * (declared or actual size), and with 400 when it is not a readable form.
 */
export async function readMultipartUpload(request: Request, limitBytes: number): Promise<FormData> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The upload is larger than ${Math.round(limitBytes / 1_000_000)} MB. Split the file and import it in parts.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the files as multipart/form-data.");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return await new Response(new Blob(chunks as BlobPart[]), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("VALIDATION", "The upload is not a readable form", { fields: [{ path: "(body)", message: "The upload is not a readable form" }] });
  }
}
