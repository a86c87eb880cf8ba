"use client";

import { useEffect, useRef, useState } from "react";

/** How long the year stays unapplied after a change, so arrowing through years loads once. */
const COMMIT_DELAY_MS = 600;

/**
 * A diagnosis-year select that applies its value once the user settles (issue 16 §14): arrowing
 * through the years no longer reloads the data and adds a history entry on every key; the choice
 * is applied 0.6 s after the last change, or at once when the select loses focus.
 */
export function YearSelect({
  id,
  value,
  years,
  anyLabel,
  prefix,
  onCommit,
  className,
}: {
  id: string;
  value: number | undefined;
  years: number[];
  anyLabel: string;
  prefix: string;
  onCommit: (year: number | undefined) => void;
  className: string;
}) {
  const [pending, setPending] = useState<number | undefined | null>(null);
  const timer = useRef<number | null>(null);
  const latestCommit = useRef(onCommit);
  useEffect(() => {
    latestCommit.current = onCommit;
  });
  useEffect(() => () => (timer.current === null ? undefined : window.clearTimeout(timer.current)), []);

  const commit = (year: number | undefined) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    setPending(null);
    if (year !== value) latestCommit.current(year);
  };

  const shown = pending === null ? value : pending;
  return (
    <select
      id={id}
      className={className}
      value={shown ?? ""}
      onChange={(event) => {
        const year = event.target.value === "" ? undefined : Number(event.target.value);
        setPending(year);
        if (timer.current !== null) window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => commit(year), COMMIT_DELAY_MS);
      }}
      onBlur={() => {
        if (pending !== null) commit(pending);
      }}
    >
      <option value="">{anyLabel}</option>
      {years.map((year) => (
        <option key={year} value={year}>
          {prefix} {year}
        </option>
      ))}
    </select>
  );
}
