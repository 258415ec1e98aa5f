/**
 * The consent rule's sweep: health notes kept without consent only for an appointment's preparation
 * are removed once that appointment is over, even if the customer never writes again. (In a
 * conversation the turn applies the same rule itself and tells the customer; see HealthConsent.ts.)
 * Each contact in its own transaction, locked, so a turn and the sweep never write over each other.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { ContactRepository } from "../adapters/db/ContactRepository.ts";
import { ConversationRecords } from "../adapters/db/ConversationRecords.ts";
import type { Database } from "../adapters/db/database.ts";
import type { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import { contacts } from "../adapters/db/schema.ts";
import { healthNotesToRemove } from "../domain/conversation/policy/HealthConsent.ts";
import { projectContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import { applyChange, type ProfileChange } from "../domain/profile/ProfileChange.ts";
import { removeFact } from "../domain/profile/ProfileMergeRules.ts";

export class ExpireHealthNotes {
  private readonly records = new ConversationRecords();

  constructor(
    private readonly deps: {
      db: Database;
      contacts: ContactRepository;
      profiles: ProfileRepository;
      now?: () => Date;
    },
  ) {}

  /** Removes what the rule says must go, for contacts with notes on file. Returns the notes removed. */
  async run(options: { businessId?: string; limit?: number } = {}): Promise<number> {
    const { db } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const candidates = await db
      .select({ id: contacts.id, businessId: contacts.businessId })
      .from(contacts)
      .where(
        and(
          isNotNull(contacts.specialNotes),
          options.businessId === undefined ? undefined : eq(contacts.businessId, options.businessId),
        ),
      )
      .limit(options.limit ?? 500);
    let removed = 0;
    for (const candidate of candidates) {
      removed += await db.transaction(async (tx) => {
        const [contact] = await tx.select().from(contacts).where(eq(contacts.id, candidate.id)).for("update");
        if (!contact) return 0;
        const who = [{ businessId: contact.businessId, contactId: contact.id }];
        const record = (await this.records.loadFor(tx, who)).get(contact.id);
        if (!record || record.healthConsent === true) return 0;
        let facts = (await this.deps.profiles.loadFactsFor(tx, who)).get(contact.id) ?? [];
        const ahead = record.appointments
          .filter((a) => a.status === "booked" && a.end.getTime() > now.getTime())
          .map((a) => a.end.getTime());
        const expired = healthNotesToRemove(
          facts,
          { granted: record.healthConsent, at: record.healthConsentAt },
          ahead.length > 0 ? new Date(Math.max(...ahead)) : null,
          now,
        );
        const changes: ProfileChange[] = [];
        for (const fact of expired) {
          const change = removeFact(facts, fact.id, {
            by: { kind: "retention", rule: "health details without consent" },
            now,
          });
          facts = applyChange(facts, change);
          changes.push(change);
        }
        if (changes.length === 0) return 0;
        for (const change of changes) await this.deps.profiles.applyChange(tx, contact.businessId, change);
        await this.deps.contacts.writeProjection(tx, contact, projectContactProfile(contact.id, facts));
        return expired.length;
      });
    }
    return removed;
  }
}
