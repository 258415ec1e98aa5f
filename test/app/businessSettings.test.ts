/**
 * The practice's own settings through the admin API, on both backends: the business's details, new
 * staff and services, who may change them (owners and admins of that business only), and that a
 * staff member added here and given a plan is then offered to customers by the real booking path.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppointmentRepository } from "../../src/adapters/db/AppointmentRepository.ts";
import { contacts } from "../../src/adapters/db/schema.ts";
import { CSRF_HEADER } from "../../src/adapters/http/sessionAuth.ts";
import type { Role } from "../../src/domain/access/RolePermissions.ts";
import { findAvailableSlots } from "../../src/domain/booking/Availability.ts";
import { catalogKeyFrom } from "../../src/domain/business/CatalogKey.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

/** Tuesday 1 December 2026, 09:00 in Zurich. */
const NOW = new Date("2026-12-01T08:00:00Z");
const PASSWORD = "correct horse battery";
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
type Method = "GET" | "PUT" | "PATCH" | "POST" | "DELETE";

describe("catalogue keys", () => {
  it("are derived from names as lower-case words joined by hyphens", () => {
    expect(catalogKeyFrom("Dr. Jürg Müller")).toBe("dr-juerg-mueller");
    expect(catalogKeyFrom("  Massage (60') ")).toBe("massage-60");
    expect(catalogKeyFrom("Élodie Côté")).toBe("elodie-cote");
    expect(catalogKeyFrom("Weißzahn")).toBe("weisszahn");
    expect(catalogKeyFrom("李")).toBe("");
  });
});

describeEachBackend("business settings API", (database) => {
  let h: Harness;
  /** A second business on the same database: its users must not reach the first, nor the reverse. */
  let other: Harness;
  const tag = `${process.pid}-${Date.now() % 100000}`;
  const email = (who: string) => `${who}-${tag}@settings.example`;
  const sessions = new Map<string, Record<string, string>>();

  const inject = (harness: Harness, method: Method, url: string, headers: object, payload?: unknown) =>
    harness.rapport.app.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const api = (method: Method, url: string, payload?: unknown) => inject(h, method, url, bearer, payload);
  /** Logs in a user of `harness`'s business with `role` once; the cookie and CSRF header to send. */
  const as = async (role: Role, harness: Harness = h) => {
    const who = `${role}-${harness === h ? "a" : "b"}`;
    const known = sessions.get(who);
    if (known) return known;
    await harness.rapport.auth.addUser({
      businessId: harness.businessId,
      email: email(who),
      role,
      password: PASSWORD,
    });
    const login = await inject(harness, "POST", "/api/login", {}, { email: email(who), password: PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
    const token = /^rapport_session=([^;]+)/.exec(String(login.headers["set-cookie"]))?.[1] ?? "";
    const headers = { cookie: `rapport_session=${token}`, [CSRF_HEADER]: login.json().csrfToken as string };
    sessions.set(who, headers);
    return headers;
  };

  beforeAll(async () => {
    h = await startHarness(database().db, { now: () => NOW });
    other = await startHarness(database().db, { now: () => NOW });
  });
  afterAll(async () => {
    await other.close();
    await h.close();
  });

  describe("PATCH /api/businesses/:businessId", () => {
    it("renames the business, moves its clock and sets its languages; GET /api/businesses shows them", async () => {
      const url = `/api/businesses/${other.businessId}`;
      const owner = await as("owner", other);
      const changed = await inject(other, "PATCH", url, owner, {
        name: "  Praxis am Berg ",
        timezone: "Europe/Berlin",
        languages: ["de"],
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().business).toEqual({
        id: other.businessId,
        name: "Praxis am Berg",
        timezone: "Europe/Berlin",
        languages: ["de"],
      });
      const listed = await inject(other, "GET", "/api/businesses", owner);
      expect(listed.json().businesses).toEqual([changed.json().business]);
      // The bot's catalogue is read again at once.
      const catalog = await other.rapport.directory.catalog(other.businessId);
      expect(catalog).toMatchObject({ name: "Praxis am Berg", timezone: "Europe/Berlin", languages: ["de"] });

      // Written as Intl also understands it, stored as the zone is spelt.
      const back = await inject(other, "PATCH", url, owner, {
        timezone: " europe/zurich ",
        languages: ["de", "en"],
      });
      expect(back.json().business).toMatchObject({ name: "Praxis am Berg", timezone: "Europe/Zurich" });
    });

    it("refuses an unknown time zone, no or unknown languages, an empty name and an empty change", async () => {
      const url = `/api/businesses/${h.businessId}`;
      const cases: Array<[unknown, RegExp]> = [
        [{ timezone: "Europe/Atlantis" }, /body\.timezone: must be an IANA time zone/],
        [{ timezone: "" }, /body\.timezone/],
        [{ languages: [] }, /body\.languages: at least one language/],
        [{ languages: ["fr"] }, /body\.languages\.0/],
        [{ languages: ["de", "de"] }, /each language once/],
        [{ name: "   " }, /body\.name/],
        [{}, /nothing to change/],
      ];
      for (const [body, message] of cases) {
        const refused = await api("PATCH", url, body);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.json().error).toMatch(message);
      }
      const unknown = await api("PATCH", "/api/businesses/00000000-0000-4000-8000-000000000000", {
        name: "X",
      });
      expect(unknown.statusCode).toBe(404);
      expect((await api("PATCH", "/api/businesses/not-a-uuid", { name: "X" })).statusCode).toBe(400);
    });
  });

  describe("POST /api/businesses/:businessId/staff and /services", () => {
    it("adds a staff member under a key made from the name, or the key given; a taken key is a 409", async () => {
      const url = `/api/businesses/${h.businessId}/staff`;
      const added = await api("POST", url, { name: "Dr. Jürg Müller", role: "dentist", gender: "male" });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().staff).toEqual({
        id: "dr-juerg-mueller",
        name: "Dr. Jürg Müller",
        role: "dentist",
        gender: "male",
        active: true,
      });
      const catalog = await h.rapport.directory.catalog(h.businessId);
      expect(catalog.staff.map((member) => member.id)).toContain("dr-juerg-mueller");
      const schedule = await api("GET", `/api/businesses/${h.businessId}/schedule`);
      expect(schedule.json().staff.map((member: { id: string }) => member.id)).toContain("dr-juerg-mueller");

      const again = await api("POST", url, { name: "Dr. Jürg Müller", role: "hygienist" });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toContain("dr-juerg-mueller");
      // The demo's "nina" exists: an explicit key is checked the same way.
      expect((await api("POST", url, { key: "nina", name: "Nina Other", role: "dentist" })).statusCode).toBe(
        409,
      );
      const keyed = await api("POST", url, { key: "juerg-2", name: "Dr. Jürg Müller", role: "dentist" });
      expect(keyed.statusCode).toBe(201);
      expect(keyed.json().staff.gender).toBeNull();
      // The same key in another business is that business's own.
      const elsewhere = await inject(other, "POST", `/api/businesses/${other.businessId}/staff`, bearer, {
        name: "Dr. Jürg Müller",
        role: "dentist",
      });
      expect(elsewhere.statusCode).toBe(201);
    });

    it("refuses a staff member without name or role, with a malformed key or a name without letters", async () => {
      const url = `/api/businesses/${h.businessId}/staff`;
      const cases: Array<[unknown, RegExp]> = [
        [{ role: "dentist" }, /body\.name/],
        [{ name: "Anna" }, /body\.role/],
        [{ name: "Anna", role: "dentist", key: "Anna Meier" }, /body\.key: lower-case letters/],
        [{ name: "Anna", role: "dentist", gender: "robot" }, /body\.gender/],
        [{ name: "李", role: "dentist" }, /body\.key: the name has no letters/],
      ];
      for (const [body, message] of cases) {
        const refused = await api("POST", url, body);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.json().error).toMatch(message);
      }
      const unknown = await api("POST", "/api/businesses/00000000-0000-4000-8000-000000000000/staff", {
        name: "Anna",
        role: "dentist",
      });
      expect(unknown.statusCode).toBe(404);
    });

    it("adds a service with its names and duration; a taken key is a 409, nonsense a 400", async () => {
      const url = `/api/businesses/${h.businessId}/services`;
      const added = await api("POST", url, {
        name: "Tooth jewellery",
        names: { de: "Zahnschmuck", en: "Tooth jewellery" },
        minutes: 30,
      });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().service).toEqual({
        id: "tooth-jewellery",
        name: "Tooth jewellery",
        names: { de: "Zahnschmuck", en: "Tooth jewellery" },
        minutes: 30,
        active: true,
      });
      const catalog = await h.rapport.directory.catalog(h.businessId);
      expect(catalog.services.find((service) => service.id === "tooth-jewellery")?.minutes).toBe(30);
      expect((await api("POST", url, { name: "Tooth Jewellery!", minutes: 45 })).statusCode).toBe(409);
      expect((await api("POST", url, { key: "checkup", name: "Check", minutes: 45 })).statusCode).toBe(409);

      const cases: Array<[unknown, RegExp]> = [
        [{ name: "Quick look", minutes: 2 }, /body\.minutes/],
        [{ name: "Quick look", minutes: 12.5 }, /body\.minutes/],
        [{ name: "Quick look" }, /body\.minutes/],
        [{ minutes: 30 }, /body\.name/],
        [{ name: "Quick look", minutes: 30, names: { de: "" } }, /body\.names\.de/],
        // bufferMinutes.default means "every other service".
        [{ name: "Default", minutes: 30 }, /"default" is reserved/],
        [{ key: "default", name: "Basic", minutes: 30 }, /"default" is reserved/],
      ];
      for (const [body, message] of cases) {
        const refused = await api("POST", url, body);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.json().error).toMatch(message);
      }
    });
  });

  describe("PATCH /api/businesses/:businessId/services/:key", () => {
    it("renames a service in one language and keeps its name in the other", async () => {
      const url = `/api/businesses/${h.businessId}/services/filling`;
      // The demo names it in German; the English name is the plain `name`.
      const renamed = await api("PATCH", url, { names: { en: "Tooth filling" } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json().service.names).toEqual({ de: "Füllung", en: "Tooth filling" });
      const again = await api("PATCH", url, { names: { de: "Zahnfüllung" } });
      expect(again.json().service.names).toEqual({ de: "Zahnfüllung", en: "Tooth filling" });
      await api("PATCH", url, { names: { de: "Füllung" } });
    });
  });

  describe("who may change them", () => {
    it("staff and marketing get 403; an admin may; CSRF is required of a session", async () => {
      const base = `/api/businesses/${h.businessId}`;
      for (const role of ["staff", "marketing"] as const) {
        const session = await as(role);
        for (const [method, url, body] of [
          ["PATCH", base, { name: "Mine now" }],
          ["POST", `${base}/staff`, { name: "Eve Intruder", role: "dentist" }],
          ["POST", `${base}/services`, { name: "Free lunch", minutes: 30 }],
        ] as const) {
          const refused = await inject(h, method, url, session, body);
          expect(refused.statusCode, `${role} ${method} ${url}`).toBe(403);
        }
        // Reading is still theirs.
        expect((await inject(h, "GET", `${base}/schedule`, session)).statusCode).toBe(200);
      }
      const catalog = await h.rapport.directory.catalog(h.businessId);
      expect(catalog.staff.map((member) => member.name)).not.toContain("Eve Intruder");

      const admin = await as("admin");
      const added = await inject(h, "POST", `${base}/staff`, admin, {
        name: "Ada Admin-Added",
        role: "assistant",
      });
      expect(added.statusCode, added.body).toBe(201);
      const { [CSRF_HEADER]: _csrf, ...withoutCsrf } = admin;
      expect(
        (await inject(h, "POST", `${base}/staff`, withoutCsrf, { name: "No Token", role: "x" })).statusCode,
      ).toBe(403);
    });

    it("an owner of one business cannot change another's, not even knowing its id", async () => {
      const owner = await as("owner");
      const foreign = `/api/businesses/${other.businessId}`;
      const before = (await inject(other, "GET", "/api/businesses", bearer)).json().businesses;
      for (const [method, url, body] of [
        ["PATCH", foreign, { name: "Taken over" }],
        ["POST", `${foreign}/staff`, { name: "Mole", role: "dentist" }],
        ["POST", `${foreign}/services`, { name: "Backdoor", minutes: 30 }],
        ["PUT", `${foreign}/schedule`, { staffHours: {} }],
      ] as const) {
        const refused = await inject(h, method, url, owner, body);
        expect(refused.statusCode, `${method} ${url}`).toBe(404);
      }
      expect((await inject(other, "GET", "/api/businesses", bearer)).json().businesses).toEqual(before);
      const catalog = await other.rapport.directory.catalog(other.businessId);
      expect(catalog.staff.map((member) => member.name)).not.toContain("Mole");
      expect(catalog.services.map((service) => service.name)).not.toContain("Backdoor");
      // Their own business is theirs to change.
      const own = await inject(h, "PATCH", `/api/businesses/${h.businessId}`, owner, {
        name: "Praxis am See",
      });
      expect(own.statusCode).toBe(200);
    });
  });

  describe("a staff member added in the settings", () => {
    it("is offered and booked once the schedule gives them days, hours, a break and a service", async () => {
      const owner = await as("owner");
      const base = `/api/businesses/${h.businessId}`;
      const added = await inject(h, "POST", `${base}/staff`, owner, {
        name: "Paula Frei",
        role: "dentist",
        gender: "female",
      });
      expect(added.statusCode, added.body).toBe(201);
      const key = added.json().staff.id as string;
      expect(key).toBe("paula-frei");

      // Without a plan nobody can book her.
      const before = await h.rapport.directory.bookingSetup(h.businessId);
      expect(before.schedule.staff.find((member) => member.id === key)).toMatchObject({
        serviceIds: [],
        plan: {},
      });

      const { settings } = (await inject(h, "GET", `${base}/schedule`, owner)).json();
      const plan = {
        days: ["tue", "wed"],
        from: "08:00",
        to: "12:00",
        breaks: [["10:00", "10:30"]],
        services: ["checkup"],
      };
      const saved = await inject(h, "PUT", `${base}/schedule`, owner, {
        ...settings,
        staffHours: { ...settings.staffHours, [key]: plan },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await inject(h, "GET", `${base}/schedule`, owner)).json().settings.staffHours[key]).toEqual(
        plan,
      );

      // Availability, from the directory's schedule as the bot reads it: her days, hours and break only.
      const { schedule } = await h.rapport.directory.bookingSetup(h.businessId);
      const slots = findAvailableSlots(schedule, [], {
        serviceId: "checkup",
        staffIds: [key],
        from: NOW,
        to: new Date(NOW.getTime() + 7 * 86_400_000),
        now: NOW,
      });
      expect(slots.length).toBeGreaterThan(0);
      const local = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/Zurich",
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
      for (const slot of slots) {
        const [weekday, time] = local.format(slot.start).split(" ") as [string, string];
        const end = local.format(slot.end).split(" ")[1] as string;
        expect(["Tue", "Wed"]).toContain(weekday);
        expect(time >= "08:00" && end <= "12:00", `${weekday} ${time}–${end}`).toBe(true);
        expect(end <= "10:00" || time >= "10:30", `${weekday} ${time}–${end} crosses the break`).toBe(true);
      }

      // And in the chat: a customer asks for her by name and gets her.
      const waId = `4177${process.pid % 1000}8801`;
      await h.deliver(h.text(waId, "Hi, I'm Vera Blum. Can I book a checkup with Paula Frei?", { at: NOW }));
      await h.rapport.worker.drain();
      const proposals = h
        .sentMessages()
        .filter((message) => message.to === waId)
        .at(-1);
      expect(proposals?.body).toMatch(/Paula/);
      expect(proposals?.choices.length).toBeGreaterThan(0);
      await h.deliver(h.text(waId, "1", { at: NOW }));
      await h.rapport.worker.drain();
      const [contact] = await database()
        .db.select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
      const [booked] = await new AppointmentRepository().upcomingFor(
        database().db,
        h.businessId,
        contact?.id ?? "",
        NOW,
      );
      expect(booked).toMatchObject({ staffId: key, serviceId: "checkup" });
    });
  });

  describe("retiring a staff member or a service the plans still name", () => {
    it("keeps booking and the schedule working, lists them to bring back, and brings back their plan", async () => {
      const base = `/api/businesses/${h.businessId}`;
      // Lena has a plan (acupuncture); Sarah's plan and a therapy room name aroma massage.
      expect((await api("PATCH", `${base}/staff/lena`, { active: false })).statusCode).toBe(200);
      expect((await api("PATCH", `${base}/services/aroma`, { active: false })).statusCode).toBe(200);

      const { schedule } = await h.rapport.directory.bookingSetup(h.businessId);
      expect(schedule.staff.map((member) => member.id)).not.toContain("lena");
      expect(schedule.staff.find((member) => member.id === "sarah")?.serviceIds).toEqual(["deep-tissue"]);
      expect(schedule.rooms.some((room) => room.serviceIds.includes("aroma"))).toBe(false);

      const current = (await api("GET", `${base}/schedule`)).json();
      expect(current.staff.map((member: { id: string }) => member.id)).not.toContain("lena");
      expect(current.inactiveStaff).toEqual([
        expect.objectContaining({ id: "lena", name: expect.any(String), active: false }),
      ]);
      expect(current.inactiveServices).toEqual([expect.objectContaining({ id: "aroma", active: false })]);
      // Their settings are kept, and saving the schedule as it is still works; a typo still does not.
      expect(current.settings.staffHours.lena.services).toEqual(["acupuncture"]);
      const saved = await api("PUT", `${base}/schedule`, { ...current.settings, minNoticeHours: 3 });
      expect(saved.statusCode, saved.body).toBe(200);
      const typo = await api("PUT", `${base}/schedule`, {
        ...current.settings,
        staffHours: { ...current.settings.staffHours, lenna: { days: ["tue"] } },
      });
      expect(typo.statusCode).toBe(400);

      // The bot still books what is offered.
      const waId = `4177${process.pid % 1000}8802`;
      await h.deliver(h.text(waId, "Hi, I'd like to book a deep tissue massage please", { at: NOW }));
      await h.rapport.worker.drain();
      expect(
        h
          .sentMessages()
          .filter((message) => message.to === waId)
          .at(-1)?.choices.length,
      ).toBeGreaterThan(0);

      expect((await api("PATCH", `${base}/staff/lena`, { active: true })).statusCode).toBe(200);
      expect((await api("PATCH", `${base}/services/aroma`, { active: true })).statusCode).toBe(200);
      const back = await h.rapport.directory.bookingSetup(h.businessId);
      expect(back.schedule.staff.find((member) => member.id === "lena")?.serviceIds).toEqual(["acupuncture"]);
      expect(back.schedule.staff.find((member) => member.id === "sarah")?.serviceIds).toEqual([
        "deep-tissue",
        "aroma",
      ]);
    });
  });
});
