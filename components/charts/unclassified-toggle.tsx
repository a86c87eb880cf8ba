"use client";

import { useId, useState, type ReactNode } from "react";

/**
 * Unclassified patients (no evaluable HER2 test) are a handful: as a series they make 100 % spikes
 * that squash the real cohorts and a flat survival curve (issue 16 §11). Charts leave them out
 * by default and offer this switch; data tables, exports and counts keep them whatever it says.
 * Returns whether to draw them and the switch (null when the chart has no unclassified series).
 */
export function useUnclassifiedToggle(present: boolean): [boolean, ReactNode] {
  const [show, setShow] = useState(false);
  const id = useId();
  if (!present) return [false, null];
  const control = (
    <label htmlFor={id} className="inline-flex items-center gap-2 text-xs text-slate-700">
      <input id={id} type="checkbox" className="size-4" checked={show} onChange={(event) => setShow(event.target.checked)} data-testid="show-unclassified" />
      Show Unclassified in the chart (always in the data table)
    </label>
  );
  return [show, control];
}
