"use client";

/** A small group of mutually exclusive buttons (aria-pressed), e.g. "Counts | 100 %". */
export function SegmentedToggle<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className={`px-2.5 py-1 font-medium ${option.value === value ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
