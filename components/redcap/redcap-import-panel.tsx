"use client";

import { useRef, useState } from "react";
import { AppLink } from "@/components/app-link";
import { saveRedcapMappingAction } from "@/app/(app)/import/redcap/actions";
import { toCsvLine } from "@/lib/cases/csv-write";
import { CSV_FILE_NAMES } from "@/lib/cases/csv-columns";
import { CATALOGUE_FILES } from "@/lib/interop/field-catalogue";
import { parseRedcapDictionary, RedcapFileError, type RedcapDictionary } from "@/lib/redcap/dictionary";
import type { RedcapMapping } from "@/lib/redcap/mapping";
import { parseRedcapRecords, type RedcapRecords } from "@/lib/redcap/records";
import type { SavedRedcapMapping } from "@/lib/redcap/saved-mappings";
import { suggestMapping } from "@/lib/redcap/suggest-mapping";
import { relabelImportErrors, translateRecords, type RedcapIssue, type TranslatedImport } from "@/lib/redcap/translate-records";
import { PHASE_LABELS, ReportSummary } from "@/components/cases/import-panel";
import { postImport, type ImportOutcome, type UploadProgress } from "@/components/cases/post-import";
import { MappingEditor } from "./mapping-editor";
import { ScrollRegion } from "@/components/scroll-region";

type Props = { saved: SavedRedcapMapping[]; siteCodes: string[]; ownSite: boolean; maxMegabytes: number };
type Loaded = { dictionary: RedcapDictionary; records: RedcapRecords };
type Choice = { id: number; version: number; name: string; editable: boolean } | null;

const SHOWN_ISSUES = 500;
const BUTTON = "rounded-md px-3 py-2 text-sm font-medium disabled:opacity-50";

/** The saved mapping made for this dictionary (the same field names), if any. */
function matchingSaved(saved: readonly SavedRedcapMapping[], dictionary: RedcapDictionary): SavedRedcapMapping | null {
  const names = new Set(dictionary.fields.map((field) => field.name));
  const scored = saved.map((item) => ({ item, shared: item.fieldNames.filter((name) => names.has(name)).length / Math.max(names.size, item.fieldNames.length, 1) }));
  const best = scored.sort((a, b) => b.shared - a.shared)[0];
  return best && best.shared >= 0.9 ? best.item : null;
}

/**
 * REDCap import: the data dictionary and records export are read here in the browser, mapped to
 * the app's fields (suggested, editable, saved per study), and turned into the app's three
 * import files with every date as days since diagnosis; only those files are uploaded, through
 * the same dry run and all-or-nothing commit as a CSV import.
 */
export function RedcapImportPanel({ saved: initialSaved, siteCodes, ownSite, maxMegabytes }: Props) {
  const [files, setFiles] = useState<{ dictionary: File | null; records: File | null }>({ dictionary: null, records: null });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [saved, setSaved] = useState(initialSaved);
  const [mapping, setMapping] = useState<RedcapMapping | null>(null);
  const [choice, setChoice] = useState<Choice>(null);
  const [name, setName] = useState("");
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [issues, setIssues] = useState<RedcapIssue[] | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [translated, setTranslated] = useState<TranslatedImport | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const resetResult = () => {
    setIssues(null);
    setOutcome(null);
    setChecked(false);
    setTranslated(null);
  };

  async function read(next: { dictionary: File | null; records: File | null }) {
    setFiles(next);
    setLoaded(null);
    setMapping(null);
    setFileError(null);
    resetResult();
    if (!next.dictionary || !next.records) return;
    if (next.dictionary.size + next.records.size > maxMegabytes * 1_000_000 * 2) {
      setFileError(`The files are larger than ${maxMegabytes * 2} MB together: export the records in parts.`);
      return;
    }
    try {
      const dictionary = parseRedcapDictionary(await next.dictionary.text());
      const records = parseRedcapRecords(await next.records.text(), dictionary);
      setLoaded({ dictionary, records });
      const match = matchingSaved(saved, dictionary);
      if (match) {
        setMapping(match.mapping);
        setChoice({ id: match.id, version: match.version, name: match.name, editable: match.editable });
        setName(match.name);
      } else {
        setMapping(suggestMapping(dictionary, records, { siteCodes, ownSite }));
        setChoice(null);
        setName("");
      }
    } catch (error) {
      setFileError(error instanceof RedcapFileError ? error.message : "The files could not be read as CSV text.");
    }
  }

  function chooseMapping(value: string) {
    if (!loaded) return;
    resetResult();
    setSaveMessage(null);
    const item = saved.find((entry) => String(entry.id) === value);
    if (item) {
      setMapping(item.mapping);
      setChoice({ id: item.id, version: item.version, name: item.name, editable: item.editable });
      setName(item.name);
    } else {
      setMapping(suggestMapping(loaded.dictionary, loaded.records, { siteCodes, ownSite }));
      setChoice(null);
      setName("");
    }
  }

  async function save() {
    if (!loaded || !mapping) return;
    setSaveMessage(null);
    const replace = choice?.editable && choice.name === name.trim() ? { id: choice.id, expectedVersion: choice.version } : {};
    const result = await saveRedcapMappingAction({ ...replace, name, fieldNames: loaded.dictionary.fields.map((field) => field.name), mapping });
    if (!result.ok) {
      setSaveMessage({ ok: false, text: result.error.fields[0]?.message && result.error.code === "VALIDATION" ? `${result.error.message}: ${result.error.fields.map((field) => field.message).join("; ")}` : result.error.message });
      return;
    }
    const entry: SavedRedcapMapping = { id: result.data.id, version: result.data.version, name: name.trim(), siteCode: null, editable: true, fieldNames: loaded.dictionary.fields.map((field) => field.name), mapping, updatedAt: new Date().toISOString() };
    setSaved((previous) => [...previous.filter((item) => item.id !== entry.id), entry].sort((a, b) => a.name.localeCompare(b.name)));
    setChoice({ id: entry.id, version: entry.version, name: entry.name, editable: true });
    setSaveMessage({ ok: true, text: `Saved as "${entry.name}": the next import of this project will use it.` });
  }

  async function send(dryRun: boolean) {
    if (!loaded || !mapping) return;
    setBusy(true);
    setOutcome(null);
    setIssues(null);
    const result = dryRun || !translated ? translateRecords(loaded.dictionary, loaded.records, mapping) : translated;
    setTranslated(result);
    if (result.issues.length > 0) {
      setIssues(result.issues);
      setBusy(false);
      setChecked(false);
      requestAnimationFrame(() => resultHeading.current?.focus());
      return;
    }
    const form = new FormData();
    form.set("mode", "create");
    form.set("dryRun", String(dryRun));
    for (const file of CATALOGUE_FILES) form.set(file, new Blob([result.csv[file]], { type: "text/csv" }), CSV_FILE_NAMES[file]);
    const size = CATALOGUE_FILES.reduce((sum, file) => sum + result.csv[file].length, 0);
    const next = await postImport(form, size, setProgress);
    const report = next.kind === "report" ? next.report : next.report;
    setIssues(report && report.errors.length > 0 ? relabelImportErrors(report.errors, result, mapping, loaded.dictionary.recordIdField) : []);
    setOutcome(next);
    setProgress(null);
    setBusy(false);
    setChecked(dryRun && next.kind === "report" && next.report.errorCount === 0);
    requestAnimationFrame(() => resultHeading.current?.focus());
  }

  const report = outcome?.kind === "report" ? outcome.report : (outcome?.report ?? null);
  const input = "mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5";

  return (
    <div className="space-y-6">
      <section aria-labelledby="redcap-files-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="redcap-files-title" className="text-base font-semibold">1. The REDCap project</h2>
        <p className="mt-1 text-sm text-slate-700">
          The data dictionary (Project setup → Data dictionary → Download) and a records export (Data exports → CSV, raw data, all instruments).
          Both files are read on this computer; the records and their dates are never uploaded.
        </p>
        <div className="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2">
          <div>
            <label htmlFor="redcap-dictionary" className="block text-sm font-medium">Data dictionary (CSV)</label>
            <input id="redcap-dictionary" type="file" accept=".csv,text/csv" className={input} onChange={(event) => void read({ ...files, dictionary: event.target.files?.[0] ?? null })} />
          </div>
          <div>
            <label htmlFor="redcap-records" className="block text-sm font-medium">Records export (CSV, raw)</label>
            <input id="redcap-records" type="file" accept=".csv,text/csv" className={input} onChange={(event) => void read({ ...files, records: event.target.files?.[0] ?? null })} />
          </div>
        </div>
        {fileError ? <p role="alert" className="mt-3 text-sm text-red-800">{fileError}</p> : null}
        {loaded ? (
          <p className="mt-3 text-sm text-slate-700" aria-live="polite">
            {loaded.dictionary.fields.length} fields in {loaded.dictionary.forms.length} instruments; {loaded.records.records.length.toLocaleString("en")} records
            {loaded.records.repeatingInstruments.length > 0 ? `, repeating instruments ${loaded.records.repeatingInstruments.join(", ")}` : ""}
            {loaded.records.dags.length > 0 ? `, data access groups ${loaded.records.dags.join(", ")}` : ""}.
          </p>
        ) : null}
      </section>

      {loaded && mapping ? (
        <section aria-labelledby="redcap-mapping-title" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="redcap-mapping-title" className="text-base font-semibold">2. Mapping</h2>
          <div className="mt-2 flex flex-wrap items-end gap-4">
            <label className="text-sm">
              <span className="block font-medium">Start from</span>
              <select className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" value={choice ? String(choice.id) : ""} onChange={(event) => chooseMapping(event.target.value)}>
                <option value="">Suggestions from names and labels</option>
                {saved.map((item) => (
                  <option key={item.id} value={String(item.id)}>Saved: {item.name}{item.siteCode ? ` (site ${item.siteCode})` : " (study-wide)"}</option>
                ))}
              </select>
            </label>
          </div>
          <p className="mt-2 text-sm text-slate-600">Check every row: a field left &ldquo;not imported&rdquo; stays empty in the app. Choice codes are matched by their labels.</p>
          <div className="mt-4">
            <MappingEditor dictionary={loaded.dictionary} records={loaded.records} mapping={mapping} onChange={(next) => { setMapping(next); resetResult(); setSaveMessage(null); }} ownSite={ownSite} siteCodes={siteCodes} />
          </div>
          <div className="mt-4 flex flex-wrap items-end gap-2">
            <label className="text-sm">
              <span className="block font-medium">Save this mapping as</span>
              <input value={name} onChange={(event) => setName(event.target.value)} maxLength={80} className="mt-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm" placeholder="e.g. Site 01 REDCap registry" />
            </label>
            <button type="button" onClick={() => void save()} disabled={name.trim().length < 3} className={`${BUTTON} border border-slate-300 bg-white hover:bg-slate-100`}>
              {choice?.editable && choice.name === name.trim() ? "Save changes" : "Save mapping"}
            </button>
            {saveMessage ? <p role={saveMessage.ok ? "status" : "alert"} className={`text-sm ${saveMessage.ok ? "text-emerald-800" : "text-red-800"}`}>{saveMessage.text}</p> : null}
          </div>
        </section>
      ) : null}

      {loaded && mapping ? (
        <section aria-labelledby="redcap-check-title" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="redcap-check-title" className="text-base font-semibold">3. Check and import</h2>
          <p className="mt-1 text-sm text-slate-700">New cases only: a study ID that exists already is reported. Nothing is written until every record is valid.</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" disabled={busy} onClick={() => void send(true)} className={`${BUTTON} bg-slate-900 text-white hover:bg-slate-800`}>Check the records (dry run)</button>
            <button type="button" disabled={!checked || busy} onClick={() => void send(false)} className={`${BUTTON} bg-emerald-700 text-white hover:bg-emerald-800`}>
              {report && checked ? `Import ${report.patientsToCreate} cases` : "Import"}
            </button>
          </div>
          {progress ? (
            <div aria-live="polite" className="mt-3">
              <label htmlFor="redcap-progress" className="text-sm font-medium">{PHASE_LABELS[progress.phase]}… {progress.total > 0 ? `${Math.round((100 * progress.done) / progress.total)} %` : ""}</label>
              <progress id="redcap-progress" className="mt-1 block h-3 w-full" max={progress.total || 1} value={progress.done} />
            </div>
          ) : null}
          {issues !== null || outcome ? (
            <div className="mt-4">
              <h3 ref={resultHeading} tabIndex={-1} className="text-base font-semibold">
                {issues && issues.length > 0
                  ? `${issues.length.toLocaleString("en")} problem${issues.length === 1 ? "" : "s"} to fix (nothing was imported)`
                  : outcome?.kind === "report"
                    ? outcome.report.committed
                      ? `Imported ${outcome.report.patientsToCreate.toLocaleString("en")} cases`
                      : "Dry run: no errors, ready to import"
                    : (outcome?.message ?? "")}
              </h3>
              {report ? <ReportSummary report={report} /> : null}
              {translated && !report ? <p className="mt-2 text-sm text-slate-700">{translated.counts.records.toLocaleString("en")} records read: {translated.counts.rows.her2_tests.toLocaleString("en")} HER2 tests, {translated.counts.rows.treatment_lines.toLocaleString("en")} treatment lines, {translated.counts.rows.recurrence_events.toLocaleString("en")} recurrence events.</p> : null}
              {outcome?.kind === "report" && outcome.report.committed ? (
                <p className="mt-2 text-sm"><AppLink href="/cases?sort=updated&dir=desc" className="text-sky-800 underline">See the imported cases</AppLink></p>
              ) : null}
              {issues && issues.length > 0 ? <IssueTable issues={issues} /> : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function IssueTable({ issues }: { issues: RedcapIssue[] }) {
  const download = () => {
    const text = [toCsvLine(["record", "event", "instrument", "instance", "field", "problem"]), ...issues.map((issue) => toCsvLine([issue.record, issue.event, issue.instrument, issue.instance, issue.field, issue.message]))].join("");
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = "redcap-import-problems.csv";
    anchor.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="mt-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700">Fix these in REDCap or in the mapping, then check again.{issues.length > SHOWN_ISSUES ? ` The first ${SHOWN_ISSUES} are shown.` : ""}</p>
        <button type="button" onClick={download} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">Download the problems (CSV)</button>
      </div>
      <ScrollRegion label="Problems found" className="mt-2 max-h-[32rem] rounded border border-slate-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Problems by record, instrument, instance and field</caption>
          <thead className="sticky top-0 bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Record</th>
              <th scope="col" className="px-3 py-2 font-medium">Instrument</th>
              <th scope="col" className="px-3 py-2 font-medium">Instance</th>
              <th scope="col" className="px-3 py-2 font-medium">Field</th>
              <th scope="col" className="px-3 py-2 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody>
            {issues.slice(0, SHOWN_ISSUES).map((issue, index) => (
              <tr key={index} className="border-t border-slate-100">
                <td className="px-3 py-1.5">{issue.record || "—"}{issue.event ? ` (${issue.event})` : ""}</td>
                <td className="px-3 py-1.5">{issue.instrument ?? "—"}</td>
                <td className="px-3 py-1.5">{issue.instance ?? "—"}</td>
                <td className="px-3 py-1.5"><code>{issue.field ?? "—"}</code></td>
                <td className="px-3 py-1.5">{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
