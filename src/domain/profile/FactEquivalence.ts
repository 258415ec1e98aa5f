/**
 * When two values of a field say the same thing. Text compares without case or spacing, structured
 * values compare as sets; list items compare by their key (concept, service ids) rather than wording,
 * so "latex allergy" and "Latex-Allergie" are one note.
 */
import type { CommunicationPreference, TimePreference } from "../extraction/types.ts";
import type { NewFactValue, ServicePreference, SpecialNote, StaffPreference } from "./ProfileFact.ts";

export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase().replace(/\s+/g, " ").trim();
}

/** Names compare without the dots and commas people type or leave out ("Dr. Weber" = "dr weber"). */
function normaliseName(text: string): string {
  return normaliseText(text.replace(/[.,]/g, " "));
}

/** Phone numbers compare on their digits and a leading "+"; formatting to E.164 happens before. */
function normalisePhone(text: string): string {
  const trimmed = text.trim();
  return (trimmed.startsWith("+") ? "+" : "") + trimmed.replace(/\D/g, "");
}

export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

export function sameTimePreference(a: TimePreference, b: TimePreference): boolean {
  return (
    sameSet(a.days, b.days) &&
    sameSet(a.not_days, b.not_days) &&
    sameSet(a.parts, b.parts) &&
    sameSet(a.not_parts, b.not_parts) &&
    a.after === b.after &&
    a.before === b.before &&
    a.flexible === b.flexible
  );
}

export function sameCommunicationPreference(a: CommunicationPreference, b: CommunicationPreference): boolean {
  return (
    sameSet(a.channels, b.channels) &&
    sameSet(a.avoid, b.avoid) &&
    a.style === b.style &&
    a.written === b.written
  );
}

/** A catalogue id decides when both sides have one; otherwise the names do. */
export function sameStaffPreference(a: StaffPreference, b: StaffPreference): boolean {
  if (a.none || b.none) return a.none === b.none;
  if (a.gender !== b.gender) return false;
  if (a.staffId !== null && b.staffId !== null) return a.staffId === b.staffId;
  return normaliseName(a.name ?? "") === normaliseName(b.name ?? "");
}

/** The identity of a special note: its concept, or for free notes its wording, within its category. */
export function specialNoteKey(note: SpecialNote, text: string): string {
  return `${note.category}:${note.concept ?? `text:${normaliseText(text)}`}`;
}

/** The identity of a service preference: its catalogue ids, or its name when it matched none. */
export function servicePreferenceKey(service: ServicePreference, text: string): string {
  return service.serviceIds.length > 0
    ? `ids:${[...new Set(service.serviceIds)].sort().join(",")}`
    : `text:${normaliseText(text)}`;
}

/** A value with its field and display text: enough to compare, whether it is a fact or a new fact. */
export type FieldValue = NewFactValue & { text: string };

/** Two values of the same field that mean the same; list items compare by key. */
export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (a.field !== b.field) return false;
  // The fields match, so b's value has a's shape; TypeScript cannot correlate the two unions.
  const other = b.value as never;
  switch (a.field) {
    case "name":
      return normaliseName(a.value) === normaliseName(other);
    case "email":
      return normaliseText(a.value) === normaliseText(other);
    case "phone":
      return normalisePhone(a.value) === normalisePhone(other);
    case "language":
      return a.value === other;
    case "preferred_staff_member":
      return sameStaffPreference(a.value, other);
    case "preferred_appointment_times":
      return sameTimePreference(a.value, other);
    case "communication_preferences":
      return sameCommunicationPreference(a.value, other);
    case "special_notes":
      return specialNoteKey(a.value, a.text) === specialNoteKey(other, b.text);
    case "preferred_services":
      return servicePreferenceKey(a.value, a.text) === servicePreferenceKey(other, b.text);
  }
}
