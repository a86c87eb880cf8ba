// Pure: the case form's error summary, which sits far from the row a message belongs to.

/**
 * A message as the error summary shows it (issue 16 §9): naming the test or line it belongs to,
 * "HER2 test 2: specimen is required", since the summary sits far from the row.
 */
export function messageWithRow(path: string, message: string): string {
  const row = /^(tests|lines)\.(\d+)\./.exec(path);
  if (!row) return message;
  const name = `${row[1] === "tests" ? "HER2 test" : "Treatment line"} ${Number(row[2]) + 1}`;
  if (message.startsWith(name)) return message;
  // "Specimen is required" reads on as "specimen is required"; "ISH ratio …" keeps its capitals.
  const first = /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() : message.charAt(0);
  return `${name}: ${first}${message.slice(1)}`;
}
