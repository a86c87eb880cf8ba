/**
 * Early disease (issue 14 §1): the derived pathological complete response and the stored
 * recurrence events of a case. Pure: every write path (form, API, CSV import, demo) stores what
 * these return, so the columns cannot disagree with what was entered.
 */
import type { NCategory, RecurrenceKind, TCategory } from "../generated/prisma/enums";

/**
 * pCR as ypT0/Tis ypN0 (FDA 2014 guidance; the definition of Cortazar 2014 and Denkert 2021):
 * no invasive tumour left in the breast (in situ disease allowed) and none in the nodes. Unknown
 * (null) unless both categories are known; TX or NX cannot be assessed.
 */
export function derivePathologicCompleteResponse(ypT: TCategory | null | undefined, ypN: NCategory | null | undefined): boolean | null {
  if (!ypT || !ypN || ypT === "TX" || ypN === "NX") return null;
  return (ypT === "T0" || ypT === "TIS") && ypN === "N0";
}

export type RecurrenceValues = { kind: RecurrenceKind; day: number };

/** The kinds a person enters; DISTANT follows from the day of metastasis. */
export const ENTERED_RECURRENCE_KINDS = ["LOCAL", "REGIONAL", "CONTRALATERAL_INVASIVE", "SECOND_PRIMARY_INVASIVE"] as const satisfies readonly RecurrenceKind[];

/** Recurrence events in one order (day, then kind), so that two lists compare by value. */
export function sortRecurrences<R extends RecurrenceValues>(events: readonly R[]): R[] {
  return [...events].sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind));
}

/**
 * The event rows stored for a patient: the entered events, and the distant recurrence on the day
 * of metastasis of a recurrent metastatic patient (the existing field stays the one place it is
 * entered, so the two can never disagree).
 */
export function deriveRecurrenceRows(
  patient: { diseaseSetting: string; daysToMetastasis: number | null },
  entered: readonly RecurrenceValues[],
): RecurrenceValues[] {
  const rows = entered.filter((event) => event.kind !== "DISTANT").map((event) => ({ kind: event.kind, day: event.day }));
  if (patient.diseaseSetting === "RECURRENT_METASTATIC" && patient.daysToMetastasis !== null && patient.daysToMetastasis > 0) {
    rows.push({ kind: "DISTANT", day: patient.daysToMetastasis });
  }
  return sortRecurrences(rows);
}

/** The entered events of stored rows (DISTANT left out), sorted. */
export function enteredRecurrences(rows: readonly RecurrenceValues[]): RecurrenceValues[] {
  return sortRecurrences(rows.filter((event) => event.kind !== "DISTANT").map((event) => ({ kind: event.kind, day: event.day })));
}

/** How the audit trail shows a list of events: "LOCAL day 400; CONTRALATERAL_INVASIVE day 812", null when none. */
export function describeRecurrences(events: readonly RecurrenceValues[]): string | null {
  if (events.length === 0) return null;
  return sortRecurrences(events)
    .map((event) => `${event.kind} day ${event.day}`)
    .join("; ");
}
