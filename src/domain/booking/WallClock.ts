/**
 * The business's wall clock: turning "2026-03-30 09:00 in Europe/Zurich" into an instant and back,
 * with node's Intl only. Availability steps in wall-clock minutes and converts at the end, so 09:00
 * stays 09:00 on both sides of a daylight-saving change.
 */
import type { DayPart, LocalDate, LocalTime, Weekday } from "./types.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Date.getUTCDay() order (Sunday first) mapped to the extractor's weekday codes. */
const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Where an instant falls on the business's wall clock. */
export interface WallClockReading {
  date: LocalDate;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
  time: LocalTime;
  part: DayPart;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant, as a UTC timestamp of the same fields (for offset arithmetic). */
function wallFieldsAsUtc(instantMs: number, timezone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(instantMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
}

/** Offset of the zone from UTC at an instant, in ms (Zurich: +1h in winter, +2h in summer). */
export function zoneOffsetMs(instantMs: number, timezone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return wallFieldsAsUtc(wholeSeconds, timezone) - wholeSeconds;
}

/** Throws on a timezone name Intl does not know, so a typo fails at setup, not at booking time. */
export function assertTimezone(timezone: string): void {
  formatterFor(timezone);
}

const parsedTimes = new Map<string, number>();

export function parseLocalTime(time: LocalTime): number {
  const known = parsedTimes.get(time);
  if (known !== undefined) return known;
  const minutes = parseUncached(time);
  if (parsedTimes.size < 10_000) parsedTimes.set(time, minutes);
  return minutes;
}

function parseUncached(time: LocalTime): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatLocalTime(minutes: number): LocalTime {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Midnight UTC of a local date's calendar fields: a day counter, not an instant in the zone. */
export function calendarDayMs(date: LocalDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function formatCalendarDay(dayMs: number): LocalDate {
  return new Date(dayMs).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatCalendarDay(calendarDayMs(date) + days * DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAY_BY_UTC_DAY[new Date(calendarDayMs(date)).getUTCDay()] as Weekday;
}

/**
 * Parts of the day as the profile uses them (see PreferenceCombination): morning until 12:00,
 * afternoon until 17:00, evening after.
 */
export function dayPartOf(minutes: number): DayPart {
  if (minutes < 12 * 60) return "morning";
  if (minutes < 17 * 60) return "afternoon";
  return "evening";
}

/**
 * The instant a wall-clock time on a local date happens. In the spring-forward gap (02:30 on the
 * last Sunday of March in Zurich does not exist) it moves forward by the gap, as clocks do.
 */
export function wallClockToInstant(date: LocalDate, minutes: number, timezone: string): Date {
  return new Date(wallClockToMs(calendarDayMs(date) + minutes * MINUTE_MS, timezone));
}

/** `wallMs` is the wall-clock fields encoded as if they were UTC. */
function wallClockToMs(wallMs: number, timezone: string): number {
  // Guess with the offset at the wall time read as UTC, then correct once with the offset at the guess.
  const first = wallMs - zoneOffsetMs(wallMs, timezone);
  const second = wallMs - zoneOffsetMs(first, timezone);
  if (first === second) return first;
  // The offsets disagree only around a change: take the reading that maps back to the wall time.
  return wallFieldsAsUtc(second, timezone) === wallMs ? second : Math.max(first, second);
}

/**
 * Converts wall-clock minutes of one local date to instants, fast: the zone's offset is looked up
 * twice per date and reused when it does not change during the day (every day but two a year).
 */
export class LocalDay {
  private static readonly cache = new Map<string, Map<number, LocalDay>>();

  /**
   * The (cached) day for a calendar-day counter (`calendarDayMs`) in a timezone: availability asks
   * for the same 90 days on every request, and each new day costs a few Intl look-ups.
   */
  static of(dayMs: number, timezone: string): LocalDay {
    let days = LocalDay.cache.get(timezone);
    if (!days) {
      days = new Map();
      LocalDay.cache.set(timezone, days);
    }
    let day = days.get(dayMs);
    if (!day) {
      // Bounded: a long-running server moves through the calendar.
      if (days.size > 20_000) days.clear();
      day = new LocalDay(formatCalendarDay(dayMs), timezone);
      days.set(dayMs, day);
    }
    return day;
  }

  readonly date: LocalDate;
  readonly weekday: Weekday;
  readonly dayMs: number;
  private readonly steadyOffsetMs: number | null;

  constructor(
    date: LocalDate,
    private readonly timezone: string,
  ) {
    this.date = date;
    this.dayMs = calendarDayMs(date);
    this.weekday = WEEKDAY_BY_UTC_DAY[new Date(this.dayMs).getUTCDay()] as Weekday;
    const atStart = wallClockToMs(this.dayMs, timezone) - this.dayMs;
    const atEnd =
      wallClockToMs(this.dayMs + DAY_MS - MINUTE_MS, timezone) - (this.dayMs + DAY_MS - MINUTE_MS);
    this.steadyOffsetMs = atStart === atEnd ? atStart : null;
  }

  /** False on the two days a year the offset changes. */
  get steady(): boolean {
    return this.steadyOffsetMs !== null;
  }

  /** The instant (ms) of a wall-clock time on this date. */
  instantMs(minutes: number): number {
    const wallMs = this.dayMs + minutes * MINUTE_MS;
    return this.steadyOffsetMs === null ? wallClockToMs(wallMs, this.timezone) : wallMs + this.steadyOffsetMs;
  }
}

/** Where an instant falls on the business's wall clock: date, weekday, time and part of day. */
export function readWallClock(instant: Date, timezone: string): WallClockReading {
  const wallMs = wallFieldsAsUtc(instant.getTime(), timezone);
  const dayMs = Math.floor(wallMs / DAY_MS) * DAY_MS;
  const minutes = Math.floor((wallMs - dayMs) / MINUTE_MS);
  return {
    date: formatCalendarDay(dayMs),
    weekday: WEEKDAY_BY_UTC_DAY[new Date(dayMs).getUTCDay()] as Weekday,
    minutes,
    time: formatLocalTime(minutes),
    part: dayPartOf(minutes),
  };
}

/** "00:00" … "23:59", so reading thousands of slots formats no strings. */
const TIME_OF_MINUTE: readonly LocalTime[] = Array.from({ length: 24 * 60 }, (_, m) => formatLocalTime(m));

/**
 * Reads many instants of one timezone quickly: the zone offset is cached per UTC hour (offsets
 * change on whole hours in every zone a practice is likely to be in) and date strings per day, so
 * ranking thousands of slots does not call Intl for each.
 */
export class WallClockReader {
  private static readonly shared = new Map<string, WallClockReader>();

  /** One reader per timezone for the whole process, so its caches outlive a single request. */
  static for(timezone: string): WallClockReader {
    let reader = WallClockReader.shared.get(timezone);
    if (!reader) {
      reader = new WallClockReader(timezone);
      WallClockReader.shared.set(timezone, reader);
    }
    return reader;
  }

  private readonly offsets = new Map<number, number>();
  private readonly dates = new Map<number, { date: LocalDate; weekday: Weekday }>();

  constructor(readonly timezone: string) {}

  read(instant: Date | number): WallClockReading {
    const ms = typeof instant === "number" ? instant : instant.getTime();
    const hour = Math.floor(ms / 3_600_000);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      // Bounded: a long-running server moves through the calendar.
      if (this.offsets.size > 500_000) this.offsets.clear();
      offset = zoneOffsetMs(hour * 3_600_000, this.timezone);
      this.offsets.set(hour, offset);
    }
    const wallMs = ms + offset;
    const dayIndex = Math.floor(wallMs / DAY_MS);
    let day = this.dates.get(dayIndex);
    if (!day) {
      if (this.dates.size > 20_000) this.dates.clear();
      const dayMs = dayIndex * DAY_MS;
      day = {
        date: formatCalendarDay(dayMs),
        weekday: WEEKDAY_BY_UTC_DAY[new Date(dayMs).getUTCDay()] as Weekday,
      };
      this.dates.set(dayIndex, day);
    }
    const minutes = Math.floor((wallMs - dayIndex * DAY_MS) / MINUTE_MS);
    return {
      date: day.date,
      weekday: day.weekday,
      minutes,
      time: TIME_OF_MINUTE[minutes] as LocalTime,
      part: dayPartOf(minutes),
    };
  }
}
