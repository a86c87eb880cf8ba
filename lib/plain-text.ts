// What a text field may hold. PostgreSQL cannot store a NUL character (a query carrying one
// fails as a server error, not a refusal), and control characters or unpaired UTF-16 surrogates
// are never typed by a person: they come from binary data pasted by mistake or from a client
// probing the server. Pure: forms in the browser share the schemas that use this.
import { z } from "zod";

// C0 controls except tab, line feed and carriage return; DEL; lone surrogates.
const NOT_PLAIN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isPlainText(text: string): boolean {
  return !NOT_PLAIN_TEXT.test(text);
}

/** A string schema refusing control characters, with a message naming the field. */
export function plainText(label: string, options: { error?: string } = {}) {
  return z.string({ error: options.error ?? `${label} must be text` }).refine(isPlainText, { error: `${label} contains characters that are not text (control characters)` });
}

/** For search boxes, which never refuse: characters that are not text are dropped. */
export function toPlainText(text: string): string {
  return text.replace(new RegExp(NOT_PLAIN_TEXT.source, "g"), "");
}
