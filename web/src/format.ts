/** Dates and numbers as the business sees them: in its time zone, in the panel's language. */
export interface Clock {
  locale: string;
  timeZone: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(clock: Clock, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${clock.locale}|${clock.timeZone}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(clock.locale, { ...options, timeZone: clock.timeZone });
    cache.set(key, found);
  }
  return found;
}

export function formatDateTime(clock: Clock, iso: string | null | undefined): string {
  if (!iso) return "—";
  return formatter(clock, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatDate(clock: Clock, iso: string | null | undefined): string {
  if (!iso) return "—";
  return formatter(clock, { dateStyle: "medium" }).format(new Date(iso));
}

export function formatTime(clock: Clock, iso: string): string {
  return formatter(clock, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

export function formatLongDay(clock: Clock, localDate: string): string {
  // Noon UTC of that date is the same calendar day in every zone from UTC−11 to UTC+11.
  return new Intl.DateTimeFormat(clock.locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${localDate}T12:00:00Z`));
}

/** A YYYY-MM-DD date of the wall clock, e.g. "1 Dec 2026". */
export function formatLocalDay(clock: Clock, localDate: string): string {
  return new Intl.DateTimeFormat(clock.locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${localDate}T12:00:00Z`),
  );
}

/** YYYY-MM-DD of an instant on the business's wall clock. */
export function localDateOf(timeZone: string, instant: Date): string {
  return formatter(
    { locale: "en-CA", timeZone },
    { year: "numeric", month: "2-digit", day: "2-digit" },
  ).format(instant);
}

/** Minutes since local midnight of an instant on the business's wall clock. */
export function localMinutesOf(timeZone: string, instant: Date): number {
  const parts = formatter(
    { locale: "en-GB", timeZone },
    { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  ).formatToParts(instant);
  const hour = Number(parts.find((part) => part.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

/** The instant a local day (YYYY-MM-DD) begins on the business's wall clock (DST-safe). */
export function startOfLocalDay(timeZone: string, localDate: string): Date {
  const wanted = Date.parse(`${localDate}T00:00:00Z`);
  let instant = wanted;
  // The wall clock's distance from UTC at the guess, corrected once more across a DST change.
  for (let i = 0; i < 2; i++) {
    const wall = Date.parse(`${localDateOf(timeZone, new Date(instant))}T00:00:00Z`);
    instant -= wall + localMinutesOf(timeZone, new Date(instant)) * 60_000 - wanted;
  }
  return new Date(instant);
}

export function addDaysToLocalDate(localDate: string, days: number): string {
  const date = new Date(`${localDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function percent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
}
