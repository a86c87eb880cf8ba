"use client";

import { CopyButton } from "./copy-button";

/** A new password, shown to the administrator once: it is not stored anywhere it can be read again. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4" data-testid="one-time-password">
      <p className="text-sm text-amber-900 [overflow-wrap:anywhere]">
        One-time password for <strong>{email}</strong>. Give it to them by a secure route; it will not be shown again.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <code className="rounded bg-white px-3 py-1.5 font-mono text-base tracking-wide text-slate-900 select-all" aria-label="One-time password">
          {password}
        </code>
        <CopyButton text={password} label="Copy password" />
      </div>
    </div>
  );
}
