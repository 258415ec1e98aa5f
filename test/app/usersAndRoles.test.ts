import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../src/adapters/auth/AuthService.ts";
import { accessLog, sessions, users } from "../../src/adapters/db/schema.ts";
import { CSRF_HEADER } from "../../src/adapters/http/sessionAuth.ts";
import { runUserCommand } from "../../src/cli/userCommand.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const PASSWORD = "correct horse battery";
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

describeEachBackend("users and roles", (database) => {
  let h: Harness;
  /** A second business on the same database, behind a trusted TLS proxy. */
  let other: Harness;
  const waId = `4177${process.pid % 1000}0001`;
  const otherWaId = `4177${process.pid % 1000}0002`;
  /** Told a health note and preferences in one message. */
  const mixedWaId = `4177${process.pid % 1000}0003`;
  let contactId: string;
  let otherContactId: string;
  const tag = `${process.pid}-${Date.now() % 100000}`;
  const email = (who: string) => `${who}-${tag}@example.test`;

  beforeAll(async () => {
    h = await startHarness(database().db);
    await h.deliver(h.text(waId, "Hi, I'm Nora Keller. I prefer Tuesdays."));
    await h.deliver(h.text(waId, "I'm allergic to latex."));
    await h.deliver(h.text(mixedWaId, "Hi, I'm Lena Roth, I'm allergic to latex and I prefer mornings"));
    await h.rapport.worker.drain();
    // Started once the first business's messages are handled: both workers share the inbox.
    other = await startHarness(database().db, { env: { RAPPORT_TRUST_PROXY: "true" } });
    await other.deliver(other.text(otherWaId, "Hi, I'm Otto Frei."));
    await other.rapport.worker.drain();
    const find = async (harness: Harness, phone: string) =>
      (
        await harness.rapport.app.inject({
          method: "GET",
          url: `/api/contacts?phone=${phone}&businessId=${harness.businessId}`,
          headers: bearer,
        })
      ).json().contacts[0].id as string;
    contactId = await find(h, waId);
    otherContactId = await find(other, otherWaId);
  });
  afterAll(async () => {
    await other.close();
    await h.close();
  });

  const inject = (options: {
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
    remoteAddress?: string;
  }) =>
    h.rapport.app.inject({
      method: options.method,
      url: options.url,
      headers: options.headers ?? {},
      ...(options.payload !== undefined && { payload: options.payload as object }),
      ...(options.remoteAddress && { remoteAddress: options.remoteAddress }),
    });

  interface Login {
    cookie: string;
    token: string;
    csrf: string;
    setCookie: string;
  }
  const login = async (who: string, remoteAddress?: string): Promise<Login> => {
    const response = await inject({
      method: "POST",
      url: "/api/login",
      payload: { email: email(who), password: PASSWORD },
      ...(remoteAddress && { remoteAddress }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const setCookie = String(response.headers["set-cookie"]);
    const token = /^rapport_session=([^;]+)/.exec(setCookie)?.[1] ?? "";
    return { cookie: `rapport_session=${token}`, token, csrf: response.json().csrfToken, setCookie };
  };
  const as = (session: Login, withCsrf = true) => ({
    cookie: session.cookie,
    ...(withCsrf && { [CSRF_HEADER]: session.csrf }),
  });
  const io = (password: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        readPassword: async () => password,
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
      },
    };
  };
  const addUser = async (who: string, role: string, password = PASSWORD) => {
    const run = io(password);
    const code = await runUserCommand(
      database().db,
      ["add", "--email", email(who), "--role", role, "--name", who, "--business", h.businessId],
      run.io,
    );
    return { code, ...run };
  };
  const healthFactId = async () => {
    const detail = (
      await inject({ method: "GET", url: `/api/contacts/${contactId}`, headers: bearer })
    ).json();
    const note = detail.facts.live.find(
      (f: { field: string; value: { category?: string } }) =>
        f.field === "special_notes" && f.value.category === "allergy",
    );
    expect(note?.text).toMatch(/latex/i);
    return note.id as string;
  };

  describe("first-run setup", () => {
    it("creates the owner only while no user exists, then answers 409", async () => {
      const code = h.rapport.setupCode;
      const body = { email: email("owner"), password: PASSWORD, name: "Olga", setupCode: code };
      // Whoever reaches a fresh server needs the code printed on its console (or the bearer token).
      const withoutCode = await inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...body, setupCode: undefined, businessId: h.businessId },
      });
      expect(withoutCode.statusCode).toBe(403);
      const wrongCode = await inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...body, setupCode: `${code}x`, businessId: h.businessId },
      });
      expect(wrongCode.statusCode).toBe(403);
      const ambiguous = await inject({ method: "POST", url: "/api/setup", payload: body });
      expect(ambiguous.statusCode).toBe(400);
      expect(ambiguous.json().error).toMatch(/several businesses/);
      const weak = await inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...body, password: "short123", businessId: h.businessId },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error).toMatch(/at least 10 characters/);

      // Two setups at once: exactly one creates the owner, the other finds it done.
      const setup = () =>
        inject({ method: "POST", url: "/api/setup", payload: { ...body, businessId: h.businessId } });
      const answers = await Promise.all([setup(), setup()]);
      expect(answers.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      const first = answers.find((response) => response.statusCode === 201);
      expect(first?.json().user).toMatchObject({
        email: email("owner"),
        role: "owner",
        businessId: h.businessId,
      });
      const again = await inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...body, email: email("intruder"), businessId: h.businessId },
      });
      expect(again.statusCode).toBe(409);
      const [intruder] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("intruder")));
      expect(intruder).toBeUndefined();
    });
  });

  describe("rapport user add", () => {
    it("adds users with a salted scrypt hash and refuses weak passwords, duplicates and unknown roles", async () => {
      const staff = await addUser("staff", "staff");
      expect(staff.code, staff.err.join("")).toBe(0);
      expect(staff.out.join("")).toContain(`Added staff ${email("staff")}`);
      expect((await addUser("marketing", "marketing")).code).toBe(0);
      expect((await addUser("admin", "admin")).code).toBe(0);

      const [row] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("staff")));
      expect(row?.role).toBe("staff");
      expect(row?.displayName).toBe("staff");
      expect(row?.passwordHash).toMatch(/^scrypt\$N=\d+,r=\d+,p=\d+\$[\w-]{22}\$[\w-]{43}$/);
      expect(row?.passwordHash).not.toContain(PASSWORD);
      const [admin] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("admin")));
      expect(admin?.passwordHash.split("$")[2]).not.toBe(row?.passwordHash.split("$")[2]); // own salt

      const weak = await addUser("weak", "staff", "123456789");
      expect(weak.code).toBe(2);
      expect(weak.err.join("")).toMatch(/at least 10 characters/);
      const duplicate = await addUser("staff", "admin");
      expect(duplicate.code).toBe(2);
      expect(duplicate.err.join("")).toMatch(/already exists/);
      const badRole = await addUser("boss", "superuser");
      expect(badRole.code).toBe(2);
      expect(badRole.err.join("")).toMatch(/--role must be one of/);
      const badEmail = await runUserCommand(
        database().db,
        ["add", "--email", "nobody", "--role", "staff"],
        io(PASSWORD).io,
      );
      expect(badEmail).toBe(2);
      const stored = await database()
        .db.select()
        .from(users)
        .where(sql`${users.email} like ${`%-${tag}@%`}`);
      expect(stored.map((u) => u.role).sort()).toEqual(["admin", "marketing", "owner", "staff"]);
    });
  });

  describe("logging in", () => {
    it("sets an HttpOnly SameSite cookie whose token is stored only as its SHA-256, and /api/me knows the user", async () => {
      const session = await login("staff");
      expect(session.setCookie).toMatch(/HttpOnly/);
      expect(session.setCookie).toMatch(/SameSite=Lax/);
      expect(session.setCookie).toMatch(/Path=\//);
      expect(session.setCookie).toMatch(/Max-Age=43200/);
      expect(session.setCookie).not.toMatch(/Secure/); // plain HTTP, no trusted proxy
      expect(session.token).toMatch(/^[\w-]{43}$/);
      const rows = await database()
        .db.select()
        .from(sessions)
        .where(eq(sessions.tokenHash, sha256(session.token)));
      expect(rows).toHaveLength(1);
      const raw = JSON.stringify(await database().db.select().from(sessions));
      expect(raw).not.toContain(session.token);

      const me = await inject({ method: "GET", url: "/api/me", headers: as(session, false) });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ via: "session", role: "staff", csrfToken: session.csrf });
      expect(me.json().user.email).toBe(email("staff"));
      const [user] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("staff")));
      expect(user?.lastLoginAt).toBeInstanceOf(Date);
    });

    it("answers a wrong password and an unknown email alike, and a forged cookie is no session", async () => {
      const wrong = await inject({
        method: "POST",
        url: "/api/login",
        payload: { email: email("staff"), password: "not the password" },
      });
      const unknown = await inject({
        method: "POST",
        url: "/api/login",
        payload: { email: email("nobody"), password: PASSWORD },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toEqual(wrong.json());
      expect(wrong.headers["set-cookie"]).toBeUndefined();
      const invalid = await inject({
        method: "POST",
        url: "/api/login",
        payload: { email: "x", password: "" },
      });
      expect(invalid.statusCode).toBe(400);
      const forged = await inject({
        method: "GET",
        url: "/api/me",
        headers: { cookie: `rapport_session=${"A".repeat(43)}` },
      });
      expect(forged.statusCode).toBe(401);
    });

    it("marks the cookie Secure behind a trusted TLS proxy, and not when the proxy is not trusted", async () => {
      const viaProxy = { "x-forwarded-proto": "https" };
      const trusted = await other.rapport.app.inject({
        method: "POST",
        url: "/api/login",
        headers: viaProxy,
        payload: { email: email("staff"), password: PASSWORD },
      });
      expect(trusted.statusCode).toBe(200);
      expect(String(trusted.headers["set-cookie"])).toMatch(/; Secure/);
      const untrusted = await inject({
        method: "POST",
        url: "/api/login",
        headers: viaProxy,
        payload: { email: email("staff"), password: PASSWORD },
      });
      expect(String(untrusted.headers["set-cookie"])).not.toMatch(/Secure/);
    });

    it("refuses a sixth try within 15 minutes after five failures, per IP and email, with Retry-After", async () => {
      const attempt = (password: string, remoteAddress: string, who = "admin") =>
        inject({
          method: "POST",
          url: "/api/login",
          payload: { email: email(who), password },
          remoteAddress,
        });
      for (let i = 0; i < 5; i++) expect((await attempt("wrong password!", "10.9.8.7")).statusCode).toBe(401);
      const limited = await attempt(PASSWORD, "10.9.8.7");
      expect(limited.statusCode).toBe(429);
      const retryAfter = Number(limited.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      // Another address, or another account from the same address, is not held up.
      expect((await attempt(PASSWORD, "10.9.8.6")).statusCode).toBe(200);
      expect((await attempt(PASSWORD, "10.9.8.7", "marketing")).statusCode).toBe(200);
    });

    it("ends a session when it expires and when the user logs out", async () => {
      const expiring = await login("staff");
      await database()
        .db.update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.tokenHash, sha256(expiring.token)));
      expect((await inject({ method: "GET", url: "/api/me", headers: as(expiring) })).statusCode).toBe(401);

      const session = await login("staff");
      const noCsrf = await inject({ method: "POST", url: "/api/logout", headers: as(session, false) });
      expect(noCsrf.statusCode).toBe(403);
      const out = await inject({ method: "POST", url: "/api/logout", headers: as(session) });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers["set-cookie"])).toMatch(/^rapport_session=; Path=\/; Max-Age=0/);
      expect((await inject({ method: "GET", url: "/api/me", headers: as(session) })).statusCode).toBe(401);
      const left = await database()
        .db.select()
        .from(sessions)
        .where(eq(sessions.tokenHash, sha256(session.token)));
      expect(left).toHaveLength(0);
    });
  });

  describe("CSRF", () => {
    it("requires X-CSRF-Token on cookie-authenticated POST, PATCH and DELETE, but not with the bearer token", async () => {
      const owner = await login("owner");
      const factId = (await inject({ method: "GET", url: `/api/contacts/${contactId}`, headers: bearer }))
        .json()
        .facts.live.find((f: { field: string }) => f.field === "preferred_appointment_times").id;
      const patch = (headers: Record<string, string>) =>
        inject({
          method: "PATCH",
          url: `/api/contacts/${contactId}/facts/${factId}`,
          headers,
          payload: { text: "Tuesdays", editedBy: "someone" },
        });
      const missing = await patch(as(owner, false));
      expect(missing.statusCode).toBe(403);
      expect(missing.json().error).toMatch(/x-csrf-token/);
      expect((await patch({ ...as(owner, false), [CSRF_HEADER]: "A".repeat(43) })).statusCode).toBe(403);
      const remove = await inject({
        method: "DELETE",
        url: `/api/contacts/${contactId}/facts/${factId}`,
        headers: as(owner, false),
      });
      expect(remove.statusCode).toBe(403);
      const absence = {
        staffId: "weber",
        from: "2030-01-07T08:00:00Z",
        to: "2030-01-07T12:00:00Z",
      };
      const post = (headers: Record<string, string>) =>
        inject({
          method: "POST",
          url: `/api/businesses/${h.businessId}/absences`,
          headers,
          payload: absence,
        });
      expect((await post(as(owner, false))).statusCode).toBe(403);

      const byBearer = await patch(bearer);
      expect(byBearer.statusCode, byBearer.body).toBe(200);
      const withCsrf = await post(as(owner));
      expect(withCsrf.statusCode, withCsrf.body).toBe(201);
    });
  });

  describe("visibility by role", () => {
    it("shows staff the latex allergy and logs the view; marketing gets the contact without any health note", async () => {
      const staff = await login("staff");
      const marketing = await login("marketing");
      const staffView = await inject({
        method: "GET",
        url: `/api/contacts/${contactId}`,
        headers: as(staff),
      });
      expect(staffView.statusCode).toBe(200);
      expect(staffView.body).toMatch(/latex/i);
      expect(staffView.json().profile.special_notes.map((n: { category: string }) => n.category)).toContain(
        "allergy",
      );

      const marketingView = await inject({
        method: "GET",
        url: `/api/contacts/${contactId}`,
        headers: as(marketing),
      });
      expect(marketingView.statusCode).toBe(200);
      expect(marketingView.body).not.toMatch(/latex/i);
      expect(marketingView.body).not.toMatch(/allerg/i);
      const body = marketingView.json();
      expect(body.profile.name).toBe("Nora Keller"); // the contact itself is there
      expect(body.profile.special_notes).toEqual([]);
      expect(body.facts.live.some((f: { field: string }) => f.field === "preferred_appointment_times")).toBe(
        true,
      );

      const [staffUser] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("staff")));
      const [marketingUser] = await database()
        .db.select()
        .from(users)
        .where(eq(users.email, email("marketing")));
      const logged = await database()
        .db.select()
        .from(accessLog)
        .where(and(eq(accessLog.contactId, contactId), eq(accessLog.resource, "health_notes")));
      const byStaff = logged.filter((row) => row.userId === staffUser?.id);
      expect(byStaff).toHaveLength(1);
      expect(byStaff[0]).toMatchObject({
        actor: `user:${email("staff")}`,
        ip: "127.0.0.1",
        businessId: h.businessId,
      });
      expect(byStaff[0]?.at).toBeInstanceOf(Date);
      expect(logged.filter((row) => row.userId === marketingUser?.id)).toHaveLength(0);
    });

    it("does not quote to marketing a message that told a health note, even for the preference it told too", async () => {
      const [mixed] = (
        await inject({ method: "GET", url: `/api/contacts?phone=${mixedWaId}`, headers: bearer })
      ).json().contacts;
      const full = (
        await inject({ method: "GET", url: `/api/contacts/${mixed.id}`, headers: bearer })
      ).json();
      const quoteOf = (view: typeof full, field: string) =>
        view.facts.live.find((f: { field: string }) => f.field === field)?.evidence.quote;
      expect(quoteOf(full, "preferred_appointment_times")).toMatch(/latex/);
      const marketing = await login("marketing");
      const view = await inject({ method: "GET", url: `/api/contacts/${mixed.id}`, headers: as(marketing) });
      expect(view.body).not.toMatch(/latex|allerg/i);
      expect(view.json().profile.preferred_appointment_times).toBeTruthy();
      expect(quoteOf(view.json(), "preferred_appointment_times")).toBeNull();
      expect(view.json().profile.name).toBe("Lena Roth");
    });

    it("refuses marketing to edit or delete a health note, to read transcripts, or to change the schedule", async () => {
      const marketing = await login("marketing");
      const noteId = await healthFactId();
      const edit = await inject({
        method: "PATCH",
        url: `/api/contacts/${contactId}/facts/${noteId}`,
        headers: as(marketing),
        payload: { text: "no allergy" },
      });
      expect(edit.statusCode).toBe(403);
      const remove = await inject({
        method: "DELETE",
        url: `/api/contacts/${contactId}/facts/${noteId}`,
        headers: as(marketing),
      });
      expect(remove.statusCode).toBe(403);
      expect(await healthFactId()).toBe(noteId); // still there, unchanged

      const messages = await inject({
        method: "GET",
        url: `/api/contacts/${contactId}/messages`,
        headers: as(marketing),
      });
      expect(messages.statusCode).toBe(403);
      const staff = await login("staff");
      for (const session of [marketing, staff]) {
        const schedule = await inject({
          method: "PUT",
          url: `/api/businesses/${h.businessId}/schedule`,
          headers: as(session),
          payload: {},
        });
        expect(schedule.statusCode).toBe(403);
      }
      const staffMessages = await inject({
        method: "GET",
        url: `/api/contacts/${contactId}/messages`,
        headers: as(staff),
      });
      expect(staffMessages.statusCode).toBe(200);

      // Staff may correct it; the answer shows the note, so the access log has it.
      const staffLogs = async () =>
        (
          await database()
            .db.select()
            .from(accessLog)
            .where(and(eq(accessLog.contactId, contactId), eq(accessLog.actor, `user:${email("staff")}`)))
            .orderBy(asc(accessLog.id))
        ).map((row) => row.resource);
      const before = await staffLogs();
      expect(before).toContain("messages"); // the transcript read just above
      const corrected = await inject({
        method: "PATCH",
        url: `/api/contacts/${contactId}/facts/${noteId}`,
        headers: as(staff),
        payload: { text: "Latex allergy (confirmed by phone)" },
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.body).toMatch(/latex/i);
      expect(await staffLogs()).toEqual([...before, "health_notes"]);
    });

    it("lets marketing correct a preference, as itself", async () => {
      const marketing = await login("marketing");
      const detail = (
        await inject({ method: "GET", url: `/api/contacts/${contactId}`, headers: as(marketing) })
      ).json();
      const times = detail.facts.live.find(
        (f: { field: string }) => f.field === "preferred_appointment_times",
      );
      const edit = await inject({
        method: "PATCH",
        url: `/api/contacts/${contactId}/facts/${times.id}`,
        headers: as(marketing),
        payload: { text: "Wednesdays" },
      });
      expect(edit.statusCode, edit.body).toBe(200);
    });

    it("shows a user only their own business; the bearer token sees every one", async () => {
      const staff = await login("staff");
      const foreign = await inject({
        method: "GET",
        url: `/api/contacts/${otherContactId}`,
        headers: as(staff),
      });
      expect(foreign.statusCode).toBe(404);
      const search = await inject({
        method: "GET",
        url: `/api/contacts?phone=${otherWaId}`,
        headers: as(staff),
      });
      expect(search.json().contacts).toEqual([]);
      const list = await inject({ method: "GET", url: "/api/businesses", headers: as(staff) });
      expect(list.json().businesses.map((b: { id: string }) => b.id)).toEqual([h.businessId]);
      const schedule = await inject({
        method: "GET",
        url: `/api/businesses/${other.businessId}/schedule`,
        headers: as(staff),
      });
      expect(schedule.statusCode).toBe(404);
      const byToken = await inject({
        method: "GET",
        url: `/api/contacts/${otherContactId}`,
        headers: bearer,
      });
      expect(byToken.statusCode).toBe(200);
    });
  });
});
