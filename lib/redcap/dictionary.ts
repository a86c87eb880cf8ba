/**
 * A REDCap data dictionary (the 18-column CSV that "Download the current Data Dictionary"
 * gives): one field per row. Columns are read by position, as REDCap writes them, after
 * checking the header names (which REDCap has spelt slightly differently across versions).
 * Pure: the browser reads the dictionary here; it never holds patient data.
 */
import Papa from "papaparse";

export const DICTIONARY_COLUMNS = [
  "Variable / Field Name",
  "Form Name",
  "Section Header",
  "Field Type",
  "Field Label",
  "Choices, Calculations, OR Slider Labels",
  "Field Note",
  "Text Validation Type OR Show Slider Number",
  "Text Validation Min",
  "Text Validation Max",
  "Identifier?",
  "Branching Logic (Show field only if...)",
  "Required Field?",
  "Custom Alignment",
  "Question Number (surveys only)",
  "Matrix Group Name",
  "Matrix Ranking?",
  "Field Annotation",
] as const;

export const REDCAP_FIELD_TYPES = ["text", "notes", "dropdown", "radio", "checkbox", "yesno", "truefalse", "calc", "slider", "file", "descriptive", "sql"] as const;
export type RedcapFieldType = (typeof REDCAP_FIELD_TYPES)[number];

export type RedcapChoice = { code: string; label: string };

export type RedcapField = {
  name: string;
  form: string;
  type: RedcapFieldType;
  label: string;
  /** Choices of dropdown, radio, checkbox, yesno and truefalse fields; null otherwise. */
  choices: RedcapChoice[] | null;
  /** Text validation (date_ymd, integer, number, …); "" when none. */
  validation: string;
  /** Marked "Identifier?" in the project (dates, names…): shown in the mapping. */
  identifier: boolean;
};

export type RedcapDictionary = {
  fields: RedcapField[];
  /** The record ID field: the first field of the dictionary, as in every REDCap project. */
  recordIdField: string;
  /** Form names in dictionary order. */
  forms: string[];
};

export class RedcapFileError extends Error {
  override name = "RedcapFileError";
}

const IMPLIED_CHOICES: Partial<Record<RedcapFieldType, RedcapChoice[]>> = {
  yesno: [{ code: "1", label: "Yes" }, { code: "0", label: "No" }],
  truefalse: [{ code: "1", label: "True" }, { code: "0", label: "False" }],
};

const normalizeHeader = (text: string) => text.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/\s+/g, " ");

/** REDCap labels may hold HTML and piping; the mapping shows plain text. */
export function plainLabel(label: string): string {
  return label.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/\s+/g, " ").trim();
}

/** "1, 0 | 2, 1+ | 3, 2+" → codes and labels (the code is everything before the first comma). */
export function parseChoices(text: string): RedcapChoice[] {
  return text
    .split("|")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const comma = part.indexOf(",");
      return comma === -1 ? { code: part, label: part } : { code: part.slice(0, comma).trim(), label: plainLabel(part.slice(comma + 1)) };
    });
}

export function isDateField(field: Pick<RedcapField, "type" | "validation">): boolean {
  return field.type === "text" && /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.test(field.validation);
}

export function parseRedcapDictionary(text: string): RedcapDictionary {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [header, ...rows] = result.data;
  if (!header || header.length < 6) throw new RedcapFileError("This is not a REDCap data dictionary: it needs the standard columns (Variable / Field Name, Form Name, …, Field Annotation).");
  const expected = DICTIONARY_COLUMNS.slice(0, 6).map(normalizeHeader);
  const found = header.slice(0, 6).map(normalizeHeader);
  // Older REDCap versions wrote "Choices OR Calculations"; the first five names never changed.
  if (found.slice(0, 5).some((name, index) => name !== expected[index]) || !found[5]?.startsWith("choices")) {
    throw new RedcapFileError(`This is not a REDCap data dictionary: its first columns are "${header.slice(0, 5).join('", "')}", expected "${DICTIONARY_COLUMNS.slice(0, 5).join('", "')}".`);
  }
  const fields: RedcapField[] = [];
  const problems: string[] = [];
  rows.forEach((cells, index) => {
    const name = (cells[0] ?? "").trim();
    const form = (cells[1] ?? "").trim();
    const type = (cells[3] ?? "").trim().toLowerCase() as RedcapFieldType;
    if (!name || !form) {
      problems.push(`row ${index + 2}: no field or form name`);
      return;
    }
    if (!(REDCAP_FIELD_TYPES as readonly string[]).includes(type)) {
      problems.push(`row ${index + 2} (${name}): unknown field type "${cells[3] ?? ""}"`);
      return;
    }
    const choicesText = (cells[5] ?? "").trim();
    const choices = IMPLIED_CHOICES[type] ?? (["dropdown", "radio", "checkbox"].includes(type) ? parseChoices(choicesText) : null);
    fields.push({
      name,
      form,
      type,
      label: plainLabel(cells[4] ?? "") || name,
      choices,
      validation: (cells[7] ?? "").trim().toLowerCase(),
      identifier: (cells[10] ?? "").trim().toLowerCase() === "y",
    });
  });
  if (problems.length > 0) throw new RedcapFileError(`The data dictionary has problems: ${problems.slice(0, 10).join("; ")}${problems.length > 10 ? `; and ${problems.length - 10} more` : ""}.`);
  const first = fields[0];
  if (!first) throw new RedcapFileError("The data dictionary has no fields.");
  const names = new Set<string>();
  for (const field of fields) {
    if (names.has(field.name)) throw new RedcapFileError(`The data dictionary lists the field ${field.name} twice.`);
    names.add(field.name);
  }
  return { fields, recordIdField: first.name, forms: [...new Set(fields.map((field) => field.form))] };
}
