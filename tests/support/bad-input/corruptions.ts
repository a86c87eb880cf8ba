// Arbitraries that turn a valid payload into one that is certainly invalid, in the ways clients
// get payloads wrong: wrong types, huge strings, unicode where codes belong, negative, NaN and
// infinite numbers, unknown enum codes, missing and extra fields, calendar dates where days since
// diagnosis belong. Each corruption is invalid on its own (so a generated payload is never
// accidentally valid); one to three are applied together.
import fc from "fast-check";

export type Path = readonly (string | number)[];
export type Payload = Record<string, unknown>;

/** How a field is checked, which decides what is certainly wrong for it. */
export type FieldKind =
  /** A number with a lower bound of 0 or more (ages, percentages, ids, versions, ratios). */
  | "number"
  /** A whole number of days since diagnosis (a calendar date is refused with its own message). */
  | "day"
  /** A coded value: upper-case letters, digits and underscores only. */
  | "code"
  /** A string with a fixed format (study ID, e-mail, site code). */
  | "formatted"
  /** Free text with a length limit (a reason, a name). */
  | "text"
  /** A list of coded values. */
  | "codes";

export type FieldSpec = { path: Path; kind: FieldKind; required: boolean; maxLength?: number };

export const ONE_MEGABYTE = 1_048_576;

/** Strings at least 1 MB long: ASCII, multi-byte unicode, or a repeated fragment. */
export const hugeString = fc.oneof(
  fc.constant("x".repeat(ONE_MEGABYTE)),
  fc.constant("é李🧬".repeat(Math.ceil(ONE_MEGABYTE / 9))),
  fc.string({ minLength: 1, maxLength: 8 }).map((fragment) => fragment.repeat(Math.ceil(ONE_MEGABYTE / fragment.length))),
);

/**
 * Text that PostgreSQL cannot store or that is not well-formed: NUL and other control
 * characters, and (in JSON and action arguments) lone surrogates. A submitted form cannot carry
 * a lone surrogate (FormData turns it into U+FFFD, which is text), so `inForm` leaves them out.
 */
export function malformedTextOf(inForm: boolean): fc.Arbitrary<string> {
  const bad = inForm ? ["\u0000", "a\u0000b", "\u0007", "\u001B[31m"] : ["\u0000", "\uD800", "\uDFFF", "a\u0000b", "\u0007"];
  return fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...bad), fc.string({ maxLength: 20 })).map(([before, badText, after]) => `Reason ${before}${badText}${after}`);
}

export const malformedText = malformedTextOf(false);

/** A string that is not any code: codes hold only A-Z, 0-9 and "_", so one other character disqualifies it. */
export const unknownCode = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom("ü", "é", "-", " x", "a", "🧬", "\u0000", "ＦＥＭＡＬＥ"), fc.string({ maxLength: 12 }))
  .map(([before, bad, after]) => `${before.toUpperCase()}${bad}${after}`);

/** Calendar dates in the forms people type them. */
export const fullDate = fc.oneof(
  fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom("04/03/2021", "4.3.21", "2021/03/04", "4 March 2021", "March 4, 2021", "04-Mar-2021"),
);

const badNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0.5, Number.MIN_SAFE_INTEGER),
  fc.integer({ min: -2_147_483_648, max: -1 }),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
);

/** Values of another type than a number (a numeric string is still the wrong type). */
const notANumber = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer().map(String),
  fc.boolean(),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  hugeString,
);

const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({}), fc.array(fc.string(), { minLength: 1, maxLength: 2 }));

/** Certainly-wrong values for a field of this kind (null is left out: optional fields accept it). */
export function badValueFor(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "number":
      return fc.oneof(badNumber, notANumber);
    case "day":
      return fc.oneof(badNumber, notANumber.filter((value) => typeof value !== "string" || value.length > 0), fullDate, fc.integer({ min: 36_501, max: 2_147_483_647 }));
    case "code":
      return fc.oneof(unknownCode, notAString, hugeString);
    case "formatted":
      return fc.oneof(unknownCode.map((code) => `${code}\u{1F9EC}`), notAString, hugeString, malformedText);
    case "text":
      return fc.oneof(notAString, hugeString, malformedText, ...(spec.maxLength ? [fc.constant("r".repeat(spec.maxLength + 1))] : []));
    case "codes":
      return fc.oneof(unknownCode, fc.array(unknownCode, { minLength: 1, maxLength: 3 }), fc.constant([[]]), fc.integer(), hugeString);
  }
}

/**
 * The object at `path` in a copy of `payload`, or null when an earlier corruption replaced a
 * parent with something that is not an object (the payload is then invalid already).
 */
function parentIn(copy: Payload, path: Path): Record<string | number, unknown> | null {
  let node: unknown = copy;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return typeof node === "object" && node !== null ? (node as Record<string | number, unknown>) : null;
}

export function setAt(payload: Payload, path: Path, value: unknown): Payload {
  const copy = structuredClone(payload);
  const parent = parentIn(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent && last !== undefined) Object.defineProperty(parent, last, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

export function removeAt(payload: Payload, path: Path): Payload {
  const copy = structuredClone(payload);
  const parent = parentIn(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent && last !== undefined) delete parent[last];
  return copy;
}

export type Corruption = { describe: string; apply: (payload: Payload) => Payload };

/**
 * Corruptions of a JSON payload whose fields are `fields`. `objects` are the paths of strict
 * objects (an unknown key is refused there); pass none for schemas that ignore unknown keys.
 */
export function corruptionsOf(fields: readonly FieldSpec[], objects: readonly Path[]): fc.Arbitrary<Corruption> {
  const wrongValue = fc
    .constantFrom(...fields)
    .chain((spec) => badValueFor(spec).map((value) => ({ spec, value })))
    .map(({ spec, value }): Corruption => ({ describe: `${spec.path.join(".")} = ${preview(value)}`, apply: (payload) => setAt(payload, spec.path, value) }));
  const required = fields.filter((spec) => spec.required);
  const missing = fc.constantFrom(...required).map((spec): Corruption => ({ describe: `without ${spec.path.join(".")}`, apply: (payload) => removeAt(payload, spec.path) }));
  const known = new Set(fields.map((spec) => String(spec.path[spec.path.length - 1])));
  const extra = objects.length === 0
    ? []
    : [
        fc
          .tuple(
            fc.constantFrom(...objects),
            fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("diagnosisDate", "dateOfBirth", "name", "mrn", "constructor")).filter((key) => !known.has(key) && key !== "__proto__"),
            fc.oneof(fc.jsonValue({ maxDepth: 2 }), fullDate),
          )
          .map(([object, key, value]): Corruption => ({
            describe: `extra ${[...object, key].join(".")}`,
            apply: (payload) => setAt(payload, [...object, key], value),
          })),
      ];
  return fc.oneof(wrongValue, ...(required.length > 0 ? [missing] : []), ...extra);
}

/** A valid payload with one to three corruptions applied. */
export function corruptedPayload(base: () => Payload, corruptions: fc.Arbitrary<Corruption>): fc.Arbitrary<{ payload: Payload; describe: string }> {
  return fc.array(corruptions, { minLength: 1, maxLength: 3 }).map((chosen) => ({
    payload: chosen.reduce((payload, corruption) => corruption.apply(payload), base()),
    describe: chosen.map((corruption) => corruption.describe).join("; "),
  }));
}

export function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}… (${text.length} chars)` : text;
}
