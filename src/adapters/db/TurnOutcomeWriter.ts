/**
 * The worker's outcome writes as ONE fixed-shape statement for a whole group of turns: every table's
 * rows travel as arrays (`unnest`), so the statement text never changes, PostgreSQL parses and plans
 * it once per connection (a named prepared statement), and drizzle builds no query per message.
 *
 * One statement is atomic on its own: no BEGIN/COMMIT round trips. The contacts' projections are
 * written only while each contact is still at the version its turn read; if any is not, the whole
 * statement fails with a division by zero (SQLSTATE 22012) and nothing is written — the caller runs
 * the turns one by one (`write([one])`) to find out which one went stale.
 *
 * Rows are built by the repositories (they seal what must be sealed); this file only ships them.
 */
import { type Database, pgArray, rawQuery } from "./database.ts";
import type { auditLog, consents, declinedTopics, messages, profileFacts } from "./schema.ts";

type FactRow = typeof profileFacts.$inferInsert;
type AuditRow = typeof auditLog.$inferInsert;
type DeclineRow = typeof declinedTopics.$inferInsert;
type ConsentRow = typeof consents.$inferInsert;
type MessageInsert = typeof messages.$inferInsert;

/** A reply recorded "queued" before it is sent. */
export type ReplyRow = Required<
  Pick<MessageInsert, "id" | "businessId" | "contactId" | "body" | "payload" | "inReplyToId">
>;

/** A patch to an existing fact: only the keys present are written (see `FactPatch`). */
export interface FactPatchRow {
  businessId: string;
  factId: string;
  patch: Record<string, unknown>;
}

/** The contact's seed columns rebuilt from its profile, written only at `version` (when given). */
export interface ProjectionRow {
  id: string;
  businessId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  preferredStaffMember: string | null;
  preferredAppointmentTimes: unknown;
  specialNotes: string | null;
  communicationPreferences: unknown;
  preferredServices: unknown;
  /** The preferred staff member's key, or "none" (the contacts list filters on it). */
  preferredStaffKey: string | null;
  /** 0–100 (`ProfileCompleteness.ts`). */
  completeness: number;
  /** Left as it is when undefined. */
  marketingOptOut?: boolean | undefined;
  updatedAt: Date;
  /** `updated_at` as read (PostgreSQL's text); no check when undefined. */
  version?: string | undefined;
}

/** Everything one turn writes. */
export interface TurnOutcome {
  facts: readonly FactRow[];
  patches: readonly FactPatchRow[];
  audits: readonly AuditRow[];
  declines: readonly DeclineRow[];
  consents: readonly ConsentRow[];
  /** Null while the bot is paused for the conversation (staff answer). */
  reply: ReplyRow | null;
  projection: ProjectionRow | null;
  /** The inbound message's sentiment as the extractor read it (for the insights). */
  sentiment: { businessId: string; messageId: string; value: number } | null;
}

const OUTCOMES = {
  name: "rapport_turn_outcomes",
  text: `
    WITH facts_in AS (
      INSERT INTO profile_facts (id, business_id, contact_id, field, value, display_text, sealed, source,
        message_id, quote, said_at, recorded_at, confidence, status, supersedes_id, superseded_by_id,
        edited_by, sample_size, last_confirmed_at, confirmations, removed_at, removed_by)
      SELECT id, business_id, contact_id, field, value, display_text, sealed, source::fact_source,
        message_id, quote, said_at, COALESCE(recorded_at, now()), confidence, status::fact_status,
        supersedes_id, superseded_by_id, edited_by, sample_size, last_confirmed_at,
        COALESCE(confirmations, 0), removed_at, removed_by
      FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::text[], $7::text[],
        $8::text[], $9::uuid[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::real[],
        $14::text[], $15::uuid[], $16::uuid[], $17::text[], $18::int[], $19::timestamptz[], $20::int[],
        $21::timestamptz[], $22::jsonb[])
        AS f(id, business_id, contact_id, field, value, display_text, sealed, source, message_id, quote,
          said_at, recorded_at, confidence, status, supersedes_id, superseded_by_id, edited_by,
          sample_size, last_confirmed_at, confirmations, removed_at, removed_by)
      RETURNING 1
    ), facts_patched AS (
      UPDATE profile_facts f SET
        status = CASE WHEN p.patch ? 'status' THEN (p.patch->>'status')::fact_status ELSE f.status END,
        superseded_by_id = CASE WHEN p.patch ? 'supersededBy'
          THEN (p.patch->>'supersededBy')::uuid ELSE f.superseded_by_id END,
        last_confirmed_at = CASE WHEN p.patch ? 'lastConfirmedAt'
          THEN (p.patch->>'lastConfirmedAt')::timestamptz ELSE f.last_confirmed_at END,
        confirmations = CASE WHEN p.patch ? 'confirmations'
          THEN (p.patch->>'confirmations')::int ELSE f.confirmations END,
        sample_size = CASE WHEN p.patch ? 'sampleSize' THEN (p.patch->>'sampleSize')::int ELSE f.sample_size END,
        removed_at = CASE WHEN p.patch ? 'removedAt'
          THEN (p.patch->>'removedAt')::timestamptz ELSE f.removed_at END,
        removed_by = CASE WHEN p.patch ? 'removedBy'
          THEN NULLIF(p.patch->'removedBy', 'null'::jsonb) ELSE f.removed_by END
      FROM unnest($23::uuid[], $24::uuid[], $25::jsonb[]) AS p(business_id, id, patch)
      WHERE f.business_id = p.business_id AND f.id = p.id
      RETURNING 1
    ), audited AS (
      INSERT INTO audit_log (business_id, actor, action, entity, entity_id, details, at)
      SELECT business_id, actor, action, entity, entity_id, COALESCE(details, '{}'::jsonb), COALESCE(at, now())
      FROM unnest($26::uuid[], $27::text[], $28::text[], $29::text[], $30::text[], $31::jsonb[],
        $32::timestamptz[]) AS a(business_id, actor, action, entity, entity_id, details, at)
      RETURNING 1
    ), declined AS (
      INSERT INTO declined_topics (business_id, contact_id, topic, message_id, quote, said_at)
      SELECT business_id, contact_id, topic, message_id, quote, COALESCE(said_at, now())
      FROM unnest($33::uuid[], $34::uuid[], $35::text[], $36::uuid[], $37::text[], $38::timestamptz[])
        AS d(business_id, contact_id, topic, message_id, quote, said_at)
      RETURNING 1
    ), consented AS (
      INSERT INTO consents (business_id, contact_id, kind, granted, wording, message_id, at)
      SELECT business_id, contact_id, kind, granted, wording, message_id, COALESCE(at, now())
      FROM unnest($39::uuid[], $40::uuid[], $41::text[], $42::boolean[], $43::text[], $44::uuid[],
        $45::timestamptz[]) AS c(business_id, contact_id, kind, granted, wording, message_id, at)
      RETURNING 1
    ), replies AS (
      INSERT INTO messages (id, business_id, contact_id, direction, type, body, payload, status, in_reply_to_id)
      SELECT id, business_id, contact_id, 'out', 'text', body, payload, 'queued', in_reply_to_id
      FROM unnest($46::uuid[], $47::uuid[], $48::uuid[], $49::text[], $50::jsonb[], $51::uuid[])
        WITH ORDINALITY AS r(id, business_id, contact_id, body, payload, in_reply_to_id, n)
      ORDER BY n
      RETURNING 1
    ), projection AS (
      UPDATE contacts c SET
        name = p.name, email = p.email, phone = p.phone, language = p.language,
        preferred_staff_member = p.preferred_staff_member,
        preferred_appointment_times = p.preferred_appointment_times,
        special_notes = p.special_notes,
        communication_preferences = p.communication_preferences,
        preferred_services = p.preferred_services,
        marketing_opt_out = COALESCE(p.marketing_opt_out, c.marketing_opt_out),
        preferred_staff_key = p.preferred_staff_key,
        completeness = p.completeness,
        updated_at = p.updated_at
      FROM unnest($52::uuid[], $53::uuid[], $54::text[], $55::text[], $56::text[], $57::text[], $58::text[],
        $59::jsonb[], $60::text[], $61::jsonb[], $62::jsonb[], $63::boolean[], $64::timestamptz[], $65::text[],
        $66::text[], $67::smallint[])
        AS p(id, business_id, name, email, phone, language, preferred_staff_member,
          preferred_appointment_times, special_notes, communication_preferences, preferred_services,
          marketing_opt_out, updated_at, version, preferred_staff_key, completeness)
      WHERE c.id = p.id AND c.business_id = p.business_id
        AND (p.version IS NULL OR c.updated_at = p.version::timestamptz)
      RETURNING c.id
    ), sentiments AS (
      UPDATE messages m SET sentiment = s.sentiment
      FROM unnest($69::uuid[], $70::uuid[], $71::real[]) AS s(business_id, id, sentiment)
      WHERE m.business_id = s.business_id AND m.id = s.id
      RETURNING 1
    )
    SELECT 1 / ((SELECT count(*) FROM projection) = $68::int)::int AS written`,
};

/** Writes the outcomes of turns; see the file's comment. */
export class TurnOutcomeWriter {
  constructor(private readonly db: Database) {}

  /** All of them or nothing; a stale projection fails the statement with SQLSTATE 22012. */
  async write(outcomes: readonly TurnOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await rawQuery(this.db, OUTCOMES, outcomeParameters(outcomes));
  }
}

function outcomeParameters(outcomes: readonly TurnOutcome[]): unknown[] {
  const facts = outcomes.flatMap((o) => o.facts);
  const patches = outcomes.flatMap((o) => o.patches);
  const audits = outcomes.flatMap((o) => o.audits);
  const declines = outcomes.flatMap((o) => o.declines);
  const consents = outcomes.flatMap((o) => o.consents);
  const replies = outcomes.flatMap((o) => (o.reply ? [o.reply] : []));
  const sentiments = outcomes.flatMap((o) => (o.sentiment ? [o.sentiment] : []));
  const projections = outcomes.flatMap((o) => (o.projection ? [o.projection] : []));
  const col = <T>(rows: readonly T[], pick: (row: T) => string | null) => pgArray(rows.map(pick));
  return [
    col(facts, (f) => f.id ?? null),
    col(facts, (f) => f.businessId),
    col(facts, (f) => f.contactId),
    col(facts, (f) => f.field),
    col(facts, (f) => json(f.value)),
    col(facts, (f) => f.displayText ?? null),
    col(facts, (f) => f.sealed ?? null),
    col(facts, (f) => f.source),
    col(facts, (f) => f.messageId ?? null),
    col(facts, (f) => f.quote ?? null),
    col(facts, (f) => timestamp(f.saidAt)),
    col(facts, (f) => timestamp(f.recordedAt)),
    col(facts, (f) => number(f.confidence)),
    col(facts, (f) => f.status),
    col(facts, (f) => f.supersedesId ?? null),
    col(facts, (f) => f.supersededById ?? null),
    col(facts, (f) => f.editedBy ?? null),
    col(facts, (f) => number(f.sampleSize)),
    col(facts, (f) => timestamp(f.lastConfirmedAt)),
    col(facts, (f) => number(f.confirmations)),
    col(facts, (f) => timestamp(f.removedAt)),
    col(facts, (f) => json(f.removedBy)),
    col(patches, (p) => p.businessId),
    col(patches, (p) => p.factId),
    col(patches, (p) => JSON.stringify(p.patch)),
    col(audits, (a) => a.businessId),
    col(audits, (a) => a.actor),
    col(audits, (a) => a.action),
    col(audits, (a) => a.entity),
    col(audits, (a) => a.entityId ?? null),
    col(audits, (a) => json(a.details)),
    col(audits, (a) => timestamp(a.at)),
    col(declines, (d) => d.businessId),
    col(declines, (d) => d.contactId),
    col(declines, (d) => d.topic),
    col(declines, (d) => d.messageId ?? null),
    col(declines, (d) => d.quote ?? null),
    col(declines, (d) => timestamp(d.saidAt)),
    col(consents, (c) => c.businessId),
    col(consents, (c) => c.contactId),
    col(consents, (c) => c.kind),
    col(consents, (c) => String(c.granted)),
    col(consents, (c) => c.wording),
    col(consents, (c) => c.messageId ?? null),
    col(consents, (c) => timestamp(c.at)),
    col(replies, (r) => r.id),
    col(replies, (r) => r.businessId),
    col(replies, (r) => r.contactId),
    col(replies, (r) => r.body),
    col(replies, (r) => json(r.payload)),
    col(replies, (r) => r.inReplyToId),
    col(projections, (p) => p.id),
    col(projections, (p) => p.businessId),
    col(projections, (p) => p.name),
    col(projections, (p) => p.email),
    col(projections, (p) => p.phone),
    col(projections, (p) => p.language),
    col(projections, (p) => p.preferredStaffMember),
    col(projections, (p) => json(p.preferredAppointmentTimes)),
    col(projections, (p) => p.specialNotes),
    col(projections, (p) => json(p.communicationPreferences)),
    col(projections, (p) => json(p.preferredServices)),
    col(projections, (p) => (p.marketingOptOut === undefined ? null : String(p.marketingOptOut))),
    col(projections, (p) => p.updatedAt.toISOString()),
    col(projections, (p) => p.version ?? null),
    col(projections, (p) => p.preferredStaffKey),
    col(projections, (p) => String(p.completeness)),
    projections.length,
    col(sentiments, (s) => s.businessId),
    col(sentiments, (s) => s.messageId),
    col(sentiments, (s) => String(s.value)),
  ];
}

/** A jsonb value as drizzle writes it: JSON text, or SQL NULL for null/undefined. */
function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function timestamp(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

function number(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
