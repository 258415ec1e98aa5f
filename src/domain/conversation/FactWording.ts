/**
 * A fact's value in the customer's language, from the phrase tables: structured values (times,
 * communication, staff, services) are described anew rather than echoing the staff-facing text.
 */
import type { BusinessCatalog, Language } from "../business/BusinessCatalog.ts";
import { noteText } from "../extraction/NoteLabels.ts";
import type { CommunicationPreference, TimePreference } from "../extraction/types.ts";
import type { ProfileFact } from "../profile/ProfileFact.ts";
import type { ReplyPhrases } from "./replies/ReplyPhrases.ts";

export function describeFactValue(
  fact: ProfileFact,
  phrases: ReplyPhrases,
  catalog: BusinessCatalog,
  language: Language,
): string {
  switch (fact.field) {
    case "preferred_appointment_times":
      return describeTimes(fact.value, phrases) || fact.text;
    case "communication_preferences":
      return describeCommunication(fact.value, phrases) || fact.text;
    case "preferred_staff_member": {
      const member = catalog.staff.find((candidate) => candidate.id === fact.value.staffId);
      return member?.name ?? fact.value.name ?? fact.text;
    }
    case "preferred_services": {
      const names = fact.value.serviceIds
        .map((id) => catalog.services.find((service) => service.id === id))
        .filter((service) => service !== undefined)
        .map((service) => service.names?.[language] ?? service.name);
      return names.length > 0 ? phrases.list(names) : fact.text;
    }
    case "special_notes":
      // The customer's own words; else the label in their language (the stored text is English).
      return fact.quote ?? noteText({ concept: fact.value.concept, text: fact.text }, language);
    default:
      return fact.text;
  }
}

export function describeTimes(t: TimePreference, phrases: ReplyPhrases): string {
  const or = (items: string[]) => items.join(phrases.times.or);
  const wanted: string[] = [];
  if (t.days.length > 0) wanted.push(or(t.days.map((day) => phrases.days[day])));
  if (t.parts.length > 0) wanted.push(or(t.parts.map((part) => phrases.parts[part])));
  if (t.after !== null && t.before !== null) wanted.push(phrases.times.between(t.after, t.before));
  else if (t.after !== null) wanted.push(phrases.times.after(t.after));
  else if (t.before !== null) wanted.push(phrases.times.before(t.before));
  const excluded: string[] = [];
  if (t.not_days.length > 0) excluded.push(phrases.times.not(or(t.not_days.map((day) => phrases.days[day]))));
  if (t.not_parts.length > 0) {
    excluded.push(phrases.times.not(or(t.not_parts.map((part) => phrases.parts[part]))));
  }
  if (wanted.length === 0 && excluded.length === 0) return t.flexible ? phrases.times.flexible : "";
  return [wanted.join(" "), ...excluded].filter((part) => part.length > 0).join(", ");
}

export function describeCommunication(c: CommunicationPreference, phrases: ReplyPhrases): string {
  const parts: string[] = [];
  if (c.channels.length > 0) {
    parts.push(phrases.communication.only(c.channels.map((channel) => phrases.channels[channel]).join("/")));
  }
  if (c.avoid.length > 0) {
    parts.push(phrases.communication.no(phrases.list(c.avoid.map((channel) => phrases.channels[channel]))));
  }
  if (c.style === "brief") parts.push(phrases.communication.brief);
  if (c.style === "detailed") parts.push(phrases.communication.detailed);
  if (c.written) parts.push(phrases.communication.written);
  return parts.join(", ");
}
