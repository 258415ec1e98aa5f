/**
 * Contacts: the seed columns are a projection of the contact's current facts, written in the same
 * transaction as the fact change (`writeProjection`). `special_notes` holds a sealed envelope.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { ContactProfile, ProjectedNote } from "../../domain/profile/ContactProfileProjection.ts";
import { profileCompleteness } from "../../domain/profile/ProfileCompleteness.ts";
import type { FieldCipher } from "../crypto/fieldEncryption.ts";
import type { Executor } from "./ProfileRepository.ts";
import { contacts } from "./schema.ts";
import type { ProjectionRow } from "./TurnOutcomeWriter.ts";

export type ContactRow = typeof contacts.$inferSelect;

/**
 * A contact as read, with `version`: its `updated_at` as PostgreSQL's text (exact, where a Date
 * keeps milliseconds only). Every projection write moves it; `writeProjection` can require it unchanged.
 */
export type VersionedContact = ContactRow & { version: string };

const notesAad = (contactId: string) => `contact:${contactId}:special_notes`;

export interface ContactSearch {
  businessId?: string | undefined;
  phone?: string | undefined;
  q?: string | undefined;
  limit: number;
}

export class ContactRepository {
  constructor(private readonly cipher: FieldCipher) {}

  async find(db: Executor, contactId: string, businessId?: string): Promise<ContactRow | null> {
    const where = businessId
      ? and(eq(contacts.id, contactId), eq(contacts.businessId, businessId))
      : eq(contacts.id, contactId);
    const [row] = await db.select().from(contacts).where(where).limit(1);
    return row ?? null;
  }

  async findByWaId(db: Executor, businessId: string, waId: string): Promise<ContactRow | null> {
    const [row] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.businessId, businessId), eq(contacts.waId, waId)))
      .limit(1);
    return row ?? null;
  }

  /** Contacts by id (any business), each with its version: one query for a batch. */
  async findManyVersioned(db: Executor, contactIds: readonly string[]): Promise<VersionedContact[]> {
    if (contactIds.length === 0) return [];
    const rows = await db
      .select({ contact: contacts, version: sql<string>`${contacts.updatedAt}::text` })
      .from(contacts)
      .where(inArray(contacts.id, [...contactIds]));
    return rows.map((row) => ({ ...row.contact, version: row.version }));
  }

  /**
   * Rewrites the projection columns from a freshly projected profile. With `ifVersion`, only while the
   * contact still has that version (nobody wrote its profile since it was read): false otherwise.
   */
  async writeProjection(
    db: Executor,
    contact: ContactRow,
    profile: ContactProfile,
    ifVersion?: string,
  ): Promise<boolean> {
    const written = await this.projectionUpdate(db, contact, profile, ifVersion);
    return written.length > 0;
  }

  /** `writeProjection` as a statement (returning the id when written), to run inside a larger one. */
  projectionUpdate(
    db: Executor,
    contact: ContactRow,
    profile: ContactProfile,
    ifVersion?: string,
    extra: { marketingOptOut?: boolean } = {},
  ) {
    return db
      .update(contacts)
      .set({
        ...this.projectedColumns(contact, profile),
        ...(extra.marketingOptOut !== undefined && { marketingOptOut: extra.marketingOptOut }),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(contacts.id, contact.id),
          eq(contacts.businessId, contact.businessId),
          ifVersion === undefined ? undefined : sql`${contacts.updatedAt} = ${ifVersion}::timestamptz`,
        ),
      )
      .returning({ id: contacts.id });
  }

  /** `projectionUpdate` as a row for the turn's one outcome statement (`TurnOutcomeWriter`). */
  projectionRow(
    contact: ContactRow,
    profile: ContactProfile,
    ifVersion?: string,
    /** The customer's marketing stop or resume in this turn; undefined keeps what is stored. */
    marketingOptOut?: boolean,
  ): ProjectionRow {
    return {
      id: contact.id,
      businessId: contact.businessId,
      ...this.projectedColumns(contact, profile),
      marketingOptOut,
      updatedAt: new Date(),
      version: ifVersion,
    };
  }

  /** The contact's columns rebuilt from its profile: one list for both ways of writing them. */
  private projectedColumns(contact: ContactRow, profile: ContactProfile) {
    return {
      name: profile.name,
      email: profile.email,
      // The WhatsApp number stays the contact's number until the customer gives another.
      phone: profile.phone ?? (contact.phone || `+${contact.waId}`),
      language: profile.language,
      preferredStaffMember: profile.preferred_staff_member,
      preferredAppointmentTimes: profile.structured.preferred_appointment_times,
      specialNotes:
        profile.special_notes.length === 0
          ? null
          : this.cipher.encrypt(JSON.stringify(profile.special_notes), notesAad(contact.id)),
      communicationPreferences: profile.structured.communication_preferences,
      preferredServices: profile.preferred_services,
      preferredStaffKey: staffKeyOf(profile),
      completeness: profileCompleteness(profile).score,
    } satisfies Partial<typeof contacts.$inferInsert>;
  }

  openSpecialNotes(contact: ContactRow): ProjectedNote[] {
    if (contact.specialNotes === null) return [];
    return JSON.parse(this.cipher.decrypt(contact.specialNotes, notesAad(contact.id))) as ProjectedNote[];
  }

  async setMarketingOptOut(db: Executor, contactId: string, optOut: boolean): Promise<void> {
    await db
      .update(contacts)
      .set({ marketingOptOut: optOut, updatedAt: new Date() })
      .where(eq(contacts.id, contactId));
  }

  /** A page of the contacts list and how many contacts match in all. Missing values sort last. */
  async list(db: Executor, query: ContactListQuery): Promise<{ rows: ContactRow[]; total: number }> {
    const conditions = listConditions(query);
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const column = {
      name: sql`lower(${contacts.name})`,
      lastContact: contacts.lastInboundAt,
      lastVisit: contacts.lastVisitAt,
      completeness: contacts.completeness,
    }[query.sort];
    const direction = query.order === "desc" ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`;
    const [rows, [counted]] = await Promise.all([
      db
        .select()
        .from(contacts)
        .where(where)
        .orderBy(sql`${column} ${direction}`, query.order === "desc" ? desc(contacts.id) : asc(contacts.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ n: count() }).from(contacts).where(where),
    ]);
    return { rows, total: Number(counted?.n ?? 0) };
  }

  /** Human handoff: pauses (or resumes) the bot for the contact's conversation. */
  async setBotPaused(
    db: Executor,
    contactId: string,
    pause: { by: string; at: Date } | null,
  ): Promise<ContactRow | null> {
    const [row] = await db
      .update(contacts)
      .set({ botPausedAt: pause?.at ?? null, botPausedBy: pause?.by ?? null })
      .where(eq(contacts.id, contactId))
      .returning();
    return row ?? null;
  }

  /** Search by exact phone (E.164, "+" optional) and/or a name, email or number fragment. */
  async search(db: Executor, search: ContactSearch): Promise<ContactRow[]> {
    const conditions = searchConditions(search);
    return db
      .select()
      .from(contacts)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(asc(contacts.name), asc(contacts.createdAt))
      .limit(search.limit);
  }
}

/** What the contacts list filters on, besides the text search (`ContactSearch`). */
export interface ContactListQuery {
  businessId?: string | undefined;
  q?: string | undefined;
  phone?: string | undefined;
  service?: string | undefined;
  timePart?: "morning" | "afternoon" | "evening" | undefined;
  day?: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun" | undefined;
  /** A staff key, `none` (said they have no preference) or `any` (has one). */
  staff?: string | undefined;
  language?: "en" | "de" | undefined;
  lastVisitAfter?: Date | undefined;
  lastVisitBefore?: Date | undefined;
  completenessMin?: number | undefined;
  completenessMax?: number | undefined;
  sort: "name" | "lastContact" | "lastVisit" | "completeness";
  order: "asc" | "desc";
  page: number;
  pageSize: number;
}

/** The structured staff preference as the list filters it: the key, `none`, or null. */
function staffKeyOf(profile: ContactProfile): string | null {
  const staff = profile.structured.preferred_staff_member;
  if (!staff) return null;
  return staff.none ? "none" : staff.staffId;
}

/** Business, exact phone (E.164, "+" optional), and a name, email or number fragment. */
function searchConditions(search: Pick<ContactListQuery, "businessId" | "phone" | "q">): SQL[] {
  const conditions: SQL[] = [];
  if (search.businessId) conditions.push(eq(contacts.businessId, search.businessId));
  if (search.phone) {
    const digits = search.phone.replace(/[^\d]/g, "");
    const phoneMatch = or(eq(contacts.phone, `+${digits}`), eq(contacts.waId, digits));
    if (phoneMatch) conditions.push(phoneMatch);
  }
  if (search.q) {
    const pattern = `%${escapeLike(search.q)}%`;
    const textMatch = or(
      ilike(contacts.name, pattern),
      ilike(contacts.email, pattern),
      ilike(contacts.phone, pattern),
    );
    if (textMatch) conditions.push(textMatch);
  }
  return conditions;
}

/** The list's filters as one SQL condition: every value a parameter, every column a projection column. */
function listConditions(query: ContactListQuery): SQL[] {
  const conditions = searchConditions(query);
  // Containment (@>) so the GIN indexes serve these.
  if (query.service) {
    conditions.push(sql`${contacts.preferredServices} @> ${JSON.stringify([query.service])}::jsonb`);
  }
  if (query.timePart) {
    conditions.push(
      sql`${contacts.preferredAppointmentTimes} @> ${JSON.stringify({ parts: [query.timePart] })}::jsonb`,
    );
  }
  if (query.day) {
    conditions.push(
      sql`${contacts.preferredAppointmentTimes} @> ${JSON.stringify({ days: [query.day] })}::jsonb`,
    );
  }
  if (query.staff === "any") {
    conditions.push(isNotNull(contacts.preferredStaffMember));
    conditions.push(sql`${contacts.preferredStaffKey} IS DISTINCT FROM 'none'`);
  } else if (query.staff) {
    conditions.push(eq(contacts.preferredStaffKey, query.staff));
  }
  if (query.language) conditions.push(eq(contacts.language, query.language));
  if (query.lastVisitAfter) conditions.push(gte(contacts.lastVisitAt, query.lastVisitAfter));
  if (query.lastVisitBefore) conditions.push(lte(contacts.lastVisitAt, query.lastVisitBefore));
  if (query.completenessMin !== undefined) conditions.push(gte(contacts.completeness, query.completenessMin));
  if (query.completenessMax !== undefined) conditions.push(lte(contacts.completeness, query.completenessMax));
  return conditions;
}

/** The customer's or staff's text is data, never a pattern: `%` and `_` match themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Marketing stop/resume can arrive before the customer ever wrote: the contact is created if needed. */
export async function upsertContactMarketingOptOut(
  db: Executor,
  contact: { businessId: string; waId: string; optOut: boolean },
): Promise<string> {
  const [row] = await db
    .insert(contacts)
    .values({
      businessId: contact.businessId,
      waId: contact.waId,
      phone: `+${contact.waId}`,
      marketingOptOut: contact.optOut,
    })
    .onConflictDoUpdate({
      target: [contacts.businessId, contacts.waId],
      set: { marketingOptOut: contact.optOut, updatedAt: new Date() },
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error("upsertContactMarketingOptOut: no row returned");
  return row.id;
}
