/**
 * The admin panel's API (issue 6) through HTTP, on both backends: the contacts list, alerts by role,
 * the calendar's alerts, human handoff and staff replies against the local Graph API, users.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../src/adapters/auth/AuthService.ts";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { auditLog, contacts, messages, sessions, users } from "../../src/adapters/db/schema.ts";
import { OUTSIDE_WINDOW_ERROR } from "../../src/adapters/http/conversationAdmin.ts";
import { CSRF_HEADER } from "../../src/adapters/http/sessionAuth.ts";
import type { Role } from "../../src/domain/access/RolePermissions.ts";
import { bookCheckup } from "../support/pastVisits.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const PASSWORD = "correct horse battery";
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

describeEachBackend("admin panel API", (database) => {
  let h: Harness;
  const tag = `${process.pid}-${Date.now() % 100000}`;
  const email = (who: string) => `${who}-${tag}@example.test`;
  const wa = (n: number) => `4178${process.pid % 1000}${String(n).padStart(4, "0")}`;
  const ids: Record<string, string> = {};

  type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  const api = (method: Method, url: string, headers: Record<string, string> = bearer, payload?: unknown) =>
    h.rapport.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined && { payload: payload as object }),
    });
  const login = async (who: string) => {
    const response = await api("POST", "/api/login", {}, { email: email(who), password: PASSWORD });
    expect(response.statusCode, response.body).toBe(200);
    const token = /^rapport_session=([^;]+)/.exec(String(response.headers["set-cookie"]))?.[1] ?? "";
    return { cookie: `rapport_session=${token}`, [CSRF_HEADER]: response.json().csrfToken as string };
  };
  const contactOf = async (waId: string) => {
    const [row] = await database()
      .db.select()
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
    if (!row) throw new Error(`no contact ${waId}`);
    return row;
  };
  const sentTo = (waId: string) => h.sentMessages().filter((m) => m.to === waId);
  const say = async (waId: string, text: string, at?: Date) => {
    const delivered = await h.deliver(h.text(waId, text, at ? { at } : {}));
    expect(delivered.statusCode).toBe(200);
    await h.rapport.worker.drain();
  };
  const sessionsOf: Partial<Record<Role, Record<string, string>>> = {};

  beforeAll(async () => {
    h = await startHarness(database().db);
    for (const role of ["owner", "admin", "staff", "marketing"] as const) {
      await h.rapport.auth.addUser({
        businessId: h.businessId,
        email: email(role),
        displayName: role,
        role,
        password: PASSWORD,
      });
      sessionsOf[role] = await login(role);
    }
    await say(
      wa(1),
      "Hi, I am Anna Muster, anna@example.com. I prefer mornings with Dr. Weber, I come for the cleaning",
    );
    await say(wa(2), "Hi, I'm Ben Frei");
    await say(wa(3), "Hallo, ich bin Carla Rossi und komme am liebsten dienstags");
    await say(wa(4), "Hi, I'm Dora Lang. I'm allergic to latex.");
    for (const n of [1, 2, 3, 4]) ids[n] = (await contactOf(wa(n))).id;
  });
  afterAll(async () => {
    await h.close();
  });

  const as = (role: Role) => sessionsOf[role] ?? {};
  const list = async (query: string) => {
    const response = await api("GET", `/api/contacts?businessId=${h.businessId}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      contacts: Array<{
        id: string;
        name: string;
        completeness: { score: number; filled: string[]; missing: string[] };
        preferredStaff: string | null;
        timePreference: string | null;
        services: string[];
        lastVisitAt: string | null;
      }>;
      total: number;
      page: number;
      pageSize: number;
    };
  };
  const names = (answer: { contacts: Array<{ name: string }> }) => answer.contacts.map((c) => c.name);

  describe("contacts list", () => {
    it("keeps each contact's completeness with its projection and shows it per row", async () => {
      const { contacts: rows } = await list("q=muster");
      expect(rows).toHaveLength(1);
      const [anna] = rows;
      expect(anna?.completeness).toEqual({
        score: 83,
        filled: [
          "name",
          "email",
          "preferred_staff_member",
          "preferred_appointment_times",
          "preferred_services",
        ],
        missing: ["communication_preferences"],
      });
      expect(anna?.preferredStaff).toMatch(/Weber/);
      expect(anna?.timePreference).toMatch(/morning/i);
      expect(anna?.services).toEqual(["Dental Cleaning"]);
      expect((await contactOf(wa(1))).completeness).toBe(83);
      expect((await contactOf(wa(2))).completeness).toBe(17);
    });

    it("filters by service, time of day, weekday, staff, language and completeness", async () => {
      expect(names(await list("service=cleaning"))).toEqual(["Anna Muster"]);
      expect(names(await list("timePart=morning"))).toEqual(["Anna Muster"]);
      expect(names(await list("timePart=evening"))).toEqual([]);
      expect(names(await list("day=tue"))).toEqual(["Carla Rossi"]);
      expect(names(await list("staff=weber"))).toEqual(["Anna Muster"]);
      expect(names(await list("staff=any"))).toEqual(["Anna Muster"]);
      expect(names(await list("language=de"))).toEqual(["Carla Rossi"]);
      expect(names(await list("completenessMin=50"))).toEqual(["Anna Muster"]);
      expect(names(await list("completenessMax=20&sort=name"))).toEqual(["Ben Frei", "Dora Lang"]);
      // "No preference" is stored as such and found by `none`, and is not "any".
      await database()
        .db.update(contacts)
        .set({ preferredStaffMember: "No preference", preferredStaffKey: "none" })
        .where(eq(contacts.id, ids[2] as string));
      expect(names(await list("staff=none"))).toEqual(["Ben Frei"]);
      expect(names(await list("staff=any"))).toEqual(["Anna Muster"]);
    });

    it("sorts and pages, counting every match", async () => {
      const byName = await list("sort=name&order=asc");
      expect(names(byName)).toEqual(["Anna Muster", "Ben Frei", "Carla Rossi", "Dora Lang"]);
      expect(byName.total).toBe(4);
      expect(names(await list("sort=name&order=desc"))).toEqual([
        "Dora Lang",
        "Carla Rossi",
        "Ben Frei",
        "Anna Muster",
      ]);
      expect(names(await list("sort=completeness&order=desc")).at(0)).toBe("Anna Muster");
      const second = await list("sort=name&pageSize=2&page=2");
      expect(second).toMatchObject({ total: 4, page: 2, pageSize: 2 });
      expect(names(second)).toEqual(["Carla Rossi", "Dora Lang"]);
      expect((await list("sort=name&pageSize=2&page=3")).contacts).toEqual([]);
    });

    it("knows the last visit from attendance, to filter and sort by", async () => {
      const visit = await bookCheckup(database().db, {
        businessId: h.businessId,
        contactId: ids[3] as string,
        staffKey: "weber",
        start: "2026-03-03T09:00:00Z",
      });
      expect((await list("lastVisitAfter=2026-01-01")).contacts).toEqual([]);
      const marked = await api(
        "POST",
        `/api/businesses/${h.businessId}/appointments/${visit.id}/attendance`,
        bearer,
        { status: "completed" },
      );
      expect(marked.statusCode, marked.body).toBe(200);
      const after = await list("lastVisitAfter=2026-01-01&lastVisitBefore=2026-04-01");
      expect(names(after)).toEqual(["Carla Rossi"]);
      expect(after.contacts[0]?.lastVisitAt).toBe("2026-03-03T09:00:00.000Z");
      expect(names(await list("sort=lastVisit&order=desc")).at(0)).toBe("Carla Rossi");
      // A visit marked no-show after all no longer counts.
      await api("POST", `/api/businesses/${h.businessId}/appointments/${visit.id}/attendance`, bearer, {
        status: "no_show",
      });
      expect((await list("lastVisitAfter=2026-01-01")).contacts).toEqual([]);
    });

    it("answers 400 naming the parameter for bad filters", async () => {
      const cases = [
        "pageSize=101",
        "sort=age",
        "completenessMin=101",
        "timePart=night",
        "lastVisitAfter=soon",
      ];
      for (const query of cases) {
        const response = await api("GET", `/api/contacts?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().error).toContain(`query.${query.split("=")[0]}`);
      }
    });
  });

  describe("alerts by role", () => {
    it("shows staff the latex alert with the action and the customer's words", async () => {
      const detail = (await api("GET", `/api/contacts/${ids[4]}`, as("staff"))).json();
      expect(detail.alerts).toEqual([
        expect.objectContaining({
          severity: "critical",
          category: "allergy",
          concept: "latex-allergy",
          labels: {
            en: "Latex allergy - use latex-free gloves",
            de: "Latexallergie – latexfreie Handschuhe verwenden",
          },
          action: { en: "use latex-free gloves", de: "latexfreie Handschuhe verwenden" },
          quote: expect.stringMatching(/allergic to latex/),
        }),
      ]);
      expect(detail.completeness.score).toBe(17);
      expect(detail.conversation).toMatchObject({ botPaused: false, pausedBy: null, pausedAt: null });
      expect(new Date(detail.conversation.windowOpenUntil).getTime()).toBeGreaterThan(Date.now());
    });

    it("gives marketing no alert and no health word, from the contact or the calendar", async () => {
      const response = await api("GET", `/api/contacts/${ids[4]}`, as("marketing"));
      expect(response.statusCode).toBe(200);
      expect(response.json().alerts).toEqual([]);
      expect(response.body).not.toMatch(/latex/i);
      const calendar = `/api/businesses/${h.businessId}/appointments?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`;
      expect((await api("GET", calendar, as("marketing"))).statusCode).toBe(403);
      expect((await api("GET", "/api/conversations", as("marketing"))).statusCode).toBe(403);
    });

    it("puts the alerts, accommodations and names on the calendar for staff, and logs the view", async () => {
      await bookCheckup(database().db, {
        businessId: h.businessId,
        contactId: ids[4] as string,
        staffKey: "weber",
        start: "2026-12-01T10:00:00Z",
      });
      const before = await accessCount(ids[4] as string);
      const url = `/api/businesses/${h.businessId}/appointments?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`;
      const response = await api("GET", url, as("staff"));
      expect(response.statusCode, response.body).toBe(200);
      const [row] = response.json().appointments;
      expect(row).toMatchObject({
        contactId: ids[4],
        contactName: "Dora Lang",
        contactPhone: `+${wa(4)}`,
        staffName: "Dr. Anna Weber",
        serviceName: "Dental Checkup",
        accommodations: [],
      });
      expect(row.alerts.map((a: { concept: string }) => a.concept)).toEqual(["latex-allergy"]);
      expect(row.alerts[0].labels.de).toBe("Latexallergie – latexfreie Handschuhe verwenden");
      expect(await accessCount(ids[4] as string)).toBe(before + 1);
    });
  });

  const accessCount = async (contactId: string) => {
    const rows = await database().db.execute(
      sql`SELECT count(*)::int AS n FROM access_log WHERE contact_id = ${contactId} AND resource = 'health_notes'`,
    );
    return rowsOf<{ n: number }>(rows)[0]?.n ?? 0;
  };

  describe("human handoff and staff replies", () => {
    it("pauses the bot: the message is stored and learned from, unanswered, until staff resume", async () => {
      const eve = wa(5);
      await say(eve, "Hi, I'm Eve Stone");
      expect(sentTo(eve)).toHaveLength(1);
      const contactId = (await contactOf(eve)).id;

      const paused = await api("POST", `/api/contacts/${contactId}/handoff`, as("staff"), { paused: true });
      expect(paused.statusCode, paused.body).toBe(200);
      expect(paused.json().conversation).toMatchObject({
        botPaused: true,
        pausedBy: `user:${email("staff")}`,
      });
      // Without the CSRF header a cookie cannot change anything.
      const forged = await api(
        "POST",
        `/api/contacts/${contactId}/handoff`,
        { cookie: as("staff").cookie ?? "" },
        {
          paused: false,
        },
      );
      expect(forged.statusCode).toBe(403);

      // A minute ahead: WhatsApp timestamps are whole seconds, and this must be the newest conversation.
      await say(
        eve,
        "I prefer Fridays, and honestly the last visit was terrible",
        new Date(Date.now() + 60_000),
      );
      expect(sentTo(eve)).toHaveLength(1);
      const detail = (await api("GET", `/api/contacts/${contactId}`)).json();
      expect(detail.profile.preferred_appointment_times).toMatch(/Friday/);
      expect(detail.conversation.botPaused).toBe(true);
      const inbound = await database()
        .db.select({ sentiment: messages.sentiment })
        .from(messages)
        .where(and(eq(messages.contactId, contactId), eq(messages.direction, "in")));
      expect(inbound.some((m) => m.sentiment !== null && m.sentiment < 0)).toBe(true);

      const waiting = (await api("GET", "/api/conversations?filter=unanswered", as("staff"))).json();
      expect(waiting.conversations.map((c: { contactId: string }) => c.contactId)).toEqual([contactId]);
      expect(waiting.conversations[0]).toMatchObject({
        name: "Eve Stone",
        lastDirection: "in",
        botPaused: true,
        lastPreview: expect.stringMatching(/^I prefer Fridays/),
      });
      const pausedList = (await api("GET", "/api/conversations?filter=paused", as("staff"))).json();
      expect(pausedList.total).toBe(1);
      const all = (await api("GET", "/api/conversations?pageSize=2", as("staff"))).json();
      expect(all.total).toBe(5);
      expect(all.conversations[0].contactId).toBe(contactId);

      const resumed = await api("POST", `/api/contacts/${contactId}/handoff`, as("staff"), { paused: false });
      expect(resumed.json().conversation).toEqual({ botPaused: false, pausedBy: null, pausedAt: null });
      await say(eve, "Thanks!");
      expect(sentTo(eve)).toHaveLength(2);
      const actions = await database()
        .db.select({ action: auditLog.action, actor: auditLog.actor })
        .from(auditLog)
        .where(and(eq(auditLog.businessId, h.businessId), eq(auditLog.entityId, contactId)));
      expect(actions.map((a) => a.action)).toEqual(["bot_paused", "bot_resumed"]);
    });

    it("sends a staff reply inside the 24-hour window, stored as outbound with who sent it", async () => {
      const contactId = ids[1] as string;
      const before = sentTo(wa(1)).length;
      const response = await api("POST", `/api/contacts/${contactId}/messages`, as("staff"), {
        text: "Hi Anna, this is the front desk: see you tomorrow!",
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().message).toMatchObject({
        direction: "out",
        body: "Hi Anna, this is the front desk: see you tomorrow!",
        sentBy: email("staff"),
        wamid: expect.stringMatching(/^wamid\./),
      });
      expect(
        sentTo(wa(1))
          .slice(before)
          .map((m) => m.body),
      ).toEqual(["Hi Anna, this is the front desk: see you tomorrow!"]);
      const [audit] = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "staff_reply"), eq(auditLog.entityId, response.json().message.id)));
      expect(audit?.actor).toBe(`user:${email("staff")}`);
      // The transcript pages back from a message's id: the staff reply first, then what came before it.
      const newest = (await api("GET", `/api/contacts/${contactId}/messages?limit=1`, as("staff"))).json();
      expect(newest.messages.map((m: { body: string }) => m.body)).toEqual([
        "Hi Anna, this is the front desk: see you tomorrow!",
      ]);
      const older = (
        await api(
          "GET",
          `/api/contacts/${contactId}/messages?limit=500&before=${newest.messages[0].id}`,
          as("staff"),
        )
      ).json();
      const all = (await api("GET", `/api/contacts/${contactId}/messages?limit=500`, as("staff"))).json();
      expect(older.messages.map((m: { id: string }) => m.id)).toEqual(
        all.messages.slice(1).map((m: { id: string }) => m.id),
      );
      expect(
        (await api("GET", `/api/contacts/${contactId}/messages?before=2026-11-20T09:00:00Z`, as("staff")))
          .statusCode,
      ).toBe(400);
      const empty = await api("POST", `/api/contacts/${contactId}/messages`, as("staff"), { text: " " });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error).toContain("body.text");
      expect(
        (await api("POST", `/api/contacts/${contactId}/messages`, as("marketing"), { text: "Hi" }))
          .statusCode,
      ).toBe(403);
    });

    it("refuses a staff reply outside the window with 409 and sends nothing", async () => {
      const finn = wa(6);
      await say(finn, "Hi, I'm Finn Weiss", new Date(Date.now() - 2 * 86_400_000));
      const contactId = (await contactOf(finn)).id;
      const before = sentTo(finn).length;
      const response = await api("POST", `/api/contacts/${contactId}/messages`, as("staff"), {
        text: "Hello?",
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: OUTSIDE_WINDOW_ERROR });
      expect(sentTo(finn)).toHaveLength(before);
      const detail = (await api("GET", `/api/contacts/${contactId}`)).json();
      expect(detail.conversation.windowOpenUntil).toBeNull();
    });
  });

  describe("staff add to a profile", () => {
    type FactJson = {
      field: string;
      text: string;
      status: string;
      source: string;
      editedBy: string | null;
      history: FactJson[];
    };
    const liveFacts = async (contactId: string, field: string) =>
      ((await api("GET", `/api/contacts/${contactId}`, as("staff"))).json().facts.live as FactJson[]).filter(
        (f) => f.field === field,
      );
    const add = (contactId: string, who: Role, body: unknown) =>
      api("POST", `/api/contacts/${contactId}/facts`, as(who), body);

    it("turns a note typed at the desk into the same alert the bot's would give, audited and access-logged", async () => {
      await say(wa(8), "Hi, I'm Gina Roth");
      const contactId = (await contactOf(wa(8))).id;
      const before = await accessCount(contactId);
      const response = await add(contactId, "staff", {
        field: "special_notes",
        value: { category: "allergy" },
        text: "Latex allergy (told us on the phone)",
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        outcome: "added",
        fact: {
          source: "staff",
          editedBy: email("staff"),
          value: { category: "allergy", concept: "latex-allergy" },
        },
      });
      // The answer shows the note: that is a view of it.
      expect(await accessCount(contactId)).toBe(before + 1);
      const detail = (await api("GET", `/api/contacts/${contactId}`, as("staff"))).json();
      expect(detail.alerts).toEqual([
        expect.objectContaining({
          severity: "critical",
          concept: "latex-allergy",
          text: "Latex allergy (told us on the phone)",
          labels: expect.objectContaining({ de: "Latexallergie – latexfreie Handschuhe verwenden" }),
          action: { en: "use latex-free gloves", de: "latexfreie Handschuhe verwenden" },
          quote: null,
        }),
      ]);
      const [audit] = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.businessId, h.businessId), eq(auditLog.entityId, response.json().fact.id)));
      expect(audit?.actor).toBe(`staff:${email("staff")}`);
      // The contact's projection (sealed at rest) has it too: the calendar and the bot read that.
      expect(detail.profile.special_notes).toEqual([
        { category: "allergy", concept: "latex-allergy", text: "Latex allergy (told us on the phone)" },
      ]);
      // A note no concept matches is kept in staff's words, without an action.
      const free = await add(contactId, "staff", {
        field: "special_notes",
        value: { category: "request" },
        text: "Likes the blinds down",
      });
      expect(free.json().fact.value).toEqual({ category: "request", concept: null });
    });

    it("makes a staff entry the current value, keeps the one before as history, and confirms a repeat", async () => {
      const contactId = ids[1] as string;
      const [before] = (await liveFacts(contactId, "preferred_staff_member")).filter(
        (f) => f.status === "current",
      );
      expect(before?.source).toBe("customer");
      const changed = await add(contactId, "staff", {
        field: "preferred_staff_member",
        value: { staffId: "schmidt", name: null, gender: null, none: false },
      });
      expect(changed.statusCode, changed.body).toBe(201);
      expect(changed.json()).toMatchObject({ outcome: "edited", fact: { text: "Dr. Lukas Schmidt" } });
      const current = (await liveFacts(contactId, "preferred_staff_member")).find(
        (f) => f.status === "current",
      );
      expect(current).toMatchObject({ text: "Dr. Lukas Schmidt", source: "staff", editedBy: email("staff") });
      expect(current?.history.map((f) => f.text)).toEqual([before?.text]);
      const detail = (await api("GET", `/api/contacts/${contactId}`, as("staff"))).json();
      expect(detail.profile.preferred_staff_member).toBe("Dr. Lukas Schmidt");
      // The same service twice: one item, confirmed.
      const service = {
        field: "preferred_services",
        value: { serviceIds: ["whitening"], interest: "requested" },
      };
      expect((await add(contactId, "marketing", service)).json().outcome).toBe("added");
      expect((await add(contactId, "marketing", service)).json().outcome).toBe("confirmed");
      const services = (await liveFacts(contactId, "preferred_services")).filter(
        (f) => f.text === "Teeth Whitening",
      );
      expect(services).toHaveLength(1);
    });

    it("refuses health notes from marketing, names and ids the business lacks, and notes without words", async () => {
      const contactId = ids[2] as string;
      const allergy = { field: "special_notes", value: { category: "allergy" }, text: "Nut allergy" };
      expect((await add(contactId, "marketing", allergy)).statusCode).toBe(403);
      const cases: Array<[unknown, string]> = [
        [{ field: "shoe_size", text: "42" }, "body.field"],
        [{ field: "special_notes", value: { category: "request" } }, "body.text"],
        [{ field: "special_notes", value: { category: "gossip" }, text: "x" }, "body.value"],
        [{ field: "email", text: "not an email" }, "body.value"],
        [
          {
            field: "preferred_staff_member",
            value: { staffId: "nobody", name: null, gender: null, none: false },
          },
          "nobody",
        ],
        [{ field: "preferred_services", value: { serviceIds: ["botox"], interest: null } }, "botox"],
      ];
      for (const [body, named] of cases) {
        const response = await add(contactId, "staff", body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error).toContain(named);
      }
      expect(await liveFacts(contactId, "special_notes")).toEqual([]);
    });
  });

  describe("users", () => {
    it("lets an admin add staff but not owners, and change staff but not owners", async () => {
      const admin = as("admin");
      const owner = await api("POST", "/api/users", admin, {
        email: email("boss"),
        password: PASSWORD,
        role: "owner",
      });
      expect(owner.statusCode).toBe(403);
      const added = await api("POST", "/api/users", admin, {
        email: email("temp"),
        password: PASSWORD,
        name: "Temp",
        role: "staff",
      });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().user).toMatchObject({ email: email("temp"), role: "staff", disabledAt: null });
      expect(JSON.stringify(added.json())).not.toMatch(/scrypt|passwordHash/);
      const duplicate = await api("POST", "/api/users", admin, {
        email: email("temp"),
        password: PASSWORD,
        role: "staff",
      });
      expect(duplicate.statusCode).toBe(409);
      const badRole = await api("POST", "/api/users", admin, {
        email: email("x"),
        password: PASSWORD,
        role: "root",
      });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error).toContain("body.role");

      const listed = (await api("GET", "/api/users", admin)).json().users as Array<{
        id: string;
        email: string;
      }>;
      expect(listed.map((u) => u.email)).toEqual(expect.arrayContaining([email("owner"), email("temp")]));
      const ownerId = listed.find((u) => u.email === email("owner"))?.id;
      const tempId = added.json().user.id;
      expect((await api("PATCH", `/api/users/${ownerId}`, admin, { disabled: true })).statusCode).toBe(403);
      expect((await api("PATCH", `/api/users/${tempId}`, admin, { role: "owner" })).statusCode).toBe(403);
      const promoted = await api("PATCH", `/api/users/${tempId}`, admin, { role: "marketing" });
      expect(promoted.json().user.role).toBe("marketing");
      const [changed] = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "user_changed"), eq(auditLog.entityId, tempId)));
      const [addition] = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "user_added"), eq(auditLog.entityId, tempId)));
      expect(addition?.actor).toBe(`user:${email("admin")}`);
      expect(changed).toMatchObject({
        actor: `user:${email("admin")}`,
        action: "user_changed",
        details: { role: { from: "staff", to: "marketing" } },
      });

      // Disabling ends the user's sessions at once.
      const temp = await login("temp");
      expect((await api("GET", "/api/me", temp)).statusCode).toBe(200);
      const disabled = await api("PATCH", `/api/users/${tempId}`, admin, { disabled: true });
      expect(disabled.json().user.disabledAt).not.toBeNull();
      expect((await api("GET", "/api/me", temp)).statusCode).toBe(401);
      expect((await api("PATCH", `/api/users/${tempId}`, admin, {})).statusCode).toBe(400);
    });

    it("keeps the last owner: it cannot be disabled or demoted", async () => {
      const [ownerRow] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("owner")));
      const owner = as("owner");
      const disable = await api("PATCH", `/api/users/${ownerRow?.id}`, owner, { disabled: true });
      expect(disable.statusCode).toBe(409);
      expect(disable.json().error).toMatch(/last owner/);
      expect((await api("PATCH", `/api/users/${ownerRow?.id}`, owner, { role: "admin" })).statusCode).toBe(
        409,
      );
      // With a second owner the first may step down.
      const second = await api("POST", "/api/users", owner, {
        email: email("owner2"),
        password: PASSWORD,
        role: "owner",
      });
      expect(second.statusCode).toBe(201);
      const demoted = await api("PATCH", `/api/users/${second.json().user.id}`, owner, { role: "admin" });
      expect(demoted.statusCode).toBe(200);
    });

    it("refuses users management to staff and marketing", async () => {
      expect((await api("GET", "/api/users", as("staff"))).statusCode).toBe(403);
      expect((await api("GET", "/api/users", as("marketing"))).statusCode).toBe(403);
    });

    it("sweeps expired sessions and keeps live ones", async () => {
      const [staff] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("staff")));
      await database()
        .db.insert(sessions)
        .values({
          tokenHash: sha256(`expired-${tag}`),
          userId: staff?.id ?? "",
          csrfSecret: "x",
          expiresAt: new Date(Date.now() - 60_000),
        });
      const swept = await h.rapport.auth.sweepExpiredSessions();
      expect(swept).toBeGreaterThanOrEqual(1);
      const left = await database()
        .db.select()
        .from(sessions)
        .where(eq(sessions.tokenHash, sha256(`expired-${tag}`)));
      expect(left).toEqual([]);
      expect((await api("GET", "/api/me", as("staff"))).statusCode).toBe(200);
    });
  });
});
