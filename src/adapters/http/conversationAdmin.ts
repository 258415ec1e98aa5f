/**
 * The staff dashboard's conversations (same authentication and role checks, see `adminApi.ts`): the
 * list of conversations with the last message, human handoff (pause the bot, resume it) and staff
 * replies, which go out through the worker's own sender inside WhatsApp's 24-hour window only.
 * Handoffs and replies are audited; a reply is stored as outbound with who sent it.
 */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { ReplySender } from "../../application/ports.ts";
import type { AuthService } from "../auth/AuthService.ts";
import type { BusinessDirectory } from "../db/BusinessDirectory.ts";
import type { ContactRepository, ContactRow } from "../db/ContactRepository.ts";
import { type Database, rowsOf } from "../db/database.ts";
import type { MessageRepository } from "../db/MessageRepository.ts";
import { auditLog } from "../db/schema.ts";
import { isInsideServiceWindow, SERVICE_WINDOW_MS } from "../whatsapp/serviceWindow.ts";
import { contactParams, findVisibleContact, messageView } from "./contactRoutes.ts";
import { parse, uuid } from "./requestValidation.ts";
import { auditActorOf as actorOf, type Principal, principalOf } from "./sessionAuth.ts";

export interface ConversationAdminOptions {
  db: Database;
  auth: AuthService;
  contacts: ContactRepository;
  messages: MessageRepository;
  directory: BusinessDirectory;
  /** The sender the inbox worker answers with. */
  sender: ReplySender;
  now?: () => Date;
}

export const OUTSIDE_WINDOW_ERROR = "outside the 24-hour customer-service window: only templates may be sent";
const PREVIEW_CHARS = 80;

const listQuery = z.object({
  filter: z.enum(["all", "paused", "unanswered"]).default("all"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  /** For the bearer token, which sees every business. */
  businessId: uuid.optional(),
});
const handoffBody = z.object({ paused: z.boolean() });
const replyBody = z.object({ text: z.string().trim().min(1).max(4096) });

/** Whether the bot answers this contact, and until when staff may write freely. */
export function conversationState(contact: ContactRow, now: Date) {
  return {
    botPaused: contact.botPausedAt !== null,
    pausedBy: contact.botPausedBy,
    pausedAt: contact.botPausedAt,
    windowOpenUntil: windowOpenUntil(contact.lastInboundAt, now),
  };
}

function windowOpenUntil(lastInboundAt: Date | null, now: Date): Date | null {
  return isInsideServiceWindow(lastInboundAt, now)
    ? new Date((lastInboundAt as Date).getTime() + SERVICE_WINDOW_MS)
    : null;
}

interface ConversationRow {
  contact_id: string;
  business_id: string;
  name: string | null;
  phone: string | null;
  language: string | null;
  last_inbound_at: string | Date | null;
  bot_paused_at: string | Date | null;
  last_at: string | Date;
  direction: "in" | "out";
  body: string | null;
}

const asDate = (value: string | Date | null) => (value === null ? null : new Date(value));

export const conversationAdmin: FastifyPluginAsync<ConversationAdminOptions> = async (app, options) => {
  const { db, contacts, messages } = options;
  const now = options.now ?? (() => new Date());
  const findContact = (principal: Principal, id: string) => findVisibleContact(contacts, db, principal, id);

  /**
   * Conversations newest first — by the customer's last message, which the (business, last inbound)
   * index serves — each with its very last message (either direction) for the preview.
   */
  app.get("/api/conversations", async (request, reply) => {
    const query = parse(listQuery, request.query, reply, "query");
    if (!query) return reply;
    const principal = principalOf(request);
    const businessId = principal.businessId ?? query.businessId ?? null;
    if (principal.businessId && query.businessId && query.businessId !== principal.businessId) {
      return { conversations: [], total: 0, page: query.page, pageSize: query.pageSize };
    }
    const where = sql.join(
      [
        sql`c.last_inbound_at IS NOT NULL`,
        ...(businessId ? [sql`c.business_id = ${businessId}`] : []),
        ...(query.filter === "paused" ? [sql`c.bot_paused_at IS NOT NULL`] : []),
        ...(query.filter === "unanswered" ? [sql`m.direction = 'in'`] : []),
      ],
      sql` AND `,
    );
    const last = sql`JOIN LATERAL (
        SELECT created_at, direction, body FROM messages
        WHERE business_id = c.business_id AND contact_id = c.id
        ORDER BY created_at DESC, seq DESC LIMIT 1
      ) m ON true`;
    const [rows, counted] = await Promise.all([
      db.execute(sql`
        SELECT c.id AS contact_id, c.business_id, c.name, c.phone, c.language, c.last_inbound_at,
               c.bot_paused_at, m.created_at AS last_at, m.direction, m.body
        FROM contacts c ${last}
        WHERE ${where}
        ORDER BY c.last_inbound_at DESC NULLS LAST, c.id DESC
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`),
      // Only "unanswered" needs each contact's last message to count; the others count contacts.
      db.execute(
        sql`SELECT count(*)::int AS n FROM contacts c ${query.filter === "unanswered" ? last : sql``} WHERE ${where}`,
      ),
    ]);
    const at = now();
    reply.header("cache-control", "no-store");
    return {
      conversations: rowsOf<ConversationRow>(rows).map((row) => {
        const body = messages.openBody({ body: row.body, businessId: row.business_id });
        return {
          contactId: row.contact_id,
          name: row.name,
          phone: row.phone,
          language: row.language,
          lastMessageAt: asDate(row.last_at),
          lastDirection: row.direction,
          lastPreview: body === null ? null : body.slice(0, PREVIEW_CHARS),
          botPaused: row.bot_paused_at !== null,
          windowOpenUntil: windowOpenUntil(asDate(row.last_inbound_at), at),
        };
      }),
      total: rowsOf<{ n: number }>(counted)[0]?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  });

  /** Human handoff: `{paused: true}` silences the bot for this customer until `{paused: false}`. */
  app.post("/api/contacts/:id/handoff", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(handoffBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const principal = principalOf(request);
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const actor = actorOf(principal);
    const at = now();
    const updated = await db.transaction(async (tx) => {
      // Pausing again keeps who paused first and when.
      const row =
        body.paused && contact.botPausedAt !== null
          ? contact
          : await contacts.setBotPaused(tx, contact.id, body.paused ? { by: actor, at } : null);
      await tx.insert(auditLog).values({
        businessId: contact.businessId,
        actor,
        action: body.paused ? "bot_paused" : "bot_resumed",
        entity: "contact",
        entityId: contact.id,
        details: { contactId: contact.id },
        at,
      });
      return row;
    });
    if (!updated) return reply.code(404).send({ error: "no such contact" });
    const { botPaused, pausedBy, pausedAt } = conversationState(updated, at);
    return { conversation: { botPaused, pausedBy, pausedAt } };
  });

  /** A staff reply: free text inside the 24-hour window only, sent as the bot's replies are. */
  app.post("/api/contacts/:id/messages", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(replyBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const principal = principalOf(request);
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const at = now();
    if (!isInsideServiceWindow(contact.lastInboundAt, at)) {
      return reply.code(409).send({ error: OUTSIDE_WINDOW_ERROR });
    }
    const phoneNumberId = await options.directory.numberOf(contact.businessId);
    if (phoneNumberId === null) {
      return reply.code(409).send({ error: "the business has no WhatsApp number to send from" });
    }
    const sentBy = principal.user ? principal.user.email : "token";
    const stored = await db.transaction(async (tx) => {
      const message = await messages.addStaffMessage(tx, {
        businessId: contact.businessId,
        contactId: contact.id,
        body: body.text,
        sentBy,
      });
      await tx.insert(auditLog).values({
        businessId: contact.businessId,
        actor: actorOf(principal),
        action: "staff_reply",
        entity: "message",
        entityId: message.id,
        details: { contactId: contact.id },
        at,
      });
      return message;
    });
    try {
      const { wamid } = await options.sender.sendText({
        phoneNumberId,
        to: contact.waId,
        body: body.text,
        window: { lastInboundAt: contact.lastInboundAt, now: at },
      });
      await messages.markAccepted(db, stored.id, wamid, at);
    } catch (error) {
      const outside = error instanceof Error && error.name === "OutsideServiceWindowError";
      const code = (error as { code?: unknown }).code;
      const title = error instanceof Error ? error.message.slice(0, 300) : String(error);
      await messages.markFailed(
        db,
        stored.id,
        outside ? "outside_window" : typeof code === "number" ? String(code) : null,
        title,
      );
      const failed = await messages.findOne(db, stored.id);
      if (outside)
        return reply.code(409).send({ error: OUTSIDE_WINDOW_ERROR, message: failed && messageView(failed) });
      request.log.warn(
        { messageId: stored.id, contactId: contact.id, errorCode: code },
        "staff reply not sent",
      );
      return reply.code(502).send({
        error: `WhatsApp did not take the message: ${title}`,
        message: failed && messageView(failed),
      });
    }
    const sent = await messages.findOne(db, stored.id);
    return reply.code(201).send({ message: sent && messageView(sent) });
  });
};
