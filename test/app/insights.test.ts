/**
 * GET /api/insights on a small, known dataset written straight into the tables: four customers, six
 * appointments and four rated messages over two weeks, with every number worked out by hand below.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { appointments, contacts, messages, profileFacts } from "../../src/adapters/db/schema.ts";
import { bookCheckup } from "../support/pastVisits.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const d = (iso: string) => new Date(iso);
const TIMES = {
  days: [],
  not_days: [],
  parts: ["morning"],
  not_parts: [],
  after: null,
  before: null,
  flexible: false,
};
const STAFF = { staffId: "weber", name: null, gender: null, none: false };
const COMMS = { channels: ["whatsapp"], avoid: [], style: null, written: true };

describeEachBackend("insights API", (database) => {
  let h: Harness;
  const wa = (n: number) => `4179${process.pid % 1000}${String(n).padStart(4, "0")}`;

  beforeAll(async () => {
    h = await startHarness(database().db);
    const { db } = database();
    const businessId = h.businessId;
    const october = d("2026-10-01T08:00:00Z");
    const contact = async (n: number, columns: Partial<typeof contacts.$inferInsert>) => {
      const [row] = await db
        .insert(contacts)
        .values({ businessId, waId: wa(n), phone: `+${wa(n)}`, createdAt: october, ...columns })
        .returning({ id: contacts.id });
      return row?.id ?? "";
    };
    // c1 has every field; c2 a name; c3 a name and a time preference (since 1 Nov); c4 a name from 10 Nov.
    const c1 = await contact(1, {
      name: "One",
      email: "one@example.test",
      preferredStaffMember: "Dr. Anna Weber",
      preferredAppointmentTimes: TIMES as never,
      communicationPreferences: COMMS as never,
      preferredServices: ["cleaning"],
    });
    const c2 = await contact(2, { name: "Two" });
    const c3 = await contact(3, { name: "Three", preferredAppointmentTimes: TIMES as never });
    const c4 = await contact(4, { name: "Four" });
    const fact = (contactId: string, field: string, value: unknown, recordedAt: Date) => ({
      businessId,
      contactId,
      field,
      value,
      displayText: String(field),
      source: "customer" as const,
      status: "current" as const,
      saidAt: recordedAt,
      recordedAt,
    });
    await db.insert(profileFacts).values([
      fact(c1, "name", "One", october),
      fact(c1, "email", "one@example.test", october),
      fact(c1, "preferred_staff_member", STAFF, october),
      fact(c1, "preferred_appointment_times", TIMES, october),
      fact(c1, "communication_preferences", COMMS, october),
      fact(c1, "preferred_services", { serviceIds: ["cleaning"], interest: null }, october),
      fact(c2, "name", "Two", october),
      fact(c3, "name", "Three", october),
      fact(c3, "preferred_appointment_times", TIMES, d("2026-11-01T08:00:00Z")),
      fact(c4, "name", "Four", d("2026-11-10T08:00:00Z")),
      // A fact removed before the period ends does not count.
      { ...fact(c2, "email", "gone@example.test", october), status: "removed" as const, removedAt: october },
    ]);
    const appointment = async (
      contactId: string,
      start: string,
      status: "booked" | "completed" | "arrived" | "cancelled" | "no_show",
      createdAt: string,
      bookedVia: "chat" | "staff" = "chat",
    ) => {
      const booked = await bookCheckup(db, { businessId, contactId, staffKey: "weber", start });
      await db
        .update(appointments)
        .set({
          status,
          createdAt: d(createdAt),
          bookedVia,
          ...(status === "cancelled" && { cancelledAt: d(createdAt) }),
        })
        .where(eq(appointments.id, booked.id));
    };
    await appointment(c1, "2026-11-03T09:00:00Z", "completed", "2026-10-20T08:00:00Z");
    await appointment(c1, "2026-11-10T09:00:00Z", "booked", "2026-11-04T08:00:00Z"); // knew staff + time: 2
    await appointment(c2, "2026-11-04T09:00:00Z", "arrived", "2026-10-25T08:00:00Z");
    await appointment(c2, "2026-11-05T09:00:00Z", "cancelled", "2026-11-03T08:00:00Z"); // knew nothing: 0
    await appointment(c3, "2026-11-11T09:00:00Z", "no_show", "2026-11-09T08:00:00Z"); // knew the time: 1
    await appointment(c3, "2026-11-12T09:00:00Z", "completed", "2026-11-10T08:00:00Z", "staff"); // not the bot's
    const message = (contactId: string, sentiment: number, at: string) => ({
      businessId,
      contactId,
      direction: "in" as const,
      status: "received" as const,
      body: null,
      sentiment,
      createdAt: d(at),
    });
    await db
      .insert(messages)
      .values([
        message(c1, 0.5, "2026-11-02T10:00:00Z"),
        message(c2, -0.5, "2026-11-03T10:00:00Z"),
        message(c3, 0.3, "2026-11-08T23:59:00Z"),
        message(c3, -1, "2026-11-09T00:00:00Z"),
        { ...message(c4, 0, "2026-11-09T10:00:00Z"), sentiment: null },
      ]);
  });
  afterAll(async () => {
    await h.close();
  });

  const insights = (
    query: string,
    headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` },
  ) => h.rapport.app.inject({ method: "GET", url: `/api/insights?${query}`, headers });

  it("computes every KPI, each rate with its sample size", async () => {
    const response = await insights(
      `businessId=${h.businessId}&from=2026-11-02T00:00:00Z&to=2026-11-16T00:00:00Z&bucket=week`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const W1 = "2026-11-02T00:00:00.000Z";
    const W2 = "2026-11-09T00:00:00.000Z";
    expect(body.range).toEqual({ from: W1, to: "2026-11-16T00:00:00.000Z", bucket: "week" });
    expect(body.completeness).toEqual({
      customers: 4,
      byField: {
        name: 1,
        email: 0.25,
        preferred_staff_member: 0.25,
        preferred_appointment_times: 0.5,
        communication_preferences: 0.25,
        preferred_services: 0.25,
      },
      average: 41.7, // 10 of 24 fields
    });
    expect(body.completenessTrend).toEqual([
      { period: W1, customers: 4, average: 37.5 }, // by 9 Nov: 6 + 1 + 2 + 0 of 24
      { period: W2, customers: 4, average: 41.7 }, // c4's name came on 10 Nov
    ]);
    expect(body.repeatBooking).toEqual({
      withPreferences: { customers: 2, repeat: 1, rate: 0.5 },
      withoutPreferences: { customers: 1, repeat: 0, rate: 0 },
    });
    expect(body.sentimentTrend).toEqual([
      { period: W1, messages: 3, average: 0.1, negativeShare: 0.3333 },
      { period: W2, messages: 1, average: -1, negativeShare: 1 },
    ]);
    expect(body.noShow).toEqual({
      rate: 0.25,
      appointments: 4,
      trend: [
        { period: W1, rate: 0, appointments: 2 },
        { period: W2, rate: 0.5, appointments: 2 },
      ],
    });
    expect(body.timeSaved).toEqual({
      questionsNotAsked: 3,
      minutesSaved: 6,
      minutesPerQuestion: 2,
      trend: [
        { period: W1, questionsNotAsked: 2 },
        { period: W2, questionsNotAsked: 1 },
      ],
    });
  });

  it("answers null rates over empty samples, in monthly buckets", async () => {
    const body = (
      await insights(`businessId=${h.businessId}&from=2026-01-10&to=2026-03-01&bucket=month`)
    ).json();
    expect(body.noShow.trend.map((p: { period: string }) => p.period)).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-02-01T00:00:00.000Z",
    ]);
    expect(body.noShow).toMatchObject({ rate: null, appointments: 0 });
    expect(body.repeatBooking.withPreferences).toEqual({ customers: 0, repeat: 0, rate: null });
    expect(body.sentimentTrend[0]).toEqual({
      period: "2026-01-01T00:00:00.000Z",
      messages: 0,
      average: null,
      negativeShare: null,
    });
  });

  it("refuses a range that is backwards, too long, or not dates", async () => {
    const bad = [
      `businessId=${h.businessId}&from=2026-11-16&to=2026-11-02`,
      `businessId=${h.businessId}&from=2020-01-01&to=2026-01-01`,
      `businessId=${h.businessId}&from=yesterday&to=2026-01-01`,
      `businessId=${h.businessId}&from=2026-01-01&to=2026-02-01&bucket=day`,
      "from=2026-01-01&to=2026-02-01",
    ];
    for (const query of bad) expect((await insights(query)).statusCode, query).toBe(400);
  });
});
