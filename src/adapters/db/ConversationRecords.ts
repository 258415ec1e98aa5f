/**
 * What the conversation policy needs from the database besides the profile: the topics a contact
 * declined, their latest health-data consent, and their appointments (which visit this is, what is
 * ahead); and the statements that record declines, consents, marketing opt-outs and the customer's
 * rights requests in the audit log — written in the same statement as the turn's reply.
 */
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { HEALTH_CONSENT_KIND, type HealthConsent } from "../../domain/conversation/policy/HealthConsent.ts";
import type { Executor } from "./ProfileRepository.ts";
import { appointments, auditLog, consents, declinedTopics } from "./schema.ts";

export interface ConversationRecord {
  declined: Set<string>;
  healthConsent: HealthConsent;
  /** When the consent answer in force was given. */
  healthConsentAt: Date | null;
  /** Appointments not cancelled, oldest first. */
  appointments: Array<{ id: string; start: Date; end: Date; status: string }>;
}

export interface RightsAudit {
  businessId: string;
  contactId: string;
  /** "profile_disclosed", "deletion_requested", "deletion_confirmed", "marketing_opt_out", … */
  action: string;
  messageId: string | null;
  details?: Record<string, unknown>;
}

export class ConversationRecords {
  async loadFor(
    db: Executor,
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
  ): Promise<Map<string, ConversationRecord>> {
    const result = new Map<string, ConversationRecord>();
    if (contactsOf.length === 0) return result;
    const ids = [...new Set(contactsOf.map((c) => c.contactId))];
    const businesses = [...new Set(contactsOf.map((c) => c.businessId))];
    for (const id of ids)
      result.set(id, { declined: new Set(), healthConsent: null, healthConsentAt: null, appointments: [] });
    const [declined, consentRows, booked] = await Promise.all([
      db
        .select({ contactId: declinedTopics.contactId, topic: declinedTopics.topic })
        .from(declinedTopics)
        .where(and(inArray(declinedTopics.businessId, businesses), inArray(declinedTopics.contactId, ids))),
      db
        .selectDistinctOn([consents.contactId], {
          contactId: consents.contactId,
          granted: consents.granted,
          at: consents.at,
        })
        .from(consents)
        .where(
          and(
            inArray(consents.businessId, businesses),
            inArray(consents.contactId, ids),
            eq(consents.kind, HEALTH_CONSENT_KIND),
          ),
        )
        .orderBy(consents.contactId, desc(consents.at)),
      db
        .select({
          id: appointments.id,
          contactId: appointments.contactId,
          start: appointments.startsAt,
          end: appointments.endsAt,
          status: appointments.status,
        })
        .from(appointments)
        .where(
          and(
            inArray(appointments.businessId, businesses),
            inArray(appointments.contactId, ids),
            ne(appointments.status, "cancelled"),
          ),
        )
        .orderBy(appointments.startsAt),
    ]);
    for (const row of declined) result.get(row.contactId)?.declined.add(row.topic);
    for (const row of consentRows) {
      const record = result.get(row.contactId);
      if (record) {
        record.healthConsent = row.granted;
        record.healthConsentAt = row.at;
      }
    }
    for (const row of booked) {
      result
        .get(row.contactId)
        ?.appointments.push({ id: row.id, start: row.start, end: row.end, status: row.status });
    }
    return result;
  }

  /** For staff: what the contact declined, every consent answer, and their rights requests, in order. */
  async historyFor(db: Executor, businessId: string, contactId: string) {
    const [declined, consentRows, requests] = await Promise.all([
      db
        .select({ topic: declinedTopics.topic, quote: declinedTopics.quote, saidAt: declinedTopics.saidAt })
        .from(declinedTopics)
        .where(and(eq(declinedTopics.businessId, businessId), eq(declinedTopics.contactId, contactId)))
        .orderBy(asc(declinedTopics.saidAt)),
      db
        .select({
          kind: consents.kind,
          granted: consents.granted,
          wording: consents.wording,
          at: consents.at,
        })
        .from(consents)
        .where(and(eq(consents.businessId, businessId), eq(consents.contactId, contactId)))
        .orderBy(asc(consents.at)),
      db
        .select({ action: auditLog.action, at: auditLog.at, details: auditLog.details })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.businessId, businessId),
            eq(auditLog.entity, "contact"),
            eq(auditLog.entityId, contactId),
          ),
        )
        .orderBy(asc(auditLog.id)),
    ]);
    return { declinedTopics: declined, consents: consentRows, requests };
  }

  declineRow(row: {
    businessId: string;
    contactId: string;
    topic: string;
    messageId: string;
    quote: string;
    saidAt: Date;
  }): typeof declinedTopics.$inferInsert {
    return row;
  }

  consentRow(row: {
    businessId: string;
    contactId: string;
    kind: string;
    granted: boolean;
    wording: string;
    messageId: string;
    at: Date;
  }): typeof consents.$inferInsert {
    return row;
  }

  auditRow(entry: RightsAudit): typeof auditLog.$inferInsert {
    return {
      businessId: entry.businessId,
      actor: "customer",
      action: entry.action,
      entity: "contact",
      entityId: entry.contactId,
      details: { contactId: entry.contactId, messageId: entry.messageId, ...entry.details },
    };
  }
}
