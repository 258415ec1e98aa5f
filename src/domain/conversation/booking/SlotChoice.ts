/**
 * Which of the proposed slots the customer took: by the reply button or list row they tapped,
 * by number ("2", "the second", "die zweite", "Nummer 3"), or in words ("the Tuesday one",
 * "9 Uhr", "Thursday at 10", "with Nina", "the later one"). "None of these" or a new day or time
 * ("no, Friday afternoon instead") is a distinct answer carrying the new one-off wish.
 *
 * Reply ids: `slot:<n>:<key>` for the n-th proposal (1-based, as the customer sees it numbered), where
 * `<key>` identifies the set of proposals the buttons were made for, so a tap on an old message is
 * not read against newer proposals; `slot:other` for "another time".
 */
import type { OneOffWish, Slot } from "../../booking/types.ts";
import { fold } from "../../extraction/text/fold.ts";
import { MessageText } from "../../extraction/text/MessageText.ts";
import { recogniseIntent } from "../CustomerIntent.ts";
import { findAll, has, termsOf } from "./BookingLexicon.ts";
import { type BookingContext, readWish } from "./BookingRequest.ts";
import { readTimeMentions } from "./TimeMentions.ts";
import { BOOKING_VOCABULARIES, type BookingVocabulary } from "./vocabulary/index.ts";
import { wallClock } from "./WallClock.ts";

export type SlotChoice =
  /** `timesAreOneOff` is false only when the words give a standing reason ("I work during the day"). */
  | { kind: "slot"; index: number; timesAreOneOff: boolean }
  /** None of the proposals: look again with this wish (possibly empty: "none of these"). */
  | { kind: "other"; wish: OneOffWish; timesAreOneOff: boolean };

/** A tapped reply button or list row, as the channel reports it. */
export interface ReplyId {
  id: string;
}

type ChoiceWords = Exclude<keyof BookingVocabulary["choice"], "ordinals">;

export const OTHER_SLOT_ID = "slot:other";

/** The reply id for the proposal at `index` (0-based) of `proposals`. */
export function slotChoiceId(index: number, proposals: readonly Slot[]): string {
  return `slot:${index + 1}:${proposalsKey(proposals)}`;
}

/** A short key for a set of proposals: the same slots in the same order give the same key. */
export function proposalsKey(proposals: readonly Slot[]): string {
  let hash = 7;
  for (const s of proposals) {
    for (const ch of `${s.staffId}|${s.serviceId}|${s.start.getTime()}`)
      hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  }
  return hash.toString(36);
}

/** Answers a choice in every language; a reply id, when the channel gave one, outranks the words. */
export function readSlotChoice(
  reply: string | ReplyId,
  proposals: readonly Slot[],
  context: BookingContext,
): SlotChoice | null {
  if (typeof reply !== "string") return byId(reply.id, proposals);
  const text = reply.trim();
  if (/^slot:/.test(text)) return byId(text, proposals);
  const folded = fold(text);
  const position = byPosition(folded, proposals.length);
  if (position !== null) return { kind: "slot", index: position, timesAreOneOff: true };

  const { wish, timesAreOneOff } = readWish(text, context);
  const saysTime = Boolean(wish.parts?.length || wish.days?.length || wish.after || wish.before || wish.at);
  // A slot picked by its time is a one-off, unless the message says why it always is ("6pm would be
  // perfect — I work during the day": the evening is their preference too).
  const chosen = (index: number): SlotChoice => ({
    kind: "slot",
    index,
    timesAreOneOff: timesAreOneOff || !saysTime,
  });
  const said = (key: ChoiceWords) =>
    has(
      termsOf(`choice-${key}`, (v) => v.choice[key]),
      folded,
    );
  const yesNo = recogniseIntent(text);
  const other = (): SlotChoice => ({ kind: "other", wish, timesAreOneOff });
  // "None of these", "no, Friday instead": a new wish, even when it happens to fit a proposal.
  if (said("other") || yesNo === "no") return other();

  const later = said("later");
  const earlier = said("earlier");
  const last = said("last");
  const candidates = matching(text, wish, proposals, context);
  if (candidates) {
    if (candidates.length === 1) return chosen(candidates[0] as number);
    if (candidates.length > 1 && (later || earlier || last))
      return chosen(pick(candidates, proposals, earlier, last));
    // Two proposals fit "the Tuesday one": ask again rather than guess.
    if (candidates.length > 1) return null;
    return other();
  }
  const all = proposals.map((_, i) => i);
  if (later || earlier || last) return chosen(pick(all, proposals, earlier, last));
  if (said("rather")) return other();
  if (yesNo === "yes" && proposals.length === 1) return chosen(0);
  return null;
}

function byId(id: string, proposals: readonly Slot[]): SlotChoice | null {
  if (id === OTHER_SLOT_ID) return { kind: "other", wish: {}, timesAreOneOff: false };
  const m = /^slot:(\d+)(?::([a-z0-9]+))?$/.exec(id);
  if (!m) return null;
  const index = Number(m[1]) - 1;
  if (index < 0 || index >= proposals.length) return null;
  if (m[2] !== undefined && m[2] !== proposalsKey(proposals)) return null;
  return { kind: "slot", index, timesAreOneOff: true };
}

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.values(BOOKING_VOCABULARIES).flatMap((v) =>
    Object.entries(v.hourWords).flatMap(([n, words]) => words.map((w) => [fold(w), Number(n)] as const)),
  ),
);

/** "2", "2.", "#2", "the second", "die zweite", "Nummer 3", "option two". Not "um 2" (a time). */
function byPosition(folded: string, count: number): number | null {
  const bare =
    /^\s*(?:#|nr\.?|no\.?|nummer|number|option)?\s*(\d{1,2}|[a-z]+)\s*[.!)]?\s*(?:bitte|please|pls)?[.!]?\s*$/.exec(
      folded,
    );
  if (bare) {
    const n = /^\d+$/.test(bare[1] as string) ? Number(bare[1]) : NUMBER_WORDS.get(bare[1] as string);
    if (n !== undefined && n >= 1 && n <= count) return n - 1;
  }
  for (let n = 1; n <= count; n++) {
    const ordinal = termsOf(`choice-ordinal-${n}`, (v) => v.choice.ordinals[n] ?? []);
    // "not the first one" names a proposal only to refuse it.
    const refused = (start: number) =>
      /\b(not|nicht|no|kein\w*)\s+(the\s+|den\s+|die\s+|das\s+)?$/.test(folded.slice(0, start));
    if (findAll(ordinal, folded).some((o) => !refused(o.start))) return n - 1;
  }
  const cue = termsOf("numberCue", (v) => v.choice.numberCue);
  for (const c of findAll(cue, folded)) {
    const m = /^\s*(\d{1,2}|[a-z]+)(?![\p{L}\p{N}])/u.exec(folded.slice(c.end));
    if (!m) continue;
    const n = /^\d+$/.test(m[1] as string) ? Number(m[1]) : NUMBER_WORDS.get(m[1] as string);
    if (n !== undefined && n >= 1 && n <= count) return n - 1;
  }
  return null;
}

/**
 * The proposals that fit everything the words say (weekday, date, time, part of day, person, service);
 * null when the words say nothing to match on.
 */
function matching(
  text: string,
  wish: OneOffWish,
  proposals: readonly Slot[],
  context: BookingContext,
): number[] | null {
  const timezone = context.timezone ?? context.business.timezone;
  // Weekdays compare as weekdays here: "the Tuesday one" is whichever Tuesday was proposed.
  const mentions = readTimeMentions(new MessageText(text), wallClock(context.now, timezone));
  const tests: ((s: Slot) => boolean)[] = [];
  for (const m of mentions) {
    if (m.kind === "weekday") tests.push((s) => wallClock(s.start, timezone).weekday === m.day);
    else if (m.kind === "date") tests.push((s) => wallClock(s.start, timezone).date === m.date);
    else if (m.kind === "part") tests.push((s) => partOf(wallClock(s.start, timezone).time) === m.part);
    else if (m.kind === "at") tests.push((s) => sameTime(wallClock(s.start, timezone).time, m.time));
    else if (m.kind === "after") tests.push((s) => wallClock(s.start, timezone).time >= m.time);
    else if (m.kind === "before") tests.push((s) => wallClock(s.start, timezone).time < m.time);
  }
  if (wish.staffId) tests.push((s) => s.staffId === wish.staffId);
  if (wish.gender) {
    const gender = wish.gender;
    tests.push((s) => context.business.staff.find((p) => p.id === s.staffId)?.gender === gender);
  }
  if (wish.serviceId) tests.push((s) => s.serviceId === wish.serviceId);
  if (tests.length === 0) return null;
  return proposals.flatMap((s, i) => (tests.every((t) => t(s)) ? [i] : []));
}

/** "9 Uhr" is 09:00; a bare "at 3" read as 15:00 also fits a 03:00… never offered, so compare both halves. */
function sameTime(slot: string, said: string): boolean {
  if (slot === said) return true;
  const [h, m] = said.split(":").map(Number) as [number, number];
  const other = `${String((h + 12) % 24).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return slot === other;
}

function partOf(time: string): "morning" | "afternoon" | "evening" {
  return time < "12:00" ? "morning" : time < "17:00" ? "afternoon" : "evening";
}

/** "the later one" by time, "the earlier one" by time, "the last one" as shown. */
function pick(indices: number[], proposals: readonly Slot[], earlier: boolean, last: boolean): number {
  if (last && !earlier) return indices[indices.length - 1] as number;
  const latest = !earlier;
  return indices.reduce((best, i) => {
    const a = (proposals[i] as Slot).start.getTime();
    const b = (proposals[best] as Slot).start.getTime();
    return latest ? (a > b ? i : best) : a < b ? i : best;
  });
}
