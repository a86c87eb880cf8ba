"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { FormError, SubmitButton, SuccessMessage } from "./form-fields";
import { useFormAction, type FormAction } from "./use-form-action";

/**
 * A consequential one-click action (deactivate, reset a password) behind a second, explicit
 * confirmation. `fields` are sent with the form; `renderResult` shows what the action returned.
 */
export function ConfirmActionForm<T>({
  action,
  fields = {},
  label,
  confirmLabel,
  pendingLabel,
  warning,
  tone = "danger",
  successMessage,
  renderResult,
}: {
  action: FormAction<T>;
  fields?: Record<string, string>;
  label: string;
  confirmLabel: string;
  pendingLabel: string;
  warning: ReactNode;
  tone?: "primary" | "danger";
  successMessage?: string | ((data: T) => string);
  renderResult?: (data: T) => ReactNode;
}) {
  const { state, pending, onSubmit, formRef } = useFormAction(action);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.querySelector<HTMLButtonElement>("button[type=submit]")?.focus();
  }, [confirming]);

  // A completed action closes the confirmation.
  const [handled, setHandled] = useState(state);
  if (state !== handled) {
    setHandled(state);
    if (state?.ok) setConfirming(false);
  }

  return (
    <div className="space-y-3">
      {state?.ok && successMessage ? (
        <SuccessMessage>{typeof successMessage === "function" ? successMessage(state.data) : successMessage}</SuccessMessage>
      ) : null}
      {state?.ok && renderResult ? renderResult(state.data) : null}
      {confirming ? (
        <form ref={formRef} onSubmit={onSubmit} className="space-y-3">
          <FormError state={state} fieldPaths={[]} />
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div ref={confirmRef} className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">
            <p>{warning}</p>
            <div className="mt-3 flex flex-wrap gap-2">
              <SubmitButton pending={pending} pendingLabel={pendingLabel} tone={tone}>
                {confirmLabel}
              </SubmitButton>
              <button
                type="button"
                onClick={() => {
                  setConfirming(false);
                  openRef.current?.focus();
                }}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-100"
              >
                Cancel
              </button>
            </div>
          </div>
        </form>
      ) : (
        <button
          ref={openRef}
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          {label}
        </button>
      )}
    </div>
  );
}
