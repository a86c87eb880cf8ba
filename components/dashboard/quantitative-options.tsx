"use client";

import { useState, type FormEvent } from "react";
import { MEASURES, QUANTITATIVE_MEASURES, type QuantitativeMeasure } from "@/lib/analytics/quantitative-measures";
import { useDashboardFilters } from "./use-dashboard-filters";

/**
 * The quantitative measure and the cut-off checked against IHC 0 vs ≥1+, kept in the URL with the
 * filters. An empty cut-off means Youden's (the ROC curve's best sensitivity + specificity − 1).
 */
export function QuantitativeOptions() {
  const { filters, update } = useDashboardFilters();
  const [cut, setCut] = useState(filters.cut === undefined ? "" : String(filters.cut));
  const [syncedCut, setSyncedCut] = useState(filters.cut);
  // The URL changed (back button, another measure): show its cut-off.
  if (syncedCut !== filters.cut) {
    setSyncedCut(filters.cut);
    setCut(filters.cut === undefined ? "" : String(filters.cut));
  }
  const definition = MEASURES[filters.measure];
  const entered = cut.trim() === "" ? undefined : Number(cut);
  const invalid = entered !== undefined && (!Number.isFinite(entered) || entered < definition.minimum || entered > definition.maximum);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) update({ cut: entered });
  };
  const selectClass = "mt-1 block max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const labelClass = "block text-xs font-medium text-slate-700";
  return (
    <form onSubmit={apply} aria-label="Quantitative HER2 options" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="quantitative-options">
      <div className="min-w-0">
        <label htmlFor="quantitative-measure" className={labelClass}>
          Quantitative measure
        </label>
        <select
          id="quantitative-measure"
          className={selectClass}
          value={filters.measure}
          onChange={(event) => update({ measure: event.target.value as QuantitativeMeasure, cut: undefined })}
        >
          {QUANTITATIVE_MEASURES.map((measure) => (
            <option key={measure} value={measure}>
              {MEASURES[measure].label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="quantitative-cut" className={labelClass}>
          Cut-off ({definition.minimum} to {definition.maximum}; empty: Youden&apos;s)
        </label>
        <input
          id="quantitative-cut"
          inputMode="decimal"
          className="mt-1 block w-32 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          value={cut}
          onChange={(event) => setCut(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "quantitative-cut-error" : undefined}
        />
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100" disabled={invalid}>
        Apply cut-off
      </button>
      {invalid ? (
        <p id="quantitative-cut-error" role="alert" className="w-full text-sm text-red-800">
          The cut-off must be a number from {definition.minimum} to {definition.maximum}.
        </p>
      ) : null}
    </form>
  );
}
