/**
 * A first mapping for a REDCap project, suggested from names and labels: the repeating
 * instruments that look like HER2 tests, treatment lines and recurrence events, the date of diagnosis, and for
 * every app field the REDCap field whose name and label share the most words with it (each
 * REDCap field used once), with its choice codes matched to the app's codes by label. The
 * coordinator reviews and edits every suggestion before anything is imported. Pure.
 */
import { enteredFields, type CatalogueField, type CatalogueFile } from "../interop/field-catalogue";
import { isDateField, type RedcapChoice, type RedcapDictionary, type RedcapField } from "./dictionary";
import { CHILD_FILES, MAPPING_VERSION, targetKeyOf, type ChildFile, type FieldMapping, type RedcapMapping } from "./mapping";
import type { RedcapRecords } from "./records";

const SYNONYMS: Readonly<Record<string, string>> = {
  dx: "diagnosis", diag: "diagnosis", diagnosed: "diagnosis",
  estrogen: "er", oestrogen: "er", progesterone: "pr", ki: "ki67", mib1: "ki67",
  tumor: "tumour", meno: "menopausal", menopause: "menopausal",
  histology: "histologic", histological: "histologic", histotype: "histologic", hist: "histologic",
  died: "death", deceased: "death", dod: "death", fu: "contact", followup: "contact", follow: "contact",
  dob: "age", birth: "age", birthdate: "age", gender: "sex",
  antibody: "assay", clone: "assay", fish: "ish", sish: "ish", cish: "ish", copy: "copies", cn: "copies",
  no: "number", nr: "number", num: "number", drugs: "agents", drug: "agents", medication: "agents", medications: "agents", agent: "agents",
  begin: "start", initiation: "start", stop: "end", recist: "response", prog: "progression", pd: "progression",
  metastatic: "metastasis", mets: "metastasis", met: "metastasis", metastases: "metastasis", regimen: "regimen", therapy: "treatment", tx: "treatment",
  germline: "brca", subject: "study", participant: "study", patient: "study",
};

const STOP_WORDS = new Set(["of", "the", "to", "a", "at", "in", "on", "since", "per", "date", "dt", "days", "day", "d", "field", "value", "percent", "pct", "derived", "and", "or", "mm", "years", "yrs", "whole"]);

/** Words of a name or label, lower case, with synonyms folded and filler words dropped. */
export function tokensOf(...texts: string[]): Set<string> {
  const tokens = new Set<string>();
  for (const text of texts) {
    const words = text
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .replace(/ki-?67/g, "ki67")
      .replace(/her-?2/g, "her2")
      .split(/[^a-z0-9]+/);
    for (const word of words) {
      if (word === "" || /^\d+$/.test(word)) continue;
      const folded = SYNONYMS[word] ?? word;
      if (!STOP_WORDS.has(folded)) tokens.add(folded);
    }
  }
  return tokens;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

const THRESHOLD = 0.5;

function similarity(target: CatalogueField, source: RedcapField): number {
  const bonus = source.name.toLowerCase() === target.column ? 1 : 0;
  return bonus + Math.max(dice(tokensOf(target.column, target.label), tokensOf(source.name)), dice(tokensOf(target.column, target.label), tokensOf(source.name, source.label)));
}

function isNumericText(field: RedcapField): boolean {
  return (field.type === "text" && ["", "integer", "number", "number_1dp", "number_2dp", "number_1dp_comma_decimal", "number_2dp_comma_decimal", "number_comma_decimal"].includes(field.validation)) || field.type === "calc" || field.type === "slider";
}

/** Whether a REDCap field can feed an app field at all (a date can feed days, the year and the age). */
export function canFeed(target: CatalogueField, source: RedcapField): boolean {
  if (source.type === "descriptive" || source.type === "file" || source.type === "sql") return false;
  if (target.field === "diagnosisYear" || target.field === "ageAtDiagnosis" || target.isDay) return isDateField(source) || isNumericText(source);
  switch (target.kind) {
    case "code":
      return source.choices !== null && source.type !== "checkbox" ? true : source.type === "text" && source.validation === "";
    case "codes":
      return source.type === "checkbox" || (source.type === "text" && source.validation === "");
    case "integer":
    case "number":
      return isNumericText(source) && !isDateField(source);
    case "text":
      return source.type === "text" && !isDateField(source);
  }
}

/** App codes for REDCap choices, matched on code and label; a choice with no clear match is left out. */
export function suggestCodes(choices: readonly RedcapChoice[], codeLabels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const appCodes = Object.entries(codeLabels);
  const normal = (text: string) => text.toLowerCase().replace(/[\s_\-()]+/g, " ").trim();
  for (const choice of choices) {
    let best: { code: string; score: number; length: number } | null = null;
    for (const [code, label] of appCodes) {
      const exact = [normal(code), normal(label)].some((text) => text === normal(choice.label) || text === normal(choice.code)) ? 2 : 0;
      // A bare "0" is an IHC 0 that says nothing of faint staining: "not specified" when the app
      // has that code (shared/design her2-rules.md, "HER2-0, HER2-null and unspecified IHC 0").
      const bareZero = normal(choice.label) === "0" && /not specified/i.test(label) ? 1 : 0;
      const score = exact + bareZero + Math.max(dice(tokensOf(label, code), tokensOf(choice.label)), dice(labelTokens(label), labelTokens(choice.label)));
      if (score < THRESHOLD) continue;
      if (!best || score > best.score || (score === best.score && label.length < best.length)) best = { code, score, length: label.length };
    }
    if (best) out[choice.code] = best.code;
  }
  return out;
}

/** Tokens that keep "1+", "0" and such, for score-like choices. */
function labelTokens(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[\s,;:()/]+/).filter((token) => token !== ""));
}

function formsOfInstrument(instrument: string | null): (field: RedcapField) => boolean {
  return (field) => field.form === instrument;
}

/** Words that name the instrument of each repeating part (a part added later is found by its own name). */
const INSTRUMENT_WORDS: Partial<Record<ChildFile, string[]>> = {
  her2_tests: ["her2", "test", "ihc", "ish", "pathology", "biomarker", "specimen", "assay"],
  treatment_lines: ["treatment", "line", "regimen", "agents", "setting", "response", "start"],
  recurrence_events: ["recurrence", "relapse", "event", "events", "idfs", "contralateral", "invasive"],
};

function pickInstrument(dictionary: RedcapDictionary, candidates: readonly string[], words: string[]): string | null {
  const wanted = new Set(words);
  let best: { form: string; score: number } | null = null;
  for (const form of candidates) {
    const labels = dictionary.fields.filter((field) => field.form === form).map((field) => `${field.name} ${field.label}`);
    const score = dice(tokensOf(form), wanted) * 2 + dice(tokensOf(...labels), wanted);
    if (score > 0 && (!best || score > best.score)) best = { form, score };
  }
  return best?.form ?? null;
}

export type SuggestOptions = { siteCodes: readonly string[]; ownSite: boolean };

/** Site codes for DAG names: the code the DAG name ends with or contains (site_01 → 01). */
export function suggestDagSites(dags: readonly string[], siteCodes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dag of dags) {
    const exact = siteCodes.find((code) => code.toLowerCase() === dag.toLowerCase());
    const suffix = siteCodes.filter((code) => new RegExp(`(^|[^a-z0-9])${code.toLowerCase().replace(/[^a-z0-9]/g, "")}$`).test(dag.toLowerCase()));
    const found = exact ?? (suffix.length === 1 ? suffix[0] : undefined);
    if (found) out[dag] = found;
  }
  return out;
}

export function suggestMapping(dictionary: RedcapDictionary, records: RedcapRecords | null, options: SuggestOptions): RedcapMapping {
  const repeating = records?.repeatingInstruments ?? [];
  const instrumentCandidates = repeating.length > 0 ? repeating : dictionary.forms;
  const instruments: Partial<Record<ChildFile, string | null>> = {};
  let remaining = instrumentCandidates;
  for (const file of CHILD_FILES) {
    const form = pickInstrument(dictionary, remaining, INSTRUMENT_WORDS[file] ?? [...tokensOf(file)]);
    instruments[file] = form;
    remaining = remaining.filter((candidate) => candidate !== form);
  }
  const repeatingSet = new Set(repeating.length > 0 ? repeating : Object.values(instruments).filter((form): form is string => typeof form === "string"));

  const dateFields = dictionary.fields.filter((field) => isDateField(field) && !repeatingSet.has(field.form));
  const diagnosis = dateFields
    .map((field) => ({ field, score: dice(tokensOf(field.name, field.label), new Set(["diagnosis"])) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)[0]?.field ?? null;

  const used = new Set<string>([diagnosis?.name ?? ""]);
  const fields: Record<string, FieldMapping> = {};
  const sections: { file: CatalogueFile; accepts: (field: RedcapField) => boolean }[] = [
    { file: "patients", accepts: (field) => !repeatingSet.has(field.form) },
    ...CHILD_FILES.map((file) => ({ file, accepts: formsOfInstrument(instruments[file] ?? null) })),
  ];
  for (const section of sections) {
    const targets = enteredFields(section.file);
    // Best pairs first, so that a REDCap field goes to the app field it resembles most.
    const pairs: { target: CatalogueField; source: RedcapField; score: number }[] = [];
    for (const target of targets) {
      for (const source of dictionary.fields) {
        if (!section.accepts(source) || !canFeed(target, source)) continue;
        const score = similarity(target, source);
        if (score >= THRESHOLD) pairs.push({ target, source, score });
      }
    }
    pairs.sort((a, b) => b.score - a.score);
    const done = new Set<string>();
    for (const pair of pairs) {
      if (done.has(pair.target.column) || used.has(pair.source.name)) continue;
      done.add(pair.target.column);
      used.add(pair.source.name);
      fields[targetKeyOf(section.file, pair.target.column)] = withCodes(pair.target, pair.source);
    }
  }
  if (diagnosis) fields[targetKeyOf("patients", "diagnosis_year")] = { source: diagnosis.name };
  const studyIdSource = dictionary.fields.find((field) => !used.has(field.name) && field.type === "text" && !repeatingSet.has(field.form) && dice(tokensOf(field.name, field.label), new Set(["study", "id"])) >= 0.8);
  fields[targetKeyOf("patients", "study_id")] = { source: studyIdSource?.name ?? dictionary.recordIdField };

  const dags = records?.dags ?? [];
  return {
    version: MAPPING_VERSION,
    diagnosisDateField: diagnosis?.name ?? null,
    site: options.ownSite || dags.length === 0 ? { source: "own" } : { source: "dag", codes: suggestDagSites(dags, options.siteCodes) },
    instruments,
    fields,
  };
}

/** The mapping of one field, with suggested codes when both sides are coded. */
export function withCodes(target: CatalogueField, source: RedcapField): FieldMapping {
  if (!target.codeLabels || !source.choices) return { source: source.name };
  return { source: source.name, codes: suggestCodes(source.choices, target.codeLabels) };
}
