import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { AppointmentRepository, SlotTakenError } from "../../src/adapters/db/AppointmentRepository.ts";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../../src/adapters/db/businessSeed.ts";
import type { Database } from "../../src/adapters/db/database.ts";
import { contacts } from "../../src/adapters/db/schema.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const appointments = new AppointmentRepository();

async function practice(db: Database) {
  const file = await readPracticeFile(DEMO_PRACTICE_FILE);
  const phoneNumberId = `appt-${randomUUID().slice(0, 8)}`;
  const { businessId } = await seedBusiness(
    db,
    { ...file, practice: { ...file.practice, key: phoneNumberId } },
    phoneNumberId,
  );
  const contact = async () => {
    const [row] = await db
      .insert(contacts)
      .values({ businessId, waId: `4179${Math.floor(Math.random() * 1e7)}` })
      .returning({ id: contacts.id });
    if (!row) throw new Error("no contact");
    return row.id;
  };
  return { businessId, contact };
}

const at = (iso: string) => new Date(iso);
const slot = (businessId: string, contactId: string, start: string, end: string, extra = {}) => ({
  businessId,
  contactId,
  staffKey: "weber",
  serviceKey: "checkup",
  roomKey: null,
  start: at(start),
  end: at(end),
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  ...extra,
});

describeEachBackend("appointments", (database) => {
  it("lets exactly one of many concurrent requests for the same slot win", async () => {
    const { db } = database();
    const { businessId, contact } = await practice(db);
    const customers = await Promise.all(Array.from({ length: 8 }, contact));
    const outcomes = await Promise.allSettled(
      customers.map((contactId) =>
        appointments.book(db, slot(businessId, contactId, "2027-03-02T08:00:00Z", "2027-03-02T08:30:00Z")),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const o of lost) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(SlotTakenError);
    const busy = await appointments.busyBetween(
      db,
      businessId,
      at("2027-03-02T00:00:00Z"),
      at("2027-03-03T00:00:00Z"),
    );
    expect(busy).toHaveLength(1);
  }, 30_000);

  it("keeps the buffer free, lets another staff member take the same time, and frees a cancelled slot", async () => {
    const { db } = database();
    const { businessId, contact } = await practice(db);
    const a = await contact();
    const b = await contact();
    const first = await appointments.book(
      db,
      slot(businessId, a, "2027-03-03T08:00:00Z", "2027-03-03T08:30:00Z"),
    );
    expect(first.blockedUntil.toISOString()).toBe("2027-03-03T08:40:00.000Z");
    // Starts inside the 10-minute clean-up after the first one.
    await expect(
      appointments.book(db, slot(businessId, b, "2027-03-03T08:35:00Z", "2027-03-03T09:05:00Z")),
    ).rejects.toBeInstanceOf(SlotTakenError);
    const next = await appointments.book(
      db,
      slot(businessId, b, "2027-03-03T08:40:00Z", "2027-03-03T09:10:00Z"),
    );
    expect(next.staffId).toBe("weber");
    const other = await appointments.book(
      db,
      slot(businessId, b, "2027-03-03T08:00:00Z", "2027-03-03T08:30:00Z", { staffKey: "schmidt" }),
    );
    expect(other.staffId).toBe("schmidt");

    expect(await appointments.cancel(db, businessId, first.id, b)).toBe(false); // not b's appointment
    expect(await appointments.cancel(db, businessId, first.id, a)).toBe(true);
    const again = await appointments.book(
      db,
      slot(businessId, b, "2027-03-03T08:00:00Z", "2027-03-03T08:30:00Z"),
    );
    expect(again.contactId).toBe(b);
  });

  it("never puts two appointments in one room at once", async () => {
    const { db } = database();
    const { businessId, contact } = await practice(db);
    const a = await contact();
    await appointments.book(
      db,
      slot(businessId, a, "2027-03-04T08:00:00Z", "2027-03-04T08:30:00Z", { roomKey: "ground-floor" }),
    );
    await expect(
      appointments.book(
        db,
        slot(businessId, a, "2027-03-04T08:15:00Z", "2027-03-04T08:45:00Z", {
          staffKey: "schmidt",
          roomKey: "ground-floor",
        }),
      ),
    ).rejects.toBeInstanceOf(SlotTakenError);
  });

  it("moves an appointment atomically: a failed move leaves the old one booked", async () => {
    const { db } = database();
    const { businessId, contact } = await practice(db);
    const a = await contact();
    const b = await contact();
    const mine = await appointments.book(
      db,
      slot(businessId, a, "2027-03-05T08:00:00Z", "2027-03-05T08:30:00Z"),
    );
    await appointments.book(db, slot(businessId, b, "2027-03-05T10:00:00Z", "2027-03-05T10:30:00Z"));
    await expect(
      appointments.reschedule(
        db,
        mine.id,
        slot(businessId, a, "2027-03-05T10:00:00Z", "2027-03-05T10:30:00Z"),
      ),
    ).rejects.toBeInstanceOf(SlotTakenError);
    const upcoming = await appointments.upcomingFor(db, businessId, a, at("2027-03-01T00:00:00Z"));
    expect(upcoming.map((x) => x.id)).toEqual([mine.id]);

    const moved = await appointments.reschedule(
      db,
      mine.id,
      slot(businessId, a, "2027-03-05T13:00:00Z", "2027-03-05T13:30:00Z"),
    );
    const after = await appointments.upcomingFor(db, businessId, a, at("2027-03-01T00:00:00Z"));
    expect(after.map((x) => x.id)).toEqual([moved.id]);
    const history = await appointments.historyFor(db, businessId, a);
    expect(history.map((x) => x.status).sort()).toEqual(["booked", "cancelled"]);
  });
});
