// Submitted forms of the admin and sign-in actions, as the browser sends them (every value a
// string, or a file), with corruptions that are each invalid on their own. Unknown form fields
// are ignored by these schemas, so extra fields only ride along with a real corruption.
import fc from "fast-check";
import { hugeString, malformedTextOf, unknownCode } from "./corruptions";

const malformedText = malformedTextOf(true);

export type FormFields = Record<string, string | File>;

export type FormCorruption = { describe: string; apply: (fields: FormFields) => FormFields };

export type FormFieldKind = "email" | "name" | "role" | "siteCode" | "password" | "boolean" | "siteName";

/**
 * Values that are certainly wrong for a field of this kind. A file where text belongs is
 * dropped by the action (so it counts as missing): wrong only for a required field.
 */
export function badFormValue(kind: FormFieldKind, required: boolean): fc.Arbitrary<string | File> {
  const file = required ? fc.constant(new File(["%PDF-1.4 garbage"], "upload.pdf", { type: "application/pdf" })) : fc.constant("\u0000");
  switch (kind) {
    case "email":
      return fc.oneof(unknownCode, hugeString, malformedText, fc.constantFrom("", "   ", "no-at-sign", "a@", "@b.example", "a b@c.example", "ünïcode@exämple.org", `${"a".repeat(250)}@x.example`), file);
    case "name":
      return fc.oneof(hugeString, malformedText, fc.constantFrom("", "   ", "\t\n"), fc.constant("n".repeat(121)), file);
    case "siteName":
      return fc.oneof(hugeString, malformedText, fc.constantFrom("", " ", "x", "\u00a0"), fc.constant("n".repeat(121)), file);
    case "role":
      return fc.oneof(unknownCode, fc.constantFrom("", "admin", "Administrator", "SUPERUSER", "ADMIN "), hugeString, file);
    case "siteCode":
      return fc.oneof(unknownCode, fc.constantFrom("1", "12345", "0x1", "١٢", "01;", "-01", "99 99"), hugeString, file);
    case "password":
      return fc.oneof(fc.string({ minLength: 1, maxLength: 11 }).filter((text) => text.trim().length > 0), fc.constant("p".repeat(201)), hugeString);
    case "boolean":
      return fc.oneof(unknownCode, fc.constantFrom("maybe", "2", "-1", "yes please", "TRUE!", "null"), hugeString);
  }
}

export function formCorruptions(fields: readonly { name: string; kind: FormFieldKind; required: boolean }[]): fc.Arbitrary<FormCorruption> {
  const wrong = fc
    .constantFrom(...fields)
    .chain((field) => badFormValue(field.kind, field.required).map((value) => ({ field, value })))
    .map(({ field, value }): FormCorruption => ({
      describe: `${field.name} = ${typeof value === "string" ? JSON.stringify(value.slice(0, 30)) + (value.length > 30 ? `… (${value.length} chars)` : "") : "a file"}`,
      apply: (form) => ({ ...form, [field.name]: value }),
    }));
  const required = fields.filter((field) => field.required);
  const missing = required.length === 0
    ? []
    : [
        fc.constantFrom(...required).map((field): FormCorruption => ({
          describe: `without ${field.name}`,
          apply: (form) => Object.fromEntries(Object.entries(form).filter(([name]) => name !== field.name)),
        })),
      ];
  return fc.oneof(wrong, ...missing);
}

/** Fields a forged or replayed form might add; ignored, so only ever combined with a corruption. */
export const extraFormFields = fc.dictionary(
  fc.oneof(fc.constantFrom("id", "passwordHash", "active", "role", "siteId", "$ACTION_ID_x"), fc.string({ minLength: 1, maxLength: 10 }).filter((key) => key !== "__proto__")),
  fc.oneof(fc.string({ maxLength: 20 }), hugeString),
  { maxKeys: 3 },
);

export function toFormData(fields: FormFields): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}
