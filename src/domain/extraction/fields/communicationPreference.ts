import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText } from "../text/MessageText.ts";
import type {
  Channel,
  CommunicationPreference,
  CommunicationPreferenceFact,
  MessageStyle,
} from "../types.ts";

const CHANNEL_WORDS: Record<Channel, string> = {
  whatsapp: "WhatsApp",
  email: "email",
  sms: "SMS",
  phone: "phone calls",
  voice: "voice messages",
};

/**
 * How the customer wants to be reached: channels wanted ("just WhatsApp") and avoided ("don't
 * call me", "keine Anrufe"), brief or detailed messages, and things in writing. A channel named
 * only as an address ("my email is …") is not a preference.
 */
export function extractCommunicationPreference(msg: MessageText): CommunicationPreferenceFact[] {
  const prefs: CommunicationPreference = { channels: [], avoid: [], style: null, written: false };
  let from = Number.POSITIVE_INFINITY;
  let to = -1;
  const note = (start: number, end: number) => {
    from = Math.min(from, start);
    to = Math.max(to, end);
  };

  for (const m of msg.hits.all("channel")) {
    const clause = msg.clauseAt(m.start);
    // "I'd rather not give my date of birth over WhatsApp" declines the data, not the channel.
    if (isAboutSomeoneElse(msg, m.start) || msg.has("addressOnly", clause) || msg.has("declined", clause))
      continue;
    const channel = m.key as Channel;
    // "don't call", "ruf mich nicht an", "calls don't work for me": a negation anywhere around the channel.
    const negatedAfter = msg.hits.in("negator", m.start, clause.end).length > 0;
    // "SMS rather than WhatsApp", "lieber SMS als WhatsApp": what comes after "than" is avoided.
    const instead = msg.hits
      .in("channelInstead", clause.start, m.start)
      .some((i) => msg.folded.slice(i.end, m.start).trim().split(/\s+/).length <= 2);
    if (isNegated(msg, m.start) || negatedAfter || instead || msg.has("channelAvoid", clause)) {
      if (!prefs.avoid.includes(channel)) prefs.avoid.push(channel);
      note(m.start, m.end);
    } else if (msg.has("declined", clause)) {
      // "I'd prefer not to give my address over WhatsApp" declines; it does not ask for WhatsApp.
    } else if (msg.has("channelWant", clause) || msg.has("channelWant", msg.sentenceAt(m.start))) {
      if (!prefs.channels.includes(channel)) prefs.channels.push(channel);
      note(m.start, m.end);
    }
  }
  prefs.channels = prefs.channels.filter((c) => !prefs.avoid.includes(c));

  for (const m of msg.hits.all("style")) {
    if (isAboutSomeoneElse(msg, m.start)) continue;
    const said = m.key as MessageStyle;
    // "I don't need long messages" asks for brief ones.
    prefs.style = isNegated(msg, m.start) ? (said === "brief" ? "detailed" : "brief") : said;
    note(m.start, m.end);
  }
  for (const m of msg.hits.all("written")) {
    if (isNegated(msg, m.start) || isAboutSomeoneElse(msg, m.start)) continue;
    prefs.written = true;
    note(m.start, m.end);
  }

  if (to < 0) return [];
  return [
    {
      field: "communication_preferences",
      value: describe(prefs),
      prefs,
      evidence: msg.clauseEvidence(from, to),
      confidence: 0.85,
    },
  ];
}

export function describe(p: CommunicationPreference): string {
  const parts: string[] = [];
  if (p.channels.length > 0)
    parts.push(`${p.channels.map((c) => CHANNEL_WORDS[c]).join(" or ")}${p.avoid.length > 0 ? " only" : ""}`);
  for (const c of p.avoid) parts.push(`no ${CHANNEL_WORDS[c]}`);
  if (p.style) parts.push(p.style === "brief" ? "brief messages" : "detailed messages");
  if (p.written) parts.push("wants things in writing");
  return parts.join(", ");
}
