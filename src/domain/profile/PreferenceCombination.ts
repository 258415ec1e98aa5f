/**
 * How a careful receptionist treats a second statement about times or communication.
 *
 * Combining (no correction needed): the new statement answers a question the current value left
 * open, or repeats part of it. "WhatsApp" + "brief messages" → WhatsApp, brief. "Mornings" +
 * "busy after 2pm" → mornings, before 14:00. "Tuesdays or Thursdays" + "Tuesdays" → unchanged.
 *
 * Conflict (stays a candidate unless corrected): the statements contradict each other (wants phone vs
 * avoids phone, mornings vs not mornings, after 17:00 vs mornings, brief vs detailed), or give a
 * different answer to the same question (mornings vs evenings, WhatsApp vs email, any time vs
 * mornings). Neither containing the other is treated as a different answer rather than an addition:
 * "evenings" after "mornings" more often means a change than "also evenings".
 *
 * Correcting: the corrected dimensions are replaced, the ones the correction does not mention are
 * kept ("WhatsApp, brief" corrected to "detailed" → WhatsApp, detailed). If what is kept would still
 * contradict the correction, the correction is taken on its own.
 */
import type { CommunicationPreference, DayPart, TimePreference } from "../extraction/types.ts";
import { sameCommunicationPreference, sameTimePreference } from "./FactEquivalence.ts";

export type Combination<T> =
  | { kind: "same" }
  | { kind: "combined"; value: T }
  | { kind: "conflict"; reasons: string[] };

export interface Correction<T> {
  value: T;
  /** The part of the old value the correction kept, or null when it replaced everything. */
  kept: T | null;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

function containsAll<T>(outer: readonly T[], inner: readonly T[]): boolean {
  return inner.every((item) => outer.includes(item));
}

/** Positive answers to the same question combine only when one contains the other. */
function combineAnswers<T>(a: readonly T[], b: readonly T[]): T[] | null {
  if (containsAll(a, b) || containsAll(b, a)) return union(a, b);
  return null;
}

function overlap<T>(a: readonly T[], b: readonly T[]): T[] {
  return a.filter((item) => b.includes(item));
}

// ---------------------------------------------------------------------------------------- times

/** Rough hours of each part of the day, to see whether a part fits an "after"/"before" window. */
const PART_HOURS: Record<DayPart, { from: string; to: string }> = {
  morning: { from: "06:00", to: "12:00" },
  afternoon: { from: "12:00", to: "17:00" },
  evening: { from: "17:00", to: "22:00" },
};

export const EMPTY_TIME_PREFERENCE: TimePreference = {
  days: [],
  not_days: [],
  parts: [],
  not_parts: [],
  after: null,
  before: null,
  flexible: false,
};

function hasTimeConstraints(t: TimePreference): boolean {
  return (
    t.days.length + t.not_days.length + t.parts.length + t.not_parts.length > 0 ||
    t.after !== null ||
    t.before !== null
  );
}

/** "Flexible, any time works": a complete answer on its own. */
function isAnyTime(t: TimePreference): boolean {
  return t.flexible && !hasTimeConstraints(t);
}

/** Contradictions inside one time preference. "HH:MM" strings compare correctly as text. */
export function timeContradictions(t: TimePreference): string[] {
  const reasons: string[] = [];
  for (const day of overlap(t.days, t.not_days)) reasons.push(`${day} is both wanted and excluded`);
  for (const part of overlap(t.parts, t.not_parts)) reasons.push(`${part} is both wanted and excluded`);
  if (t.after !== null && t.before !== null && t.after >= t.before) {
    reasons.push(`after ${t.after} and before ${t.before} leave no time`);
  }
  const from = t.after ?? "00:00";
  const to = t.before ?? "24:00";
  for (const part of t.parts) {
    const hours = PART_HOURS[part];
    if (hours.from >= to || hours.to <= from) reasons.push(`${part} lies outside ${from}–${to}`);
  }
  return reasons;
}

export function combineTimePreferences(
  current: TimePreference,
  incoming: TimePreference,
): Combination<TimePreference> {
  if (sameTimePreference(current, incoming)) return { kind: "same" };
  if (isAnyTime(current) || isAnyTime(incoming)) {
    return { kind: "conflict", reasons: ["any time vs specific times"] };
  }
  const reasons: string[] = [];
  const days = combineAnswers(current.days, incoming.days);
  if (days === null) reasons.push("different days");
  const parts = combineAnswers(current.parts, incoming.parts);
  if (parts === null) reasons.push("different times of day");
  if (current.after !== null && incoming.after !== null && current.after !== incoming.after) {
    reasons.push(`after ${current.after} vs after ${incoming.after}`);
  }
  if (current.before !== null && incoming.before !== null && current.before !== incoming.before) {
    reasons.push(`before ${current.before} vs before ${incoming.before}`);
  }
  if (days === null || parts === null || reasons.length > 0) return { kind: "conflict", reasons };

  const value: TimePreference = {
    days,
    not_days: union(current.not_days, incoming.not_days),
    parts,
    not_parts: union(current.not_parts, incoming.not_parts),
    after: current.after ?? incoming.after,
    before: current.before ?? incoming.before,
    flexible: current.flexible || incoming.flexible,
  };
  const contradictions = timeContradictions(value);
  if (contradictions.length > 0) return { kind: "conflict", reasons: contradictions };
  return sameTimePreference(value, current) ? { kind: "same" } : { kind: "combined", value };
}

export function correctTimePreference(
  current: TimePreference,
  incoming: TimePreference,
): Correction<TimePreference> {
  if (isAnyTime(current) || isAnyTime(incoming)) return { value: incoming, kept: null };
  const mentionsDays = incoming.days.length + incoming.not_days.length > 0;
  const mentionsParts = incoming.parts.length + incoming.not_parts.length > 0;
  const mentionsWindow = incoming.after !== null || incoming.before !== null;
  const kept: TimePreference = {
    ...EMPTY_TIME_PREFERENCE,
    ...(mentionsDays ? {} : { days: current.days, not_days: current.not_days }),
    ...(mentionsParts ? {} : { parts: current.parts, not_parts: current.not_parts }),
    ...(mentionsWindow ? {} : { after: current.after, before: current.before }),
    flexible: current.flexible,
  };
  if (!hasTimeConstraints(kept)) return { value: incoming, kept: null };
  const value: TimePreference = {
    days: mentionsDays ? incoming.days : kept.days,
    not_days: mentionsDays ? incoming.not_days : kept.not_days,
    parts: mentionsParts ? incoming.parts : kept.parts,
    not_parts: mentionsParts ? incoming.not_parts : kept.not_parts,
    after: mentionsWindow ? incoming.after : kept.after,
    before: mentionsWindow ? incoming.before : kept.before,
    flexible: current.flexible || incoming.flexible,
  };
  if (timeContradictions(value).length > 0) return { value: incoming, kept: null };
  return { value, kept };
}

// -------------------------------------------------------------------------------- communication

export const EMPTY_COMMUNICATION_PREFERENCE: CommunicationPreference = {
  channels: [],
  avoid: [],
  style: null,
  written: false,
};

export function communicationContradictions(c: CommunicationPreference): string[] {
  return overlap(c.channels, c.avoid).map((channel) => `${channel} is both wanted and avoided`);
}

export function combineCommunicationPreferences(
  current: CommunicationPreference,
  incoming: CommunicationPreference,
): Combination<CommunicationPreference> {
  if (sameCommunicationPreference(current, incoming)) return { kind: "same" };
  const reasons: string[] = [];
  const channels = combineAnswers(current.channels, incoming.channels);
  if (channels === null) reasons.push("different channels");
  if (current.style !== null && incoming.style !== null && current.style !== incoming.style) {
    reasons.push(`${current.style} vs ${incoming.style} messages`);
  }
  if (channels === null || reasons.length > 0) return { kind: "conflict", reasons };

  const value: CommunicationPreference = {
    channels,
    avoid: union(current.avoid, incoming.avoid),
    style: current.style ?? incoming.style,
    written: current.written || incoming.written,
  };
  const contradictions = communicationContradictions(value);
  if (contradictions.length > 0) return { kind: "conflict", reasons: contradictions };
  return sameCommunicationPreference(value, current) ? { kind: "same" } : { kind: "combined", value };
}

export function correctCommunicationPreference(
  current: CommunicationPreference,
  incoming: CommunicationPreference,
): Correction<CommunicationPreference> {
  const mentionsChannels = incoming.channels.length + incoming.avoid.length > 0;
  const mentionsStyle = incoming.style !== null;
  const kept: CommunicationPreference = {
    channels: mentionsChannels ? [] : current.channels,
    avoid: mentionsChannels ? [] : current.avoid,
    style: mentionsStyle ? null : current.style,
    written: incoming.written ? false : current.written,
  };
  if (sameCommunicationPreference(kept, EMPTY_COMMUNICATION_PREFERENCE))
    return { value: incoming, kept: null };
  const value: CommunicationPreference = {
    channels: mentionsChannels ? incoming.channels : kept.channels,
    avoid: mentionsChannels ? incoming.avoid : kept.avoid,
    style: incoming.style ?? kept.style,
    written: incoming.written || kept.written,
  };
  if (communicationContradictions(value).length > 0) return { value: incoming, kept: null };
  return { value, kept };
}
