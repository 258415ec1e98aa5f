/**
 * Staff adding to a profile, or correcting one fact by hand, through the same merge rules: the edit supersedes the fact it
 * was made on, with the editor recorded. For a single-valued field that is what `mergeFact` does with
 * a staff statement; for a list item it may not be (an edit that changes the item's kind adds a new
 * item), so the edited item is superseded explicitly.
 */
import { NO_CHANGE, type ProfileChange } from "./ProfileChange.ts";
import type { NewFactValue, ProfileFact } from "./ProfileFact.ts";
import { mergeFact } from "./ProfileMergeRules.ts";

export interface StaffEditRequest {
  factId: string;
  editedBy: string;
  text: string;
  /** The new structured value; defaults to the fact's own (a rewording). */
  value?: NewFactValue["value"];
  now: Date;
  newId: () => string;
}

export function editFact(facts: readonly ProfileFact[], request: StaffEditRequest): ProfileChange {
  const target = facts.find((fact) => fact.id === request.factId);
  if (!target || target.status === "removed" || target.status === "superseded") return NO_CHANGE;
  const incoming = {
    field: target.field,
    value: request.value ?? target.value,
    contactId: target.contactId,
    text: request.text,
    saidAt: request.now,
    confidence: 1,
    source: "staff",
    editedBy: request.editedBy,
  } as Parameters<typeof mergeFact>[1];

  // A candidate edited by staff is what staff decided the value is: it becomes current.
  const change = mergeFact(facts, incoming, { correction: true, now: request.now, newId: request.newId });
  const inserted = change.inserts[0];
  const touchesTarget = change.updates.some((update) => update.factId === target.id);
  if (!inserted || touchesTarget) return change;
  return {
    ...change,
    inserts: change.inserts.map((fact) =>
      fact.id === inserted.id && fact.supersedes === null ? { ...fact, supersedes: target.id } : fact,
    ),
    updates: [
      ...change.updates,
      { factId: target.id, patch: { status: "superseded", supersededBy: inserted.id } },
    ],
  };
}

export interface StaffEntryRequest {
  contactId: string;
  editedBy: string;
  /** What staff entered: the field, its structured value and the display text. */
  entry: NewFactValue & { text: string };
  now: Date;
  newId: () => string;
}

/**
 * Staff adding something they learned at the desk or on the phone ("latex allergy", "prefers
 * Dr. Weber"): a staff statement through the same merge rules. For a single-valued field it becomes
 * the current value (the one before stays as history); a list item joins the list, and the same item
 * again only confirms it.
 */
export function addFact(facts: readonly ProfileFact[], request: StaffEntryRequest): ProfileChange {
  const incoming = {
    ...request.entry,
    contactId: request.contactId,
    saidAt: request.now,
    confidence: 1,
    source: "staff",
    editedBy: request.editedBy,
  } as Parameters<typeof mergeFact>[1];
  return mergeFact(facts, incoming, { correction: false, now: request.now, newId: request.newId });
}
