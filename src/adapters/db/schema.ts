/**
 * Rapport's tables. Every row belongs to one business: each table carries `business_id`, and rows
 * that hang off a contact reference it through (business_id, contact_id), so the database itself
 * refuses a fact, message or job whose contact belongs to another business.
 *
 * Special-category data (health, fears, limitations) never lies in plain text: the contact's
 * `special_notes` column and a special-notes fact's `sealed` payload hold ciphertext envelopes
 * written by `src/adapters/crypto/fieldEncryption.ts`.
 */
import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Language } from "../../domain/business/BusinessCatalog.ts";
import type { CommunicationPreference, TimePreference } from "../../domain/extraction/types.ts";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const businessId = () =>
  uuid("business_id")
    .notNull()
    .references(() => businesses.id, { onDelete: "cascade" });
/** Composite reference that pins a row's contact to the row's own business. */
const contactOfSameBusiness = (name: string, table: { businessId: AnyPgColumn; contactId: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [table.businessId, table.contactId],
    foreignColumns: [contacts.businessId, contacts.id],
  }).onDelete("cascade");

export const genderEnum = pgEnum("gender", ["female", "male"]);
export const factSourceEnum = pgEnum("fact_source", ["customer", "staff", "behaviour"]);
export const factStatusEnum = pgEnum("fact_status", ["current", "candidate", "superseded", "removed"]);
export const messageDirectionEnum = pgEnum("message_direction", ["in", "out"]);
/** `received` is the state of every inbound message; the others follow WhatsApp's status webhooks. */
export const messageStatusEnum = pgEnum("message_status", [
  "received",
  "queued",
  "sent",
  "delivered",
  "read",
  "failed",
]);
export const jobStatusEnum = pgEnum("job_status", ["pending", "running", "done", "failed"]);
export const appointmentStatusEnum = pgEnum("appointment_status", [
  "booked",
  "cancelled",
  "arrived",
  "late",
  "no_show",
  "completed",
]);

export interface BusinessSettings {
  [key: string]: unknown;
}

export const businesses = pgTable("businesses", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** IANA zone, e.g. "Europe/Zurich": the machine runs in UTC, the business does not. */
  timezone: text("timezone").notNull(),
  /** ISO 3166 alpha-2 region used to read local phone numbers. */
  country: text("country").notNull(),
  languages: jsonb("languages").$type<Language[]>().notNull().default([]),
  settings: jsonb("settings").$type<BusinessSettings>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Which business a WhatsApp Cloud API `phone_number_id` delivers messages for. */
export const businessPhoneNumbers = pgTable(
  "business_phone_numbers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    phoneNumberId: text("phone_number_id").notNull(),
    /** The number customers see, E.164. */
    displayPhone: text("display_phone"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("business_phone_numbers_phone_number_id_key").on(t.phoneNumberId),
    index("business_phone_numbers_business_idx").on(t.businessId),
  ],
);

export const staff = pgTable(
  "staff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    /** The catalogue's stable id ("anna"), what extractors and profiles refer to. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    gender: genderEnum("gender"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("staff_business_key").on(t.businessId, t.key)],
);

export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    /** The catalogue's stable id ("haircut"), what `preferred_services` holds. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    names: jsonb("names").$type<Partial<Record<Language, string>>>().notNull().default({}),
    minutes: integer("minutes").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("services_business_key").on(t.businessId, t.key),
    check("services_minutes_positive", sql`${t.minutes} > 0`),
  ],
);

/**
 * One customer of one business. The preference columns are a projection of the contact's current
 * profile facts (the facts are the truth; these are what the bot and the UI read quickly).
 */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    /** WhatsApp's id for the customer (their number without "+"). */
    waId: text("wa_id").notNull(),
    /** E.164. */
    phone: text("phone"),
    name: text("name"),
    email: text("email"),
    language: text("language").$type<Language>(),
    preferredStaffMember: text("preferred_staff_member"),
    preferredAppointmentTimes: jsonb("preferred_appointment_times").$type<TimePreference>(),
    /** Ciphertext envelope ("v1:…") of the notes: never plain text. */
    specialNotes: text("special_notes"),
    communicationPreferences: jsonb("communication_preferences").$type<CommunicationPreference>(),
    preferredServices: jsonb("preferred_services").$type<string[]>().notNull().default([]),
    marketingOptOut: boolean("marketing_opt_out").notNull().default(false),
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    /**
     * The structured staff preference's catalogue key, `none` when the customer said they have no
     * preference, null otherwise (unknown, or only a gender): what the contacts list filters on.
     */
    preferredStaffKey: text("preferred_staff_key"),
    /** 0–100: the share of the profile fields filled (`ProfileCompleteness.ts`), with the projection. */
    completeness: smallint("completeness").notNull().default(0),
    /** Start of the latest appointment staff marked arrived, late or completed. */
    lastVisitAt: timestamp("last_visit_at", { withTimezone: true }),
    /** Human handoff: while set, the bot stores and learns from messages but does not answer. */
    botPausedAt: timestamp("bot_paused_at", { withTimezone: true }),
    /** Who paused it: `user:<email>` or `token`. */
    botPausedBy: text("bot_paused_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("contacts_business_wa_id").on(t.businessId, t.waId),
    // Target of the composite (business_id, contact_id) references.
    unique("contacts_business_id_id").on(t.businessId, t.id),
    index("contacts_business_phone_idx").on(t.businessId, t.phone),
    index("contacts_business_lower_name_idx").on(t.businessId, sql`lower(${t.name})`),
    // The contacts list's sorts and filters (see ContactRepository.list).
    index("contacts_business_completeness_idx").on(t.businessId, t.completeness),
    // Newest first is how these are read (the list's sort, the conversations' order).
    index("contacts_business_last_visit_idx").on(t.businessId, t.lastVisitAt.desc().nullsLast()),
    index("contacts_business_last_inbound_idx").on(t.businessId, t.lastInboundAt.desc().nullsLast()),
    index("contacts_business_staff_key_idx").on(t.businessId, t.preferredStaffKey),
    index("contacts_preferred_services_idx").using("gin", t.preferredServices),
    index("contacts_preferred_times_idx").using("gin", sql`${t.preferredAppointmentTimes} jsonb_path_ops`),
    // "Contains" search (ILIKE '%…%') by name, email or number: trigram indexes (pg_trgm, migration 0007).
    index("contacts_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    index("contacts_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
    index("contacts_phone_trgm_idx").using("gin", t.phone.op("gin_trgm_ops")),
    index("contacts_bot_paused_idx").on(t.businessId).where(sql`${t.botPausedAt} IS NOT NULL`),
    check("contacts_completeness_range", sql`${t.completeness} BETWEEN 0 AND 100`),
    check("contacts_special_notes_sealed", sql`${t.specialNotes} IS NULL OR ${t.specialNotes} ~ '^v[0-9]+:'`),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    direction: messageDirectionEnum("direction").notNull(),
    /** WhatsApp's message id; null for an outbound message not yet accepted by WhatsApp. */
    wamid: text("wamid"),
    /** WhatsApp message type: text, interactive, image, … */
    type: text("type").notNull().default("text"),
    body: text("body"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    status: messageStatusEnum("status").notNull(),
    errorCode: text("error_code"),
    errorTitle: text("error_title"),
    /** When WhatsApp says the message was sent (its `timestamp`). */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    /** For the bot's reply: the inbound message it answers. Unique, so a message is answered once. */
    inReplyToId: uuid("in_reply_to_id").references((): AnyPgColumn => messages.id, { onDelete: "set null" }),
    /** A message staff wrote from the admin panel: `user:<email>` or `token`; null for the bot's. */
    sentBy: text("sent_by"),
    /** An inbound message's sentiment as the extractor read it, -1..1 (null: not read, or no text). */
    sentiment: real("sentiment"),
    /**
     * Order of storing. Messages stored by one statement (a claim's inbound messages, a group's
     * replies) share `created_at`; `seq` keeps them in the order they were written, so a transcript
     * and "the bot's last message" never depend on a random id.
     */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    contactOfSameBusiness("messages_contact_fk", t),
    uniqueIndex("messages_in_reply_to_key").on(t.inReplyToId),
    // Idempotency: a redelivered webhook finds its wamid taken. NULLs (unsent outbound) stay distinct.
    unique("messages_business_wamid").on(t.businessId, t.wamid),
    index("messages_contact_created_idx").on(t.businessId, t.contactId, t.createdAt, t.seq),
  ],
);

/**
 * What the profile knows about a contact, one statement at a time, never overwritten: a correction
 * adds a fact that supersedes the old one. For `special_notes` the value, display text and quote
 * live only inside `sealed` (ciphertext of their JSON); the check constraint keeps it that way.
 */
export const profileFacts = pgTable(
  "profile_facts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    field: text("field").notNull(),
    value: jsonb("value").$type<unknown>(),
    displayText: text("display_text"),
    /** Ciphertext envelope of `{ value, displayText, quote }` for special-category fields. */
    sealed: text("sealed"),
    source: factSourceEnum("source").notNull(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    quote: text("quote"),
    saidAt: timestamp("said_at", { withTimezone: true }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    confidence: real("confidence"),
    status: factStatusEnum("status").notNull(),
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => profileFacts.id, {
      onDelete: "set null",
    }),
    /** Staff member or user who edited the fact by hand. */
    editedBy: text("edited_by"),
    /** For behaviour-derived facts: how many bookings the pattern rests on. */
    sampleSize: integer("sample_size"),
    /** The fact that replaced this one (the reverse of `supersedes_id`, also for settled candidates). */
    supersededById: uuid("superseded_by_id").references((): AnyPgColumn => profileFacts.id, {
      onDelete: "set null",
    }),
    /** The last time the same value was heard again. */
    lastConfirmedAt: timestamp("last_confirmed_at", { withTimezone: true }),
    confirmations: integer("confirmations").notNull().default(0),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    /** Who removed it: `{ kind: "customer", messageId }` or `{ kind: "staff", userId }`. */
    removedBy: jsonb("removed_by").$type<Record<string, unknown>>(),
  },
  (t) => [
    contactOfSameBusiness("profile_facts_contact_fk", t),
    index("profile_facts_contact_field_status_idx").on(t.businessId, t.contactId, t.field, t.status),
    check(
      "profile_facts_confidence_range",
      sql`${t.confidence} IS NULL OR (${t.confidence} BETWEEN 0 AND 1)`,
    ),
    check("profile_facts_special_sealed", specialFieldsSealed(t)),
  ],
);

function specialFieldsSealed(t: {
  field: AnyPgColumn;
  value: AnyPgColumn;
  displayText: AnyPgColumn;
  quote: AnyPgColumn;
  sealed: AnyPgColumn;
}): SQL {
  return sql`${t.field} <> 'special_notes' OR (${t.value} IS NULL AND ${t.displayText} IS NULL AND ${t.quote} IS NULL AND ${t.sealed} ~ '^v[0-9]+:')`;
}

/**
 * Durable inbox: every inbound customer message lands here first, one row per (business, wamid),
 * written by the webhook in a single insert before it acknowledges. The row is also the message's
 * job: the worker claims rows per sender in arrival order (`id`), admits them (creates the contact
 * and the `messages` row, recorded in `contact_id`/`message_id`), handles them, and marks them done
 * — see `inboundQueue.ts`. Done rows keep only their keys (the body moves to `messages`) so a
 * redelivery days later is still recognised.
 *
 * Deliberately no foreign keys: each would cost every webhook an index probe and a KEY SHARE lock,
 * and all of a business's deliveries would queue on its one `businesses` row.
 */
export const inboundInbox = pgTable(
  "inbound_inbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    businessId: uuid("business_id").notNull(),
    /** WhatsApp's id of the sender: the unit of ordering until the contact exists. */
    waId: text("wa_id").notNull(),
    /** E.164, when known. */
    phone: text("phone"),
    wamid: text("wamid").notNull(),
    type: text("type").notNull(),
    body: text("body"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    /** WhatsApp's timestamp of the message. */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    status: jobStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Set when the worker admits the message. */
    contactId: uuid("contact_id"),
    messageId: uuid("message_id"),
  },
  (t) => [
    unique("inbound_inbox_business_wamid").on(t.businessId, t.wamid),
    // The claim query's two lookups: due work in order, and "anything earlier from this sender?".
    index("inbound_inbox_open_idx").on(t.id).where(sql`${t.status} IN ('pending', 'running')`),
    index("inbound_inbox_sender_open_idx")
      .on(t.businessId, t.waId, t.id)
      .where(sql`${t.status} IN ('pending', 'running')`),
  ],
);

/** Topics a contact said they'd rather not talk about: the bot never asks again. */
export const declinedTopics = pgTable(
  "declined_topics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    topic: text("topic").notNull(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    quote: text("quote"),
    saidAt: timestamp("said_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    contactOfSameBusiness("declined_topics_contact_fk", t),
    index("declined_topics_contact_idx").on(t.businessId, t.contactId, t.topic),
  ],
);

/** Each grant or withdrawal is a row; the latest per (contact, kind) is in force. */
export const consents = pgTable(
  "consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    /** e.g. "marketing", "special_category_data". */
    kind: text("kind").notNull(),
    granted: boolean("granted").notNull(),
    /** The exact wording the customer agreed to or declined. */
    wording: text("wording").notNull(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    contactOfSameBusiness("consents_contact_fk", t),
    index("consents_contact_kind_idx").on(t.businessId, t.contactId, t.kind, t.at),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    businessId: businessId(),
    /**
     * Who: `user:<email>` or `token` for the admin API; for profile changes `customer`,
     * `staff:<email>`, `behaviour` or `retention` (ProfileRepository.actorName).
     */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_business_at_idx").on(t.businessId, t.at),
    // A contact's entries (every writer puts the contact in `details.contactId`), oldest first: the
    // contact view reads its fact history and rights requests through it instead of scanning the log.
    index("audit_log_contact_idx").on(t.businessId, sql`(${t.details}->>'contactId')`, t.id),
  ],
);

/**
 * Webhook content Rapport does not understand yet (new message types, unknown phone number ids,
 * malformed items): kept as received so nothing is lost and it can be replayed once supported.
 */
export const unrecognisedWebhookEvents = pgTable(
  "unrecognised_webhook_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    phoneNumberId: text("phone_number_id"),
    reason: text("reason").notNull(),
    raw: jsonb("raw").$type<unknown>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("unrecognised_webhook_events_received_idx").on(t.receivedAt)],
);

/** Time a staff member is away (holiday, course, sick leave): availability subtracts it. */
export const staffAbsences = pgTable(
  "staff_absences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("staff_absences_staff_idx").on(t.businessId, t.staffId, t.endsAt),
    check("staff_absences_order", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A booked time. `blocked_from`/`blocked_until` add the service's buffers around the customer's time:
 * what the staff member (and room) cannot be booked for. Two live appointments of one staff member
 * (or one room) never overlap: exclusion constraints (see migration 0004) enforce it in the
 * database, so concurrent bookings of one slot cannot both succeed.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    /** The room's id from the business's schedule settings, when the service needs one. */
    roomKey: text("room_key"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    blockedFrom: timestamp("blocked_from", { withTimezone: true }).notNull(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }).notNull(),
    status: appointmentStatusEnum("status").notNull().default("booked"),
    /** Minutes late on arrival, when staff recorded it. */
    minutesLate: integer("minutes_late"),
    /** Who booked: the bot (with the message), or staff. */
    bookedVia: text("booked_via").notNull().default("chat"),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    /** The appointment this one was moved from (rescheduling cancels the old one). */
    rescheduledFromId: uuid("rescheduled_from_id").references((): AnyPgColumn => appointments.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    contactOfSameBusiness("appointments_contact_fk", t),
    index("appointments_business_time_idx").on(t.businessId, t.startsAt),
    index("appointments_contact_idx").on(t.businessId, t.contactId, t.startsAt),
    check("appointments_order", sql`${t.endsAt} > ${t.startsAt}`),
    check(
      "appointments_blocked_covers",
      sql`${t.blockedFrom} <= ${t.startsAt} AND ${t.blockedUntil} >= ${t.endsAt}`,
    ),
  ],
);

export const userRoleEnum = pgEnum("user_role", ["owner", "admin", "staff", "marketing"]);

/**
 * People who log in to the admin API and panel. Each belongs to one business; the email is unique
 * across businesses (it is the login name). `password_hash` is a self-describing scrypt string
 * (`src/adapters/auth/passwordHash.ts`): algorithm, parameters, salt and key.
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: businessId(),
    email: text("email").notNull(),
    displayName: text("display_name"),
    role: userRoleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_idx").on(sql`lower(${t.email})`)],
);

/** Login sessions: the cookie's random token is stored only as its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfSecret: text("csrf_secret").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Who saw a contact's health notes (or their conversation), when and from where. */
export const accessLog = pgTable(
  "access_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    businessId: businessId(),
    contactId: uuid("contact_id").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** `user:<email>` or `token` (RAPPORT_ADMIN_TOKEN). */
    actor: text("actor").notNull(),
    /** What was shown: "health_notes" (the contact view) or "messages" (the transcript). */
    resource: text("resource").notNull(),
    ip: text("ip"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    contactOfSameBusiness("access_log_contact_fk", t),
    index("access_log_contact_at_idx").on(t.businessId, t.contactId, t.at),
  ],
);
