/**
 * The booking side of the admin API (same authentication and role checks, see `adminApi.ts`): the
 * business's own details, how it works (hours, staff plans and services, buffers, rooms, holidays,
 * notice, horizon), new staff and services, staff absences, the appointment book, and attendance —
 * arrived, late, no-show — which feeds the contact's patterns.
 */
import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { can } from "../../domain/access/RolePermissions.ts";
import { accommodationsFor } from "../../domain/booking/Accommodations.ts";
import { describeAccommodations } from "../../domain/booking/AccommodationWording.ts";
import {
  BusinessSetupError,
  buildBusinessSchedule,
  practiceSettingsSchema,
  settingsChangeIssues,
} from "../../domain/booking/BusinessSetup.ts";
import { listBehaviourPatterns, mineBehaviourPatterns } from "../../domain/booking/PatternMining.ts";
import { assertTimezone } from "../../domain/booking/WallClock.ts";
import { CATALOG_KEY_PATTERN, catalogKeyFrom } from "../../domain/business/CatalogKey.ts";
import { fieldChangeDetails, settingsChangeDetails } from "../../domain/business/ChangeDetails.ts";
import { HEALTH_CATEGORIES } from "../../domain/conversation/policy/HealthConsent.ts";
import { type SafetyAlert, safetyAlerts } from "../../domain/profile/SafetyAlerts.ts";
import type { AuthService } from "../auth/AuthService.ts";
import type { AppointmentRepository } from "../db/AppointmentRepository.ts";
import type { BusinessDirectory } from "../db/BusinessDirectory.ts";
import type { ContactRow } from "../db/ContactRepository.ts";
import type { Database } from "../db/database.ts";
import type { ProfileRepository } from "../db/ProfileRepository.ts";
import {
  appointments,
  auditLog,
  businesses,
  contacts,
  services,
  staff,
  staffAbsences,
} from "../db/schema.ts";
import { parse, uuid } from "./requestValidation.ts";
import { auditActorOf, principalOf } from "./sessionAuth.ts";

export interface BookingAdminOptions {
  db: Database;
  directory: BusinessDirectory;
  appointments: AppointmentRepository;
  /** For the calendar's alerts and accommodations (health roles only; each view access-logged). */
  profiles?: ProfileRepository;
  auth?: AuthService;
}

const businessParams = z.object({ businessId: uuid });
const absenceParams = z.object({ businessId: uuid, absenceId: uuid });
const appointmentParams = z.object({ businessId: uuid, appointmentId: uuid });
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const rangeQuery = z.object({ from: instant, to: instant });
const MAX_RANGE_MS = 92 * 86_400_000;
const absenceBody = z
  .object({
    staffId: z.string().min(1).max(100),
    from: instant,
    to: instant,
    reason: z.string().trim().max(200).optional(),
  })
  // Only once both instants parsed: a refinement also runs over a failed object in zod 4.
  .refine((absence) => !(absence.to instanceof Date) || absence.to > absence.from, "to must be after from");
const staffParams = z.object({ businessId: uuid, key: z.string().min(1).max(100) });
const staffPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.string().trim().min(1).max(200),
    gender: z.enum(["female", "male"]).nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to change");
const servicePatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    names: z
      .object({ de: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
      .partial(),
    minutes: z.number().int().min(5).max(600),
    active: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to change");
const isTimezone = (zone: string) => {
  try {
    assertTimezone(zone);
    return true;
  } catch {
    return false;
  }
};
/** "europe/zurich" is accepted by Intl too; store the spelling the rest of the world uses. */
const canonicalZone = (zone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
const businessPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine(isTimezone, "must be an IANA time zone such as Europe/Zurich")
      .transform(canonicalZone),
    languages: z
      .array(z.enum(["de", "en"]))
      .min(1, "at least one language")
      .refine((languages) => new Set(languages).size === languages.length, "each language once"),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to change");
/** Optional: derived from the name when missing. */
const catalogKey = z
  .string()
  .max(60)
  .regex(CATALOG_KEY_PATTERN, "lower-case letters, digits and single hyphens, e.g. anna-meier");
const newStaff = z.object({
  key: catalogKey.optional(),
  name: z.string().trim().min(1).max(200),
  role: z.string().trim().min(1).max(200),
  gender: z.enum(["female", "male"]).nullable().optional(),
});
const newService = z.object({
  // "default" is bufferMinutes' entry for every other service.
  key: catalogKey.refine((key) => key !== "default", '"default" is reserved').optional(),
  name: z.string().trim().min(1).max(200),
  names: z
    .object({ de: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
    .partial()
    .optional(),
  minutes: z.number().int().min(5).max(600),
});
/**
 * The schedule's version: a hash of the stored settings as PostgreSQL writes jsonb (keys in one
 * order), so GET, the conditional UPDATE and its RETURNING all compute it the same way.
 */
const settingsVersion = sql<string>`md5(${businesses.settings}::text)`;
export const STALE_SCHEDULE_ERROR =
  "the settings were changed by someone else since you loaded them: reload them and make your change again";

/** A staff member and a service as the API shows them (by catalogue key). */
const staffView = (row: typeof staff.$inferSelect) => ({
  id: row.key,
  name: row.name,
  role: row.role,
  gender: row.gender,
  active: row.active,
});
const serviceView = (row: typeof services.$inferSelect) => ({
  id: row.key,
  name: row.name,
  names: row.names,
  minutes: row.minutes,
  active: row.active,
});

/** The version a PUT expects: body `version` or `If-Match` (an ETag, quoted or weak); null for none. */
function expectedVersion(
  body: unknown,
  ifMatch: string | undefined,
): { version: string | null } | { error: string } {
  const fromBody =
    body !== null && typeof body === "object" ? (body as { version?: unknown }).version : undefined;
  if (fromBody !== undefined && (typeof fromBody !== "string" || fromBody === "")) {
    return { error: "body.version: the version GET …/schedule answered, as a string" };
  }
  const header = ifMatch
    ?.trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
  const fromHeader = header === undefined || header === "" || header === "*" ? undefined : header;
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    return { error: "body.version and If-Match name different versions" };
  }
  return { version: fromBody ?? fromHeader ?? null };
}

const attendanceBody = z.object({
  status: z.enum(["arrived", "late", "no_show", "completed"]),
  minutesLate: z.number().int().min(0).max(600).optional(),
});

export const bookingAdmin: FastifyPluginAsync<BookingAdminOptions> = async (app, options) => {
  const { db, directory } = options;

  /** Who changed what in the business's settings, written in the change's own transaction. */
  const audit = (
    tx: Pick<Database, "insert">,
    request: FastifyRequest,
    entry: Omit<typeof auditLog.$inferInsert, "actor">,
  ) => tx.insert(auditLog).values({ ...entry, actor: auditActorOf(principalOf(request)) });
  /** The same for an edit: one that changed nothing (the values it sent were the stored ones) is no entry. */
  const auditChange = async (...args: Parameters<typeof audit>) => {
    if (Object.keys(args[2].details ?? {}).length > 0) await audit(...args);
  };

  app.get("/api/businesses", async (request) => {
    // A session user's own business; the bearer token sees them all.
    const own = principalOf(request).businessId;
    const rows = await db
      .select({
        id: businesses.id,
        name: businesses.name,
        timezone: businesses.timezone,
        languages: businesses.languages,
      })
      .from(businesses)
      .where(own ? eq(businesses.id, own) : undefined)
      .orderBy(asc(businesses.createdAt));
    return { businesses: rows };
  });

  /** The business's own name, clock and languages. */
  app.patch("/api/businesses/:businessId", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const patch = parse(businessPatch, request.body ?? {}, reply, "body");
    if (!patch) return reply;
    const view = {
      id: businesses.id,
      name: businesses.name,
      timezone: businesses.timezone,
      languages: businesses.languages,
    };
    const row = await db.transaction(async (tx) => {
      const [before] = await tx
        .select(view)
        .from(businesses)
        .where(eq(businesses.id, params.businessId))
        .for("update");
      if (!before) return null;
      const [after] = await tx
        .update(businesses)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(businesses.id, params.businessId))
        .returning(view);
      if (!after) return null;
      await auditChange(tx, request, {
        businessId: after.id,
        action: "business_changed",
        entity: "business",
        entityId: after.id,
        details: fieldChangeDetails(before, after, ["name", "timezone", "languages"]),
      });
      return after;
    });
    if (!row) return reply.code(404).send({ error: "no such business" });
    directory.forget();
    return { business: row };
  });

  /** The key a new staff member or service gets, or the 400/404 that says why there is none. */
  const newKeyFor = async (
    businessId: string,
    body: { key?: string | undefined; name: string },
    reply: FastifyReply,
  ): Promise<string | null> => {
    const key = body.key ?? catalogKeyFrom(body.name);
    if (!key) {
      reply.code(400).send({ error: "body.key: the name has no letters to make a key from; give one" });
      return null;
    }
    const [business] = await db
      .select({ id: businesses.id })
      .from(businesses)
      .where(eq(businesses.id, businessId));
    if (!business) {
      reply.code(404).send({ error: "no such business" });
      return null;
    }
    return key;
  };

  /** A new staff member; bookable once the schedule gives them days and services (PUT …/schedule). */
  app.post("/api/businesses/:businessId/staff", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(newStaff, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const key = await newKeyFor(params.businessId, body, reply);
    if (!key) return reply;
    // The unique (business, key) constraint decides, also between two requests at once.
    const row = await db.transaction(async (tx) => {
      const [added] = await tx
        .insert(staff)
        .values({
          businessId: params.businessId,
          key,
          name: body.name,
          role: body.role,
          gender: body.gender ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (added) {
        await audit(tx, request, {
          businessId: params.businessId,
          action: "staff_added",
          entity: "staff",
          entityId: added.key,
          details: { name: added.name, role: added.role, gender: added.gender },
        });
      }
      return added;
    });
    if (!row) return reply.code(409).send({ error: `a staff member with the key "${key}" exists already` });
    directory.forget();
    return reply.code(201).send({
      staff: staffView(row),
    });
  });

  /** A new service; staff offer it once the schedule lists it among their services. */
  app.post("/api/businesses/:businessId/services", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(newService, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const key = await newKeyFor(params.businessId, body, reply);
    if (!key) return reply;
    if (key === "default") {
      return reply.code(400).send({ error: 'body.key: "default" is reserved; give another key' });
    }
    const row = await db.transaction(async (tx) => {
      const [added] = await tx
        .insert(services)
        .values({
          businessId: params.businessId,
          key,
          name: body.name,
          names: body.names ?? {},
          minutes: body.minutes,
        })
        .onConflictDoNothing()
        .returning();
      if (added) {
        await audit(tx, request, {
          businessId: params.businessId,
          action: "service_added",
          entity: "service",
          entityId: added.key,
          details: { name: added.name, names: added.names, minutes: added.minutes },
        });
      }
      return added;
    });
    if (!row) return reply.code(409).send({ error: `a service with the key "${key}" exists already` });
    directory.forget();
    return reply.code(201).send({
      service: serviceView(row),
    });
  });

  app.get("/api/businesses/:businessId/schedule", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const [business] = await db
      .select({ id: businesses.id, settings: businesses.settings, version: settingsVersion })
      .from(businesses)
      .where(eq(businesses.id, params.businessId));
    if (!business) return reply.code(404).send({ error: "no such business" });
    const catalog = await directory.catalog(business.id);
    // Inactive ones apart, so the settings can offer them back; every other screen reads the active.
    const [inactiveStaff, inactiveServices] = await Promise.all([
      db
        .select()
        .from(staff)
        .where(and(eq(staff.businessId, business.id), eq(staff.active, false)))
        .orderBy(asc(staff.name))
        .then((rows) => rows.map(staffView)),
      db
        .select()
        .from(services)
        .where(and(eq(services.businessId, business.id), eq(services.active, false)))
        .orderBy(asc(services.name))
        .then((rows) => rows.map(serviceView)),
    ]);
    reply.header("etag", `"${business.version}"`);
    return {
      settings: practiceSettingsSchema.parse(business.settings),
      version: business.version,
      staff: catalog.staff,
      services: catalog.services,
      inactiveStaff,
      inactiveServices,
    };
  });

  /**
   * Replaces the scheduling settings; checked against the catalogue before anything is stored. With
   * the `version` GET gave (body field or `If-Match`), the write happens only if nobody saved in
   * between — compared in the UPDATE itself — and is a 409 otherwise; without one, the last save wins
   * (scripts with the bearer token).
   */
  app.put("/api/businesses/:businessId/schedule", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const expected = expectedVersion(request.body, request.headers["if-match"]);
    if ("error" in expected) return reply.code(400).send({ error: expected.error });
    const settings = parse(practiceSettingsSchema, request.body ?? {}, reply, "body");
    if (!settings) return reply;
    const [business] = await db.select().from(businesses).where(eq(businesses.id, params.businessId));
    if (!business) return reply.code(404).send({ error: "no such business" });
    const stored = practiceSettingsSchema.safeParse(business.settings);
    const issues = settingsChangeIssues(settings, stored.success ? stored.data : null);
    if (issues.length > 0) {
      return reply.code(400).send({ error: issues.map((issue) => `body.${issue}`).join("; ") });
    }
    try {
      buildBusinessSchedule(await directory.catalog(business.id), settings);
    } catch (error) {
      if (error instanceof BusinessSetupError) return reply.code(400).send({ error: error.message });
      throw error;
    }
    const saved = await db.transaction(async (tx) => {
      // Locked, so the audit entry compares with exactly what this save replaces.
      const [before] = await tx
        .select({ settings: businesses.settings })
        .from(businesses)
        .where(eq(businesses.id, business.id))
        .for("update");
      // Merged into what is stored (keys outside the schema stay), in the same statement as the check.
      const [after] = await tx
        .update(businesses)
        .set({
          settings: sql`${businesses.settings} || ${JSON.stringify(settings)}::jsonb`,
          updatedAt: new Date(),
        })
        .where(
          and(
            eq(businesses.id, business.id),
            expected.version === null ? undefined : sql`${settingsVersion} = ${expected.version}`,
          ),
        )
        .returning({ settings: businesses.settings, version: settingsVersion });
      if (!after) return null;
      const details = settingsChangeDetails(before?.settings ?? {}, after.settings);
      // Saving what is already stored changes nothing, and is not recorded as a change.
      if (details.changed.length > 0) {
        await audit(tx, request, {
          businessId: business.id,
          action: "schedule_changed",
          entity: "business",
          entityId: business.id,
          details,
        });
      }
      return after;
    });
    if (!saved) return reply.code(409).send({ error: STALE_SCHEDULE_ERROR });
    directory.forget();
    reply.header("etag", `"${saved.version}"`);
    return { settings, version: saved.version };
  });

  /** A staff member's name, role, gender (for "a female therapist") or whether they still work here. */
  app.patch("/api/businesses/:businessId/staff/:key", async (request, reply) => {
    const params = parse(staffParams, request.params, reply, "path");
    if (!params) return reply;
    const patch = parse(staffPatch, request.body ?? {}, reply, "body");
    if (!patch) return reply;
    const where = and(eq(staff.businessId, params.businessId), eq(staff.key, params.key));
    const row = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(staff).where(where).for("update");
      if (!before) return null;
      const [after] = await tx
        .update(staff)
        .set({ ...patch, updatedAt: new Date() })
        .where(where)
        .returning();
      if (!after) return null;
      await auditChange(tx, request, {
        businessId: params.businessId,
        action: "staff_changed",
        entity: "staff",
        entityId: after.key,
        details: fieldChangeDetails(before, after, ["name", "role", "gender", "active"]),
      });
      return after;
    });
    if (!row) return reply.code(404).send({ error: "no such staff member" });
    directory.forget();
    return { staff: staffView(row) };
  });

  /** A service's names, duration, or whether it is still offered. */
  app.patch("/api/businesses/:businessId/services/:key", async (request, reply) => {
    const params = parse(staffParams, request.params, reply, "path");
    if (!params) return reply;
    const patch = parse(servicePatch, request.body ?? {}, reply, "body");
    if (!patch) return reply;
    const where = and(eq(services.businessId, params.businessId), eq(services.key, params.key));
    const row = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(services).where(where).for("update");
      if (!before) return null;
      const [after] = await tx
        .update(services)
        // A name in one language leaves the other as it is (the settings edit one at a time).
        .set({
          ...patch,
          ...(patch.names && { names: { ...before.names, ...patch.names } }),
          updatedAt: new Date(),
        })
        .where(where)
        .returning();
      if (!after) return null;
      await auditChange(tx, request, {
        businessId: params.businessId,
        action: "service_changed",
        entity: "service",
        entityId: after.key,
        details: fieldChangeDetails(before, after, ["name", "names", "minutes", "active"]),
      });
      return after;
    });
    if (!row) return reply.code(404).send({ error: "no such service" });
    directory.forget();
    return {
      service: serviceView(row),
    };
  });

  /** Staff absences that have not ended yet (holidays, courses, sick days), soonest first. */
  app.get("/api/businesses/:businessId/absences", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const rows = await db
      .select({
        id: staffAbsences.id,
        staffId: staff.key,
        staffName: staff.name,
        from: staffAbsences.startsAt,
        to: staffAbsences.endsAt,
        reason: staffAbsences.reason,
      })
      .from(staffAbsences)
      .innerJoin(staff, eq(staff.id, staffAbsences.staffId))
      .where(and(eq(staffAbsences.businessId, params.businessId), gt(staffAbsences.endsAt, new Date())))
      .orderBy(asc(staffAbsences.startsAt))
      .limit(500);
    return { absences: rows };
  });

  app.post("/api/businesses/:businessId/absences", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(absenceBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const [member] = await db
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.businessId, params.businessId), eq(staff.key, body.staffId)));
    if (!member) return reply.code(404).send({ error: `no staff member "${body.staffId}" in this business` });
    const row = await db.transaction(async (tx) => {
      const [added] = await tx
        .insert(staffAbsences)
        .values({
          businessId: params.businessId,
          staffId: member.id,
          startsAt: body.from,
          endsAt: body.to,
          reason: body.reason ?? null,
        })
        .returning();
      if (!added) throw new Error("absence insert returned nothing");
      await audit(tx, request, {
        businessId: params.businessId,
        action: "absence_added",
        entity: "staff_absence",
        entityId: added.id,
        // Whose and when; the reason (it may be a sick day) stays with the absence.
        details: { staff: body.staffId, from: added.startsAt, to: added.endsAt },
      });
      return added;
    });
    return reply.code(201).send({ absence: { ...row, staffId: body.staffId } });
  });

  app.delete("/api/businesses/:businessId/absences/:absenceId", async (request, reply) => {
    const params = parse(absenceParams, request.params, reply, "path");
    if (!params) return reply;
    const removed = await db.transaction(async (tx) => {
      const [gone] = await tx
        .delete(staffAbsences)
        .where(and(eq(staffAbsences.businessId, params.businessId), eq(staffAbsences.id, params.absenceId)))
        .returning({
          id: staffAbsences.id,
          staffId: staffAbsences.staffId,
          from: staffAbsences.startsAt,
          to: staffAbsences.endsAt,
        });
      if (!gone) return null;
      const [member] = await tx.select({ key: staff.key }).from(staff).where(eq(staff.id, gone.staffId));
      await audit(tx, request, {
        businessId: params.businessId,
        action: "absence_removed",
        entity: "staff_absence",
        entityId: gone.id,
        details: { staff: member?.key ?? null, from: gone.from, to: gone.to },
      });
      return gone;
    });
    if (!removed) return reply.code(404).send({ error: "no such absence" });
    return reply.code(204).send();
  });

  /** The appointment book for a period: who, what, when, where, and how it went. */
  app.get("/api/businesses/:businessId/appointments", async (request, reply) => {
    const params = parse(businessParams, request.params, reply, "path");
    if (!params) return reply;
    const range = parse(rangeQuery, request.query, reply, "query");
    if (!range) return reply;
    if (range.to <= range.from || range.to.getTime() - range.from.getTime() > MAX_RANGE_MS) {
      return reply.code(400).send({ error: "query: `to` must be after `from`, at most 92 days later" });
    }
    const rows = await db
      .select({
        id: appointments.id,
        contactId: appointments.contactId,
        contactName: contacts.name,
        contactPhone: contacts.phone,
        staffId: staff.key,
        staffName: staff.name,
        serviceId: services.key,
        serviceName: services.name,
        roomId: appointments.roomKey,
        start: appointments.startsAt,
        end: appointments.endsAt,
        status: appointments.status,
        minutesLate: appointments.minutesLate,
      })
      .from(appointments)
      .innerJoin(staff, eq(staff.id, appointments.staffId))
      .innerJoin(services, eq(services.id, appointments.serviceId))
      .innerJoin(contacts, eq(contacts.id, appointments.contactId))
      .where(
        and(
          eq(appointments.businessId, params.businessId),
          lt(appointments.startsAt, range.to),
          gt(appointments.endsAt, range.from),
        ),
      )
      .orderBy(asc(appointments.startsAt));
    const principal = principalOf(request);
    const notes = can(principal.role, "health.read")
      ? await notesOf(rows, params.businessId)
      : new Map<string, SafetyAlert[]>();
    if (notes.size > 0 && options.auth) {
      await options.auth.logAccessMany(
        [...notes.entries()]
          .filter(([, alerts]) => alerts.some((alert) => HEALTH_CATEGORIES.has(alert.category)))
          .map(([contactId]) => ({
            businessId: params.businessId,
            contactId,
            user: principal.user,
            resource: "health_notes" as const,
            ip: request.ip,
          })),
      );
    }
    reply.header("cache-control", "no-store");
    return {
      appointments: rows.map((row) => {
        const alerts = notes.get(row.contactId) ?? [];
        return {
          ...row,
          alerts,
          accommodations: describeAccommodations(accommodationsFor(alerts)),
        };
      }),
    };
  });

  /** Each customer's current notes as alerts, read in one query for the whole book. */
  const notesOf = async (rows: ReadonlyArray<{ contactId: string }>, businessId: string) => {
    const alerts = new Map<string, SafetyAlert[]>();
    if (!options.profiles) return alerts;
    const facts = await options.profiles.loadFactsFor(
      db,
      [...new Set(rows.map((row) => row.contactId))].map((contactId) => ({ businessId, contactId })),
    );
    for (const [contactId, contactFacts] of facts) {
      const found = safetyAlerts(contactFacts);
      if (found.length > 0) alerts.set(contactId, found);
    }
    return alerts;
  };

  app.post("/api/businesses/:businessId/appointments/:appointmentId/attendance", async (request, reply) => {
    const params = parse(appointmentParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(attendanceBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    // With the contact's last visit, in one transaction.
    const marked = await db.transaction((tx) =>
      options.appointments.markAttendance(
        tx,
        params.businessId,
        params.appointmentId,
        body.status,
        body.minutesLate ?? null,
      ),
    );
    if (!marked) return reply.code(404).send({ error: "no such appointment (or it was cancelled)" });
    return { appointment: marked };
  });
};

/**
 * What the contact view shows of bookings: upcoming appointments and the patterns mined from the
 * history, each with its sample size (they are inferences, never what the customer said).
 */
export async function contactBookings(options: BookingAdminOptions, contact: ContactRow, now: Date) {
  const [history, setup] = await Promise.all([
    options.appointments.historyFor(options.db, contact.businessId, contact.id),
    options.directory.bookingSetup(contact.businessId),
  ]);
  const patterns = mineBehaviourPatterns(history, setup.schedule.timezone, {
    now,
    cancellationNoticeHours: setup.cancellationNoticeHours,
  });
  return {
    appointments: history
      .filter((a) => a.end > now && a.status === "booked")
      .map(({ id, staffId, serviceId, roomId, start, end, status }) => ({
        id,
        staffId,
        serviceId,
        roomId,
        start,
        end,
        status,
      })),
    patterns: listBehaviourPatterns(patterns),
  };
}
