/** The profile store's rules, end to end through the pipeline and persisted, on both backends. */
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { auditLog, contacts, messages, profileFacts } from "../../src/adapters/db/schema.ts";
import { mergeFact } from "../../src/domain/profile/ProfileMergeRules.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

let customerCounter = 0;
const nextCustomer = () => `4178${process.pid % 1000}${String(++customerCounter).padStart(4, "0")}`;

describeEachBackend("profile store", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(database().db);
  });
  afterAll(async () => {
    await h.close();
  });

  /** Sends one message as the customer and returns the bot's answer. */
  async function say(waId: string, text: string): Promise<string> {
    expect((await h.deliver(h.text(waId, text))).statusCode).toBe(200);
    await h.rapport.worker.drain();
    const sent = h.sentMessages().filter((m) => m.to === waId);
    return sent.at(-1)?.body ?? "";
  }
  const contactOf = async (waId: string) => {
    const [row] = await database()
      .db.select()
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
    if (!row) throw new Error("no contact");
    return row;
  };
  const factsOf = async (waId: string, field?: string) => {
    const contact = await contactOf(waId);
    const rows = await database()
      .db.select()
      .from(profileFacts)
      .where(and(eq(profileFacts.contactId, contact.id), field ? eq(profileFacts.field, field) : undefined))
      .orderBy(asc(profileFacts.recordedAt));
    return rows;
  };
  const admin = (method: "GET" | "PATCH" | "DELETE", url: string, payload?: unknown) =>
    h.rapport.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(payload !== undefined && { payload: payload as object }),
    });

  it("records every fact with its value, text, source, message, quote, times and confidence", async () => {
    const waId = nextCustomer();
    const reply = await say(waId, "I prefer mornings");
    expect(reply).toContain("I've noted that you prefer mornings");
    const [fact] = await factsOf(waId, "preferred_appointment_times");
    const [inbound] = await database()
      .db.select()
      .from(messages)
      .where(and(eq(messages.contactId, fact?.contactId ?? ""), eq(messages.direction, "in")));
    expect(fact).toMatchObject({
      source: "customer",
      status: "current",
      messageId: inbound?.id,
      displayText: expect.any(String),
      quote: expect.stringContaining("mornings"),
    });
    expect(fact?.value).toMatchObject({ parts: ["morning"] });
    expect(fact?.saidAt).toBeInstanceOf(Date);
    expect(fact?.recordedAt).toBeInstanceOf(Date);
    expect(fact?.confidence).toBeGreaterThan(0);
    // The contact's columns are the projection of the current facts.
    expect((await contactOf(waId)).preferredAppointmentTimes).toMatchObject({ parts: ["morning"] });
  });

  it("keeps a conflicting value as a candidate, asks once, and updates on yes", async () => {
    const waId = nextCustomer();
    await say(waId, "I prefer mornings");
    const ask = await say(waId, "Evenings work best for me");
    expect(ask).toMatch(/Shall I change it/);
    expect(ask.match(/\?/g)).toHaveLength(1);
    let times = await factsOf(waId, "preferred_appointment_times");
    expect(times.map((f) => f.status)).toEqual(["current", "candidate"]);
    expect((await contactOf(waId)).preferredAppointmentTimes).toMatchObject({ parts: ["morning"] });

    const done = await say(waId, "yes please");
    expect(done).toMatch(/evenings/i);
    times = await factsOf(waId, "preferred_appointment_times");
    const current = times.filter((f) => f.status === "current");
    expect(current).toHaveLength(1);
    expect(current[0]?.value).toMatchObject({ parts: ["evening"] });
    expect(current[0]?.supersedesId).toBe(times[0]?.id);
    expect(times[0]).toMatchObject({ status: "superseded", supersededById: current[0]?.id });
    expect((await contactOf(waId)).preferredAppointmentTimes).toMatchObject({ parts: ["evening"] });
  });

  it("overwrites only when the customer corrects", async () => {
    const waId = nextCustomer();
    await say(waId, "Please only contact me by email");
    await say(waId, "Actually, WhatsApp is better for me now, no emails");
    const comms = await factsOf(waId, "communication_preferences");
    expect(comms.map((f) => f.status)).toEqual(["superseded", "current"]);
    expect(comms[1]?.supersedesId).toBe(comms[0]?.id);
  });

  it("accumulates list items without duplicates", async () => {
    const waId = nextCustomer();
    await say(waId, "I'm allergic to latex");
    await say(waId, "Just so you know, I have a latex allergy");
    await say(waId, "I also get very nervous at the dentist");
    const notes = (await factsOf(waId, "special_notes")).filter((f) => f.status === "current");
    expect(notes).toHaveLength(2);
    const latex = notes[0];
    expect(latex?.confirmations).toBe(1);
  });

  it("never lets an inference from bookings override what the customer said", async () => {
    const waId = nextCustomer();
    await say(waId, "Mornings are best for me");
    const contact = await contactOf(waId);
    const { db } = database();
    const facts = await h.rapport.profiles.loadFacts(db, h.businessId, contact.id);
    const change = mergeFact(
      facts,
      {
        field: "preferred_appointment_times",
        value: {
          days: ["fri"],
          not_days: [],
          parts: ["afternoon"],
          not_parts: [],
          after: null,
          before: null,
          flexible: false,
        },
        contactId: contact.id,
        text: "Friday afternoons (from bookings)",
        saidAt: new Date(),
        confidence: 0.8,
        source: "behaviour",
        sampleSize: 6,
      },
      { correction: false, now: new Date(), newId: randomUUID },
    );
    await db.transaction((tx) => h.rapport.profiles.applyChange(tx, h.businessId, change));
    const times = await factsOf(waId, "preferred_appointment_times");
    expect(times.map((f) => [f.source, f.status])).toEqual([
      ["customer", "current"],
      ["behaviour", "candidate"],
    ]);
    expect(times[1]?.sampleSize).toBe(6);
  });

  it("lets staff correct a fact (the edit supersedes it, editor recorded) and delete one", async () => {
    const waId = nextCustomer();
    await say(waId, "I prefer mornings");
    const contact = await contactOf(waId);
    const [fact] = await factsOf(waId, "preferred_appointment_times");
    const edited = await admin("PATCH", `/api/contacts/${contact.id}/facts/${fact?.id}`, {
      text: "Mornings before 10",
      editedBy: "anna",
      value: {
        days: [],
        not_days: [],
        parts: ["morning"],
        not_parts: [],
        after: null,
        before: "10:00",
        flexible: false,
      },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ outcome: "edited", fact: { source: "staff", editedBy: "anna" } });
    const times = await factsOf(waId, "preferred_appointment_times");
    expect(times.map((f) => [f.source, f.status, f.editedBy])).toEqual([
      ["customer", "superseded", null],
      ["staff", "current", "anna"],
    ]);
    expect((await contactOf(waId)).preferredAppointmentTimes).toMatchObject({ before: "10:00" });

    const removed = await admin("DELETE", `/api/contacts/${contact.id}/facts/${times[1]?.id}?by=anna`);
    expect(removed.statusCode).toBe(200);
    const [after] = await factsOf(waId, "preferred_appointment_times").then((rows) =>
      rows.filter((f) => f.id === times[1]?.id),
    );
    expect(after).toMatchObject({ status: "removed", removedBy: { kind: "staff", userId: "anna" } });
    expect((await contactOf(waId)).preferredAppointmentTimes).toBeNull();
    const again = await admin("DELETE", `/api/contacts/${contact.id}/facts/${times[1]?.id}`);
    expect(again.statusCode).toBe(409);

    const audit = await database()
      .db.select()
      .from(auditLog)
      .where(sql`${auditLog.details}->>'contactId' = ${contact.id}`)
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ["customer", "added"],
      ["staff:anna", "edited"],
      ["staff:anna", "removed"],
    ]);
  });

  it("removes facts when the customer asks and confirms, and audits it", async () => {
    const waId = nextCustomer();
    await say(waId, "I'm allergic to latex and prefer Tuesdays");
    // Deleting cannot be undone: the bot asks first (issue 5), and deletes on the yes.
    const confirm = await say(waId, "Please delete my notes");
    expect(confirm).toMatch(/Shall I delete the notes/);
    expect((await factsOf(waId, "special_notes")).every((f) => f.status === "current")).toBe(true);
    const reply = await say(waId, "Yes");
    expect(reply).toContain("deleted the notes");
    const notes = await factsOf(waId, "special_notes");
    expect(notes.every((f) => f.status === "removed")).toBe(true);
    expect((await contactOf(waId)).specialNotes).toBeNull();
    expect((await factsOf(waId, "preferred_appointment_times"))[0]?.status).toBe("current");

    expect(await say(waId, "Bitte löschen Sie alle meine Daten")).toMatch(/Soll ich alles löschen/);
    await say(waId, "Ja");
    const live = (await factsOf(waId)).filter((f) => f.status === "current" || f.status === "candidate");
    expect(live).toHaveLength(0);
    const audit = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "removed"), eq(auditLog.actor, "customer")));
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps special notes encrypted at rest and out of the logs", async () => {
    const waId = nextCustomer();
    const reply = await say(waId, "I'm severely allergic to penicillin and terrified of needles");
    expect(reply).toMatch(/penicillin/i); // the customer sees what was noted
    const contact = await contactOf(waId);
    const { db } = database();
    const raw = rowsOf<Record<string, unknown>>(
      await db.execute(sql`
        SELECT f.value::text AS value, f.display_text, f.quote, f.sealed, c.special_notes, a.details::text AS audit
        FROM profile_facts f JOIN contacts c ON c.id = f.contact_id
        LEFT JOIN audit_log a ON a.entity_id = f.id::text
        WHERE f.contact_id = ${contact.id} AND f.field = 'special_notes'`),
    );
    expect(raw.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(raw).toLowerCase();
    expect(dump).not.toContain("penicillin");
    expect(dump).not.toContain("needles");
    expect(contact.specialNotes).toMatch(/^v1:/);
    for (const row of raw) expect(row.sealed).toMatch(/^v1:/);
    // …yet staff read them through the admin API.
    const profile = await admin("GET", `/api/contacts/${contact.id}`);
    expect(JSON.stringify(profile.json()).toLowerCase()).toContain("penicillin");
    expect(h.rapport.contacts.openSpecialNotes(contact).map((n) => n.category)).toContain("allergy");

    const logs = h.logLines.join("\n").toLowerCase();
    expect(h.logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain("penicillin");
    expect(logs).not.toContain("needles");
  });

  it("answers 'what do you know about me?' in English and German", async () => {
    const waId = nextCustomer();
    await say(waId, "My name is Jonas Keller and I prefer Dr. Weber");
    const en = await say(waId, "What do you know about me?");
    expect(en).toContain("Here is what I have noted about you");
    expect(en).toContain("Jonas Keller");
    expect(en).toContain("Dr. Anna Weber");
    const de = await say(waId, "Was wissen Sie über mich?");
    expect(de).toContain("Das habe ich über Sie notiert");
    expect(de).toContain("Wunschperson: Dr. Anna Weber");
  });

  it("answers an emergency with the earliest slot and no optional question", async () => {
    const waId = nextCustomer();
    const reply = await say(waId, "Ich habe starke Zahnschmerzen, es ist ein Notfall!");
    expect(reply).toContain("dringend");
    // The one question is whether to take the slot offered: nothing about email, times or preferences.
    expect(reply.match(/\?/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(reply).not.toMatch(/E-Mail|bevorzug|lieber/i);
  });

  it("decides again when staff changed the profile between reading it and writing the outcome", async () => {
    const waId = nextCustomer();
    await say(waId, "My name is Lea Brunner");
    const profiles = h.rapport.profiles;
    const original = profiles.loadFactsFor.bind(profiles);
    let reads = 0;
    // Right after the worker read the facts, someone else writes the contact's profile.
    profiles.loadFactsFor = async (db, contactsOf) => {
      const facts = await original(db, contactsOf);
      if (++reads === 1) {
        const contact = await contactOf(waId);
        await database()
          .db.update(contacts)
          .set({ updatedAt: new Date(Date.now() + 1_000) })
          .where(eq(contacts.id, contact.id));
      }
      return facts;
    };
    try {
      const reply = await say(waId, "I prefer mornings");
      expect(reply).toContain("I've noted that you prefer mornings");
    } finally {
      profiles.loadFactsFor = original;
    }
    expect(reads).toBe(2);
    // Written once, by the second decision.
    expect(await factsOf(waId, "preferred_appointment_times")).toHaveLength(1);
    const answered = await database()
      .db.select()
      .from(messages)
      .where(and(eq(messages.contactId, (await contactOf(waId)).id), eq(messages.direction, "out")));
    expect(answered).toHaveLength(2);
  });

  it("handles a batch of customers with one outcome each, recording every reply's wamid", async () => {
    const customers = [nextCustomer(), nextCustomer(), nextCustomer()];
    for (const waId of customers) {
      expect((await h.deliver(h.text(waId, "Ich bin allergisch auf Latex"))).statusCode).toBe(200);
    }
    expect(await h.rapport.worker.drain()).toBe(3);
    for (const waId of customers) {
      const contact = await contactOf(waId);
      const [reply] = await database()
        .db.select()
        .from(messages)
        .where(and(eq(messages.contactId, contact.id), eq(messages.direction, "out")));
      expect(reply?.wamid).toMatch(/^wamid\./);
      expect(reply?.sentAt).not.toBeNull();
      expect(await factsOf(waId, "special_notes")).toHaveLength(1);
    }
  });
});
