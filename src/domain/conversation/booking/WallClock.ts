/**
 * The booking conversation's view of the business's wall clock: today's date, time and weekday in its
 * timezone (from the booking domain's WallClock), plus the calendar steps reading dates needs.
 */
import type { LocalDate, LocalTime, Weekday } from "../../booking/types.ts";
import { addDays, readWallClock, weekdayOf } from "../../booking/WallClock.ts";
import { WEEKDAYS } from "../../extraction/types.ts";

export interface WallClockNow {
  date: LocalDate;
  time: LocalTime;
  weekday: Weekday;
}

/** The local date and time of an instant in a timezone (the booking domain's wall clock). */
export function wallClock(instant: Date, timezone: string): WallClockNow {
  const { date, time, weekday } = readWallClock(instant, timezone);
  return { date, time, weekday };
}

export { addDays, weekdayOf };

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
