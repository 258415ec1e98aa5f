/**
 * Booking in chat, end to end: signed webhook deliveries, the inbox worker, the database's booking
 * guarantee and the local Graph API server, on both backends. The clock is fixed on a Tuesday.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppointmentRepository } from "../../src/adapters/db/AppointmentRepository.ts";
import { businesses, contacts, profileFacts } from "../../src/adapters/db/schema.ts";
import { bookCheckup } from "../support/pastVisits.ts";
import { type Harness, type SentMessage, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

/** Tuesday 1 December 2026, 09:00 in Zurich. */
const NOW = new Date("2026-12-01T08:00:00Z");
const zurich = (instant: Date) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Zurich",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);

let customerCounter = 0;
const nextCustomer = () => `4177${process.pid % 1000}${String(++customerCounter).padStart(4, "0")}`;
const appointments = new AppointmentRepository();

describeEachBackend("booking in chat", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(database().db, { now: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  async function say(waId: string, text: string): Promise<SentMessage> {
    expect((await h.deliver(h.text(waId, text, { at: NOW }))).statusCode).toBe(200);
    return answer(waId);
  }
  async function tap(waId: string, id: string, title: string): Promise<SentMessage> {
    const delivery = h.messages(waId, [
      {
        type: "interactive",
        timestamp: String(Math.floor(NOW.getTime() / 1000)),
        interactive: { type: "button_reply", button_reply: { id, title } },
      },
    ]);
    expect((await h.deliver(delivery)).statusCode).toBe(200);
    return answer(waId);
  }
  async function answer(waId: string): Promise<SentMessage> {
    await h.rapport.worker.drain();
    const sent = h.sentMessages().filter((m) => m.to === waId);
    const last = sent.at(-1);
    if (!last) throw new Error("no reply");
    return last;
  }
  const contactId = async (waId: string) => {
    const [row] = await database()
      .db.select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
    if (!row) throw new Error("no contact");
    return row.id;
  };
  const upcoming = async (waId: string) =>
    appointments.upcomingFor(database().db, h.businessId, await contactId(waId), NOW);
  const timeFacts = async (waId: string) =>
    database()
      .db.select()
      .from(profileFacts)
      .where(
        and(
          eq(profileFacts.contactId, await contactId(waId)),
          eq(profileFacts.field, "preferred_appointment_times"),
        ),
      );

  it("proposes ranked slots as buttons, books the one tapped, and keeps the one-off day out of the profile", async () => {
    const waId = nextCustomer();
    const proposals = await say(waId, "Hi, I'd like to book a dental cleaning on Thursday morning please");
    expect(proposals.choices.length).toBeGreaterThanOrEqual(2);
    expect(proposals.body).toMatch(/Thu/);
    const first = proposals.choices[0];
    if (!first) throw new Error("no choice");
    expect(first.id).toMatch(/^slot:1:/);

    const confirmation = await tap(waId, first.id, first.title);
    expect(confirmation.body).toMatch(/booked|confirmed/i);
    const [booked] = await upcoming(waId);
    expect(booked?.serviceId).toBe("cleaning");
    expect(booked?.staffId).toBe("nina"); // the hygienist does cleanings
    expect(zurich(booked?.start ?? NOW)).toMatch(/^Thu (0[89]|1[01]):/);
    // "Thursday morning" was for this booking, not a standing preference.
    expect(await timeFacts(waId)).toHaveLength(0);
  });

  it("ranks the preferred dentist first and mentions the preference and the latex allergy when confirming", async () => {
    const waId = nextCustomer();
    await say(waId, "I'm allergic to latex. I always see Dr. Schmidt.");
    const proposals = await say(waId, "Can I book a checkup?");
    expect(proposals.body).toMatch(/Schmidt/);
    const confirmation = await say(waId, "1");
    expect(confirmation.body).toMatch(/Schmidt/);
    expect(confirmation.body).toMatch(/as requested/i);
    expect(confirmation.body).toMatch(/latex/i);
    const [booked] = await upcoming(waId);
    expect(booked?.staffId).toBe("schmidt");
  });

  it("never offers the next customer a time just booked by the one before", async () => {
    const first = nextCustomer();
    await say(first, "I'd like to book teeth whitening on Saturday morning");
    await say(first, "1");
    const [taken] = await upcoming(first);
    if (!taken) throw new Error("not booked");
    const second = nextCustomer();
    const next = await say(second, "I'd like to book teeth whitening on Saturday morning");
    expect(next.choices.length).toBeGreaterThan(0);
    // The same time may come back with another staff member; never the same person at the same time,
    // so the choice books at once (no "someone else was faster").
    const confirmation = await say(second, "1");
    expect(confirmation.body).toMatch(/booked/i);
    const [mine] = await upcoming(second);
    if (!mine) throw new Error("not booked");
    expect(mine?.start.getTime() === taken.start.getTime() && mine?.staffId === taken.staffId).toBe(false);
  });

  it("says so and proposes again when someone else took the chosen time first", async () => {
    const waId = nextCustomer();
    const proposals = await say(waId, "I'd like to book a dental cleaning on Wednesday please");
    const first = proposals.choices[0];
    if (!first) throw new Error("no proposals");
    // Another customer books Nina's whole Wednesday morning, after the proposals went out.
    const other = nextCustomer();
    await say(other, "Hello");
    const otherId = await contactId(other);
    await appointments.book(database().db, {
      businessId: h.businessId,
      contactId: otherId,
      staffKey: "nina",
      serviceKey: "cleaning",
      roomKey: null,
      start: new Date("2026-12-02T07:00:00Z"),
      end: new Date("2026-12-02T11:00:00Z"),
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    const reply = await tap(waId, first.id, first.title);
    expect(reply.body).toMatch(/someone else/);
    expect(reply.choices.length).toBeGreaterThan(0);
    expect(await upcoming(waId)).toHaveLength(0);
  });

  it("looks again when the customer overrides the proposals, without making the override a preference", async () => {
    const waId = nextCustomer();
    await say(waId, "I'd like to book a dental checkup on Wednesday");
    const again = await say(waId, "no, Friday afternoon instead");
    expect(again.choices.length).toBeGreaterThan(0);
    expect(again.body).toMatch(/Fri/);
    await say(waId, "1");
    const [booked] = await upcoming(waId);
    expect(zurich(booked?.start ?? NOW)).toMatch(/^Fri 1[2-6]:/);
    expect(await timeFacts(waId)).toHaveLength(0);
  });

  it("offers only what the named person does when no service was named", async () => {
    const waId = nextCustomer();
    const which = await say(waId, "Can I get an appointment with Sarah next week?");
    expect(which.choices.map((c) => c.id).sort()).toEqual(["service:aroma", "service:deep-tissue"]);
    const physio = await say(nextCustomer(), "I'd like an appointment with Marco please");
    // Marco only does physiotherapy: straight to times.
    expect(physio.choices[0]?.id).toMatch(/^slot:1:/);
  });

  it("books a wheelchair user into the accessible room and says so", async () => {
    const waId = nextCustomer();
    await say(waId, "I use a wheelchair.");
    await say(waId, "Can I book a dental checkup on Friday?");
    const confirmation = await say(waId, "1");
    expect(confirmation.body).toMatch(/wheelchair-accessible room/);
    const [booked] = await upcoming(waId);
    expect(booked?.roomId).toBe("dental-1");
  });

  it("moves an appointment on request, cancelling the old one", async () => {
    const waId = nextCustomer();
    const proposals = await say(waId, "I'd like to book a checkup on Wednesday");
    await say(waId, "1");
    const [before] = await upcoming(waId);
    if (!before) throw new Error("not booked");
    expect(zurich(before.start)).toMatch(/^Wed/);
    expect(proposals.choices.length).toBeGreaterThan(0);

    const moved = await say(waId, "Could we move my appointment to Friday instead?");
    expect(moved.body).toMatch(/Fri/);
    await say(waId, "the first one");
    const after = await upcoming(waId);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(before.id);
    expect(zurich(after[0]?.start ?? NOW)).toMatch(/^Fri/);
    const history = await appointments.historyFor(database().db, h.businessId, await contactId(waId));
    expect(history.find((a) => a.id === before.id)?.status).toBe("cancelled");
  });

  it("cancels after asking, in German, and lists what is left", async () => {
    const waId = nextCustomer();
    await say(waId, "Ich möchte gerne einen Termin für eine Zahnkontrolle am Donnerstag");
    await say(waId, "1");
    expect(await upcoming(waId)).toHaveLength(1);
    const ask = await say(waId, "Ich muss meinen Termin leider absagen");
    expect(ask.body).toMatch(/absagen|stornieren/i);
    const yes = ask.choices.find((c) => c.id === "answer:yes");
    if (!yes) throw new Error("no yes button");
    const done = await tap(waId, yes.id, yes.title);
    expect(done.body).toMatch(/abgesagt|storniert/i);
    expect(await upcoming(waId)).toHaveLength(0);
    const list = await say(waId, "Welche Termine habe ich?");
    expect(list.body).toMatch(/keine/i);
  });

  it("offers the earliest slot today or tomorrow in an emergency", async () => {
    const waId = nextCustomer();
    const offer = await say(waId, "Notfall! Ich habe starke Zahnschmerzen");
    expect(offer.body).toMatch(/dringend/);
    // One slot, offered as a yes/no question: the only question in an emergency.
    const yes = offer.choices.find((c) => c.id === "answer:yes");
    if (!yes) throw new Error("no slot offered");
    const confirmation = await tap(waId, yes.id, yes.title);
    expect(confirmation.body).toMatch(/gebucht/);
    const [booked] = await upcoming(waId);
    if (!booked) throw new Error("not booked");
    expect(booked.start.getTime() - NOW.getTime()).toBeLessThan(2 * 86_400_000);
  });

  it("still answers, without slots, when the business's schedule cannot be read", async () => {
    const db = database().db;
    const [business] = await db.select().from(businesses).where(eq(businesses.id, h.businessId));
    if (!business) throw new Error("no business");
    const broken = { ...business.settings, staffHours: { nobody: { days: ["mon"], services: ["checkup"] } } };
    await db.update(businesses).set({ settings: broken }).where(eq(businesses.id, h.businessId));
    h.rapport.directory.forget();
    try {
      const waId = nextCustomer();
      const reply = await say(waId, "Hello, I'm Mia. I'd like to book a dental checkup");
      expect(reply.body).toMatch(/Mia/);
      expect(reply.choices).toHaveLength(0);
      expect(h.logLines.some((line) => line.includes("schedule is invalid"))).toBe(true);
    } finally {
      await db.update(businesses).set({ settings: business.settings }).where(eq(businesses.id, h.businessId));
      h.rapport.directory.forget();
    }
  });

  it("infers a habit from the history, asks once, and a yes makes it the customer's preference", async () => {
    const waId = nextCustomer();
    await say(waId, "Hello, I'm Tom");
    const id = await contactId(waId);
    // Three earlier Tuesday-morning check-ups.
    for (const date of ["2026-09-01", "2026-09-29", "2026-10-27"]) {
      await bookCheckup(database().db, {
        businessId: h.businessId,
        contactId: id,
        staffKey: "weber",
        start: `${date}T08:00:00Z`,
      });
    }
    const offer = await say(waId, "I'd like to book an appointment");
    // A returning customer is offered the usual service.
    expect(offer.body).toMatch(/usual|Dental Checkup/i);
    const yes = offer.choices.find((c) => c.id === "answer:yes");
    if (!yes) throw new Error("no yes button");
    const proposals = await tap(waId, yes.id, yes.title);
    expect(proposals.choices.length).toBeGreaterThan(0);
    const confirmation = await say(waId, "1");
    expect(confirmation.body).toMatch(/Tuesday/);
    const inferred = await timeFacts(waId);
    expect(inferred).toHaveLength(1);
    expect(inferred[0]).toMatchObject({ source: "behaviour", status: "current", sampleSize: 4 });

    const settled = await say(waId, "Yes please");
    expect(settled.body).toMatch(/noted/i);
    const after = await timeFacts(waId);
    const current = after.filter((f) => f.status === "current");
    expect(current).toHaveLength(1);
    expect(current[0]?.source).toBe("customer");
  });
});
