"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so; when the browser refuses, asks for a manual copy. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100">
        {label}
      </button>
      <span role="status" className="text-xs text-slate-600">
        {status === "copied" ? "Copied" : status === "failed" ? "Copying was blocked: select the text and copy it" : ""}
      </span>
    </span>
  );
}
