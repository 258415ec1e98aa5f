/**
 * What a customer's message asks of the booking: book, reschedule, cancel, list their
 * appointments, or nothing booking-related; with the one-off wish it carries (service, staff,
 * dates, days, parts, bounds, exact time, urgency) and, for a reschedule or cancellation, which
 * appointment it points at. Pure: the business, the language, `now` and the timezone are given.
 */
import type { LocalDate, LocalTime, OneOffWish, Weekday } from "../../booking/types.ts";
import type { BusinessCatalog, Language } from "../../business/BusinessCatalog.ts";
import { businessTerms } from "../../extraction/BusinessTerms.ts";
import { isUrgent } from "../../extraction/fields/signals.ts";
import { isNegated } from "../../extraction/refiners/negation.ts";
import { MessageText } from "../../extraction/text/MessageText.ts";
import type { DayPart, Gender } from "../../extraction/types.ts";
import { findAll, has, termsOf, type WordMatch } from "./BookingLexicon.ts";
import { readTimeMentions, type TimeMention, weekdayDate } from "./TimeMentions.ts";
import { type WallClockNow, wallClock } from "./WallClock.ts";

export type BookingIntent = "book" | "reschedule" | "cancel" | "list" | "none";

export interface BookingContext {
  business: BusinessCatalog;
  /** The conversation's language (replies use it; every language is read). */
  language: Language;
  now: Date;
  /** IANA timezone for dates and times; the business's when left out. */
  timezone?: string;
}

/**
 * The customer's own appointment a reschedule or cancellation is about, as far as the message says.
 * `dates` are exact ("tomorrow", "3. Dezember", "Tuesday next week"); a bare weekday is in `days`
 * ("my Tuesday appointment" is whichever Tuesday it is on). Resolve with `appointmentsNamed`.
 */
export interface AppointmentPointer {
  dates?: LocalDate[];
  days?: Weekday[];
  parts?: DayPart[];
  at?: LocalTime;
  serviceIds?: string[];
  staffId?: string;
}

export interface BookingRequest {
  intent: BookingIntent;
  /** For "book": the wish; for "reschedule": the new time. Never a standing preference. */
  wish: OneOffWish;
  /** Services the words could mean when they name several ("a massage"): ask which. Empty otherwise. */
  serviceOptions: string[];
  /** For "reschedule" and "cancel": the appointment named ("my Tuesday appointment"); null when none was. */
  appointment: AppointmentPointer | null;
  /**
   * The message's times are for this booking only: the integrator must not store the extractor's
   * `preferred_appointment_times` fact from it (see `withoutOneOffTimes`).
   */
  timesAreOneOff: boolean;
  /**
   * A reschedule that names only a new time ("move Tuesday to 3pm"): the new time is on the
   * appointment's own day. `wish.dates` holds the best guess (the next such weekday); replace it with
   * the day of the appointment found by `appointmentsNamed`.
   */
  keepsAppointmentDay: boolean;
}

interface Mention {
  start: number;
  end: number;
  apply: (wish: OneOffWish, pointer: AppointmentPointer) => void;
  /** A time mention, as opposed to a service or a person. */
  time: boolean;
}

export function readBookingRequest(text: string, context: BookingContext): BookingRequest {
  const msg = new MessageText(text.slice(0, 4096));
  const f = msg.folded;
  const today = wallClock(context.now, context.timezone ?? context.business.timezone);
  const times = readTimeMentions(msg, today);
  const { mentions, serviceOptions, serviceMentioned } = readMentions(msg, context.business, times, today);

  const cancel = has(
    termsOf("cancel", (v) => v.intent.cancel),
    f,
  );
  const reschedule = has(
    termsOf("reschedule", (v) => v.intent.reschedule),
    f,
  );
  const list = has(
    termsOf("list", (v) => v.intent.list),
    f,
  );
  const book = has(
    termsOf("book", (v) => v.intent.book),
    f,
  );
  const urgent = isUrgent(msg);
  const question = has(
    termsOf("notARequest", (v) => v.notARequest),
    f,
  );
  const concrete = times.some(
    (t) => t.kind === "date" || t.kind === "week" || t.kind === "at" || (t.kind === "weekday" && !t.habitual),
  );
  const standing = isStanding(msg);
  // "Friday afternoon?", "after 6?": times without a preference or constraint word are a request.
  const timeOnly =
    times.length > 0 && !msg.hits.all("timePreference").length && !msg.hits.all("unavailable").length;
  const requested = msg.hits.all("serviceInterest").some((h) => h.key === "requested");

  const farewell = has(
    termsOf("notAWish", (v) => v.notAWish),
    f,
  );
  const connector = moveConnector(f, mentions);
  // "I can't make it on Tuesday, could we do Thursday instead?": a time in a clause with "instead".
  const ratherClauses = findAll(
    termsOf("choice-rather", (v) => v.choice.rather),
    f,
  ).map((r) => msg.clauseAt(r.start));
  const inRatherClause = (m: Mention) => ratherClauses.some((c) => m.start >= c.start && m.end <= c.end);
  const newTime = (m: Mention) => (connector ? m.start >= connector.end : inRatherClause(m));
  let intent: BookingIntent = "none";
  if (reschedule || (cancel && mentions.some((m) => m.time && newTime(m)))) intent = "reschedule";
  else if (cancel) intent = "cancel";
  else if (list) intent = "list";
  else if (
    urgent ||
    (!question &&
      (book || (serviceMentioned && requested) || ((concrete || timeOnly) && !standing && !farewell)))
  )
    intent = "book";

  const wish: OneOffWish = {};
  const pointer: AppointmentPointer = {};
  let keepsDay = false;
  if (intent === "reschedule" || intent === "cancel") {
    for (const m of mentions) {
      const toWish =
        intent === "reschedule" &&
        (connector || ratherClauses.length > 0 ? newTime(m) : !nextToAppointmentWord(f, m));
      if (toWish) m.apply(wish, {});
      else m.apply({}, pointer);
    }
    // "Can we move Tuesday to 3pm?": a new time without a new day stays on the appointment's day.
    keepsDay =
      intent === "reschedule" &&
      !wish.dates &&
      !wish.days &&
      !!(wish.at || wish.parts || wish.after || wish.before);
    if (keepsDay && pointer.dates) wish.dates = [...pointer.dates];
    else if (keepsDay && pointer.days) wish.dates = pointer.days.map((d) => weekdayDate(d, today));
  } else if (intent === "book") {
    for (const m of mentions) m.apply(wish, {});
  }
  if (urgent && intent === "book") wish.urgent = true;
  finish(wish);
  finish(pointer);
  // Times about an appointment (booked, moved, cancelled, asked about) are never a standing preference.
  const hasTime = intent !== "none" && mentions.some((m) => m.time);
  return {
    intent,
    wish,
    serviceOptions: intent === "book" || intent === "reschedule" ? serviceOptions : [],
    appointment:
      (intent === "reschedule" || intent === "cancel") && Object.keys(pointer).length > 0 ? pointer : null,
    timesAreOneOff: hasTime && !standing,
    keepsAppointmentDay: keepsDay,
  };
}

/**
 * Whether the message's times were a one-off booking wish ("book me in for Friday afternoon",
 * "no, Friday afternoon instead"): then the extractor's time preference from it is not a standing
 * preference and must not be stored. "I always prefer mornings" inside a booking stays a preference.
 */
export function isOneOffTimeWish(text: string, context: BookingContext): boolean {
  return readBookingRequest(text, context).timesAreOneOff;
}

/**
 * The extractor's facts without the time preference when the message's times were a one-off wish
 * (`BookingRequest.timesAreOneOff`, `SlotChoice.timesAreOneOff`, or `isOneOffTimeWish`).
 */
export function withoutOneOffTimes<F extends { field: string }>(facts: readonly F[], oneOff: boolean): F[] {
  return oneOff ? facts.filter((fact) => fact.field !== "preferred_appointment_times") : [...facts];
}

/** The wish in a message whatever it asks (an answer to proposals: "no, Friday afternoon instead"). */
export function readWish(
  text: string,
  context: BookingContext,
): { wish: OneOffWish; timesAreOneOff: boolean } {
  const msg = new MessageText(text.slice(0, 4096));
  const today = wallClock(context.now, context.timezone ?? context.business.timezone);
  const times = readTimeMentions(msg, today);
  const { mentions } = readMentions(msg, context.business, times, today);
  const wish: OneOffWish = {};
  for (const m of mentions) m.apply(wish, {});
  if (isUrgent(msg)) wish.urgent = true;
  finish(wish);
  return { wish, timesAreOneOff: times.length > 0 && !isStanding(msg) };
}

/** Habit words ("always", "immer") or habitual forms ("Tuesdays", "vormittags") make times standing. */
function isStanding(msg: MessageText): boolean {
  if (
    has(
      termsOf("standing", (v) => v.standing),
      msg.folded,
    )
  )
    return true;
  return msg.hits.all("partHabitual").length > 0 && msg.hits.all("timePreference").length > 0
    ? true
    : msg.hits.all("dayHabitual").some((d) => /s$|^(every|jeden|any)/.test(msg.folded.slice(d.start, d.end)));
}

function readMentions(
  msg: MessageText,
  business: BusinessCatalog,
  times: TimeMention[],
  today: WallClockNow,
): { mentions: Mention[]; serviceOptions: string[]; serviceMentioned: boolean } {
  const mentions: Mention[] = [];
  const weeks = times.filter((t) => t.kind === "week");
  for (const t of times) mentions.push(timeMention(t, today, weeks));

  const terms = businessTerms(business);
  const hits = terms.index.scan(msg.folded, msg.words);
  const exact = hits.all("service").filter((h) => !isNegated(msg, h.start));
  const family = hits
    .all("serviceFamily")
    .filter((h) => !isNegated(msg, h.start) && !exact.some((e) => e.start < h.end && h.start < e.end));
  let serviceOptions: string[] = [];
  for (const h of exact) {
    mentions.push({ start: h.start, end: h.end, time: false, apply: (w, p) => setService(w, p, [h.key]) });
  }
  for (const h of family) {
    const ids = terms.familyServices.get(h.key) ?? [];
    // "a dentist for a cleaning": a family word beside one of its own services adds nothing.
    if (ids.length === 0 || exact.some((e) => ids.includes(e.key))) continue;
    if (ids.length > 1 && exact.length === 0) serviceOptions = [...new Set([...serviceOptions, ...ids])];
    mentions.push({ start: h.start, end: h.end, time: false, apply: (w, p) => setService(w, p, ids) });
  }

  const serviceSpans = [...exact, ...family];
  const staff = [...hits.all("staffName"), ...hits.all("staffFirstName"), ...hits.all("staffSurname")];
  const roles = hits
    .all("staffRole")
    .filter((r) => !serviceSpans.some((s) => s.start < r.end && r.start < s.end));
  const seen = new Set<string>();
  for (const h of [...staff, ...roles].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (seen.has(h.key) || isNegated(msg, h.start)) continue;
    seen.add(h.key);
    mentions.push({
      start: h.start,
      end: h.end,
      time: false,
      apply: (w, p) => {
        w.staffId ??= h.key;
        p.staffId ??= h.key;
      },
    });
  }
  for (const h of msg.hits.all("staffGender")) {
    if (isNegated(msg, h.start)) continue;
    mentions.push({
      start: h.start,
      end: h.end,
      time: false,
      apply: (w) => {
        w.gender ??= h.key as Gender;
      },
    });
  }
  return {
    mentions: mentions.sort((a, b) => a.start - b.start),
    serviceOptions,
    serviceMentioned: serviceSpans.length > 0,
  };
}

function setService(wish: OneOffWish, pointer: AppointmentPointer, ids: string[]): void {
  if (ids.length === 1) wish.serviceId ??= ids[0];
  pointer.serviceIds = [...new Set([...(pointer.serviceIds ?? []), ...ids])];
}

function timeMention(t: TimeMention, today: WallClockNow, weeks: TimeMention[]): Mention {
  const mention = (apply: Mention["apply"]): Mention => ({ start: t.start, end: t.end, time: true, apply });
  const both = <K extends keyof Listy>(key: K, value: NonNullable<Listy[K]>[number]) =>
    mention((w, p) => {
      push(w, key, value);
      push(p, key, value);
    });
  switch (t.kind) {
    case "date":
      return both("dates", t.date);
    case "week":
      return mention((w, p) => {
        for (const d of t.dates) {
          push(w, "weekDates", d);
          push(p, "weekDates", d);
        }
      });
    case "weekday": {
      if (t.habitual) return both("days", t.day);
      // "Tuesday next week": the Tuesday of the week named; otherwise the next Tuesday ahead.
      const week = weeks[0]?.kind === "week" ? weeks[0].dates : undefined;
      const date = weekdayDate(t.day, today, week);
      // A wish is for that date; an existing appointment "on Tuesday" may be any Tuesday ahead.
      return mention((w, p) => {
        push(w, "dates", date);
        if (week) push(p, "dates", date);
        else push(p, "days", t.day);
      });
    }
    case "part":
      return both("parts", t.part);
    case "after":
    case "before": {
      const { kind, time } = t;
      return mention((w) => {
        w[kind] = time;
      });
    }
    case "at":
      return mention((w, p) => {
        w.at = t.time;
        p.at = t.time;
      });
  }
}

type Listy = { dates?: LocalDate[]; days?: Weekday[]; parts?: DayPart[]; weekDates?: LocalDate[] };
function push<K extends keyof Listy>(target: object, key: K, value: NonNullable<Listy[K]>[number]): void {
  const t = target as Listy;
  const list = (t[key] ?? []) as unknown[];
  if (!list.includes(value)) list.push(value);
  (t as Record<string, unknown>)[key] = list;
}

/** A week named alone stands for its dates; beside a weekday it only placed that weekday. */
function finish(target: OneOffWish | AppointmentPointer): void {
  const t = target as Listy & Record<string, unknown>;
  if (t.weekDates) {
    if (!t.dates) t.dates = t.weekDates;
    delete t.weekDates;
  }
  if (t.dates) t.dates.sort();
}

/**
 * The word that separates the appointment being moved from its new time: "to", "auf", "instead",
 * followed closely by a new time, person or service. The first such word after the first mention wins.
 */
function moveConnector(folded: string, mentions: Mention[]): WordMatch | undefined {
  for (const c of findAll(
    termsOf("moveTo", (v) => v.moveTo),
    folded,
  )) {
    const next = mentions.find((m) => m.start >= c.end);
    if (!next) continue;
    const between = folded.slice(c.end, next.start);
    if (
      /^\s*((the|a|an|on|at|den|dem|die|das|einen|einem|nächste[nm]?|nachste[nm]?|kommende[nm]?|next|this|am|um|dr\.?|frau|herr|a later|later|the same)\s*)*$/.test(
        between,
      )
    )
      return c;
  }
  return undefined;
}

/** Without a "to", a time right beside "appointment"/"Termin" names the appointment ("my Tuesday appointment"). */
function nextToAppointmentWord(folded: string, m: Mention): boolean {
  const around = folded.slice(Math.max(0, m.start - 25), m.end + 25);
  return (
    /\b(appointment|appt|booking|session|termin\w*)\b/.test(around) ||
    /termin/.test(folded.slice(m.start, m.end + 8))
  );
}
