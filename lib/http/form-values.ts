// A submitted form as plain text fields, for a zod schema to parse. Files are left out (no admin
// form takes one) and so are the fields React adds to identify a server action.
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}
