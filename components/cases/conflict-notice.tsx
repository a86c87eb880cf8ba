"use client";

import { useState } from "react";
import { labelOfField } from "@/lib/cases/field-labels";
import { resolveField, type RowMerge } from "@/lib/cases/merge-conflicts";
import { readableValue } from "@/lib/cases/readable-values";

export type MergeChoices = Record<string, "yours" | "theirs">;

/** The key of one field of one row in `MergeChoices`. */
export function choiceKey(merge: Pick<RowMerge, "entity" | "id">, field: string): string {
  return `${merge.entity}:${merge.id}:${field}`;
}

function rowName(merge: RowMerge, studyId: string, index: number): string {
  switch (merge.entity) {
    case "PATIENT":
      return `Case ${studyId}`;
    case "HER2_TEST":
      return `A HER2 test of ${studyId} (${index + 1})`;
    case "TREATMENT_LINE":
      return `A treatment line of ${studyId} (${index + 1})`;
  }
}

/**
 * What changed since the form was opened (a 409), as a three-way merge (issue 16 §7): per field,
 * theirs (saved since) and yours; a field only one side changed keeps that side's value, and the
 * user picks where both changed. Applying it keeps every other edit and moves the form to the
 * current versions, so the next save goes through.
 */
export function ConflictNotice({
  merges,
  studyId,
  onApply,
  onReload,
}: {
  merges: RowMerge[];
  studyId: string;
  onApply: (choices: MergeChoices) => void;
  onReload: () => void;
}) {
  const [choices, setChoices] = useState<MergeChoices>({});
  const patientDeleted = merges.some((merge) => merge.entity === "PATIENT" && merge.kind === "deleted");
  const conflicting = merges.reduce((count, merge) => count + merge.fields.filter((field) => field.kind === "conflict").length, 0);
  return (
    <section role="alert" aria-labelledby="conflict-title" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="conflict-title" className="text-base font-semibold">
        Someone else changed case {studyId} since you opened it. Nothing was saved yet.
      </h2>
      <p className="mt-1">
        {conflicting === 0
          ? "None of your edits clash with theirs: apply the merge to keep both, then save."
          : `You and they changed ${conflicting === 1 ? "the same field" : `the same ${conflicting} fields`}: choose which value to keep, then apply and save.`}
      </p>
      <ul className="mt-3 space-y-3">
        {merges.map((merge, index) => (
          <li key={`${merge.entity}-${merge.id}`}>
            <p className="font-medium">
              {rowName(merge, studyId, index)}:{" "}
              {merge.kind === "deleted" ? "deleted since you opened the case" : `now at version ${merge.currentVersion ?? "?"} (you opened version ${merge.yourVersion})`}
              {merge.changedBy ? ` — last changed by ${merge.changedBy}${merge.changedAt ? ` at ${merge.changedAt.slice(0, 16).replace("T", " ")} UTC` : ""}` : ""}
            </p>
            {merge.fields.length > 0 ? (
              <div className="overflow-x-auto">
                <table className="mt-1 w-full text-left">
                  <caption className="sr-only">Fields of {rowName(merge, studyId, index)} changed on both sides or on theirs</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="pr-4 font-medium">Field</th>
                      <th scope="col" className="pr-4 font-medium">Theirs (saved)</th>
                      <th scope="col" className="pr-4 font-medium">Yours</th>
                      <th scope="col" className="font-medium">Kept</th>
                    </tr>
                  </thead>
                  <tbody>
                    {merge.fields.map((field) => {
                      const key = choiceKey(merge, field.field);
                      const kept = resolveField(field, choices[key]);
                      return (
                        <tr key={field.field} className="align-top">
                          <th scope="row" className="pr-4 font-normal">{labelOfField(field.field)}</th>
                          <td className="pr-4">{readableValue(field.field, field.theirs)}</td>
                          <td className="pr-4">{readableValue(field.field, field.yours)}</td>
                          <td>
                            {field.kind === "conflict" ? (
                              <fieldset className="flex flex-wrap gap-x-3">
                                <legend className="sr-only">Keep which {labelOfField(field.field)}</legend>
                                {(["theirs", "yours"] as const).map((side) => (
                                  <label key={side} className="inline-flex items-center gap-1">
                                    <input type="radio" name={key} checked={kept === side} onChange={() => setChoices((previous) => ({ ...previous, [key]: side }))} />
                                    {side === "theirs" ? "theirs" : "yours"}
                                  </label>
                                ))}
                              </fieldset>
                            ) : field.kind === "theirs" ? (
                              "theirs (you did not change it)"
                            ) : (
                              "yours (they did not change it)"
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        {patientDeleted ? null : (
          <button type="button" onClick={() => onApply(choices)} className="rounded-md bg-amber-800 px-3 py-1.5 font-medium text-white hover:bg-amber-900">
            Apply the merge (keeps your other edits)
          </button>
        )}
        <button type="button" onClick={onReload} className="rounded-md border border-amber-800 px-3 py-1.5 font-medium text-amber-900 hover:bg-amber-100">
          Load the current version (discards your edits)
        </button>
      </div>
    </section>
  );
}
