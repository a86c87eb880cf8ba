import { requireRole } from "@/lib/auth/guards";
import { prepareImport } from "@/lib/cases/import-cases";
import { ImportRequestSchema, MAX_IMPORT_BYTES, formDataObject } from "@/lib/cases/import-request";
import { refuseIfImportRunning } from "@/lib/cases/import-slot";
import { errorResponse, withErrorHandling } from "@/lib/http/error-response";
import { readMultipartUpload } from "@/lib/http/read-upload";

/**
 * POST /api/import (multipart: patients, her2_tests, treatment_lines, mode, dryRun).
 * Whole-file problems answer at once: 401/403, 429 (another import is running on this server),
 * 413 (too large), 400 (form, columns, encoding).
 * With `Accept: application/x-ndjson` the rows are then validated (and committed) while
 * progress lines stream; the last line is {"type":"result","status":…} with the report or the
 * error. Without it, one JSON answer: 200 with the report, 400 with the report when rows are
 * invalid (nothing imported), 409 when a case changed meanwhile.
 */
export const POST = withErrorHandling(async (request: Request) => {
  const user = await requireRole("COORDINATOR", "ADMIN");
  // One import per server at a time (429 with Retry-After), told before the upload is read.
  refuseIfImportRunning();
  const form = ImportRequestSchema.parse(formDataObject(await readMultipartUpload(request, MAX_IMPORT_BYTES)));
  const bytes = async (file: File | undefined) => (file ? new Uint8Array(await file.arrayBuffer()) : null);
  const prepared = await prepareImport(user, {
    patients: new Uint8Array(await form.patients.arrayBuffer()),
    her2_tests: await bytes(form.her2_tests),
    treatment_lines: await bytes(form.treatment_lines),
  });
  const options = { mode: form.mode, dryRun: form.dryRun };

  if (!(request.headers.get("accept") ?? "").includes("application/x-ndjson")) {
    return Response.json(await prepared.run(options), { headers: { "Cache-Control": "no-store" } });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const report = await prepared.run({ ...options, onProgress: (progress) => send({ type: "progress", ...progress }) });
        send({ type: "result", status: 200, report });
      } catch (error) {
        const response = errorResponse(error);
        send({ type: "result", status: response.status, ...((await response.json()) as object) });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
});
