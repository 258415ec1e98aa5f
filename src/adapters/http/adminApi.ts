/**
 * The admin API (JSON; a session cookie or the bearer token, see `sessionAuth.ts`): find contacts, read
 * a profile with every fact's history and evidence, correct or delete a fact, read the conversation.
 * What each role may do is `src/domain/access/RolePermissions.ts`; a session user sees only their own
 * business. Health notes are left out for roles without `health.read`, and every response that shows
 * them (or a transcript) is written to the access log.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EditContactProfile, EditResult } from "../../application/EditContactProfile.ts";
import { can } from "../../domain/access/RolePermissions.ts";
import type { BusinessCatalog } from "../../domain/business/BusinessCatalog.ts";
import {
  HEALTH_CATEGORIES,
  HEALTH_CONSENT_KIND,
  isHealthNote,
} from "../../domain/conversation/policy/HealthConsent.ts";
import { CHANNELS, DAY_PARTS, NOTE_CATEGORIES, WEEKDAYS } from "../../domain/extraction/types.ts";
import { projectContactProfile } from "../../domain/profile/ContactProfileProjection.ts";
import { describeTimePreference } from "../../domain/profile/PreferenceDescription.ts";
import { profileCompleteness } from "../../domain/profile/ProfileCompleteness.ts";
import type { NewFactValue, ProfileFact } from "../../domain/profile/ProfileFact.ts";
import { safetyAlerts } from "../../domain/profile/SafetyAlerts.ts";
import { defaultEntryText, recogniseNoteConcept } from "../../domain/profile/StaffEntryText.ts";
import type { AccessEntry, AuthService } from "../auth/AuthService.ts";
import type { ContactRepository, ContactRow } from "../db/ContactRepository.ts";
import { ConversationRecords } from "../db/ConversationRecords.ts";
import type { Database } from "../db/database.ts";
import type { MessageRepository } from "../db/MessageRepository.ts";
import type { ProfileRepository } from "../db/ProfileRepository.ts";
import { auditLog } from "../db/schema.ts";
import { type BookingAdminOptions, bookingAdmin, contactBookings } from "./bookingAdmin.ts";
import { contactParams, findVisibleContact, messageView } from "./contactRoutes.ts";
import { type ConversationAdminOptions, conversationAdmin, conversationState } from "./conversationAdmin.ts";
import { insightsAdmin } from "./insightsAdmin.ts";
import { parse, uuid } from "./requestValidation.ts";
import { routePermission } from "./routePermissions.ts";
import { authenticate, type Principal, principalOf } from "./sessionAuth.ts";
import { usersAdmin } from "./usersAdmin.ts";

export interface AdminApiOptions {
  token: string | undefined;
  auth: AuthService;
  db: Database;
  contacts: ContactRepository;
  messages: MessageRepository;
  profiles: ProfileRepository;
  editor: EditContactProfile;
  /** Schedule, absences, appointments and attendance; patterns in the contact view. */
  booking?: BookingAdminOptions;
  /** Staff replies go out through the worker's sender; without one, the conversation routes are absent. */
  conversations?: Omit<ConversationAdminOptions, "db" | "auth" | "contacts" | "messages">;
  now?: () => Date;
}

const factParams = z.object({ id: uuid, factId: uuid });
const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((value) => new Date(value));
const percent = z.coerce.number().int().min(0).max(100);
const searchQuery = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s()-]{4,20}$/, "must be a phone number")
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
  businessId: uuid.optional(),
  /** The list's first version: a page size without pages (kept for callers of that version). */
  limit: z.coerce.number().int().min(1).max(200).optional(),
  service: z.string().trim().min(1).max(100).optional(),
  timePart: z.enum(["morning", "afternoon", "evening"]).optional(),
  day: z.enum(WEEKDAYS).optional(),
  staff: z.string().trim().min(1).max(100).optional(),
  language: z.enum(["en", "de"]).optional(),
  lastVisitAfter: isoDate.optional(),
  lastVisitBefore: isoDate.optional(),
  completenessMin: percent.optional(),
  completenessMax: percent.optional(),
  sort: z.enum(["name", "lastContact", "lastVisit", "completeness"]).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The id of the oldest message already shown: the page holds the ones stored before it. */
  before: z.uuid().optional(),
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

const PROFILE_FIELDS = Object.keys(VALUE_SCHEMAS) as [
  keyof typeof VALUE_SCHEMAS,
  ...(keyof typeof VALUE_SCHEMAS)[],
];
/** Something staff add to a profile: the field, its value (text fields: the text) and the words. */
const addBody = z.object({
  field: z.enum(PROFILE_FIELDS),
  value: z.unknown().optional(),
  /** Required for special notes; other fields get the profile's own words for the value. */
  text: z.string().trim().min(1).max(500).optional(),
  /** Who entered it, for API-token callers; a logged-in user enters as themselves. */
  editedBy: z.string().trim().min(1).max(100).optional(),
});

const editBody = z.object({
  text: z.string().trim().min(1).max(500),
  value: z.unknown().optional(),
  editedBy: z.string().trim().min(1).max(100),
});
/** A logged-in user edits as themselves. */
const sessionEditBody = editBody.extend({ editedBy: z.string().trim().min(1).max(100).optional() });
const sessionDeleteQuery = z.object({});

export const adminApi: FastifyPluginAsync<AdminApiOptions> = async (app, options) => {
  // Fail closed: every route of this plugin (and bookingAdmin's) names the permission it needs.
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      if (!routePermission(method, route.url)) {
        throw new Error(`admin API route ${method} ${route.url} has no entry in ROUTE_PERMISSIONS`);
      }
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    const principal = await authenticate(request, reply, options);
    if (!principal) return reply;
    const permission = routePermission(request.method, request.routeOptions.url ?? "");
    if (!permission || !can(principal.role, permission)) {
      return reply.code(403).send({ error: `the ${principal.role} role may not do this (${permission})` });
    }
    // A user sees their own business only; another's answers as if it did not exist.
    const businessId = (request.params as { businessId?: string } | undefined)?.businessId;
    if (principal.businessId && businessId !== undefined && businessId !== principal.businessId) {
      return reply.code(404).send({ error: "no such business" });
    }
  });
  const findContact = (principal: Principal, id: string) =>
    findVisibleContact(options.contacts, options.db, principal, id);

  const records = new ConversationRecords();
  /** The access log's line for a caller who is shown a contact's health notes or transcript. */
  const logView = (request: FastifyRequest, contact: ContactRow, resource: AccessEntry["resource"]) =>
    options.auth.logAccess({
      businessId: contact.businessId,
      contactId: contact.id,
      user: principalOf(request).user,
      resource,
      ip: request.ip,
    });
  const now = options.now ?? (() => new Date());

  app.get("/api/contacts", async (request, reply) => {
    const query = parse(searchQuery, request.query, reply, "query");
    if (!query) return reply;
    const { businessId } = principalOf(request);
    const pageSize = query.pageSize ?? query.limit ?? 25;
    if (businessId && query.businessId && query.businessId !== businessId) {
      return { contacts: [], total: 0, page: query.page, pageSize };
    }
    const { rows, total } = await options.contacts.list(options.db, {
      ...query,
      ...(businessId && { businessId }),
      pageSize,
    });
    const names = await serviceNames(rows);
    return {
      contacts: rows.map((row) => ({
        ...contactSummary(row),
        lastVisitAt: row.lastVisitAt,
        completeness: completenessOf(row),
        preferredStaff: row.preferredStaffMember,
        timePreference: row.preferredAppointmentTimes
          ? describeTimePreference(row.preferredAppointmentTimes)
          : null,
        services: row.preferredServices.map((id) => names.get(`${row.businessId}:${id}`) ?? id),
      })),
      total,
      page: query.page,
      pageSize,
    };
  });

  /** Catalogue names of the services the rows prefer (ids the catalogue does not know stay as said). */
  const serviceNames = async (rows: readonly ContactRow[]) => {
    const names = new Map<string, string>();
    const directory = options.booking?.directory;
    if (!directory) return names;
    for (const businessId of new Set(rows.map((row) => row.businessId))) {
      const catalog = await directory.catalog(businessId);
      for (const service of catalog.services) names.set(`${businessId}:${service.id}`, service.name);
    }
    return names;
  };

  app.get("/api/contacts/:id", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const principal = principalOf(request);
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const seesHealth = can(principal.role, "health.read");
    // The reads are independent: sent together, they cost one wait instead of four. Showing health
    // notes is logged as soon as the facts say there are any, while the other reads run.
    const [allFacts, audit, bookings, history] = await Promise.all([
      options.profiles.loadFacts(options.db, contact.businessId, contact.id).then(async (loaded) => {
        if (seesHealth && loaded.some(isHealthNote)) {
          await logView(request, contact, "health_notes");
        }
        return loaded;
      }),
      options.db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.businessId, contact.businessId),
            eq(auditLog.entity, "profile_fact"),
            sql`${auditLog.details}->>'contactId' = ${contact.id}`,
          ),
        )
        .orderBy(asc(auditLog.id)),
      options.booking ? contactBookings(options.booking, contact, new Date()) : null,
      records.historyFor(options.db, contact.businessId, contact.id),
    ]);
    // Without `health.read` the health notes are gone before anything is built from the facts, so
    // neither the profile, the fact tree nor the audit entries (kept only for shown facts) hold them.
    const facts = seesHealth ? allFacts : allFacts.filter((fact) => !isHealthNote(fact));
    // A message that told a health note may have told a preference too: its words are not quoted.
    const healthMessages = new Set(
      seesHealth
        ? []
        : allFacts.filter(isHealthNote).flatMap((fact) => (fact.messageId ? [fact.messageId] : [])),
    );
    const factIds = new Set(facts.map((fact) => fact.id));
    const conversation = seesHealth ? history : withoutHealth(history);
    reply.header("cache-control", "no-store");
    return {
      contact: { ...contactSummary(contact), lastVisitAt: contact.lastVisitAt },
      // Safety alerts are health notes (or sit beside them): none at all without `health.read`.
      alerts: seesHealth ? safetyAlerts(facts) : [],
      completeness: completenessOf(contact),
      conversation: conversationState(contact, now()),
      ...(bookings ?? {}),
      profile: projectContactProfile(contact.id, facts),
      marketingOptOut: contact.marketingOptOut,
      // What the customer declined to share, their consent answers and rights requests.
      ...conversation,
      facts: factTree(facts, (fact) => fact.messageId !== null && healthMessages.has(fact.messageId)),
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

  app.post("/api/contacts/:id/facts", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(addBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const principal = principalOf(request);
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    let raw = body.value ?? (TEXT_FIELDS.has(body.field) ? body.text : undefined);
    if (body.field === "special_notes" && raw instanceof Object && !("concept" in raw)) {
      // "Latex allergy" typed by staff is the same concept the bot would hear, with the same alert.
      const category = (raw as { category?: unknown }).category;
      const known = NOTE_CATEGORIES.find((c) => c === category);
      raw = { ...raw, concept: known && body.text ? recogniseNoteConcept(body.text, known) : null };
    }
    const checked = VALUE_SCHEMAS[body.field].safeParse(raw);
    if (!checked.success) {
      return reply.code(400).send({ error: `body.value: ${z.prettifyError(checked.error)}` });
    }
    const entry = { field: body.field, value: checked.data } as NewFactValue;
    const health = isHealthNote(entry);
    if (health && !can(principal.role, "health.edit")) {
      return reply.code(403).send({ error: `the ${principal.role} role may not change health notes` });
    }
    const catalog = options.booking ? await options.booking.directory.catalog(contact.businessId) : null;
    const unknown = catalog ? unknownCatalogIds(entry, catalog) : [];
    if (unknown.length > 0) {
      return reply
        .code(400)
        .send({ error: `body.value: not in this business's catalogue: ${unknown.join(", ")}` });
    }
    const text = body.text ?? defaultEntryText(entry, catalog);
    if (text === null) return reply.code(400).send({ error: "body.text: say it in words for this entry" });
    const editedBy = principal.user ? principal.user.email : (body.editedBy ?? "admin");
    const result = await options.editor.add(contact.id, { ...entry, text }, editedBy);
    // The answer shows the note.
    if (result.ok && health) await logView(request, contact, "health_notes");
    if (result.ok) reply.code(201);
    return answerEdit(result, reply);
  });

  app.patch("/api/contacts/:id/facts/:factId", async (request, reply) => {
    const params = parse(factParams, request.params, reply, "path");
    if (!params) return reply;
    const principal = principalOf(request);
    const body = parse(principal.user ? sessionEditBody : editBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    const facts = await options.profiles.loadFacts(options.db, contact.businessId, contact.id);
    const target = facts.find((fact) => fact.id === params.factId);
    if (!target) return reply.code(404).send({ error: "no such fact for this contact" });
    const touchesHealth =
      isHealthNote(target) ||
      (target.field === "special_notes" &&
        HEALTH_CATEGORIES.has(String((body.value as { category?: unknown } | undefined)?.category)));
    if (touchesHealth && !can(principal.role, "health.edit")) {
      return reply.code(403).send({ error: `the ${principal.role} role may not change health notes` });
    }
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
      editedBy: principal.user ? principal.user.email : (body.editedBy ?? "admin"),
      ...(value !== undefined && { value: value as ProfileFact["value"] }),
    });
    // The answer shows the corrected note.
    if (result.ok && touchesHealth) {
      await logView(request, contact, "health_notes");
    }
    return answerEdit(result, reply);
  });

  app.delete("/api/contacts/:id/facts/:factId", async (request, reply) => {
    const params = parse(factParams, request.params, reply, "path");
    if (!params) return reply;
    const principal = principalOf(request);
    const query = parse(principal.user ? sessionDeleteQuery : deleteQuery, request.query, reply, "query");
    if (!query) return reply;
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    if (!can(principal.role, "health.edit")) {
      const facts = await options.profiles.loadFacts(options.db, contact.businessId, contact.id);
      const target = facts.find((fact) => fact.id === params.factId);
      if (target && isHealthNote(target)) {
        return reply.code(403).send({ error: `the ${principal.role} role may not change health notes` });
      }
    }
    const by = principal.user ? principal.user.email : "by" in query ? query.by : "admin";
    const result = await options.editor.remove(contact.id, params.factId, by);
    return answerEdit(result, reply);
  });

  if (options.booking)
    await app.register(bookingAdmin, { ...options.booking, auth: options.auth, profiles: options.profiles });
  if (options.conversations) {
    await app.register(conversationAdmin, {
      ...options.conversations,
      db: options.db,
      auth: options.auth,
      contacts: options.contacts,
      messages: options.messages,
      ...(options.now && { now: options.now }),
    });
  }
  await app.register(insightsAdmin, { db: options.db });
  await app.register(usersAdmin, { auth: options.auth });

  app.get("/api/contacts/:id/messages", async (request, reply) => {
    const params = parse(contactParams, request.params, reply, "path");
    if (!params) return reply;
    const query = parse(messagesQuery, request.query, reply, "query");
    if (!query) return reply;
    const principal = principalOf(request);
    const contact = await findContact(principal, params.id);
    if (!contact) return reply.code(404).send({ error: "no such contact" });
    // A transcript holds whatever the customer said about their health.
    await logView(request, contact, "messages");
    reply.header("cache-control", "no-store");
    const rows = await options.messages.listForContact(options.db, contact.businessId, contact.id, {
      limit: query.limit,
      before: query.before,
    });
    return { messages: rows.map(messageView) };
  });
};

/** Fields whose value is their text. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(["name", "email", "phone", "language"]);

/** Staff and services an entry names that the business does not have. */
function unknownCatalogIds(entry: NewFactValue, catalog: BusinessCatalog): string[] {
  if (entry.field === "preferred_staff_member") {
    const id = entry.value.staffId;
    return id !== null && !catalog.staff.some((s) => s.id === id) ? [id] : [];
  }
  if (entry.field === "preferred_services") {
    return entry.value.serviceIds.filter((id) => !catalog.services.some((s) => s.id === id));
  }
  return [];
}

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

/**
 * The conversation records without what would reveal health data: the health-data consent answers
 * (their wording names it) and the customer's words when declining a topic.
 */
function withoutHealth(history: Awaited<ReturnType<ConversationRecords["historyFor"]>>) {
  return {
    declinedTopics: history.declinedTopics.map(({ topic, saidAt }) => ({ topic, saidAt })),
    consents: history.consents.filter((consent) => consent.kind !== HEALTH_CONSENT_KIND),
    requests: history.requests,
  };
}

/** The completeness of the contact's projected profile (the same rule as the stored score). */
export function completenessOf(contact: ContactRow) {
  return profileCompleteness({
    name: contact.name,
    email: contact.email,
    preferred_staff_member: contact.preferredStaffMember,
    preferred_appointment_times: contact.preferredAppointmentTimes === null ? null : "set",
    communication_preferences: contact.communicationPreferences === null ? null : "set",
    preferred_services: contact.preferredServices,
  });
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

function factView(fact: ProfileFact, unquoted = false) {
  return {
    id: fact.id,
    field: fact.field,
    value: fact.value,
    text: fact.text,
    status: fact.status,
    source: fact.source,
    confidence: fact.confidence,
    evidence: { messageId: fact.messageId, quote: unquoted ? null : fact.quote, saidAt: fact.saidAt },
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
function factTree(facts: ProfileFact[], unquoted: (fact: ProfileFact) => boolean) {
  const view = (fact: ProfileFact) => factView(fact, unquoted(fact));
  const byId = new Map(facts.map((fact) => [fact.id, fact]));
  const historyOf = (fact: ProfileFact) => {
    const chain: ReturnType<typeof view>[] = [];
    const seen = new Set<string>([fact.id]);
    let previous = fact.supersedes ? byId.get(fact.supersedes) : undefined;
    while (previous && !seen.has(previous.id)) {
      seen.add(previous.id);
      chain.push(view(previous));
      previous = previous.supersedes ? byId.get(previous.supersedes) : undefined;
    }
    return chain;
  };
  return {
    live: facts
      .filter((fact) => fact.status === "current" || fact.status === "candidate")
      .map((fact) => ({ ...view(fact), history: historyOf(fact) })),
    superseded: facts.filter((fact) => fact.status === "superseded").map(view),
    removed: facts.filter((fact) => fact.status === "removed").map(view),
  };
}
