/**
 * What the conversation policy needs from the database besides the profile: the topics a contact
 * declined, their latest health-data consent, and their appointments (which visit this is, what is
 * ahead); and the statements that record declines, consents, marketing opt-outs and the customer's
 * rights requests in the audit log — written in the same statement as the turn's reply.
 */
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { HEALTH_CONSENT_KIND, type HealthConsent } from "../../domain/conversation/policy/HealthConsent.ts";
import { rowsOf } from "./database.ts";
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

/** What staff see of a contact's conversation records (`historyFor`). */
export interface ContactHistory {
  declinedTopics: Array<{ topic: string; quote: string | null; saidAt: Date }>;
  consents: Array<{ kind: string; granted: boolean; wording: string; at: Date }>;
  requests: Array<{ action: string; at: Date; details: Record<string, unknown> }>;
}

/** The same as JSON from PostgreSQL: times as ISO strings. */
interface HistoryJson {
  declined: Array<{ topic: string; quote: string | null; saidAt: string }>;
  consents: Array<{ kind: string; granted: boolean; wording: string; at: string }>;
  requests: Array<{ action: string; at: string; details: Record<string, unknown> }>;
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
  /**
   * `histories`: the contacts' appointments when the caller already read them (the booking's
   * `historiesFor`, cancelled ones included); the live ones are taken from there instead of read again.
   */
  async loadFor(
    db: Executor,
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
    histories?: ReadonlyMap<string, ReadonlyArray<{ id: string; start: Date; end: Date; status: string }>>,
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
      histories
        ? []
        : db
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
    for (const [contactId, list] of histories ?? []) {
      const record = result.get(contactId);
      if (!record) continue;
      for (const { id, start, end, status } of list) {
        if (status !== "cancelled") record.appointments.push({ id, start, end, status });
      }
    }
    return result;
  }

  /**
   * For staff: what the contact declined, every consent answer, and their rights requests, in order.
   * One statement (three subqueries) rather than three: the contact view sends it on every request.
   */
  async historyFor(db: Executor, businessId: string, contactId: string): Promise<ContactHistory> {
    const [row] = rowsOf<{
      declined: HistoryJson["declined"];
      consents: HistoryJson["consents"];
      requests: HistoryJson["requests"];
    }>(
      await db.execute(sql`
        SELECT
          (SELECT coalesce(json_agg(json_build_object('topic', d.topic, 'quote', d.quote, 'saidAt', d.said_at)
                                    ORDER BY d.said_at), '[]'::json)
             FROM ${declinedTopics} d
            WHERE d.business_id = ${businessId} AND d.contact_id = ${contactId}) AS declined,
          (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'granted', c.granted, 'wording', c.wording,
                                                      'at', c.at) ORDER BY c.at), '[]'::json)
             FROM ${consents} c
            WHERE c.business_id = ${businessId} AND c.contact_id = ${contactId}) AS consents,
          (SELECT coalesce(json_agg(json_build_object('action', a.action, 'at', a.at, 'details', a.details)
                                    ORDER BY a.id), '[]'::json)
             FROM ${auditLog} a
            -- What audit_log_contact_idx finds; auditRow writes the contact there too.
            WHERE a.business_id = ${businessId} AND a.details->>'contactId' = ${contactId}
              AND a.entity = 'contact' AND a.entity_id = ${contactId}) AS requests
      `),
    );
    return {
      declinedTopics: (row?.declined ?? []).map((d) => ({
        topic: d.topic,
        quote: d.quote,
        saidAt: new Date(d.saidAt),
      })),
      consents: (row?.consents ?? []).map((c) => ({
        kind: c.kind,
        granted: c.granted,
        wording: c.wording,
        at: new Date(c.at),
      })),
      requests: (row?.requests ?? []).map((r) => ({
        action: r.action,
        at: new Date(r.at),
        details: r.details,
      })),
    };
  }

  auditRow(entry: RightsAudit): typeof auditLog.$inferInsert {
    return {
      businessId: entry.businessId,
      actor: "customer",
      action: entry.action,
      entity: "contact",
      entityId: entry.contactId,
      // `contactId` last: the contact's entries are found by it (audit_log_contact_idx).
      details: { messageId: entry.messageId, ...entry.details, contactId: entry.contactId },
    };
  }
}
