/**
 * Short English descriptions of structured preferences, for the part of a value a correction kept
 * (the customer's own words describe the rest). Staff read these in the dashboard.
 */
import type { Channel, CommunicationPreference, TimePreference } from "../extraction/types.ts";
import { EN_CALENDAR_WORDS } from "../extraction/vocabulary/en/calendarWords.ts";

const DAY_NAMES = EN_CALENDAR_WORDS.days;

const CHANNEL_NAMES: Record<Channel, string> = {
  whatsapp: "WhatsApp",
  email: "email",
  sms: "SMS",
  phone: "phone calls",
  voice: "voice messages",
};

function either(items: string[]): string {
  return items.join(" or ");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeTimePreference(t: TimePreference): string {
  const parts: string[] = [];
  if (t.days.length > 0) parts.push(either(t.days.map((day) => DAY_NAMES[day])));
  if (t.parts.length > 0) parts.push(either(t.parts.map((part) => EN_CALENDAR_WORDS.parts[part])));
  if (t.after !== null) parts.push(`after ${t.after}`);
  if (t.before !== null) parts.push(`before ${t.before}`);
  if (t.not_days.length > 0) parts.push(`not ${either(t.not_days.map((day) => DAY_NAMES[day]))}`);
  if (t.not_parts.length > 0)
    parts.push(`not ${either(t.not_parts.map((part) => EN_CALENDAR_WORDS.parts[part]))}`);
  if (t.flexible) parts.push(parts.length > 0 ? "flexible" : "any time");
  return capitalise(parts.join(", "));
}

export function describeCommunicationPreference(c: CommunicationPreference): string {
  const parts: string[] = [];
  if (c.channels.length > 0) parts.push(either(c.channels.map((channel) => CHANNEL_NAMES[channel])));
  if (c.avoid.length > 0) parts.push(`no ${either(c.avoid.map((channel) => CHANNEL_NAMES[channel]))}`);
  if (c.style !== null) parts.push(`${c.style} messages`);
  if (c.written) parts.push("in writing");
  return capitalise(parts.join(", "));
}
