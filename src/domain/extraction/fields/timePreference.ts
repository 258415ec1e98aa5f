import type { MessageText, Span } from "../text/MessageText.ts";
import { anyWithin, type TermMatch, within } from "../text/TermIndex.ts";
import {
  type DayPart,
  type TimePreference,
  type TimePreferenceFact,
  WEEKDAYS,
  type Weekday,
} from "../types.ts";
import { EN_CALENDAR_WORDS } from "../vocabulary/en/calendarWords.ts";
import { clockAt } from "./clockTime.ts";

const WEEKEND: Weekday[] = ["sat", "sun"];
const WORKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri"];
const RANGE_JOIN = /^\s*(?:-|–|to|and|till|until|bis|und)\s*/;

interface ClauseAtoms {
  days: Weekday[];
  habitualDays: boolean;
  parts: DayPart[];
  habitualParts: boolean;
  after: string | null;
  before: string | null;
  /** Bounds that are already the customer's window whatever the clause says ("not before 9"). */
  fixedBounds: boolean;
  flexible: boolean;
  /** "work during the day" → evenings; implied windows that are never exclusions. */
  impliedParts: DayPart[];
  impliedAfter: string | null;
}

/**
 * A standing time preference: days, parts of day, bounds, exclusions and flexibility. A clause
 * counts when its words are habitual ("Tuesdays", "dienstags", "mornings"), carry a preference
 * ("prefer", "am liebsten", "only") or a constraint ("I work until 5", "Fridays are impossible").
 * Sentences about one appointment ("can we move Tuesday to 3pm?", "see you Tuesday") do not count.
 * In a clause that says the customer is busy or cannot, the times become exclusions and bounds flip
 * ("busy after 2pm" → before 14:00; "I work until 5" → after 17:00).
 */
const TIME_WORDS = [
  "dayOnce",
  "dayHabitual",
  "weekendOnce",
  "weekendHabitual",
  "workdays",
  "partOnce",
  "partHabitual",
  "lunch",
  "beforeWork",
  "afterWork",
  "busyDaytime",
  "bound",
  "rangeStart",
  "flexible",
  "relativeTime",
] as const;

export function extractTimePreference(msg: MessageText): TimePreferenceFact[] {
  // Without time words only a bare clock range ("7-9am") could say something.
  if (!TIME_WORDS.some((t) => msg.hits.all(t).length > 0) && !/\d\s*[-–]\s*\d/.test(msg.folded)) return [];
  const slots: TimePreference = {
    days: [],
    not_days: [],
    parts: [],
    not_parts: [],
    after: null,
    before: null,
    flexible: false,
  };
  let from = Number.POSITIVE_INFINITY;
  let to = -1;
  const h = timeHits(msg);

  for (const sentence of msg.sentences) {
    if (hasIn(h.oneOff, sentence) && !hasIn(h.timeHabit, sentence)) continue;
    const sentencePreference = hasIn(h.timePreference, sentence) || hasIn(h.timeHabit, sentence);
    for (const clause of msg.clausesOf(sentence)) {
      // Someone else's times only when that person is named in the clause ("my son can only come after school").
      if (hasIn(h.otherPeople, clause)) continue;
      // "…my mum's appointments… She can't do afternoons": a clause about "she" once someone else was named.
      const pronoun = h.otherPronoun.find((m) => m.start >= clause.start && m.end <= clause.end);
      if (
        pronoun &&
        anyWithin(h.otherPeople, 0, clause.start) &&
        msg.folded.slice(clause.start, pronoun.start).trim() === ""
      )
        continue;
      // Most clauses of a message with a time word hold none: nothing in them could count.
      if (!mayHoldTimes(msg, h, clause)) continue;
      const atoms = atomsOf(msg, h, clause);
      const unavailable = isUnavailable(h, clause);
      const preference = sentencePreference || hasIn(h.timePreference, clause);
      const habitual = atoms.habitualDays || atoms.habitualParts;
      let used = false;

      // "any day except Friday", "never on a Monday": an exclusion with a habit word is standing too.
      const habitClause = hasIn(h.timeHabit, clause);
      const daysCount =
        atoms.days.length > 0 && (atoms.habitualDays || preference || (unavailable && habitClause));
      const partsCount = atoms.parts.length > 0 && (atoms.habitualParts || preference || unavailable);
      if (daysCount) {
        for (const d of atoms.days) addOnce(unavailable ? slots.not_days : slots.days, d);
        used = true;
      }
      if (partsCount) {
        for (const p of atoms.parts) addOnce(unavailable ? slots.not_parts : slots.parts, p);
        used = true;
      }
      const sentenceHabitual = hasIn(h.dayHabitual, sentence) || hasIn(h.partHabitual, sentence);
      if (
        (atoms.after || atoms.before) &&
        (preference || unavailable || habitual || atoms.fixedBounds || sentenceHabitual)
      ) {
        const flip = unavailable && !atoms.fixedBounds;
        const after = flip ? atoms.before : atoms.after;
        const before = flip ? atoms.after : atoms.before;
        // Several bounds narrow the window: the latest "after" and the earliest "before" hold.
        if (after && (!slots.after || after > slots.after)) slots.after = after;
        if (before && (!slots.before || before < slots.before)) slots.before = before;
        used = true;
      }
      for (const p of atoms.impliedParts) {
        addOnce(slots.parts, p);
        used = true;
      }
      if (atoms.impliedAfter && !slots.after) slots.after = atoms.impliedAfter;
      if (atoms.flexible && !unavailable) {
        slots.flexible = true;
        used = true;
      }
      if (used) {
        from = Math.min(from, clause.start);
        to = Math.max(to, clause.end);
      }
    }
  }
  slots.days = slots.days.filter((d) => !slots.not_days.includes(d));
  slots.parts = slots.parts.filter((p) => !slots.not_parts.includes(p));
  if (to < 0) return [];
  return [
    {
      field: "preferred_appointment_times",
      value: describeTimes(slots),
      slots,
      evidence: msg.evidence(from, to),
      confidence: 0.8,
    },
  ];
}

/** The hits of the tables read here, looked up once per message rather than once per clause. */
function timeHits(msg: MessageText) {
  const hits = msg.hits;
  return {
    oneOff: hits.all("oneOff"),
    timeHabit: hits.all("timeHabit"),
    timePreference: hits.all("timePreference"),
    otherPeople: hits.all("otherPeople"),
    otherPronoun: hits.all("otherPronoun"),
    dayHabitual: hits.all("dayHabitual"),
    dayOnce: hits.all("dayOnce"),
    partHabitual: hits.all("partHabitual"),
    partOnce: hits.all("partOnce"),
    weekendHabitual: hits.all("weekendHabitual"),
    weekendOnce: hits.all("weekendOnce"),
    workdays: hits.all("workdays"),
    beforeWork: hits.all("beforeWork"),
    afterWork: hits.all("afterWork"),
    busyDaytime: hits.all("busyDaytime"),
    lunch: hits.all("lunch"),
    flexible: hits.all("flexible"),
    rangeStart: hits.all("rangeStart"),
    bound: hits.all("bound"),
    relativeTime: hits.all("relativeTime"),
    unavailable: hits.all("unavailable"),
  };
}
type TimeHits = ReturnType<typeof timeHits>;

const inSpan = (list: TermMatch[], span: Span) => within(list, span.start, span.end);
const hasIn = (list: TermMatch[], span: Span) => anyWithin(list, span.start, span.end);

/**
 * Whether atomsOf() could find anything in a clause: a time word of its own, a digit (a clock
 * time or a bare range), or a relative word in its sentence ("…at 5, so before that").
 */
function mayHoldTimes(msg: MessageText, h: TimeHits, clause: Span): boolean {
  if (
    hasIn(h.dayHabitual, clause) ||
    hasIn(h.dayOnce, clause) ||
    hasIn(h.weekendHabitual, clause) ||
    hasIn(h.weekendOnce, clause) ||
    hasIn(h.workdays, clause) ||
    hasIn(h.partHabitual, clause) ||
    hasIn(h.partOnce, clause) ||
    hasIn(h.beforeWork, clause) ||
    hasIn(h.afterWork, clause) ||
    hasIn(h.busyDaytime, clause) ||
    hasIn(h.lunch, clause) ||
    hasIn(h.flexible, clause) ||
    hasIn(h.rangeStart, clause) ||
    hasIn(h.bound, clause)
  )
    return true;
  const f = msg.folded;
  for (let i = clause.start; i < clause.end; i++) {
    const c = f.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return hasIn(h.relativeTime, msg.sentenceAt(clause.start));
}

function atomsOf(msg: MessageText, h: TimeHits, clause: Span): ClauseAtoms {
  const atoms: ClauseAtoms = {
    days: [],
    habitualDays: false,
    parts: [],
    habitualParts: false,
    after: null,
    before: null,
    fixedBounds: false,
    flexible: hasIn(h.flexible, clause),
    impliedParts: [],
    impliedAfter: null,
  };
  for (const m of inSpan(h.dayHabitual, clause)) {
    addOnce(atoms.days, m.key as Weekday);
    atoms.habitualDays = true;
  }
  for (const m of inSpan(h.dayOnce, clause)) addOnce(atoms.days, m.key as Weekday);
  if (hasIn(h.weekendHabitual, clause)) {
    for (const d of WEEKEND) addOnce(atoms.days, d);
    atoms.habitualDays = true;
  } else if (hasIn(h.weekendOnce, clause)) for (const d of WEEKEND) addOnce(atoms.days, d);
  if (hasIn(h.workdays, clause)) {
    for (const d of WORKDAYS) addOnce(atoms.days, d);
    atoms.habitualDays = true;
  }
  for (const m of inSpan(h.partHabitual, clause)) {
    addOnce(atoms.parts, m.key as DayPart);
    atoms.habitualParts = true;
  }
  for (const m of inSpan(h.partOnce, clause)) addOnce(atoms.parts, m.key as DayPart);
  if (hasIn(h.beforeWork, clause)) addOnce(atoms.impliedParts, "morning");
  if (hasIn(h.afterWork, clause)) addOnce(atoms.impliedParts, "evening");
  if (hasIn(h.busyDaytime, clause)) {
    addOnce(atoms.impliedParts, "evening");
    atoms.impliedAfter = "17:00";
  }
  readBounds(msg, h, clause, atoms);
  if (hasIn(h.lunch, clause) && !atoms.after && !atoms.before) {
    atoms.after = "12:00";
    atoms.before = "14:00";
    atoms.fixedBounds = true;
  }
  fillDayRanges(msg, h, clause, atoms);
  return atoms;
}

/** "after 3pm", "bis 17 Uhr", "between 9 and 11", "von 7 bis 9", "7-9am". */
function readBounds(msg: MessageText, h: TimeHits, clause: Span, atoms: ClauseAtoms): void {
  const f = msg.folded;
  const morning = atoms.parts.includes("morning") || atoms.impliedParts.includes("morning");
  for (const r of inSpan(h.rangeStart, clause)) {
    const a = clockAt(f, r.end, morning);
    if (!a) continue;
    const join = RANGE_JOIN.exec(f.slice(a.end, clause.end));
    const b = join ? clockAt(f, a.end + join[0].length, morning) : undefined;
    if (!b) continue;
    atoms.after = a.time;
    atoms.before = b.time;
    return;
  }
  for (const m of inSpan(h.bound, clause)) {
    const c = clockAt(f, m.end, morning);
    if (!c) continue;
    if (m.key === "after") atoms.after = c.time;
    else atoms.before = c.time;
    // "not before 9", "nicht nach 18 Uhr": the bound word already says what the customer wants.
    // "I start work at 9", "Feierabend um 17 Uhr": a working constraint is the window itself.
    if (
      /\b(not|no|nothing|nicht|nichts|kein)|work|arbeit|feierabend|schicht|shift/.test(
        f.slice(m.start, m.end),
      )
    )
      atoms.fixedBounds = true;
  }
  if (atoms.after || atoms.before) return;
  // "I pick up the kids at 5, so before that please": a clock time and a relative word in the sentence.
  const sentence = msg.sentenceAt(clause.start);
  const relative = inSpan(h.relativeTime, sentence)[0];
  if (relative) {
    const at = /(?:\bat|\bum)\s+/g;
    at.lastIndex = clause.start;
    for (let m = at.exec(f); m && m.index < clause.end; m = at.exec(f)) {
      const c = clockAt(f, m.index + m[0].length);
      if (!c) continue;
      if (relative.key === "before") atoms.before = c.time;
      else atoms.after = c.time;
      atoms.fixedBounds = true;
      return;
    }
  }
  // A bare range with a unit: "7-9am", "9-11 Uhr".
  const bare =
    /(?<![\d:])(\d{1,2}(?::\d{2})?)\s*(?:-|–|to|bis)\s*(\d{1,2}(?::\d{2})?)\s*(am|pm|uhr|h)(?![a-z])/.exec(
      f.slice(clause.start, clause.end),
    );
  if (bare) {
    const unit = bare[3] as string;
    const a = clockAt(`${bare[1]}${unit === "pm" || unit === "am" ? unit : ` ${unit}`}`, 0);
    const b = clockAt(`${bare[2]} ${unit}`, 0);
    if (a && b) {
      atoms.after = a.time;
      atoms.before = b.time;
      atoms.fixedBounds = true;
    }
  }
}

/** "Monday to Wednesday", "Montag bis Mittwoch": every day between two named days. */
function fillDayRanges(msg: MessageText, h: TimeHits, clause: Span, atoms: ClauseAtoms): void {
  const days = [...inSpan(h.dayOnce, clause), ...inSpan(h.dayHabitual, clause)].sort(
    (a, b) => a.start - b.start,
  );
  for (let i = 0; i + 1 < days.length; i++) {
    const a = days[i] as { key: string; end: number };
    const b = days[i + 1] as { key: string; start: number };
    if (
      !RANGE_JOIN.test(msg.folded.slice(a.end, b.start)) ||
      /\b(and|und|or|oder)\b/.test(msg.folded.slice(a.end, b.start))
    )
      continue;
    const from = WEEKDAYS.indexOf(a.key as Weekday);
    const to = WEEKDAYS.indexOf(b.key as Weekday);
    for (let d = from + 1; d < to; d++) addOnce(atoms.days, WEEKDAYS[d] as Weekday);
  }
}

/** Busy, working, impossible, not: the clause's times are when the customer cannot come. */
function isUnavailable(h: TimeHits, clause: Span): boolean {
  const bounds = inSpan(h.bound, clause);
  return inSpan(h.unavailable, clause).some((u) => !bounds.some((b) => b.start <= u.start && u.end <= b.end));
}

function addOnce<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** The fact's display text is English, whatever the message's language. */
const { days: DAY_NAMES, parts: PART_NAMES } = EN_CALENDAR_WORDS;

export function describeTimes(s: TimePreference): string {
  if (
    s.flexible &&
    s.days.length + s.parts.length + s.not_days.length + s.not_parts.length === 0 &&
    !s.after &&
    !s.before
  ) {
    return "Flexible, any time works";
  }
  const parts: string[] = [];
  const days = WEEKDAYS.filter((d) => s.days.includes(d));
  if (days.length === 5 && WORKDAYS.every((d) => days.includes(d))) parts.push("Weekdays");
  else if (days.length > 0) parts.push(days.map((d) => DAY_NAMES[d]).join(" or "));
  if (s.parts.length > 0) parts.push(s.parts.map((p) => PART_NAMES[p]).join(" or "));
  if (s.after && s.before) parts.push(`between ${s.after} and ${s.before}`);
  else if (s.after) parts.push(`after ${s.after}`);
  else if (s.before) parts.push(`before ${s.before}`);
  const not = [
    ...WEEKDAYS.filter((d) => s.not_days.includes(d)).map((d) => DAY_NAMES[d]),
    ...s.not_parts.map((p) => PART_NAMES[p]),
  ];
  if (not.length > 0) parts.push(`not ${not.join(" or ")}`);
  if (s.flexible) parts.push("otherwise flexible");
  const text = parts.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
