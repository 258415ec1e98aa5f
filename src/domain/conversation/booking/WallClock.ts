/**
 * The business's wall clock: what day and time it is in its timezone (Europe/Zurich for the demo),
 * and plain calendar arithmetic on "YYYY-MM-DD" strings, so a message read at 00:30 on the DST
 * Sunday is about that Sunday, whatever the server's own timezone.
 */
import type { LocalDate, LocalTime, Weekday } from "../../booking/types.ts";
import { WEEKDAYS } from "../../extraction/types.ts";

export interface WallClockNow {
  date: LocalDate;
  time: LocalTime;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The local date and time of an instant in a timezone. */
export function wallClock(instant: Date, timezone: string): WallClockNow {
  const parts = Object.fromEntries(
    partsFormatter(timezone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, time: `${parts.hour}:${parts.minute}`, weekday: weekdayOf(date) };
}

export function weekdayOf(date: LocalDate): Weekday {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const sundayFirst = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function localDate(year: number, month: number, day: number): LocalDate | null {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return probe.toISOString().slice(0, 10);
}

/** The first date on or after `from` (strictly after when `skipSame`) that falls on `day`. */
export function nextWeekday(from: LocalDate, day: Weekday, skipSame: boolean): LocalDate {
  const diff = (WEEKDAYS.indexOf(day) - WEEKDAYS.indexOf(weekdayOf(from)) + 7) % 7;
  return addDays(from, diff === 0 && skipSame ? 7 : diff);
}

/** Monday of the week a date lies in. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
}

export function hhmm(hour: number, minute: number): LocalTime {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
