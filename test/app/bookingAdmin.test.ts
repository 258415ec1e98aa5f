/** The booking side of the admin API, through HTTP, on both backends. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { contacts } from "../../src/adapters/db/schema.ts";
import { bookCheckup } from "../support/pastVisits.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const NOW = new Date("2026-12-01T08:00:00Z");

describeEachBackend("booking admin API", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(database().db, { now: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });
  const api = (method: "GET" | "PUT" | "PATCH" | "POST" | "DELETE", url: string, payload?: unknown) =>
    h.rapport.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const customer = async (waId: string) => {
    await h.deliver(h.text(waId, "Hello, my name is Eva Kunz", { at: NOW }));
    await h.rapport.worker.drain();
    const [row] = await database()
      .db.select()
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
    if (!row) throw new Error("no contact");
    return row;
  };

  it("refuses a schedule naming staff the catalogue does not know, and stores a valid one", async () => {
    const url = `/api/businesses/${h.businessId}/schedule`;
    const current = await api("GET", url);
    expect(current.statusCode).toBe(200);
    const { settings } = current.json() as { settings: Record<string, unknown> };
    expect(settings.slotStepMinutes).toBe(15);

    const typo = await api("PUT", url, { ...settings, staffHours: { wbeer: { days: ["mon"] } } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error).toContain("wbeer");
    const badTime = await api("PUT", url, { ...settings, openingHours: { mon: [["8am", "12:00"]] } });
    expect(badTime.statusCode).toBe(400);

    const longer = await api("PUT", url, { ...settings, minNoticeHours: 4 });
    expect(longer.statusCode).toBe(200);
    expect((await api("GET", url)).json().settings.minNoticeHours).toBe(4);
  });

  it("edits a service's duration and a staff member's gender, refusing nonsense", async () => {
    const base = `/api/businesses/${h.businessId}`;
    const longer = await api("PATCH", `${base}/services/checkup`, { minutes: 40 });
    expect(longer.statusCode).toBe(200);
    expect(longer.json().service.minutes).toBe(40);
    const catalog = await h.rapport.directory.catalog(h.businessId);
    expect(catalog.services.find((s) => s.id === "checkup")?.minutes).toBe(40);
    expect((await api("PATCH", `${base}/services/checkup`, { minutes: -5 })).statusCode).toBe(400);
    expect((await api("PATCH", `${base}/services/checkup`, {})).statusCode).toBe(400);
    expect((await api("PATCH", `${base}/services/nope`, { minutes: 30 })).statusCode).toBe(404);
    const gender = await api("PATCH", `${base}/staff/marco`, {
      gender: "male",
      role: "sports physiotherapist",
    });
    expect(gender.json().staff).toMatchObject({ id: "marco", role: "sports physiotherapist" });
    expect((await api("PATCH", `${base}/staff/marco`, { gender: "robot" })).statusCode).toBe(400);
    await api("PATCH", `${base}/services/checkup`, { minutes: 30 });
  });

  it("records absences, lists the appointment book, and turns attendance into patterns with sample sizes", async () => {
    const absence = await api("POST", `/api/businesses/${h.businessId}/absences`, {
      staffId: "weber",
      from: "2026-12-07T00:00:00+01:00",
      to: "2026-12-08T00:00:00+01:00",
      reason: "course",
    });
    expect(absence.statusCode).toBe(201);
    const unknown = await api("POST", `/api/businesses/${h.businessId}/absences`, {
      staffId: "nobody",
      from: "2026-12-07T00:00:00+01:00",
      to: "2026-12-08T00:00:00+01:00",
    });
    expect(unknown.statusCode).toBe(404);

    // The list shows what has not ended yet, soonest first, with the staff member's name.
    const day = 24 * 60 * 60 * 1000;
    const at = (days: number) => new Date(Date.now() + days * day).toISOString();
    for (const [from, to, reason] of [
      [at(30), at(31), "holiday"],
      [at(2), at(3), "course"],
      [at(-3), at(-1), "over"],
    ] as const) {
      expect(
        (await api("POST", `/api/businesses/${h.businessId}/absences`, { staffId: "nina", from, to, reason }))
          .statusCode,
      ).toBe(201);
    }
    const listed = await api("GET", `/api/businesses/${h.businessId}/absences`);
    expect(listed.statusCode).toBe(200);
    const nina = (
      listed.json().absences as Array<{ staffId: string; staffName: string; reason: string }>
    ).filter((entry) => entry.staffId === "nina");
    expect(nina.map((entry) => entry.reason)).toEqual(["course", "holiday"]);
    expect(nina[0]?.staffName).toBe("Nina Keller");

    const contact = await customer("41770000901");
    const booked = [];
    for (const date of ["2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13"]) {
      booked.push(
        await bookCheckup(database().db, {
          businessId: h.businessId,
          contactId: contact.id,
          staffKey: "schmidt",
          start: `${date}T13:00:00Z`,
        }),
      );
    }
    const book = await api(
      "GET",
      `/api/businesses/${h.businessId}/appointments?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
    );
    expect(book.statusCode).toBe(200);
    expect(book.json().appointments.map((a: { staffId: string }) => a.staffId)).toEqual([
      "schmidt",
      "schmidt",
      "schmidt",
      "schmidt",
    ]);
    expect(
      (await api("GET", `/api/businesses/${h.businessId}/appointments?from=nope&to=2026-11-01T00:00:00Z`))
        .statusCode,
    ).toBe(400);

    const marks = ["no_show", "arrived", "late", "arrived"] as const;
    for (const [i, status] of marks.entries()) {
      const marked = await api(
        "POST",
        `/api/businesses/${h.businessId}/appointments/${booked[i]?.id}/attendance`,
        { status, ...(status === "late" && { minutesLate: 12 }) },
      );
      expect(marked.statusCode).toBe(200);
    }
    const view = (await api("GET", `/api/contacts/${contact.id}`)).json() as {
      patterns: Array<{ kind: string; rate?: number; sampleSize: number }>;
    };
    const noShow = view.patterns.find((p) => p.kind === "no-show-rate");
    expect(noShow).toMatchObject({ rate: 0.25, sampleSize: 4 });
    const habit = view.patterns.find((p) => p.kind === "weekday-part");
    expect(habit).toMatchObject({ sampleSize: 4 });
  });
});
