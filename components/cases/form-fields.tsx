"use client";

import type { ReactNode } from "react";

// Inputs of the case form: a visible label, the error next to the field (aria-describedby,
// aria-invalid), and a hint. Ids derive from the field's path so messages can link to them.

export function fieldId(path: string): string {
  return `field-${path.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm disabled:bg-slate-100 disabled:text-slate-700 aria-[invalid=true]:border-red-600";

type BaseProps = {
  path: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  onBlur?: (path: string) => void;
  className?: string;
};

function Described({ path, error, hint }: { path: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <p id={`${fieldId(path)}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${fieldId(path)}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </>
  );
}

function describedBy(path: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${fieldId(path)}-hint` : null, error ? `${fieldId(path)}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Label({ path, label, required }: { path: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={fieldId(path)} className="block text-sm font-medium text-slate-800">
      {label}
      {required ? <span className="text-red-700"> *</span> : null}
    </label>
  );
}

export function TextField(props: BaseProps & { value: string; onChange: (value: string) => void; inputMode?: "numeric" | "decimal" | "text"; type?: "text" | "date" }) {
  const { path, label, error, hint, required, disabled, onBlur, value, onChange, inputMode, type, className } = props;
  return (
    <div className={className}>
      <Label path={path} label={label} required={required} />
      <input
        id={fieldId(path)}
        type={type ?? "text"}
        inputMode={inputMode}
        value={value}
        disabled={disabled}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, error, hint)}
        aria-required={required || undefined}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => onBlur?.(path)}
        className={inputClass}
      />
      <Described path={path} error={error} hint={hint} />
    </div>
  );
}

export function SelectField(
  props: BaseProps & { value: string; onChange: (value: string) => void; options: readonly { value: string; label: string }[]; emptyLabel?: string },
) {
  const { path, label, error, hint, required, disabled, onBlur, value, onChange, options, emptyLabel, className } = props;
  return (
    <div className={className}>
      <Label path={path} label={label} required={required} />
      <select
        id={fieldId(path)}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, error, hint)}
        aria-required={required || undefined}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => onBlur?.(path)}
        className={inputClass}
      >
        <option value="">{emptyLabel ?? (required ? "Choose…" : "Not recorded")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Described path={path} error={error} hint={hint} />
    </div>
  );
}

export function MultiSelectField(
  props: BaseProps & { value: string[]; onChange: (value: string[]) => void; options: readonly { value: string; label: string }[] },
) {
  const { path, label, error, hint, disabled, onBlur, value, onChange, options, className } = props;
  return (
    <div className={className}>
      <Label path={path} label={label} />
      <select
        id={fieldId(path)}
        multiple
        size={5}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, error, hint)}
        onChange={(event) => onChange(Array.from(event.target.selectedOptions, (option) => option.value))}
        onBlur={() => onBlur?.(path)}
        className={inputClass}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Described path={path} error={error} hint={hint} />
    </div>
  );
}

export function optionsOf(labels: Readonly<Record<string, string>>): { value: string; label: string }[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}
