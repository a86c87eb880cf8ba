"use client";

import { useRef, useState } from "react";
import { AppLink } from "@/components/app-link";
import type { ImportProgress, ImportReport } from "@/lib/cases/import-cases";
import type { ImportError } from "@/lib/cases/import-rows";
import { toCsvLine } from "@/lib/cases/csv-write";
import { postImport, type ImportOutcome } from "./post-import";
import { ScrollRegion } from "@/components/scroll-region";
import { formatCountOf } from "@/lib/analytics/format";

type Files = { patients: File | null; her2_tests: File | null; treatment_lines: File | null; recurrence_events: File | null };
type Outcome = ImportOutcome;

export const PHASE_LABELS: Readonly<Record<ImportProgress["phase"] | "uploading", string>> = {
  uploading: "Uploading",
  validating: "Checking every row",
  checking: "Checking study IDs, sites and versions",
  writing: "Writing to the database",
};

const SHOWN_ERRORS = 500;

/** Upload → dry run (every error by file, row and column) → commit (postImport streams the progress). */
export function ImportPanel({ maxMegabytes }: { maxMegabytes: number }) {
  const [files, setFiles] = useState<Files>({ patients: null, her2_tests: null, treatment_lines: null, recurrence_events: null });
  const [mode, setMode] = useState<"create" | "update">("create");
  const [progress, setProgress] = useState<{ phase: keyof typeof PHASE_LABELS; done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const totalBytes = (files.patients?.size ?? 0) + (files.her2_tests?.size ?? 0) + (files.treatment_lines?.size ?? 0) + (files.recurrence_events?.size ?? 0);
  const tooLarge = totalBytes > maxMegabytes * 1_000_000;

  function choose(name: keyof Files, file: File | null) {
    setFiles((previous) => ({ ...previous, [name]: file }));
    setChecked(false);
    setOutcome(null);
  }

  async function send(dryRun: boolean) {
    if (!files.patients) return;
    const form = new FormData();
    form.set("mode", mode);
    form.set("dryRun", String(dryRun));
    form.set("patients", files.patients);
    if (files.her2_tests) form.set("her2_tests", files.her2_tests);
    if (files.treatment_lines) form.set("treatment_lines", files.treatment_lines);
    if (files.recurrence_events) form.set("recurrence_events", files.recurrence_events);
    setBusy(true);
    setOutcome(null);
    finish(await postImport(form, totalBytes, setProgress), dryRun);
  }

  function finish(next: Outcome, dryRun: boolean) {
    setBusy(false);
    setProgress(null);
    setOutcome(next);
    setChecked(dryRun && next.kind === "report" && next.report.errorCount === 0);
    requestAnimationFrame(() => resultHeading.current?.focus());
  }

  const report = outcome?.kind === "report" ? outcome.report : outcome?.report ?? null;
  const input = "mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5";

  return (
    <div className="space-y-6">
      <section aria-labelledby="files-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="files-title" className="text-base font-semibold">1. Choose the files</h2>
        <div className="mt-3 grid grid-cols-1 gap-4 md:grid-cols-3">
          <div>
            <label htmlFor="file-patients" className="block text-sm font-medium">patients.csv <span className="text-red-700">*</span></label>
            <input id="file-patients" type="file" accept=".csv,text/csv" className={input} onChange={(event) => choose("patients", event.target.files?.[0] ?? null)} />
          </div>
          <div>
            <label htmlFor="file-her2_tests" className="block text-sm font-medium">her2_tests.csv (optional)</label>
            <input id="file-her2_tests" type="file" accept=".csv,text/csv" className={input} onChange={(event) => choose("her2_tests", event.target.files?.[0] ?? null)} />
          </div>
          <div>
            <label htmlFor="file-treatment_lines" className="block text-sm font-medium">treatment_lines.csv (optional)</label>
            <input id="file-treatment_lines" type="file" accept=".csv,text/csv" className={input} onChange={(event) => choose("treatment_lines", event.target.files?.[0] ?? null)} />
          </div>
          <div>
            <label htmlFor="file-recurrence_events" className="block text-sm font-medium">recurrence_events.csv (optional)</label>
            <input id="file-recurrence_events" type="file" accept=".csv,text/csv" className={input} onChange={(event) => choose("recurrence_events", event.target.files?.[0] ?? null)} />
          </div>
        </div>
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Study IDs that already exist</legend>
          <div className="mt-1 flex flex-wrap gap-4 text-sm">
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="mode" value="create" checked={mode === "create"} onChange={() => { setMode("create"); setChecked(false); }} />
              Create new cases only (existing study IDs are reported as errors)
            </label>
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="mode" value="update" checked={mode === "update"} onChange={() => { setMode("update"); setChecked(false); }} />
              Update existing cases (needs each case&apos;s version, as in an export)
            </label>
          </div>
        </fieldset>
        {tooLarge ? (
          <p role="alert" className="mt-3 text-sm text-red-800">The files are larger than {maxMegabytes} MB together: split them and import in parts.</p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-2">
          <button type="button" disabled={!files.patients || busy || tooLarge} onClick={() => send(true)} className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-50">
            Check the files (dry run)
          </button>
          <button type="button" disabled={!checked || busy} onClick={() => send(false)} className="rounded-md bg-emerald-700 px-3 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50">
            {report && checked ? `Import ${formatCountOf(report.patientsToCreate + report.patientsToUpdate, "case")}` : "Import"}
          </button>
        </div>
        {!checked && files.patients ? <p className="mt-2 text-xs text-slate-600">Import becomes available once a dry run finds no error.</p> : null}
      </section>

      {progress ? (
        <section aria-live="polite" className="rounded-lg border border-slate-200 bg-white p-4">
          <label htmlFor="import-progress" className="text-sm font-medium">
            {PHASE_LABELS[progress.phase]}…{" "}
            {progress.total > 0 ? `${Math.round((100 * progress.done) / progress.total)} %` : ""}
          </label>
          <progress id="import-progress" className="mt-2 block h-3 w-full" max={progress.total || 1} value={progress.done} />
        </section>
      ) : null}

      {outcome ? (
        <section aria-labelledby="result-title" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="result-title" ref={resultHeading} tabIndex={-1} className="text-base font-semibold">
            {outcome.kind === "report"
              ? outcome.report.committed
                ? "Imported"
                : outcome.report.errorCount === 0
                  ? "2. Dry run: no errors, ready to import"
                  : `2. Dry run: ${outcome.report.errorCount.toLocaleString("en")} error${outcome.report.errorCount === 1 ? "" : "s"} to fix`
              : outcome.message}
          </h2>
          {report ? <ReportSummary report={report} /> : null}
          {outcome.kind === "report" && outcome.report.committed ? (
            <p className="mt-2 text-sm">
              <AppLink href="/cases?sort=updated&dir=desc" className="text-sky-800 underline">See the imported cases</AppLink>
            </p>
          ) : null}
          {outcome.kind === "refused" && !report && outcome.fields.length > 0 ? (
            <ul className="mt-2 list-disc pl-5 text-sm text-red-800">
              {outcome.fields.map((field) => (
                <li key={`${field.path}-${field.message}`}>{field.message}</li>
              ))}
            </ul>
          ) : null}
          {report && report.errors.length > 0 ? <ErrorTable errors={report.errors} total={report.errorCount} /> : null}
        </section>
      ) : null}
    </div>
  );
}

export function ReportSummary({ report }: { report: ImportReport }) {
  return (
    <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
      {Object.entries(report.rows).map(([file, rows]) => (
        <div key={file}>
          <dt className="text-slate-600">{file}</dt>
          <dd>{formatCountOf(rows, "row")}</dd>
        </div>
      ))}
      <div>
        <dt className="text-slate-600">Cases {report.committed ? "created" : "to create"}</dt>
        <dd>{report.patientsToCreate.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt className="text-slate-600">Cases {report.committed ? "updated" : "to update"}</dt>
        <dd>{report.patientsToUpdate.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt className="text-slate-600">HER2 tests / lines {report.committed ? "added" : "to add"}</dt>
        <dd>
          {report.testsToCreate.toLocaleString("en")} / {report.linesToCreate.toLocaleString("en")}
        </dd>
      </div>
      {report.existingStudyIds.length > 0 ? (
        <div className="col-span-2 md:col-span-4">
          <dt className="text-slate-600">Study IDs that already exist ({report.existingStudyIds.length})</dt>
          <dd className="break-words">{report.existingStudyIds.slice(0, 50).join(", ")}{report.existingStudyIds.length > 50 ? ", …" : ""}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function ErrorTable({ errors, total }: { errors: ImportError[]; total: number }) {
  const download = () => {
    const text = [toCsvLine(["file", "row", "column", "message"]), ...errors.map((error) => toCsvLine([error.file, error.row, error.column, error.message]))].join("");
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = "import-errors.csv";
    anchor.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="mt-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700">
          Nothing was imported. Fix {total === 1 ? "this error" : "these errors"} in your files and check them again.
          {total > errors.length ? ` The first ${errors.length.toLocaleString("en")} of ${total.toLocaleString("en")} are listed.` : ""}
        </p>
        <button type="button" onClick={download} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Download the errors (CSV)
        </button>
      </div>
      <ScrollRegion label="Import errors" className="mt-2 max-h-[32rem] rounded border border-slate-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Errors by file, row and column</caption>
          <thead className="sticky top-0 bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">File</th>
              <th scope="col" className="px-3 py-2 font-medium">Row</th>
              <th scope="col" className="px-3 py-2 font-medium">Column</th>
              <th scope="col" className="px-3 py-2 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {errors.slice(0, SHOWN_ERRORS).map((error, index) => (
              <tr key={index} data-testid="import-error">
                <td className="px-3 py-1.5">{error.file}</td>
                <td className="px-3 py-1.5 tabular-nums">{error.row ?? "—"}</td>
                <td className="px-3 py-1.5 font-mono text-xs">{error.column ?? "—"}</td>
                <td className="px-3 py-1.5">{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {errors.length > SHOWN_ERRORS ? <p className="mt-1 text-xs text-slate-600">Showing {SHOWN_ERRORS} here; the download has all {errors.length.toLocaleString("en")}.</p> : null}
    </div>
  );
}
