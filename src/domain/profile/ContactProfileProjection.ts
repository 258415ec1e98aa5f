/**
 * The contact's columns, computed from its current facts. Candidates, history and removed facts never
 * show here. Deterministic: the same facts in any order give the same profile.
 */
import type { Language } from "../business/BusinessCatalog.ts";
import type { CommunicationPreference, NoteCategory, TimePreference } from "../extraction/types.ts";
import { NOTE_CATEGORIES } from "../extraction/types.ts";
import type { FactOf, ProfileFact, ProfileField, StaffPreference } from "./ProfileFact.ts";

export interface ProjectedNote {
  category: NoteCategory;
  concept: string | null;
  text: string;
}

export interface ContactProfile {
  contactId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: Language | null;
  preferred_staff_member: string | null;
  preferred_appointment_times: string | null;
  special_notes: ProjectedNote[];
  communication_preferences: string | null;
  /** Catalogue service ids, or the name for services the catalogue does not know. */
  preferred_services: string[];
  /** The structured values behind the text columns, for the slot ranker and the bot. */
  structured: {
    preferred_staff_member: StaffPreference | null;
    preferred_appointment_times: TimePreference | null;
    communication_preferences: CommunicationPreference | null;
  };
}

/** Oldest first; ties broken by recording time and id so the order never depends on the input's. */
function chronological(a: ProfileFact, b: ProfileFact): number {
  return (
    a.saidAt.getTime() - b.saidAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function projectContactProfile(contactId: string, facts: readonly ProfileFact[]): ContactProfile {
  const current = facts
    .filter((fact) => fact.contactId === contactId && fact.status === "current")
    .sort(chronological);

  const all = <F extends ProfileField>(field: F): FactOf<F>[] =>
    // A fact whose field is F holds F's value; TypeScript cannot follow that through a generic.
    current.filter((fact) => fact.field === field) as FactOf<F>[];
  // One current fact per single-valued field is the rule; should two slip through, the latest wins.
  const latest = <F extends ProfileField>(field: F): FactOf<F> | null => all(field).at(-1) ?? null;

  const staff = latest("preferred_staff_member");
  const times = latest("preferred_appointment_times");
  const communication = latest("communication_preferences");

  const notes = all("special_notes")
    .map((fact) => ({ category: fact.value.category, concept: fact.value.concept, text: fact.text }))
    // Stable sort: within a category, notes stay in the order they were said.
    .sort((a, b) => NOTE_CATEGORIES.indexOf(a.category) - NOTE_CATEGORIES.indexOf(b.category));

  const services = all("preferred_services").flatMap((fact) =>
    fact.value.serviceIds.length > 0 ? fact.value.serviceIds : [fact.text],
  );

  return {
    contactId,
    name: latest("name")?.value ?? null,
    email: latest("email")?.value ?? null,
    phone: latest("phone")?.value ?? null,
    language: latest("language")?.value ?? null,
    preferred_staff_member: staff?.text ?? null,
    preferred_appointment_times: times?.text ?? null,
    special_notes: notes,
    communication_preferences: communication?.text ?? null,
    preferred_services: [...new Set(services)],
    structured: {
      preferred_staff_member: staff?.value ?? null,
      preferred_appointment_times: times?.value ?? null,
      communication_preferences: communication?.value ?? null,
    },
  };
}
