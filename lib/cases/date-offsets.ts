/**
 * Calendar dates typed in the browser become the diagnosis year and whole days since diagnosis
 * before anything is sent (product.md §2): the server never receives a full date. Pure and
 * free of time zones: dates are read as calendar days (UTC midnight), so a daylight-saving
 * change never shifts a day count.
 */
export type CalendarDate = { year: number; month: number; day: number };

const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Parses `YYYY-MM-DD` (what `<input type="date">` gives); null when it is not a real day. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function toDayNumber(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round(toDayNumber(to) - toDayNumber(from));
}

export type DateOffsetResult =
  | { ok: true; days: number }
  | { ok: false; message: string };

/** Days since diagnosis of an event typed as a date, with a message for the form when it cannot be used. */
export function offsetFromDiagnosis(diagnosisDate: string, eventDate: string): DateOffsetResult {
  const diagnosis = parseCalendarDate(diagnosisDate);
  if (!diagnosis) return { ok: false, message: "Enter the date of diagnosis first" };
  const event = parseCalendarDate(eventDate);
  if (!event) return { ok: false, message: "Enter a real calendar date" };
  const days = daysBetween(diagnosis, event);
  if (days < 0) return { ok: false, message: "This date is before the diagnosis" };
  return { ok: true, days };
}

/** The diagnosis year, the only part of the diagnosis date that is stored. */
export function diagnosisYearOf(diagnosisDate: string): number | null {
  return parseCalendarDate(diagnosisDate)?.year ?? null;
}
