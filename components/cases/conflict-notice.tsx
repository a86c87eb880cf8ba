"use client";

import type { RowConflict } from "@/lib/cases/row-conflicts";
import { formatFieldValue, labelOfField } from "@/lib/cases/field-labels";

const ENTITY_LABELS: Readonly<Record<RowConflict["entity"], string>> = {
  PATIENT: "Patient",
  HER2_TEST: "HER2 test",
  TREATMENT_LINE: "Treatment line",
};

/** What changed since the form was opened (a 409): the user's value beside the current one. */
export function ConflictNotice({ conflicts, onReload }: { conflicts: RowConflict[]; onReload: () => void }) {
  return (
    <section role="alert" aria-labelledby="conflict-title" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="conflict-title" className="text-base font-semibold">
        Someone else changed this case since you opened it. Nothing was saved.
      </h2>
      <ul className="mt-3 space-y-3">
        {conflicts.map((conflict) => (
          <li key={`${conflict.entity}-${conflict.id}`}>
            <p className="font-medium">
              {ENTITY_LABELS[conflict.entity]} #{conflict.id}:{" "}
              {conflict.kind === "deleted" ? "deleted since you opened the case" : `now at version ${conflict.currentVersion ?? "?"} (you opened version ${conflict.yourVersion})`}
              {conflict.changedBy ? ` — last changed by ${conflict.changedBy}${conflict.changedAt ? ` at ${conflict.changedAt.slice(0, 16).replace("T", " ")} UTC` : ""}` : ""}
            </p>
            {conflict.fields.length > 0 ? (
              <table className="mt-1 min-w-80 text-left">
                <thead>
                  <tr>
                    <th scope="col" className="pr-4 font-medium">Field</th>
                    <th scope="col" className="pr-4 font-medium">Your value</th>
                    <th scope="col" className="font-medium">Current value</th>
                  </tr>
                </thead>
                <tbody>
                  {conflict.fields.map((field) => (
                    <tr key={field.field}>
                      <td className="pr-4">{labelOfField(field.field)}</td>
                      <td className="pr-4">{formatFieldValue(field.yourValue)}</td>
                      <td>{formatFieldValue(field.currentValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="mt-3">Load the current version, then make your change again.</p>
      <button type="button" onClick={onReload} className="mt-2 rounded-md bg-amber-800 px-3 py-1.5 font-medium text-white hover:bg-amber-900">
        Load the current version (discards your edits)
      </button>
    </section>
  );
}
