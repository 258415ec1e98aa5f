/**
 * The scheduling rules in the settings, through the admin API on both backends: closed days (and that
 * the bot then offers none of them), booking rules, rooms, concurrent saves of the schedule, and the
 * audit trail of who changed what.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppointmentRepository } from "../../src/adapters/db/AppointmentRepository.ts";
import { auditLog, businesses, contacts } from "../../src/adapters/db/schema.ts";
import { CSRF_HEADER } from "../../src/adapters/http/sessionAuth.ts";
import type { Role } from "../../src/domain/access/RolePermissions.ts";
import { ADMIN_TOKEN, type Harness, type SentMessage, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

/** Tuesday 1 December 2026, 09:00 in Zurich. */
const NOW = new Date("2026-12-01T08:00:00Z");
const PASSWORD = "correct horse battery";
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
type Method = "GET" | "PUT" | "PATCH" | "POST" | "DELETE";
const zurichDay = (instant: Date) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Zurich",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);

let customerCounter = 0;
const nextCustomer = () => `4178${process.pid % 1000}${String(++customerCounter).padStart(4, "0")}`;

describeEachBackend("schedule rules", (database) => {
  let h: Harness;
  const tag = `${process.pid}-${Date.now() % 100000}`;
  const sessions = new Map<Role, Record<string, string>>();
  const base = () => `/api/businesses/${h.businessId}`;

  const inject = (method: Method, url: string, headers: object, payload?: unknown) =>
    h.rapport.app.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const api = (method: Method, url: string, payload?: unknown) => inject(method, url, bearer, payload);
  /** A logged-in user of the business with `role`: the cookie and CSRF header to send. */
  const as = async (role: Role) => {
    const known = sessions.get(role);
    if (known) return known;
    const email = `${role}-${tag}@rules.example`;
    await h.rapport.auth.addUser({ businessId: h.businessId, email, role, password: PASSWORD });
    const login = await inject("POST", "/api/login", {}, { email, password: PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
    const token = /^rapport_session=([^;]+)/.exec(String(login.headers["set-cookie"]))?.[1] ?? "";
    const headers = { cookie: `rapport_session=${token}`, [CSRF_HEADER]: login.json().csrfToken as string };
    sessions.set(role, headers);
    return headers;
  };
  const schedule = async () => (await api("GET", `${base()}/schedule`)).json();

  async function say(waId: string, text: string): Promise<SentMessage> {
    expect((await h.deliver(h.text(waId, text, { at: NOW }))).statusCode).toBe(200);
    await h.rapport.worker.drain();
    const last = h
      .sentMessages()
      .filter((message) => message.to === waId)
      .at(-1);
    if (!last) throw new Error("no reply");
    return last;
  }

  beforeAll(async () => {
    h = await startHarness(database().db, { now: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  it("closed days: the bot offers none of them, asked for that day or for the earliest time", async () => {
    const waId = nextCustomer();
    // Before: Wednesday 2 December has checkups, and the earliest is today.
    expect((await say(waId, "Hi, I'd like to book a checkup on Wednesday please")).choices[0]?.title).toMatch(
      /^Wed 2 Dec/,
    );
    const owner = await as("owner");
    const current = await schedule();
    const closed = ["2026-12-01", "2026-12-02", "2026-12-03"];
    const saved = await inject("PUT", `${base()}/schedule`, owner, {
      ...current.settings,
      closedDates: [...current.settings.closedDates, ...closed],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await schedule()).settings.closedDates).toEqual(expect.arrayContaining(closed));

    const titles = (message: SentMessage) => message.choices.map((choice) => choice.title);
    const onWednesday = await say(nextCustomer(), "Hi, I'd like to book a checkup on Wednesday please");
    expect(onWednesday.choices.length).toBeGreaterThan(0);
    for (const title of titles(onWednesday)) expect(title).not.toMatch(/\b[123] Dec\b/);
    expect(onWednesday.body).not.toMatch(/Wed 2 Dec/);

    const earliest = nextCustomer();
    const proposals = await say(earliest, "Hi, I'd like to book a checkup please");
    expect(proposals.choices.length).toBeGreaterThan(0);
    for (const title of titles(proposals)) expect(title).not.toMatch(/\b[123] Dec\b/);
    await say(earliest, "1");
    const [contact] = await database()
      .db.select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, earliest)));
    const [booked] = await new AppointmentRepository().upcomingFor(
      database().db,
      h.businessId,
      contact?.id ?? "",
      NOW,
    );
    expect(booked, "the customer booked the first proposal").toBeDefined();
    expect(closed).not.toContain(zurichDay(booked?.start ?? NOW));

    // Opened again (the days removed), the bot offers them again.
    const reopened = await inject("PUT", `${base()}/schedule`, owner, {
      ...(await schedule()).settings,
      closedDates: current.settings.closedDates,
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const again = await say(nextCustomer(), "Hi, I'd like to book a checkup on Wednesday please");
    expect(again.choices[0]?.title).toMatch(/^Wed 2 Dec/);
  });

  it("refuses a closed day that is not a day of the calendar", async () => {
    const { settings } = await schedule();
    for (const date of ["2026-02-30", "2026-13-01", "1.12.2026", ""]) {
      const refused = await api("PUT", `${base()}/schedule`, { ...settings, closedDates: [date] });
      expect(refused.statusCode, date).toBe(400);
      expect(refused.json().error).toMatch(/closedDates/);
    }
    expect((await schedule()).settings.closedDates).toEqual(settings.closedDates);
  });

  it("booking rules: an owner sets notice, horizon, slot step and cancellation notice; the bot books by them", async () => {
    const owner = await as("owner");
    const { settings } = await schedule();
    const rules = {
      minNoticeHours: 24,
      bookingHorizonDays: 30,
      slotStepMinutes: 30,
      cancellationNoticeHours: 48,
    };
    const saved = await inject("PUT", `${base()}/schedule`, owner, { ...settings, ...rules });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await schedule()).settings).toMatchObject(rules);
    const setup = await h.rapport.directory.bookingSetup(h.businessId);
    expect(setup.schedule).toMatchObject({ minNoticeMinutes: 24 * 60, horizonDays: 30, slotStepMinutes: 30 });
    expect(setup.cancellationNoticeHours).toBe(48);

    // In the chat: nothing sooner than a day ahead, every slot on the half hour.
    const proposals = await say(nextCustomer(), "Hi, I'd like to book a checkup please");
    expect(proposals.choices.length).toBeGreaterThan(0);
    for (const choice of proposals.choices) {
      expect(choice.title).not.toMatch(/^Tue 1 Dec/);
      expect(choice.title).toMatch(/:(00|30)$/);
    }
    expect((await api("PUT", `${base()}/schedule`, settings)).statusCode).toBe(200);
  });

  it("booking rules: nonsense is a 400 naming the rule; a value stored before the bounds is kept", async () => {
    const { settings } = await schedule();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ slotStepMinutes: 7 }, /body\.slotStepMinutes: must be one of 5, 10, 15, 20, 30, 60/],
      [{ slotStepMinutes: 0 }, /body\.slotStepMinutes/],
      [{ minNoticeHours: -1 }, /body\.minNoticeHours/],
      [{ minNoticeHours: 1000 }, /body\.minNoticeHours: at most 720/],
      [{ bookingHorizonDays: 0 }, /body\.bookingHorizonDays/],
      [{ bookingHorizonDays: 2.5 }, /body\.bookingHorizonDays/],
      [{ bookingHorizonDays: 3650 }, /body\.bookingHorizonDays: at most 730/],
      [{ cancellationNoticeHours: "24" }, /body\.cancellationNoticeHours/],
      [{ minNoticeHours: 48, bookingHorizonDays: 2 }, /shorter than the booking horizon/],
    ];
    for (const [change, message] of cases) {
      const refused = await api("PUT", `${base()}/schedule`, { ...settings, ...change });
      expect(refused.statusCode, JSON.stringify(change)).toBe(400);
      expect(refused.json().error).toMatch(message);
    }
    expect((await schedule()).settings).toEqual(settings);

    // A practice file's 45-minute grid predates the list: saving another card keeps it.
    await database()
      .db.update(businesses)
      .set({ settings: sql`${businesses.settings} || '{"slotStepMinutes": 45}'::jsonb` })
      .where(eq(businesses.id, h.businessId));
    const legacy = (await schedule()).settings;
    expect(legacy.slotStepMinutes).toBe(45);
    const other = await api("PUT", `${base()}/schedule`, { ...legacy, cancellationNoticeHours: 12 });
    expect(other.statusCode, other.body).toBe(200);
    expect((await api("PUT", `${base()}/schedule`, { ...legacy, slotStepMinutes: 40 })).statusCode).toBe(400);
    expect((await api("PUT", `${base()}/schedule`, settings)).statusCode).toBe(200);
  });

  it("only owners and admins change the schedule; staff and marketing read it", async () => {
    const { settings } = await schedule();
    for (const role of ["staff", "marketing"] as const) {
      const session = await as(role);
      const refused = await inject("PUT", `${base()}/schedule`, session, { ...settings, minNoticeHours: 5 });
      expect(refused.statusCode, role).toBe(403);
      expect((await inject("GET", `${base()}/schedule`, session)).statusCode).toBe(200);
    }
    const admin = await as("admin");
    const saved = await inject("PUT", `${base()}/schedule`, admin, { ...settings, minNoticeHours: 5 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await schedule()).settings.minNoticeHours).toBe(5);
    expect((await api("PUT", `${base()}/schedule`, settings)).statusCode).toBe(200);
  });

  it("rooms: an owner adds, edits and removes a room; availability sees its floor, features and services", async () => {
    const owner = await as("owner");
    const put = (settings: unknown) => inject("PUT", `${base()}/schedule`, owner, settings);
    const { settings } = await schedule();
    const quietRoom = {
      id: "dental-3",
      name: "Behandlungszimmer 3",
      floor: 0,
      attributes: ["quiet", "wheelchair-accessible", "window"],
      services: ["checkup"],
    };
    const added = await put({ ...settings, rooms: [...settings.rooms, quietRoom] });
    expect(added.statusCode, added.body).toBe(200);
    expect((await schedule()).settings.rooms).toContainEqual(quietRoom);
    const room = async (id: string) =>
      (await h.rapport.directory.bookingSetup(h.businessId)).schedule.rooms.find((r) => r.id === id);
    expect(await room("dental-3")).toEqual({
      id: "dental-3",
      name: "Behandlungszimmer 3",
      attributes: ["ground-floor", "quiet", "wheelchair-accessible", "window"],
      serviceIds: ["checkup"],
    });

    const edited = { ...quietRoom, name: "Zimmer 3", floor: 2, attributes: ["quiet"], services: [] };
    const current = (await schedule()).settings;
    const saved = await put({
      ...current,
      rooms: current.rooms.map((r: { id: string }) => (r.id === "dental-3" ? edited : r)),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // No services: any service may use it.
    expect(await room("dental-3")).toMatchObject({ name: "Zimmer 3", attributes: ["quiet"], serviceIds: [] });

    const removed = await put({
      ...current,
      rooms: current.rooms.filter((r: { id: string }) => r.id !== "dental-3"),
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await room("dental-3")).toBeUndefined();
    expect((await schedule()).settings.rooms).toEqual(settings.rooms);
  });

  it("rooms: a key or feature that is no slug, a double key, an unknown service or odd floor is a 400", async () => {
    const { settings } = await schedule();
    const room = { id: "room-9", name: "Raum 9", attributes: [], services: [] };
    const cases: Array<[Record<string, unknown>[], RegExp]> = [
      [[{ ...room, id: "Raum 9" }], /rooms\.Raum 9: the id must be lower-case/],
      [[{ ...room, attributes: ["Wheelchair accessible"] }], /the attribute "Wheelchair accessible"/],
      [[{ ...room, name: "   " }], /rooms\.room-9: a name/],
      [[{ ...room, floor: 999 }], /the floor must be from -5 to 200/],
      [[{ ...room, floor: 1.5 }], /body\.rooms\.\d+\.floor/],
      [[{ ...room, services: ["teleportation"] }], /unknown service "teleportation"/],
      [[room, { ...room, name: "Twin" }], /"room-9" appears twice/],
    ];
    for (const [rooms, message] of cases) {
      const refused = await api("PUT", `${base()}/schedule`, {
        ...settings,
        rooms: [...settings.rooms, ...rooms],
      });
      expect(refused.statusCode, JSON.stringify(rooms)).toBe(400);
      expect(refused.json().error).toMatch(message);
    }
    expect((await schedule()).settings.rooms).toEqual(settings.rooms);
  });

  it("a save over someone else's newer save is a 409, and their change stays; a fresh version saves", async () => {
    const url = `${base()}/schedule`;
    const loaded = await api("GET", url);
    const { settings, version } = loaded.json();
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect(loaded.headers.etag).toBe(`"${version}"`);
    // Renaming the business is no change of the schedule: the version stays.
    expect((await api("PATCH", base(), { name: "Praxis am See" })).statusCode).toBe(200);
    expect((await schedule()).version).toBe(version);

    // Two owners opened the settings at the same time; Anna closes a day, then Ben saves the notice.
    const anna = await api("PUT", url, { ...settings, closedDates: ["2027-03-01"], version });
    expect(anna.statusCode, anna.body).toBe(200);
    expect(anna.json().version).toMatch(/^[0-9a-f]{32}$/);
    expect(anna.json().version).not.toBe(version);
    const ben = await api("PUT", url, { ...settings, minNoticeHours: 6, version });
    expect(ben.statusCode).toBe(409);
    expect(ben.json().error).toMatch(/changed by someone else.*reload/);
    const after = await schedule();
    expect(after.settings).toMatchObject({
      closedDates: ["2027-03-01"],
      minNoticeHours: settings.minNoticeHours,
    });
    expect(after.version).toBe(anna.json().version);

    // Reloaded, Ben saves; `If-Match` works as the body field does, quoted or weak.
    const stale = await inject("PUT", url, { ...bearer, "if-match": `"${version}"` }, { ...after.settings });
    expect(stale.statusCode).toBe(409);
    const fresh = await inject(
      "PUT",
      url,
      { ...bearer, "if-match": `W/"${after.version}"` },
      { ...after.settings, minNoticeHours: 6 },
    );
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.headers.etag).toBe(`"${fresh.json().version}"`);

    // Without a version (a script with the bearer token) the last save still wins, as before.
    const blind = await api("PUT", url, settings);
    expect(blind.statusCode, blind.body).toBe(200);
    expect((await schedule()).settings).toEqual(settings);

    const current = (await schedule()).version;
    expect((await api("PUT", url, { ...settings, version: 42 })).statusCode).toBe(400);
    const mixed = await inject(
      "PUT",
      url,
      { ...bearer, "if-match": '"other"' },
      { ...settings, version: current },
    );
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error).toMatch(/different versions/);
  });

  it("of two saves sent at once with the same version, exactly one is stored", async () => {
    const url = `${base()}/schedule`;
    const { settings, version } = await schedule();
    const [first, second] = await Promise.all([
      api("PUT", url, { ...settings, minNoticeHours: 7, version }),
      api("PUT", url, { ...settings, cancellationNoticeHours: 30, version }),
    ]);
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([200, 409]);
    const stored = (await schedule()).settings;
    const winner = first?.statusCode === 200 ? { minNoticeHours: 7 } : { cancellationNoticeHours: 30 };
    expect(stored).toEqual({ ...settings, ...winner });
    expect((await api("PUT", url, settings)).statusCode).toBe(200);
  });

  describe("the audit log", () => {
    /** The settings entries written since `afterId`, oldest first. */
    const entries = async (afterId: number) =>
      database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.businessId, h.businessId), gt(auditLog.id, afterId)))
        .orderBy(asc(auditLog.id));
    const lastId = async () => (await entries(0)).at(-1)?.id ?? 0;

    it("names who saved the schedule and which settings changed, with what moved", async () => {
      const owner = await as("owner");
      const { settings, version } = await schedule();
      const since = await lastId();
      const saved = await inject("PUT", `${base()}/schedule`, owner, {
        ...settings,
        closedDates: [...settings.closedDates.filter((d: string) => d !== "2026-12-31"), "2027-04-02"],
        minNoticeHours: 3,
        rooms: settings.rooms.filter((room: { id: string }) => room.id !== "physio-gym"),
        version,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      // Saving it again unchanged, a stale save, a refused one and a forbidden one record nothing.
      expect((await inject("PUT", `${base()}/schedule`, owner, saved.json().settings)).statusCode).toBe(200);
      expect((await inject("PUT", `${base()}/schedule`, owner, { ...settings, version })).statusCode).toBe(
        409,
      );
      expect((await api("PUT", `${base()}/schedule`, { ...settings, slotStepMinutes: 7 })).statusCode).toBe(
        400,
      );
      expect((await inject("PUT", `${base()}/schedule`, await as("staff"), settings)).statusCode).toBe(403);

      const written = await entries(since);
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({
        actor: `user:owner-${tag}@rules.example`,
        action: "schedule_changed",
        entity: "business",
        entityId: h.businessId,
        details: {
          changed: ["closedDates", "minNoticeHours", "rooms"],
          closedDates: { added: ["2027-04-02"], removed: ["2026-12-31"] },
          minNoticeHours: { from: settings.minNoticeHours, to: 3 },
          rooms: { added: [], removed: ["physio-gym"], changed: [] },
        },
      });
      expect((await api("PUT", `${base()}/schedule`, settings)).statusCode).toBe(200);
      expect((await entries(since)).at(-1)).toMatchObject({ actor: "token", action: "schedule_changed" });
    });

    it("records the business's details, new and changed staff and services, and absences", async () => {
      const admin = await as("admin");
      const since = await lastId();
      const ok = async (method: Method, url: string, body?: unknown) => {
        const response = await inject(method, `${base()}${url}`, admin, body);
        expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
        return response;
      };
      await ok("PATCH", "", { name: "Praxis am See & Co" });
      await ok("POST", "/staff", { name: "Iris Audit", role: "dentist" });
      await ok("PATCH", "/staff/iris-audit", { role: "hygienist", gender: "female" });
      // The same values again change nothing, and are no entry.
      await ok("PATCH", "/staff/iris-audit", { role: "hygienist" });
      await ok("POST", "/services", { name: "Audit check", minutes: 20 });
      await ok("PATCH", "/services/audit-check", { minutes: 25, names: { de: "Prüfung" } });
      const absence = await ok("POST", "/absences", {
        staffId: "iris-audit",
        from: "2027-01-11T00:00:00+01:00",
        to: "2027-01-12T00:00:00+01:00",
        reason: "Arzttermin",
      });
      await ok("DELETE", `/absences/${absence.json().absence.id}`);
      await api("PATCH", base(), { name: "Praxis am See" });

      const written = await entries(since);
      const actor = `user:admin-${tag}@rules.example`;
      expect(
        written.map(({ actor, action, entity, entityId, details }) => ({
          actor,
          action,
          entity,
          entityId,
          details,
        })),
      ).toEqual([
        {
          actor,
          action: "business_changed",
          entity: "business",
          entityId: h.businessId,
          details: { name: { from: "Praxis am See", to: "Praxis am See & Co" } },
        },
        {
          actor,
          action: "staff_added",
          entity: "staff",
          entityId: "iris-audit",
          details: { name: "Iris Audit", role: "dentist", gender: null },
        },
        {
          actor,
          action: "staff_changed",
          entity: "staff",
          entityId: "iris-audit",
          details: { role: { from: "dentist", to: "hygienist" }, gender: { from: null, to: "female" } },
        },
        {
          actor,
          action: "service_added",
          entity: "service",
          entityId: "audit-check",
          details: { name: "Audit check", names: {}, minutes: 20 },
        },
        {
          actor,
          action: "service_changed",
          entity: "service",
          entityId: "audit-check",
          details: { minutes: { from: 20, to: 25 }, names: { from: {}, to: { de: "Prüfung" } } },
        },
        {
          actor,
          action: "absence_added",
          entity: "staff_absence",
          entityId: absence.json().absence.id,
          details: { staff: "iris-audit", from: "2027-01-10T23:00:00.000Z", to: "2027-01-11T23:00:00.000Z" },
        },
        {
          actor,
          action: "absence_removed",
          entity: "staff_absence",
          entityId: absence.json().absence.id,
          details: { staff: "iris-audit", from: "2027-01-10T23:00:00.000Z", to: "2027-01-11T23:00:00.000Z" },
        },
        {
          actor: "token",
          action: "business_changed",
          entity: "business",
          entityId: h.businessId,
          details: { name: { from: "Praxis am See & Co", to: "Praxis am See" } },
        },
      ]);
      // The absence's reason (a doctor's appointment) is not copied into the log.
      expect(JSON.stringify(written)).not.toContain("Arzttermin");
    });
  });
});
