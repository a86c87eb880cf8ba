"use client";

import type { ImportProgress, ImportReport } from "@/lib/cases/import-cases";

export type ImportOutcome =
  | { kind: "report"; report: ImportReport }
  | { kind: "refused"; status: number; message: string; report: ImportReport | null; fields: { path: string; message: string }[] };

export type UploadProgress = { phase: ImportProgress["phase"] | "uploading"; done: number; total: number };

/**
 * Sends an import form to /api/import and reads its streamed progress (NDJSON) to the end.
 * XMLHttpRequest rather than fetch: it reports upload progress, and its responseText grows as
 * the server streams. Shared by the CSV import and the REDCap import.
 */
export function postImport(form: FormData, totalBytes: number, onProgress: (progress: UploadProgress) => void): Promise<ImportOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let consumed = 0;
    let result: ImportOutcome | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      let newline = text.indexOf("\n", consumed);
      while (newline !== -1) {
        const line = text.slice(consumed, newline);
        consumed = newline + 1;
        newline = text.indexOf("\n", consumed);
        if (!line.trim()) continue;
        const message = JSON.parse(line) as { type: string } & Record<string, unknown>;
        if (message.type === "progress") onProgress(message as unknown as ImportProgress);
        if (message.type === "result") result = toImportOutcome(Number(message.status), message);
      }
    };
    onProgress({ phase: "uploading", done: 0, total: totalBytes });
    xhr.upload.onprogress = (event) => onProgress({ phase: "uploading", done: event.loaded, total: event.total || totalBytes });
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.getResponseHeader("content-type")?.includes("application/x-ndjson")) {
        readLines();
      } else {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          body = { error: { message: `The server answered ${xhr.status}` } };
        }
        result = toImportOutcome(xhr.status, body);
      }
      resolve(result ?? { kind: "refused", status: xhr.status, message: "The import stopped without a result. Try again.", report: null, fields: [] });
    };
    xhr.onerror = () => resolve({ kind: "refused", status: 0, message: "The upload failed: check the connection and try again.", report: null, fields: [] });
    xhr.open("POST", "/api/import");
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.send(form);
  });
}

export function toImportOutcome(status: number, body: Record<string, unknown>): ImportOutcome {
  if (status === 200 && body.report) return { kind: "report", report: body.report as ImportReport };
  if (status === 200 && "committed" in body) return { kind: "report", report: body as unknown as ImportReport };
  const error = (body.error ?? {}) as { message?: string; details?: unknown; fields?: { path: string; message: string }[] };
  const details = error.details as ImportReport | undefined;
  return {
    kind: "refused",
    status,
    message: error.message ?? `The server answered ${status}`,
    report: details && typeof details === "object" && "errors" in details ? details : null,
    fields: error.fields ?? [],
  };
}
