import * as chrono from "chrono-node";
import { VOCABULARIES } from "../vocabulary/index.ts";

/**
 * Clock times as customers write them ("3pm", "15 Uhr", "7:30", "halb 3" is not handled),
 * read with chrono-node; a bare hour without am/pm is read as a working-hours time
 * ("until 5" is 17:00, "before 9" is 09:00).
 */
export const CLOCK = /(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|uhr|h|o'clock)?(?![\d:])/y;

/** A bare number followed by one of these counts something ("vor 3 Jahren"): it is no clock time. */
const DURATION = new RegExp(
  `\\s*(?:${VOCABULARIES.flatMap((v) => v.times.durationUnits).join("|")})(?![a-z])`,
  "y",
);

const REFERENCE = new Date("2026-01-05T12:00:00Z");
const cache = new Map<string, string | null>();

export interface ClockMatch {
  time: string;
  end: number;
  /** Whether am/pm or a 24h hour made the time unambiguous. */
  explicit: boolean;
}

/** A clock time starting at `at` in folded text (spaces allowed before it). */
const NOON = /(?:the\s+)?(?:noon|midday|lunch(?:time)?|mittag(?:s|essen)?|dem\s+mittag(?:essen)?)(?![a-z])/y;

export function clockAt(folded: string, at: number, morning = false): ClockMatch | undefined {
  const found = readClock(folded, at);
  // "zwischen 7 und 8 Uhr morgens": a bare hour said with a morning word is before noon.
  if (found && morning && !found.explicit && found.time >= "13:00" && found.time < "20:00") {
    return {
      ...found,
      time: `${String(Number(found.time.slice(0, 2)) - 12).padStart(2, "0")}${found.time.slice(2)}`,
    };
  }
  return found;
}

function readClock(folded: string, at: number): ClockMatch | undefined {
  let pos = at;
  while (folded[pos] === " ") pos++;
  NOON.lastIndex = pos;
  const noon = NOON.exec(folded);
  if (noon) return { time: "12:00", end: pos + noon[0].length, explicit: true };
  CLOCK.lastIndex = pos;
  const m = CLOCK.exec(folded);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (hour > 24 || minute > 59) return undefined;
  const unit = m[3];
  if (!unit && !m[2]) {
    DURATION.lastIndex = pos + m[0].length;
    if (DURATION.test(folded)) return undefined;
  }
  const time = unit || m[2] ? readWithChrono(m[0].trim(), unit) : null;
  const explicit = unit && unit !== "h" ? true : hour > 12;
  return { time: time ?? workingHours(hour, minute), end: pos + m[0].length, explicit };
}

function readWithChrono(text: string, unit: string | undefined): string | null {
  const key = text;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const german = unit === "uhr" || unit === "h";
  const parser = german ? chrono.de : chrono.en;
  const result = parser.parse(german ? `um ${text}` : `at ${text}`, REFERENCE)[0];
  const hour = result?.start.get("hour");
  const minute = result?.start.get("minute") ?? 0;
  let value: string | null = null;
  if (hour !== undefined && hour !== null) {
    const explicitMeridiem =
      result?.start.isCertain("meridiem") || /am|pm|a\.m\.|p\.m\./.test(text) || hour > 12;
    value = explicitMeridiem ? hhmm(hour, minute) : workingHours(hour, minute);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, value);
  return value;
}

function workingHours(hour: number, minute: number): string {
  return hhmm(hour >= 1 && hour <= 7 ? hour + 12 : hour, minute);
}

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
