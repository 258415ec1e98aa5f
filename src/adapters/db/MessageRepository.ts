/**
 * Messages: the inbound ones the inbox stored, the bot's replies (one per inbound message, enforced
 * by a unique index on `in_reply_to_id`) and their delivery status as WhatsApp reports it.
 */
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { type FieldCipher, isSealed } from "../crypto/fieldEncryption.ts";
import { rowsOf } from "./database.ts";
import type { Executor } from "./ProfileRepository.ts";
import { messages } from "./schema.ts";
import type { ReplyRow } from "./TurnOutcomeWriter.ts";

export type MessageRow = typeof messages.$inferSelect;
export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";

export interface NewReply {
  businessId: string;
  contactId: string;
  inReplyToId: string;
  body: string;
  payload: Record<string, unknown>;
}

/**
 * Message bodies are special-category data as often as not ("I'm allergic to latex"): they are stored
 * sealed with the field cipher, bound to their business, and opened only when read through here.
 */
export class MessageRepository {
  constructor(private readonly cipher?: FieldCipher) {}

  /** The body as stored: sealed when a cipher is configured. */
  sealBody(businessId: string, body: string | null): string | null {
    return body === null || !this.cipher ? body : this.cipher.encrypt(body, businessId);
  }

  private open<R extends { body: string | null; businessId: string } | null | undefined>(row: R): R {
    if (!row || row.body === null || !this.cipher || !isSealed(row.body)) return row;
    return { ...row, body: this.cipher.decrypt(row.body, row.businessId) };
  }

  /**
   * For a batch of inbound message ids: the messages, and the replies already given to any of them,
   * in one query.
   */
  async findWithReplies(
    db: Executor,
    messageIds: readonly string[],
  ): Promise<{ messages: Map<string, MessageRow>; replied: Set<string> }> {
    const found = new Map<string, MessageRow>();
    const replied = new Set<string>();
    if (messageIds.length === 0) return { messages: found, replied };
    const ids = [...messageIds];
    const rows = await db
      .select()
      .from(messages)
      .where(or(inArray(messages.id, ids), inArray(messages.inReplyToId, ids)));
    const wanted = new Set(ids);
    for (const row of rows) {
      if (wanted.has(row.id)) found.set(row.id, this.open(row));
      if (row.inReplyToId !== null && wanted.has(row.inReplyToId)) replied.add(row.inReplyToId);
    }
    return { messages: found, replied };
  }

  /** `lastReply` for several contacts in one query: contact id → the bot's latest reply. */
  async lastReplies(
    db: Executor,
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
  ): Promise<Map<string, MessageRow>> {
    const latest = new Map<string, MessageRow>();
    if (contactsOf.length === 0) return latest;
    const rows = await db
      .selectDistinctOn([messages.contactId])
      .from(messages)
      .where(
        and(
          inArray(messages.businessId, [...new Set(contactsOf.map((c) => c.businessId))]),
          inArray(messages.contactId, [...new Set(contactsOf.map((c) => c.contactId))]),
          eq(messages.direction, "out"),
          // A message staff wrote is not the bot's: its question and booking state stay the bot's last.
          isNull(messages.sentBy),
        ),
      )
      .orderBy(messages.contactId, desc(messages.createdAt), desc(messages.seq));
    for (const row of rows) latest.set(row.contactId, this.open(row));
    return latest;
  }

  /** `markAccepted` for several replies in one statement. */
  async markAcceptedMany(
    db: Executor,
    accepted: ReadonlyArray<{ messageId: string; wamid: string; at: Date }>,
  ): Promise<void> {
    if (accepted.length === 0) return;
    const values = sql.join(
      accepted.map((a) => sql`(${a.messageId}::uuid, ${a.wamid}::text, ${a.at.toISOString()}::timestamptz)`),
      sql`, `,
    );
    await db.execute(sql`
      UPDATE messages SET wamid = accepted.wamid, sent_at = accepted.at
      FROM (VALUES ${values}) AS accepted (id, wamid, at)
      WHERE messages.id = accepted.id
    `);
  }

  /**
   * The reply as a row with the id chosen by the caller, written in the statement that records the
   * message's outcome: it is stored "queued" before sending, so a crash after sending cannot answer twice.
   */
  replyRow(reply: NewReply & { id: string }): ReplyRow {
    return {
      id: reply.id,
      businessId: reply.businessId,
      contactId: reply.contactId,
      body: this.sealBody(reply.businessId, reply.body),
      payload: reply.payload,
      inReplyToId: reply.inReplyToId,
    };
  }

  /** The stored body, opened (for previews of many messages read in one query elsewhere). */
  openBody(row: { body: string | null; businessId: string }): string | null {
    return this.open(row).body;
  }

  /** A message staff wrote in the admin panel, stored "queued" before it is sent (like the bot's). */
  async addStaffMessage(
    db: Executor,
    message: { businessId: string; contactId: string; body: string; sentBy: string },
  ): Promise<MessageRow> {
    const [row] = await db
      .insert(messages)
      .values({
        businessId: message.businessId,
        contactId: message.contactId,
        direction: "out",
        type: "text",
        body: this.sealBody(message.businessId, message.body),
        status: "queued",
        sentBy: message.sentBy,
      })
      .returning();
    if (!row) throw new Error("staff message insert returned nothing");
    return this.open(row);
  }

  async findOne(db: Executor, messageId: string): Promise<MessageRow | null> {
    const [row] = await db.select().from(messages).where(eq(messages.id, messageId));
    return row ? this.open(row) : null;
  }

  /** WhatsApp accepted the reply: its wamid is what later status webhooks refer to. */
  async markAccepted(db: Executor, messageId: string, wamid: string, at: Date): Promise<void> {
    await db.update(messages).set({ wamid, sentAt: at }).where(eq(messages.id, messageId));
  }

  async markFailed(
    db: Executor,
    messageId: string,
    errorCode: string | null,
    errorTitle: string,
  ): Promise<void> {
    await db
      .update(messages)
      .set({ status: "failed", errorCode, errorTitle })
      .where(eq(messages.id, messageId));
  }

  /**
   * Applies a status webhook to an outbound message. Statuses only move forward (WhatsApp may deliver
   * "delivered" after "read"); "failed" always wins. False when no such message or nothing changed.
   */
  async applyDeliveryStatus(
    db: Executor,
    update: {
      businessId: string;
      wamid: string;
      status: DeliveryStatus;
      errorCode: string | null;
      errorTitle: string | null;
    },
  ): Promise<boolean> {
    const rank = (column: unknown) => sql`CASE ${column}
      WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END`;
    const result = await db.execute(sql`
      UPDATE messages
      SET status = ${update.status}::message_status,
          error_code = COALESCE(${update.errorCode}, error_code),
          error_title = COALESCE(${update.errorTitle}, error_title)
      WHERE business_id = ${update.businessId} AND wamid = ${update.wamid} AND direction = 'out'
        AND status <> 'failed'
        AND (${update.status} = 'failed' OR ${rank(sql`status::text`)} < ${rank(sql`${update.status}::text`)})
      RETURNING id
    `);
    return rowsOf(result).length > 0;
  }

  /**
   * Newest first, in the order they were stored; `before` (the id of the oldest message shown)
   * pages back from just before it, so messages stored in the same instant are neither skipped nor
   * shown twice.
   */
  async listForContact(
    db: Executor,
    businessId: string,
    contactId: string,
    options: { limit: number; before?: string | undefined },
  ): Promise<MessageRow[]> {
    const cursor = options.before
      ? sql`(${messages.createdAt}, ${messages.seq}) < (
          SELECT created_at, seq FROM messages
          WHERE id = ${options.before} AND business_id = ${businessId} AND contact_id = ${contactId})`
      : undefined;
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.businessId, businessId), eq(messages.contactId, contactId), cursor))
      .orderBy(desc(messages.createdAt), desc(messages.seq))
      .limit(options.limit);
    return rows.map((row) => this.open(row));
  }
}
