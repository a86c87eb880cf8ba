"use client";

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import type { ActionResult } from "@/lib/http/action-result";

const INPUT_CLASS =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:bg-slate-100 disabled:text-slate-500";

type FieldShell = { name: string; label: string; error?: string | undefined; hint?: ReactNode };

function describedBy(name: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldFooter({ name, hint, error }: { name: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({ name, label, error, hint, ...input }: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={INPUT_CLASS}
        {...input}
      />
      <FieldFooter name={name} hint={hint} error={error} />
    </div>
  );
}

export type SelectOption = { value: string; label: string };

export function SelectField({
  name,
  label,
  error,
  hint,
  options,
  ...select
}: FieldShell & { options: readonly SelectOption[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={INPUT_CLASS}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldFooter name={name} hint={hint} error={error} />
    </div>
  );
}

/** The refusal of a whole form (or a summary when fields are in error), announced to screen readers. */
export function FormError<T>({ state, fieldPaths }: { state: ActionResult<T> | null; fieldPaths: readonly string[] }) {
  if (!state || state.ok) return null;
  const shownAtFields = state.error.fields.filter((field) => fieldPaths.includes(field.path));
  const message = shownAtFields.length > 0 ? "Please correct the fields marked below." : state.error.message;
  const others = state.error.fields.filter((field) => !fieldPaths.includes(field.path) && field.message !== message);
  return (
    <div role="alert" tabIndex={-1} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      <p>{message}</p>
      {others.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {others.map((field) => (
            <li key={`${field.path}:${field.message}`}>{field.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SubmitButton({ pending, children, pendingLabel, tone = "primary" }: { pending: boolean; children: ReactNode; pendingLabel: string; tone?: "primary" | "danger" }) {
  const colours = tone === "danger" ? "bg-red-700 hover:bg-red-800" : "bg-slate-900 hover:bg-slate-800";
  return (
    <button type="submit" disabled={pending} className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-60 ${colours}`}>
      {pending ? pendingLabel : children}
    </button>
  );
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </p>
  );
}
