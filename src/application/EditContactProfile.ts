/**
 * Staff adding to a contact's profile, or correcting or deleting one of its facts: the same rules as
 * the bot's (StaffEdit, removeFact),
 * persisted with the audit trail and the contact's projection in one transaction.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { ContactRepository } from "../adapters/db/ContactRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import type { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import { contacts } from "../adapters/db/schema.ts";
import { projectContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import { applyChange, type ProfileChange } from "../domain/profile/ProfileChange.ts";
import type { NewFactValue, ProfileFact } from "../domain/profile/ProfileFact.ts";
import { removeFact } from "../domain/profile/ProfileMergeRules.ts";
import { addFact, editFact } from "../domain/profile/StaffEdit.ts";

export type EditResult =
  | { ok: true; change: ProfileChange; facts: ProfileFact[] }
  | { ok: false; reason: "contact-not-found" | "fact-not-found" | "fact-not-editable" };

export interface FactEdit {
  text: string;
  value?: NewFactValue["value"];
  editedBy: string;
}

export class EditContactProfile {
  constructor(
    private readonly deps: { db: Database; contacts: ContactRepository; profiles: ProfileRepository },
  ) {}

  edit(contactId: string, factId: string, edit: FactEdit): Promise<EditResult> {
    return this.change(contactId, factId, (facts, now) =>
      editFact(facts, {
        factId,
        editedBy: edit.editedBy,
        text: edit.text,
        value: edit.value,
        now,
        newId: randomUUID,
      }),
    );
  }

  /** A fact staff entered (the same value again only confirms the current one). */
  add(contactId: string, entry: NewFactValue & { text: string }, editedBy: string): Promise<EditResult> {
    return this.change(contactId, null, (facts, now) =>
      addFact(facts, { contactId, editedBy, entry, now, newId: randomUUID }),
    );
  }

  remove(contactId: string, factId: string, removedBy: string): Promise<EditResult> {
    return this.change(contactId, factId, (facts, now) =>
      removeFact(facts, factId, { by: { kind: "staff", userId: removedBy }, now }),
    );
  }

  /** Runs `decide` on the contact's facts (which must include `factId`, when given) and stores it. */
  private change(
    contactId: string,
    factId: string | null,
    decide: (facts: ProfileFact[], now: Date) => ProfileChange,
  ): Promise<EditResult> {
    return this.deps.db.transaction(async (tx): Promise<EditResult> => {
      const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId)).for("update");
      if (!contact) return { ok: false, reason: "contact-not-found" };
      const facts = await this.deps.profiles.loadFacts(tx, contact.businessId, contact.id);
      if (factId !== null && !facts.some((fact) => fact.id === factId)) {
        return { ok: false, reason: "fact-not-found" };
      }
      const change = decide(facts, new Date());
      if (change.inserts.length === 0 && change.updates.length === 0) {
        return { ok: false, reason: "fact-not-editable" };
      }
      await this.deps.profiles.applyChange(tx, contact.businessId, change);
      const after = applyChange(facts, change);
      await this.deps.contacts.writeProjection(tx, contact, projectContactProfile(contact.id, after));
      return { ok: true, change, facts: after };
    });
  }
}
