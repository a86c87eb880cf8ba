"use client";

import { useEffect, useId, useRef, type KeyboardEvent } from "react";

/**
 * A compact multiple choice: a disclosure button listing checkboxes. Nothing ticked means no
 * restriction ("All").
 */
export function MultiSelect<T extends string>({
  label,
  options,
  selected,
  onChange,
  disabled = false,
  testId,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  selected: readonly T[];
  onChange: (values: T[]) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  // Like a menu: a click elsewhere closes it (several boxes can be ticked while it is open).
  useEffect(() => {
    const closeOnOutsideClick = (event: PointerEvent) => {
      const details = detailsRef.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
  }, []);
  const closeOnEscape = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const details = detailsRef.current;
    if (event.key === "Escape" && details?.open) {
      details.open = false;
      details.querySelector("summary")?.focus();
    }
  };
  const summary =
    selected.length === 0
      ? "All"
      : selected.length <= 2
        ? options.filter((option) => selected.includes(option.value)).map((option) => option.label).join(", ")
        : `${selected.length} selected`;
  const toggle = (value: T, checked: boolean) => {
    const next = checked ? [...selected, value] : selected.filter((item) => item !== value);
    onChange(options.map((option) => option.value).filter((option) => next.includes(option)));
  };
  return (
    <details ref={detailsRef} className="group relative" data-testid={testId} onKeyDown={closeOnEscape}>
      <summary
        aria-disabled={disabled || undefined}
        className={`flex cursor-pointer list-none items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm ${
          disabled ? "pointer-events-none opacity-60" : "hover:bg-slate-50"
        }`}
      >
        <span className="font-medium text-slate-700">{label}:</span>
        <span className="max-w-40 truncate text-slate-900">{summary}</span>
        <span aria-hidden="true" className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <fieldset className="absolute z-20 mt-1 min-w-52 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <legend className="sr-only">{label}</legend>
        {options.map((option) => {
          const inputId = `${id}-${option.value}`;
          return (
            <div key={option.value} className="flex items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-50">
              <input
                id={inputId}
                type="checkbox"
                checked={selected.includes(option.value)}
                disabled={disabled}
                onChange={(event) => toggle(option.value, event.target.checked)}
                className="h-4 w-4"
              />
              <label htmlFor={inputId} className="text-sm text-slate-800">
                {option.label}
              </label>
            </div>
          );
        })}
        {selected.length > 0 ? (
          <button type="button" onClick={() => onChange([])} className="mt-1 w-full rounded px-1.5 py-1 text-left text-xs font-medium text-sky-800 hover:bg-slate-50">
            Clear ({label.toLowerCase()}: all)
          </button>
        ) : null}
      </fieldset>
    </details>
  );
}
