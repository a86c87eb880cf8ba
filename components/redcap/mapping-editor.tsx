"use client";

import { useId } from "react";
import { CATALOGUE_FILES, enteredFields, humanizeCode, type CatalogueField, type CatalogueFile } from "@/lib/interop/field-catalogue";
import { isDateField, type RedcapDictionary, type RedcapField } from "@/lib/redcap/dictionary";
import { CHILD_FILES, targetKeyOf, type RedcapMapping, type SiteSource } from "@/lib/redcap/mapping";
import type { RedcapRecords } from "@/lib/redcap/records";
import { canFeed, suggestCodes, withCodes } from "@/lib/redcap/suggest-mapping";
import { ScrollRegion } from "@/components/scroll-region";

const TITLES: Partial<Record<CatalogueFile, string>> = { patients: "Patient", her2_tests: "HER2 test", treatment_lines: "Treatment line", recurrence_events: "Recurrence event" };
// Every file of the app's import, so that a part added to it appears here too.
const SECTIONS = CATALOGUE_FILES.map((file) => ({ file, title: TITLES[file] ?? humanizeCode(file) }));

const SELECT = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

function fieldOption(field: RedcapField) {
  const kind = isDateField(field) ? "date" : field.type;
  return `${field.name} — ${field.label} (${kind}${field.identifier ? ", identifier" : ""})`;
}

type Props = {
  dictionary: RedcapDictionary;
  records: RedcapRecords;
  mapping: RedcapMapping;
  onChange: (mapping: RedcapMapping) => void;
  /** Coordinators import for their own site only. */
  ownSite: boolean;
  siteCodes: readonly string[];
};

/** The mapping step: every app field with the REDCap field it comes from, and every choice code with its app code. */
export function MappingEditor({ dictionary, records, mapping, onChange, ownSite, siteCodes }: Props) {
  const byName = new Map(dictionary.fields.map((field) => [field.name, field]));
  const repeating = new Set(records.repeatingInstruments);
  const instrumentOf = (file: CatalogueFile) => (file === "patients" ? null : (mapping.instruments[file] ?? null));
  const candidates = (file: CatalogueFile, target: CatalogueField | null) =>
    dictionary.fields.filter((field) => {
      const inPlace = file === "patients" ? !repeating.has(field.form) : field.form === instrumentOf(file);
      return inPlace && (target === null ? field.type === "text" && !isDateField(field) : canFeed(target, field));
    });

  const setField = (file: CatalogueFile, target: CatalogueField, source: string) => {
    const key = targetKeyOf(file, target.column);
    const fields = { ...mapping.fields };
    const field = byName.get(source);
    if (!field) delete fields[key];
    else fields[key] = withCodes(target, field);
    onChange({ ...mapping, fields });
  };
  const setCode = (key: string, code: string, appCode: string | null) => {
    const entry = mapping.fields[key];
    if (!entry) return;
    const codes = { ...(entry.codes ?? {}) };
    if (appCode === null) delete codes[code];
    else codes[code] = appCode;
    onChange({ ...mapping, fields: { ...mapping.fields, [key]: { ...entry, codes } } });
  };
  const setSite = (site: SiteSource) => onChange({ ...mapping, site });
  const dateFields = dictionary.fields.filter((field) => isDateField(field) && !repeating.has(field.form));
  const studyIdKey = targetKeyOf("patients", "study_id");

  return (
    <div className="space-y-6">
      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Records</legend>
        <label className="text-sm">
          <span className="font-medium">Study ID</span>
          <select className={SELECT} value={mapping.fields[studyIdKey]?.source ?? dictionary.recordIdField} onChange={(event) => onChange({ ...mapping, fields: { ...mapping.fields, [studyIdKey]: { source: event.target.value } } })}>
            {candidates("patients", null).map((field) => (
              <option key={field.name} value={field.name}>{fieldOption(field)}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium">Date of diagnosis (day 0)</span>
          <select
            className={SELECT}
            value={mapping.diagnosisDateField ?? ""}
            onChange={(event) => {
              const value = event.target.value || null;
              const fields = { ...mapping.fields };
              if (value) fields[targetKeyOf("patients", "diagnosis_year")] = { source: value };
              onChange({ ...mapping, diagnosisDateField: value, fields });
            }}
          >
            <option value="">None: the project stores the year and days already</option>
            {dateFields.map((field) => (
              <option key={field.name} value={field.name}>{fieldOption(field)}</option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-600">Every other date becomes days since this one, in your browser; only the year is sent.</span>
        </label>
        {CHILD_FILES.map((file) => (
          <label key={file} className="text-sm">
            <span className="font-medium">{`${TITLES[file] ?? humanizeCode(file)} rows come from the instrument`}</span>
            <select className={SELECT} value={instrumentOf(file) ?? ""} onChange={(event) => onChange({ ...mapping, instruments: { ...mapping.instruments, [file]: event.target.value || null } })}>
              <option value="">None</option>
              {dictionary.forms.map((form) => (
                <option key={form} value={form}>{form}{repeating.has(form) ? " (repeating)" : ""}</option>
              ))}
            </select>
          </label>
        ))}
        <SiteEditor site={mapping.site} onChange={setSite} ownSite={ownSite} dags={records.dags} siteCodes={siteCodes} dictionary={dictionary} />
      </fieldset>

      {SECTIONS.map((section) => (
        <section key={section.file} aria-labelledby={`map-${section.file}`}>
          <h3 id={`map-${section.file}`} className="text-sm font-semibold">{section.title}{section.file !== "patients" ? ` (instrument ${instrumentOf(section.file) ?? "not chosen"})` : ""}</h3>
          <ScrollRegion label={`${section.title}: field mapping`} className="mt-2 rounded border border-slate-200">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">App field</th>
                  <th scope="col" className="px-3 py-2 font-medium">REDCap field</th>
                  <th scope="col" className="px-3 py-2 font-medium">Codes</th>
                </tr>
              </thead>
              <tbody>
                {enteredFields(section.file).map((target) => {
                  const key = targetKeyOf(section.file, target.column);
                  const entry = mapping.fields[key];
                  const source = entry ? byName.get(entry.source) : undefined;
                  const options = candidates(section.file, target);
                  if (source && !options.includes(source)) options.unshift(source);
                  const locked = target.field === "diagnosisYear" && mapping.diagnosisDateField !== null;
                  return (
                    <tr key={key} className="border-t border-slate-100 align-top">
                      <th scope="row" className="px-3 py-2 text-left font-normal">
                        {target.label}
                        {target.required ? <span className="text-red-700"> *</span> : null}
                        <span className="block text-xs text-slate-500"><code>{target.column}</code>{target.isDay ? " · days since diagnosis" : ""}</span>
                      </th>
                      <td className="px-3 py-2">
                        <select aria-label={`REDCap field for ${target.label}`} className={SELECT} disabled={locked} value={entry?.source ?? ""} onChange={(event) => setField(section.file, target, event.target.value)}>
                          <option value="">— not imported —</option>
                          {options.map((field) => (
                            <option key={field.name} value={field.name}>{fieldOption(field)}</option>
                          ))}
                        </select>
                        {locked ? <span className="mt-1 block text-xs text-slate-600">The year of the date of diagnosis.</span> : null}
                      </td>
                      <td className="px-3 py-2">
                        {source?.choices && target.codeLabels ? <CodeEditor target={target} source={source} codes={entry?.codes ?? {}} onChange={(code, appCode) => setCode(key, code, appCode)} onSuggest={() => onChange({ ...mapping, fields: { ...mapping.fields, [key]: { source: source.name, codes: suggestCodes(source.choices ?? [], target.codeLabels ?? {}) } } })} /> : <span className="text-xs text-slate-500">{source && isDateField(source) ? (target.field === "ageAtDiagnosis" ? "date of birth → age at diagnosis" : target.field === "diagnosisYear" ? "date → year" : "date → days since diagnosis") : ""}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
    </div>
  );
}

function CodeEditor({ target, source, codes, onChange, onSuggest }: { target: CatalogueField; source: RedcapField; codes: Readonly<Record<string, string>>; onChange: (code: string, appCode: string | null) => void; onSuggest: () => void }) {
  const id = useId();
  const choices = source.choices ?? [];
  const mapped = choices.filter((choice) => choice.code in codes).length;
  return (
    <details>
      <summary className={`cursor-pointer text-xs ${mapped < choices.length ? "text-amber-800" : "text-slate-700"}`}>
        {mapped} of {choices.length} choice{choices.length === 1 ? "" : "s"} mapped
      </summary>
      <table className="mt-2 text-xs">
        <tbody>
          {choices.map((choice) => (
            <tr key={choice.code}>
              <th scope="row" className="pr-2 text-left font-normal">
                <label htmlFor={`${id}-${choice.code}`}><code>{choice.code}</code> {choice.label}</label>
              </th>
              <td className="py-0.5">
                <select id={`${id}-${choice.code}`} className="rounded border border-slate-300 bg-white px-1 py-0.5" value={codes[choice.code] ?? "__none"} onChange={(event) => onChange(choice.code, event.target.value === "__none" ? null : event.target.value)}>
                  <option value="__none">— not mapped (an error if used) —</option>
                  <option value="">Leave empty (not recorded)</option>
                  {Object.entries(target.codeLabels ?? {}).map(([code, label]) => (
                    <option key={code} value={code}>{label} ({code})</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onSuggest} className="mt-1 text-xs text-sky-800 underline">Suggest again from the labels</button>
    </details>
  );
}

function SiteEditor({ site, onChange, ownSite, dags, siteCodes, dictionary }: { site: SiteSource; onChange: (site: SiteSource) => void; ownSite: boolean; dags: readonly string[]; siteCodes: readonly string[]; dictionary: RedcapDictionary }) {
  if (ownSite) {
    return <p className="text-sm text-slate-700 md:col-span-2">Every record is imported as a case of your site{dags.length > 0 ? ` (the data access groups ${dags.join(", ")} are not used)` : ""}.</p>;
  }
  return (
    <div className="text-sm md:col-span-2">
      <label>
        <span className="font-medium">Site of each record</span>
        <select
          className={SELECT}
          value={site.source === "field" ? `field:${site.field}` : site.source}
          onChange={(event) => {
            const value = event.target.value;
            if (value === "dag") onChange({ source: "dag", codes: site.source === "dag" ? site.codes : {} });
            else if (value.startsWith("field:")) onChange({ source: "field", field: value.slice(6), codes: {} });
            else onChange({ source: "own" });
          }}
        >
          <option value="own">Not given (coordinators&apos; imports)</option>
          <option value="dag" disabled={dags.length === 0}>Data access group{dags.length === 0 ? " (the export has none)" : ""}</option>
          {dictionary.fields.filter((field) => field.type !== "descriptive" && !isDateField(field)).map((field) => (
            <option key={field.name} value={`field:${field.name}`}>Field {field.name} — {field.label}</option>
          ))}
        </select>
      </label>
      {site.source === "dag" ? (
        <table className="mt-2 text-sm">
          <tbody>
            {dags.map((dag) => (
              <tr key={dag}>
                <th scope="row" className="pr-3 text-left font-normal"><label htmlFor={`dag-${dag}`}>DAG <code>{dag}</code></label></th>
                <td>
                  <select id={`dag-${dag}`} className="rounded border border-slate-300 bg-white px-2 py-1" value={site.codes[dag] ?? ""} onChange={(event) => {
                    const codes = { ...site.codes };
                    if (event.target.value) codes[dag] = event.target.value;
                    else delete codes[dag];
                    onChange({ source: "dag", codes });
                  }}>
                    <option value="">— choose a site —</option>
                    {siteCodes.map((code) => <option key={code} value={code}>Site {code}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
