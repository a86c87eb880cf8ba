// Timestamps of account and audit events (when the data were handled, not clinical dates), in
// UTC so that every site and the server read the same time.
export function formatUtcTime(date: Date | null): string {
  if (!date) return "—";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
