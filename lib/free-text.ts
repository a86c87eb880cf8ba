// What a free-text field may hold (issue 15 §3). Reasons, names, site names and mapping names
// are stored for good (the audit trail is append-only), so none may carry an identifier:
// product.md §2 keeps calendar dates, record numbers, e-mail addresses and phone numbers out of
// the registry, and a structured field refusing "2021-03-04" means little if a reason accepts
// "seen in clinic on 2021-03-04". Every free-text schema is built with freeText(), which adds
// this check to plainText()'s; the forms validate with the same schemas, so they warn before
// sending. Pure.
import { plainText } from "./plain-text";

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;

/**
 * Dates anywhere in a text, in every format the structured fields refuse
 * (lib/cases/full-dates.ts), unanchored: 2021-03-04 (and timestamps), 2021/03/04, 04/03/1950,
 * 4.3.2021, 4-3-21, 4 March 2021, 4th Mar 2021, March 4, 2021.
 */
const DATE_IN_TEXT: readonly RegExp[] = [
  /(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/,
  /(?<![\d.])\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)/,
  new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?[\s-]{1,3}(?:of\s{1,3})?${MONTH}[\s-]{1,3}\d{2,4}\b`, "i"),
  new RegExp(String.raw`\b${MONTH}\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{1,3}\d{4}\b`, "i"),
];

/** Study IDs (HER2-01-0042) are left out of the date check: their tail 2-01-0042 is not a date. */
const STUDY_ID_SHAPE = /\b[A-Z][A-Z0-9]{1,5}-\d{2,4}-\d{3,5}\b/g;

/** Six digits or more in a row: longer than any study number or day count, as long as a record number. */
const LONG_DIGIT_RUN = /\d{6,}/;

// Bounded quantifiers throughout: an unbounded `[^@]+@` scans to the end of the text from every
// start position, which is quadratic (a 40,000-character text took 9 s).
const EMAIL = /[^\s@<>(),;:"]{1,64}@[^\s@<>(),;:"]{1,253}\.[a-z]{2,24}/i;

/** A run of digits with phone punctuation (+44 20 7946 0958, (555) 123-4567, 555.123.4567). */
const PHONE_CANDIDATE = /\+?\(?\d[\d\s().-]{6,24}\d/g;
const MIN_PHONE_DIGITS = 9;

export type IdentifierKind = "date" | "record number" | "e-mail address" | "phone number";

/** The first kind of identifier found in the text, or null. */
export function findIdentifier(text: string): IdentifierKind | null {
  const withoutStudyIds = text.replace(STUDY_ID_SHAPE, " ");
  if (DATE_IN_TEXT.some((pattern) => pattern.test(withoutStudyIds))) return "date";
  if (EMAIL.test(text)) return "e-mail address";
  for (const candidate of text.match(PHONE_CANDIDATE) ?? []) {
    const digits = candidate.replace(/\D/g, "").length;
    if (digits >= MIN_PHONE_DIGITS && /[\s().+-]/.test(candidate)) return "phone number";
  }
  if (LONG_DIGIT_RUN.test(text)) return "record number";
  return null;
}

const ADVICE: Readonly<Record<IdentifierKind, string>> = {
  date: "a date (write days since diagnosis, or the year alone)",
  "record number": "a long number such as a record number (use the study ID)",
  "e-mail address": "an e-mail address",
  "phone number": "a phone number",
};

/** The message shown under the field, naming it and saying what to do. */
export function identifierMessage(label: string, kind: IdentifierKind): string {
  return `${label} may not contain ${ADVICE[kind]}: free text is kept for good and must not identify a patient`;
}

export type FreeTextOptions = {
  /** The message for a value that is not a string. */
  error?: string;
  min: number;
  minMessage: string;
  max: number;
  maxMessage: string;
};

/**
 * A free-text schema: trimmed text only (plainText) of min to max characters, and no date,
 * record number, e-mail address or phone number. The length is checked first and stops the
 * checks (abort), so the identifier scan only ever reads a short text.
 */
export function freeText(label: string, options: FreeTextOptions) {
  return plainText(label, { error: options.error })
    .trim()
    .min(options.min, { error: options.minMessage })
    .max(options.max, { error: options.maxMessage, abort: true })
    .superRefine((text, context) => {
      const kind = findIdentifier(text);
      if (kind !== null) context.addIssue({ code: "custom", message: identifierMessage(label, kind) });
    });
}
