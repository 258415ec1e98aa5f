/**
 * One thing the business knows about a contact, with where it came from and whether it still holds.
 * Facts are never deleted here: a newer fact supersedes an older one, a removal only changes the status.
 * The contact's columns are a projection of the current facts (ContactProfileProjection.ts).
 */
import type { Language } from "../business/BusinessCatalog.ts";
import type {
  CommunicationPreference,
  Gender,
  NoteCategory,
  ServiceInterest,
  TimePreference,
} from "../extraction/types.ts";

export type { CommunicationPreference, TimePreference };

/** Who the preferred staff member is: a catalogue member, a name we could not match, a gender, or "anyone". */
export interface StaffPreference {
  staffId: string | null;
  name: string | null;
  gender: Gender | null;
  /** "Not interested in a specific person." */
  none: boolean;
}

export interface SpecialNote {
  category: NoteCategory;
  /** Stable concept id ("latex-allergy"); null for free notes written by staff. */
  concept: string | null;
}

export interface ServicePreference {
  /** Catalogue services the mention stands for; empty when it named something not in the catalogue. */
  serviceIds: string[];
  interest: ServiceInterest | null;
}

/** The structured value each field holds. The display text lives beside it on the fact. */
export interface FactValueByField {
  name: string;
  email: string;
  phone: string;
  language: Language;
  preferred_staff_member: StaffPreference;
  preferred_appointment_times: TimePreference;
  communication_preferences: CommunicationPreference;
  special_notes: SpecialNote;
  preferred_services: ServicePreference;
}

export type ProfileField = keyof FactValueByField;

/** Fields that hold a list of items; every other field holds one value at a time. */
export const LIST_FIELDS = ["special_notes", "preferred_services"] as const satisfies readonly ProfileField[];
export type ListField = (typeof LIST_FIELDS)[number];
export type SingleValuedField = Exclude<ProfileField, ListField>;

export function isListField(field: ProfileField): field is ListField {
  return (LIST_FIELDS as readonly ProfileField[]).includes(field);
}

/** customer: said it; staff: typed it in the admin UI; behaviour: inferred from the booking history. */
export type FactSource = "customer" | "staff" | "behaviour";

/**
 * current: what the profile says now. candidate: a different value heard without a correction, kept
 * beside the current one (the bot may ask about it). superseded: replaced, kept as history.
 * removed: the customer or staff asked for it to go.
 */
export type FactStatus = "current" | "candidate" | "superseded" | "removed";

/** Who made a change, for facts and for the audit trail. */
export type Actor =
  | { kind: "customer"; messageId: string | null }
  | { kind: "staff"; userId: string }
  | { kind: "behaviour" }
  /** A retention rule (e.g. health notes kept without consent only for the coming appointment). */
  | { kind: "retention"; rule: string };

interface FactRecord {
  id: string;
  contactId: string;
  /** Display text, in the words it was said or typed. */
  text: string;
  source: FactSource;
  /** The message and the customer's own words it came from (customer facts). */
  messageId: string | null;
  quote: string | null;
  /** When it was said (or inferred, or edited). */
  saidAt: Date;
  /** When the profile store learned it. */
  recordedAt: Date;
  confidence: number;
  status: FactStatus;
  supersedes: string | null;
  supersededBy: string | null;
  /** Staff user who typed it (staff facts). */
  editedBy: string | null;
  /** How many bookings a behavioural inference rests on. */
  sampleSize: number | null;
  /** The last time the same value was heard again; null until then. */
  lastConfirmedAt: Date | null;
  /** How many times the same value was heard again after it was first recorded. */
  confirmations: number;
  removedAt: Date | null;
  removedBy: Actor | null;
}

/** A fact of one field: `field` narrows `value`. */
export type FactOf<F extends ProfileField> = FactRecord & { field: F; value: FactValueByField[F] };

export type ProfileFact = { [F in ProfileField]: FactOf<F> }[ProfileField];

/** Where an incoming fact comes from; each source carries what its provenance needs. */
export type NewFactOrigin =
  | { source: "customer"; messageId: string; quote: string }
  | { source: "staff"; editedBy: string }
  | { source: "behaviour"; sampleSize: number };

interface NewFactBase {
  contactId: string;
  text: string;
  saidAt: Date;
  confidence: number;
}

export type NewFactValue = { [F in ProfileField]: { field: F; value: FactValueByField[F] } }[ProfileField];

/** Something heard, typed or inferred, before the merge rules decide what it becomes. */
export type NewFact = NewFactBase & NewFactValue & NewFactOrigin;

export function actorOf(fact: NewFact): Actor {
  switch (fact.source) {
    case "customer":
      return { kind: "customer", messageId: fact.messageId };
    case "staff":
      return { kind: "staff", userId: fact.editedBy };
    case "behaviour":
      return { kind: "behaviour" };
  }
}

/** Facts still in force: current ones and the candidates kept beside them. */
export function isLive(fact: ProfileFact): boolean {
  return fact.status === "current" || fact.status === "candidate";
}
