/**
 * The when of a booking message, mention by mention and with positions (so a reschedule can tell
 * the appointment it moves from the time it moves to): concrete dates ("tomorrow", "next Tuesday",
 * "am Freitag", "übermorgen", "3. Dezember"), habitual days ("Tuesdays"), parts of the day,
 * bounds ("after 5", "vor 10 Uhr") and exact times ("at 3pm", "um 9 Uhr", "halb drei").
 *
 * Choices, documented once:
 * - A weekday name is its next occurrence after today ("Friday" said on a Friday is a week later);
 *   "next Tuesday" is the same date as "Tuesday" (the first one ahead); "Tuesday next week" is in
 *   next week.
 * - A date without a year is its next occurrence on or after today (on 29 Dec "3. Januar" is next year).
 * - A bare hour from 1 to 7 is afternoon (the extractor's working-hours rule, clockTime.ts), unless a
 *   morning word is in the message. "halb drei" is 14:30 and "halb zwei" 13:30 by the same rule,
 *   "halb neun" is 08:30; "half past two" is 14:30.
 */
import * as chrono from "chrono-node";
import type { DayPart, LocalDate, LocalTime, Weekday } from "../../booking/types.ts";
import { clockAt } from "../../extraction/fields/clockTime.ts";
import { fold } from "../../extraction/text/fold.ts";
import type { MessageText } from "../../extraction/text/MessageText.ts";
import { WEEKDAYS } from "../../extraction/types.ts";
import { compileTerms, findAll, termsOf } from "./BookingLexicon.ts";
import { BOOKING_VOCABULARIES } from "./vocabulary/index.ts";
import {
  addDays,
  hhmm,
  localDate,
  mondayOf,
  nextWeekday,
  type WallClockNow,
  weekdayOf,
} from "./WallClock.ts";

export type TimeMention = { start: number; end: number } & (
  | { kind: "date"; date: LocalDate }
  | { kind: "week"; dates: LocalDate[] }
  | { kind: "weekday"; day: Weekday; habitual: boolean }
  | { kind: "part"; part: DayPart }
  | { kind: "after" | "before" | "at"; time: LocalTime }
);

const HABITUAL_PREFIX = /^(every|each|any|on|jeden|immer|am \w+ immer|an)\b/;

export function readTimeMentions(msg: MessageText, today: WallClockNow): TimeMention[] {
  const f = msg.folded;
  const mentions: TimeMention[] = [];
  const morningSaid =
    msg.hits.all("partOnce").some((p) => p.key === "morning") ||
    msg.hits.all("partHabitual").some((p) => p.key === "morning");

  // Relative days. German "morgen" is tomorrow except in "guten Morgen", "am Morgen", "heute morgen".
  for (const m of findAll(
    termsOf("dayAfterTomorrow", (v) => v.days.dayAfterTomorrow),
    f,
  )) {
    mentions.push({ kind: "date", date: addDays(today.date, 2), start: m.start, end: m.end });
  }
  for (const m of findAll(
    termsOf("tomorrow", (v) => v.days.tomorrow),
    f,
  )) {
    if (overlaps(mentions, m)) continue;
    const before = f.slice(Math.max(0, m.start - 8), m.start);
    if (/^mor/.test(m.text) && /\b(guten|am|jeden|den|dem|heute|gute|guete)\s+$/.test(before)) continue;
    mentions.push({ kind: "date", date: addDays(today.date, 1), start: m.start, end: m.end });
  }
  for (const m of findAll(
    termsOf("today", (v) => v.days.today),
    f,
  )) {
    if (overlaps(mentions, m)) continue;
    mentions.push({ kind: "date", date: today.date, start: m.start, end: m.end });
  }
  for (const m of findAll(
    termsOf("nextWeek", (v) => v.days.nextWeek),
    f,
  )) {
    const monday = addDays(mondayOf(today.date), 7);
    mentions.push({ kind: "week", dates: week(monday, monday), start: m.start, end: m.end });
  }
  for (const m of findAll(
    termsOf("thisWeek", (v) => v.days.thisWeek),
    f,
  )) {
    mentions.push({
      kind: "week",
      dates: week(mondayOf(today.date), today.date),
      start: m.start,
      end: m.end,
    });
  }

  // Weekdays, read by the extractor's lexicon (it knows "zischtig" and "Dienstagnachmittag").
  for (const m of msg.hits.all("dayHabitual")) {
    const text = f.slice(m.start, m.end);
    const habitual = HABITUAL_PREFIX.test(text) || /s$/.test(text);
    mentions.push({ kind: "weekday", day: m.key as Weekday, habitual, start: m.start, end: m.end });
  }
  for (const m of msg.hits.all("dayOnce")) {
    if (overlaps(mentions, m)) continue;
    mentions.push({ kind: "weekday", day: m.key as Weekday, habitual: false, start: m.start, end: m.end });
  }
  for (const m of [...msg.hits.all("partOnce"), ...msg.hits.all("partHabitual")]) {
    if (mentions.some((x) => x.kind === "part" && x.start < m.end && m.start < x.end)) continue;
    mentions.push({ kind: "part", part: m.key as DayPart, start: m.start, end: m.end });
  }

  for (const day of WEEKDAYS) {
    const re = termsOf(`appointment-${day}`, (v) => v.weekdayAppointment[day] ?? []);
    for (const m of findAll(re, f))
      mentions.push({ kind: "weekday", day, habitual: false, start: m.start, end: m.end });
  }

  const dates = [...explicitDates(msg, today)];
  dates.push(...numericDates(f, today).filter((d) => !overlaps(dates, d)));
  dates.push(...dayOfMonth(f, today).filter((d) => !overlaps(dates, d)));
  // "am Montag, 7. Dezember": the weekday only describes the date beside it.
  const described = (m: TimeMention) =>
    m.kind === "weekday" &&
    !m.habitual &&
    dates.some(
      (d) => d.kind === "date" && weekdayOf(d.date) === m.day && d.start <= m.end + 4 && m.start <= d.end,
    );
  for (let i = mentions.length - 1; i >= 0; i--)
    if (described(mentions[i] as TimeMention)) mentions.splice(i, 1);
  mentions.push(...dates);
  mentions.push(...clockMentions(msg, morningSaid));
  return mentions.filter((m) => !excluded(f, m)).sort((a, b) => a.start - b.start);
}

/** "not on Friday", "ausser am Freitag": a day the customer cannot come is not part of the wish. */
function excluded(folded: string, m: TimeMention): boolean {
  if (m.kind !== "weekday" && m.kind !== "date") return false;
  const before = folded.slice(Math.max(0, m.start - 24), m.start);
  return findAll(
    termsOf("excludeDay", (v) => v.excludeDay),
    before,
  ).some((x) => before.slice(x.end).trim() === "");
}

/** "24.12.", "24.12.2026", "3.1.27": Swiss numeric dates, day first. */
function numericDates(folded: string, today: WallClockNow): TimeMention[] {
  const out: TimeMention[] = [];
  for (const m of folded.matchAll(/(?<![\p{N}.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\p{N}])/gu)) {
    const [y] = today.date.split("-").map(Number) as [number];
    const given = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : undefined;
    let date = localDate(given ?? y, Number(m[2]), Number(m[1]));
    if (date && given === undefined && date < today.date) date = localDate(y + 1, Number(m[2]), Number(m[1]));
    if (date) out.push({ kind: "date", date, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** "the 3rd", "am 3.": a day of this month, or of the next when it has passed. */
function dayOfMonth(folded: string, today: WallClockNow): TimeMention[] {
  const out: TimeMention[] = [];
  for (const m of folded.matchAll(
    /(?<![\p{L}\p{N}])(?:the|am|den|on the)\s+(\d{1,2})(?:st|nd|rd|th|\.)(?!\s*\d)/gu,
  )) {
    const day = Number(m[1]);
    const [y, mo] = today.date.split("-").map(Number) as [number, number];
    let date = localDate(y, mo, day);
    if (!date || date < today.date) date = mo === 12 ? localDate(y + 1, 1, day) : localDate(y, mo + 1, day);
    if (date) out.push({ kind: "date", date, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The weekday mentions as dates: in the week named, or the next one ahead. */
export function weekdayDate(day: Weekday, today: WallClockNow, weekOf?: LocalDate[]): LocalDate {
  const inWeek = weekOf?.find((d) => weekdayOf(d) === day);
  return inWeek ?? nextWeekday(today.date, day, true);
}

function week(monday: LocalDate, from: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let i = 0; i < 7; i++) {
    const d = addDays(monday, i);
    if (d >= from) dates.push(d);
  }
  return dates;
}

function overlaps(mentions: readonly { start: number; end: number }[], m: { start: number; end: number }) {
  return mentions.some((x) => x.start < m.end && m.start < x.end);
}

/** "3. Dezember", "3.12.", "December 3rd", "3 Dec 2026": chrono-node reads them; a date needs a digit. */
function explicitDates(msg: MessageText, today: WallClockNow): TimeMention[] {
  // Every date chrono-node is asked for here has a digit; without one, spare the two parses.
  if (!/\d/.test(msg.raw)) return [];
  const [y, m, d] = today.date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = today.time.split(":").map(Number) as [number, number];
  // chrono works on the process's clock; a Date holding the business's wall clock keeps it honest.
  const reference = new Date(y, m - 1, d, hh, mm);
  const out: TimeMention[] = [];
  const seen = new Set<number>();
  for (const parser of [chrono.de, chrono.en]) {
    for (const result of parser.parse(msg.raw, reference)) {
      if (!result.start.isCertain("day") || !result.start.isCertain("month") || !/\d/.test(result.text))
        continue;
      // "vor 18h" is "before 6 pm" to a customer and "18 hours ago" to chrono: a count of hours or
      // minutes from now is a time, which the clock readers own, never a date.
      if (result.tags().has("result/relativeDateAndTime")) continue;
      if (!/\d\s*\.?\s*(\d|[a-z])|[a-z]\s*\d/i.test(result.text)) continue;
      const start = result.index;
      if (seen.has(start)) continue;
      // Only the date part: "3. Dezember um 9 Uhr" leaves the time to the clock readers.
      const dateText =
        /^[\s\S]*?(\d{1,2}\.?\s*(\d{1,2}\.|[a-zäöü]{3,}\.?)(\s*\d{4})?|[a-z]{3,}\.?\s+\d{1,2}(st|nd|rd|th)?(,?\s*\d{4})?)/i.exec(
          result.text,
        );
      const day = result.start.get("day") as number;
      const month = result.start.get("month") as number;
      let year = result.start.isCertain("year") ? (result.start.get("year") as number) : y;
      let date = localDate(year, month, day);
      if (date && !result.start.isCertain("year") && date < today.date) {
        year += 1;
        date = localDate(year, month, day);
      }
      // Nobody books yesterday: "vor 2 Tagen" is when something happened, not a wish.
      if (!date || date < today.date) continue;
      seen.add(start);
      out.push({ kind: "date", date, start, end: start + (dateText?.[0].length ?? result.text.length) });
    }
  }
  return out;
}

/** "halb drei", "viertel nach 3", "quarter to ten": clock words of every language, folded. */
const RELATIVE_CLOCK: ReadonlyMap<string, readonly [number, number]> = new Map(
  Object.values(BOOKING_VOCABULARIES).flatMap((v) =>
    v.relativeClock.map(([words, shift, minute]) => [fold(words), [shift, minute] as const] as const),
  ),
);
const RELATIVE_CLOCK_AT = new RegExp(
  `^\\s*(${[...RELATIVE_CLOCK.keys()].sort((a, b) => b.length - a.length).join("|")})\\s+(\\d{1,2}|[a-z]+)(?![\\p{L}\\p{N}])`,
  "u",
);
const RELATIVE_CLOCK_ANYWHERE = compileTerms([...RELATIVE_CLOCK.keys()]);
/** A clock time standing alone: with am/pm, "Uhr" or "o'clock", or with minutes after a colon ("9:30"). */
const MERIDIEM_CLOCK =
  /(?<![\p{L}\p{N}:./])(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h|o'clock)|\d{1,2}:\d{2})(?![\p{L}\p{N}])/gu;

/** Bounds ("after 5", "ab 15 Uhr", "between 9 and 11"), then exact times ("at 3pm", "um 9", "halb drei"). */
function clockMentions(msg: MessageText, morning: boolean): TimeMention[] {
  const f = msg.folded;
  const out: TimeMention[] = [];
  for (const r of msg.hits.all("rangeStart")) {
    const a = clockAt(f, r.end, morning);
    if (!a) continue;
    const join = /^\s*(?:-|–|to|and|till|until|bis|und)\s*/.exec(f.slice(a.end));
    const b = join ? clockAt(f, a.end + join[0].length, morning) : undefined;
    if (!b) continue;
    out.push({ kind: "after", time: a.time, start: r.start, end: a.end });
    out.push({ kind: "before", time: b.time, start: a.end, end: b.end });
  }
  // "viertel nach 3" before bounds: its "nach" is not "after 3".
  for (const m of findAll(RELATIVE_CLOCK_ANYWHERE, f)) {
    if (overlaps(out, m)) continue;
    const c = relativeClockAt(f, m.start, morning);
    if (c) out.push({ kind: "at", time: c.time, start: m.start, end: c.end });
  }
  for (const m of msg.hits.all("bound")) {
    if (overlaps(out, m)) continue;
    const c = clockAt(f, m.end, morning) ?? relativeClockAt(f, m.end, morning);
    if (!c) continue;
    // "vor halb drei": the clock word is the bound's, not a time of its own.
    const own = out.findIndex((x) => x.kind === "at" && x.start >= m.end && x.end <= c.end);
    if (own >= 0) out.splice(own, 1);
    out.push({ kind: m.key === "after" ? "after" : "before", time: c.time, start: m.start, end: c.end });
  }
  const atWords = [
    ...findAll(
      termsOf("at", (v) => v.at),
      f,
    ).map((m) => ({ ...m, loose: false })),
    ...findAll(
      termsOf("atIfClock", (v) => v.atIfClock),
      f,
    ).map((m) => ({ ...m, loose: true })),
  ];
  for (const m of atWords) {
    if (overlaps(out, m)) continue;
    const c = clockAt(f, m.end, morning) ?? (m.loose ? undefined : hourWordAt(f, m.end, morning));
    if (!c || overlaps(out, { start: m.start, end: c.end }) || partOfDate(f, c.end)) continue;
    // "for 2 weeks" is not 14:00: a loose word needs am/pm, "Uhr" or minutes.
    if (m.loose && !("explicit" in c && c.explicit) && !/[:.]\d\d/.test(f.slice(m.end, c.end))) continue;
    out.push({ kind: "at", time: c.time, start: m.start, end: c.end });
  }
  for (const m of findAll(MERIDIEM_CLOCK, f)) {
    if (overlaps(out, m)) continue;
    const c = clockAt(f, m.start, morning);
    if (c) out.push({ kind: "at", time: c.time, start: m.start, end: c.end });
  }
  return out;
}

/** "halb drei" (14:30), "halb 3", "half past two", "viertel vor 9" (08:45). */
/** "12/3", "24.12.": the number is a date's, not a time. */
function partOfDate(folded: string, end: number): boolean {
  return /^[/.]\d/.test(folded.slice(end));
}

function relativeClockAt(
  folded: string,
  at: number,
  morning: boolean,
): { time: LocalTime; end: number } | undefined {
  const m = RELATIVE_CLOCK_AT.exec(folded.slice(at));
  if (!m) return undefined;
  const hour = hourOf(m[2] as string);
  const [shift, minute] = RELATIVE_CLOCK.get(m[1] as string) ?? [0, 0];
  if (hour === undefined) return undefined;
  const named = hour + shift;
  return { time: workingHours(named === 0 ? 12 : named, minute, morning), end: at + m[0].length };
}

/** "at three", "um neun": an hour word after a time word. */
function hourWordAt(
  folded: string,
  at: number,
  morning: boolean,
): { time: LocalTime; end: number } | undefined {
  const m = /^\s*([a-z]+)(?![\p{L}\p{N}])(\s+(uhr|o'clock))?/u.exec(folded.slice(at));
  if (!m) return undefined;
  const hour = hourOf(m[1] as string);
  if (hour === undefined || (m[1] === "ein" && !m[3])) return undefined;
  return { time: workingHours(hour, 0, morning), end: at + m[0].length };
}

/** Hour words of every language, folded: "three" and "drei" are 3. */
const HOUR_WORDS: ReadonlyMap<string, number> = new Map(
  Object.values(BOOKING_VOCABULARIES).flatMap((v) =>
    Object.entries(v.hourWords).flatMap(([hour, words]) =>
      words.map((w) => [fold(w), Number(hour)] as const),
    ),
  ),
);

function hourOf(word: string): number | undefined {
  if (/^\d{1,2}$/.test(word)) {
    const n = Number(word);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  return HOUR_WORDS.get(word);
}

function workingHours(hour: number, minute: number, morning: boolean): LocalTime {
  return hhmm(!morning && hour >= 1 && hour <= 7 ? hour + 12 : hour, minute);
}
