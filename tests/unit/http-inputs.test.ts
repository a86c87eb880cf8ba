// Request bodies that are too large or malformed are 413 / 400 with a reason, never a 500.
import { describe, expect, it } from "vitest";
import { readJsonBody } from "../../lib/http/read-json-body";
import { readMultipartUpload } from "../../lib/http/read-upload";
import { AppError } from "../../lib/errors";

async function codeOf(work: Promise<unknown>): Promise<string | null> {
  return work.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : "OTHER"),
  );
}

describe("reading request bodies", () => {
  it("refuses malformed and oversize JSON", async () => {
    const json = (body: string, type = "application/json") => new Request("http://x/", { method: "POST", body, headers: { "content-type": type } });
    expect(await codeOf(readJsonBody(json("{not json")))).toBe("VALIDATION");
    expect(await codeOf(readJsonBody(json(JSON.stringify({ a: "x".repeat(2_000) })), 1_000))).toBe("PAYLOAD_TOO_LARGE");
    await expect(readJsonBody(json('{"a":1}'))).resolves.toEqual({ a: 1 });
    await expect(readJsonBody(json('{"a":1}', "application/merge-patch+json; charset=utf-8"))).resolves.toEqual({ a: 1 });
  });

  it("refuses a body that is not sent as JSON with 415, even when it parses", async () => {
    for (const type of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", ""]) {
      const request = new Request("http://x/", { method: "POST", body: '{"a":1}', headers: type ? { "content-type": type } : {} });
      if (!type) request.headers.delete("content-type");
      expect(await codeOf(readJsonBody(request)), type || "no content type").toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("refuses an upload over the limit, declared or streamed, and a body that is not a form", async () => {
    const form = new FormData();
    form.set("patients", new File(["x".repeat(5_000)], "patients.csv"));
    const request = () => new Request("http://x/", { method: "POST", body: form });
    expect(await codeOf(readMultipartUpload(request(), 1_000))).toBe("PAYLOAD_TOO_LARGE");
    // No Content-Length: the size is counted while reading.
    const multipart = request();
    const streamed = new Request("http://x/", {
      method: "POST",
      body: multipart.body,
      headers: { "content-type": multipart.headers.get("content-type") ?? "" },
      duplex: "half",
    } as RequestInit);
    expect(await codeOf(readMultipartUpload(streamed, 1_000))).toBe("PAYLOAD_TOO_LARGE");
    expect(await codeOf(readMultipartUpload(new Request("http://x/", { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }), 1_000))).toBe("UNSUPPORTED_MEDIA_TYPE");
    const read = await readMultipartUpload(request(), 100_000);
    expect((read.get("patients") as File).size).toBe(5_000);
  });
});
