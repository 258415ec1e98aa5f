/**
 * The admin API (JSON, bearer token until users and logins arrive): find contacts, read a profile with
 * every fact's history and evidence, correct or delete a fact, read the conversation.
 */
import { timingSafeEqual } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { z } from "zod";
import type { EditContactProfile, EditResult } from "../../application/EditContactProfile.ts";
import { CHANNELS, DAY_PARTS, NOTE_CATEGORIES, WEEKDAYS } from "../../domain/extraction/types.ts";
import { projectContactProfile } from "../../domain/profile/ContactProfileProjection.ts";
import type { ProfileFact } from "../../domain/profile/ProfileFact.ts";
import type { ContactRepository, ContactRow } from "../db/ContactRepository.ts";
import { ConversationRecords } from "../db/ConversationRecords.ts";
import type { Database } from "../db/database.ts";
import type { MessageRepository, MessageRow } from "../db/MessageRepository.ts";
import type { ProfileRepository } from "../db/ProfileRepository.ts";
import { auditLog } from "../db/schema.ts";
import { type BookingAdminOptions, bookingAdmin, contactBookings } from "./bookingAdmin.ts";
import { parse } from "./requestValidation.ts";

export interface AdminApiOptions {
  token: string | undefined;
  db: Database;
  contacts: ContactRepository;
  messages: MessageRepository;
  profiles: ProfileRepository;
  editor: EditContactProfile;
  /** Schedule, absences, appointments and attendance; patterns in the contact view. */
  booking?: BookingAdminOptions;
}

const uuid = z.uuid("must be a UUID");
const contactParams = z.object({ id: uuid });
const factParams = z.object({ id: uuid, factId: uuid });
const searchQuery = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s()-]{4,20}$/, "must be a phone number")
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
  businessId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime({ offset: true }).optional(),
});
const deleteQuery = z.object({ by: z.string().trim().min(1).max(100).default("admin") });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The structured value staff may give for each field; text fields take the text itself. */
const VALUE_SCHEMAS = {
  name: z.string().min(1),
  email: z.email(),
  phone: z.string().regex(/^\+\d{6,15}$/, "must be E.164, e.g. +41791234567"),
  language: z.enum(["en", "de"]),
  preferred_staff_member: z.object({
    staffId: z.string().nullable(),
    name: z.string().nullable(),
    gender: z.enum(["female", "male"]).nullable(),
    none: z.boolean(),
  }),
  preferred_appointment_times: z.object({
    days: z.array(z.enum(WEEKDAYS)),
    not_days: z.array(z.enum(WEEKDAYS)),
    parts: z.array(z.enum(DAY_PARTS)),
    not_parts: z.array(z.enum(DAY_PARTS)),
    after: hhmm.nullable(),
    before: hhmm.nullable(),
    flexible: z.boolean(),
  }),
  communication_preferences: z.object({
    channels: z.array(z.enum(CHANNELS)),
    avoid: z.array(z.enum(CHANNELS)),
    style: z.enum(["brief", "detailed"]).nullable(),
    written: z.boolean(),
  }),
  special_notes: z.object({ category: z.enum(NOTE_CATEGORIES), concept: z.string().nullable() }),
  preferred_services: z.object({
    serviceIds: z.array(z.string()),
    interest: z.enum(["requested", "liked", "asked"]).nullable(),
  }),
} as const;

const editBody = z.object({
  text: z.string().trim().min(1).max(500),
  value: z.unknown().optional(),
  editedBy: z.string().trim().min(1).max(100),
});

export const adminApi: FastifyPluginAsync<AdminApiOptions> = async (app, options) => {
  app.addHook("onRequest", async (request, reply) => {
    if (!options.token) {
      return reply.code(401).send({ error: "the admin API is disabled: set RAPPORT_ADMIN_TOKEN" });
    }
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    if (!match?.[1] || !sameSecret(match[1], options.token)) {
      return reply.code(401).send({ error: "missing or wrong bearer token" });
    }
  });

  const records = new ConversationRecords();

  app.get("/api/contacts", async (request, reply) => {
    const query = parse(searchQuery, request.query, reply, "query");
    if (!query) return reply;
    const rows = await options.contacts.search(options.db, query);
    return { contacts: rows.map(contactSummary) };
  });

  app.get("/api/contacts/:id", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const contact = await options.contacts.find(options.db, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const facts = await options.profiles.loadFacts(options.db, contact.businessId, contact.id);
    const audit = await options.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.businessId, contact.businessId),
          eq(auditLog.entity, "profile_fact"),
          sql`${auditLog.details}->>'contactId' = ${contact.id}`,
        ),
      )
      .orderBy(asc(auditLog.id));
    const factIds = new Set(facts.map((fact) => fact.id));
    const bookings = options.booking ? await contactBookings(options.booking, contact, new Date()) : null;
    const conversation = await records.historyFor(options.db, contact.businessId, contact.id);
    return {
      contact: contactSummary(contact),
      ...(bookings ?? {}),
      profile: projectContactProfile(contact.id, facts),
      marketingOptOut: contact.marketingOptOut,
      // What the customer declined to share, their consent answers and rights requests.
      ...conversation,
      facts: factTree(facts),
      audit: audit
        .filter((entry) => entry.entityId !== null && factIds.has(entry.entityId))
        .map((entry) => ({
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          factId: entry.entityId,
          ...options.profiles.openAuditDetails(entry.entityId ?? "", entry.details),
        })),
    };
  });

  app.patch("/api/contacts/:id/facts/:factId", async (request, reply) => {
    const params = parse(factParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(editBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const contact = await options.contacts.find(options.db, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const facts = await options.profiles.loadFacts(options.db, contact.businessId, contact.id);
    const target = facts.find((fact) => fact.id === params.factId);
    if (!target) return reply.code(404).send({ error: "no such fact for this contact" });
    const valueSchema = VALUE_SCHEMAS[target.field];
    const rawValue = body.value ?? (typeof target.value === "string" ? body.text : undefined);
    let value: unknown;
    if (rawValue !== undefined) {
      const checked = valueSchema.safeParse(rawValue);
      if (!checked.success) {
        return reply.code(400).send({ error: `body.value: ${z.prettifyError(checked.error)}` });
      }
      value = checked.data;
    }
    const result = await options.editor.edit(contact.id, params.factId, {
      text: body.text,
      editedBy: body.editedBy,
      ...(value !== undefined && { value: value as ProfileFact["value"] }),
    });
    return answerEdit(result, reply);
  });

  app.delete("/api/contacts/:id/facts/:factId", async (request, reply) => {
    const params = parse(factParams, request.params, reply, "path");
    if (!params) return reply;
    const query = parse(deleteQuery, request.query, reply, "query");
    if (!query) return reply;
    const result = await options.editor.remove(params.id, params.factId, query.by);
    return answerEdit(result, reply);
  });

  if (options.booking) await app.register(bookingAdmin, options.booking);

  app.get("/api/contacts/:id/messages", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const query = parse(messagesQuery, request.query, reply, "query");
    if (!query) return reply;
    const contact = await options.contacts.find(options.db, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const rows = await options.messages.listForContact(options.db, contact.businessId, contact.id, {
      limit: query.limit,
      before: query.before ? new Date(query.before) : undefined,
    });
    return { messages: rows.map(messageView) };
  });
};

function answerEdit(result: EditResult, reply: FastifyReply) {
  if (result.ok) {
    const inserted = result.change.inserts[0] ?? null;
    return reply.send({
      outcome: result.change.outcome,
      fact: inserted ? factView(inserted) : null,
      changed: result.change.updates.map((update) => update.factId),
    });
  }
  switch (result.reason) {
    case "contact-not-found":
      return reply.code(404).send({ error: "no such contact" });
    case "fact-not-found":
      return reply.code(404).send({ error: "no such fact for this contact" });
    case "fact-not-editable":
      return reply.code(409).send({ error: "the fact was already superseded or removed" });
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function contactSummary(contact: ContactRow) {
  return {
    id: contact.id,
    businessId: contact.businessId,
    waId: contact.waId,
    phone: contact.phone,
    name: contact.name,
    email: contact.email,
    language: contact.language,
    lastInboundAt: contact.lastInboundAt,
    updatedAt: contact.updatedAt,
  };
}

function factView(fact: ProfileFact) {
  return {
    id: fact.id,
    field: fact.field,
    value: fact.value,
    text: fact.text,
    status: fact.status,
    source: fact.source,
    confidence: fact.confidence,
    evidence: { messageId: fact.messageId, quote: fact.quote, saidAt: fact.saidAt },
    recordedAt: fact.recordedAt,
    editedBy: fact.editedBy,
    sampleSize: fact.sampleSize,
    supersedes: fact.supersedes,
    supersededBy: fact.supersededBy,
    confirmations: fact.confirmations,
    lastConfirmedAt: fact.lastConfirmedAt,
    removedAt: fact.removedAt,
    removedBy: fact.removedBy,
  };
}

/** Live facts (current, candidate) each with the chain of facts it superseded; removed ones apart. */
function factTree(facts: ProfileFact[]) {
  const byId = new Map(facts.map((fact) => [fact.id, fact]));
  const historyOf = (fact: ProfileFact) => {
    const chain: ReturnType<typeof factView>[] = [];
    const seen = new Set<string>([fact.id]);
    let previous = fact.supersedes ? byId.get(fact.supersedes) : undefined;
    while (previous && !seen.has(previous.id)) {
      seen.add(previous.id);
      chain.push(factView(previous));
      previous = previous.supersedes ? byId.get(previous.supersedes) : undefined;
    }
    return chain;
  };
  return {
    live: facts
      .filter((fact) => fact.status === "current" || fact.status === "candidate")
      .map((fact) => ({ ...factView(fact), history: historyOf(fact) })),
    superseded: facts.filter((fact) => fact.status === "superseded").map(factView),
    removed: facts.filter((fact) => fact.status === "removed").map(factView),
  };
}

function messageView(message: MessageRow) {
  return {
    id: message.id,
    direction: message.direction,
    type: message.type,
    body: message.body,
    payload: message.payload,
    status: message.status,
    wamid: message.wamid,
    errorCode: message.errorCode,
    errorTitle: message.errorTitle,
    sentAt: message.sentAt,
    createdAt: message.createdAt,
    processedAt: message.processedAt,
    inReplyToId: message.inReplyToId,
  };
}
