import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { sqlStateOf } from "../../src/adapters/db/database.ts";
import {
  auditLog,
  consents,
  contacts,
  declinedTopics,
  messages,
  profileFacts,
} from "../../src/adapters/db/schema.ts";
import { type TurnOutcome, TurnOutcomeWriter } from "../../src/adapters/db/TurnOutcomeWriter.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

describeEachBackend("turn outcome writer", (database) => {
  async function contactWithMessage(businessId: string, waId: string) {
    const { db } = database();
    const [contact] = await db
      .insert(contacts)
      .values({ businessId, waId, phone: `+${waId}` })
      .returning({ id: contacts.id, version: sql<string>`${contacts.updatedAt}::text` });
    if (!contact) throw new Error("no contact");
    const [message] = await db
      .insert(messages)
      .values({ businessId, contactId: contact.id, direction: "in", status: "received", body: "hi" })
      .returning({ id: messages.id });
    if (!message) throw new Error("no message");
    return { contactId: contact.id, version: contact.version, messageId: message.id };
  }

  function outcome(
    businessId: string,
    turn: { contactId: string; version: string; messageId: string },
    options: { factId?: string; version?: string } = {},
  ): TurnOutcome {
    const factId = options.factId ?? randomUUID();
    const at = new Date("2026-03-02T09:00:00.000Z");
    return {
      facts: [
        {
          id: factId,
          businessId,
          contactId: turn.contactId,
          field: "email",
          value: "a@example.com",
          displayText: "a@example.com",
          sealed: null,
          source: "customer",
          messageId: turn.messageId,
          quote: 'it\'s a@example.com, "quoted" \\ {braces}',
          saidAt: at,
          recordedAt: at,
          confidence: 0.9,
          status: "current",
          confirmations: 0,
        },
      ],
      patches: [],
      audits: [
        {
          businessId,
          actor: "customer",
          action: "added",
          entity: "profile_fact",
          entityId: factId,
          details: { contactId: turn.contactId },
          at,
        },
      ],
      declines: [
        {
          businessId,
          contactId: turn.contactId,
          topic: "staff",
          messageId: turn.messageId,
          quote: "no",
          saidAt: at,
        },
      ],
      consents: [
        {
          businessId,
          contactId: turn.contactId,
          kind: "special_category_data",
          granted: true,
          wording: "ok?",
          messageId: turn.messageId,
          at,
        },
      ],
      reply: {
        id: randomUUID(),
        businessId,
        contactId: turn.contactId,
        body: "Noted.",
        payload: { language: "en" },
        inReplyToId: turn.messageId,
      },
      projection: {
        id: turn.contactId,
        businessId,
        name: null,
        email: "a@example.com",
        phone: "+41790000000",
        language: null,
        preferredStaffMember: null,
        preferredAppointmentTimes: null,
        specialNotes: null,
        communicationPreferences: null,
        preferredServices: [],
        preferredStaffKey: null,
        completeness: 17,
        updatedAt: new Date(),
        version: options.version ?? turn.version,
      },
      sentiment: { businessId, messageId: turn.messageId, value: -0.25 },
    };
  }

  it("writes a group of turns in one statement: facts, audit, declines, consents, replies, projections", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const one = await contactWithMessage(business.id, "41790000101");
    const two = await contactWithMessage(business.id, "41790000102");
    await new TurnOutcomeWriter(db).write([outcome(business.id, one), outcome(business.id, two)]);

    const ids = [one.contactId, two.contactId];
    const facts = await db.select().from(profileFacts).where(inArray(profileFacts.contactId, ids));
    expect(facts).toHaveLength(2);
    expect(facts[0]?.quote).toBe('it\'s a@example.com, "quoted" \\ {braces}');
    expect(facts[0]?.value).toBe("a@example.com");
    expect(facts[0]?.confidence).toBeCloseTo(0.9);
    expect(await db.select().from(declinedTopics).where(inArray(declinedTopics.contactId, ids))).toHaveLength(
      2,
    );
    expect(await db.select().from(consents).where(inArray(consents.contactId, ids))).toHaveLength(2);
    const replies = await db
      .select()
      .from(messages)
      .where(inArray(messages.inReplyToId, [one.messageId, two.messageId]));
    expect(replies.map((r) => [r.direction, r.status, r.type, r.payload])).toEqual([
      ["out", "queued", "text", { language: "en" }],
      ["out", "queued", "text", { language: "en" }],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.businessId, business.id));
    expect(audit).toHaveLength(2);
    const rows = await db.select().from(contacts).where(inArray(contacts.id, ids));
    expect(rows.map((c) => [c.email, c.completeness])).toEqual([
      ["a@example.com", 17],
      ["a@example.com", 17],
    ]);
    const inbound = await db
      .select({ sentiment: messages.sentiment })
      .from(messages)
      .where(inArray(messages.id, [one.messageId, two.messageId]));
    expect(inbound.map((m) => m.sentiment)).toEqual([-0.25, -0.25]);
  });

  it("a paused conversation's turn writes its facts and sentiment but no reply", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const turn = await contactWithMessage(business.id, "41790000401");
    await new TurnOutcomeWriter(db).write([{ ...outcome(business.id, turn), reply: null }]);
    expect(await db.select().from(messages).where(eq(messages.inReplyToId, turn.messageId))).toHaveLength(0);
    expect(
      await db.select().from(profileFacts).where(eq(profileFacts.contactId, turn.contactId)),
    ).toHaveLength(1);
    const [inbound] = await db
      .select({ sentiment: messages.sentiment })
      .from(messages)
      .where(eq(messages.id, turn.messageId));
    expect(inbound?.sentiment).toBe(-0.25);
  });

  it("writes nothing when one contact's profile changed since it was read (SQLSTATE 22012)", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const fresh = await contactWithMessage(business.id, "41790000201");
    const stale = await contactWithMessage(business.id, "41790000202");
    const writer = new TurnOutcomeWriter(db);
    const error = await writer
      .write([
        outcome(business.id, fresh),
        outcome(business.id, stale, { version: "2001-01-01 00:00:00+00" }),
      ])
      .catch((e: unknown) => e);
    expect(sqlStateOf(error)).toBe("22012");
    const ids = [fresh.contactId, stale.contactId];
    expect(await db.select().from(profileFacts).where(inArray(profileFacts.contactId, ids))).toHaveLength(0);
    expect(
      await db
        .select()
        .from(messages)
        .where(inArray(messages.inReplyToId, [fresh.messageId])),
    ).toHaveLength(0);
    // On its own, the fresh one is written.
    await writer.write([outcome(business.id, fresh)]);
    expect(
      await db.select().from(profileFacts).where(eq(profileFacts.contactId, fresh.contactId)),
    ).toHaveLength(1);
  });

  it("patches only the keys a patch sets, and a null removedBy is SQL NULL", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const turn = await contactWithMessage(business.id, "41790000301");
    const writer = new TurnOutcomeWriter(db);
    const factId = randomUUID();
    await writer.write([outcome(business.id, turn, { factId })]);
    const [read] = await db
      .select({ version: sql<string>`${contacts.updatedAt}::text` })
      .from(contacts)
      .where(eq(contacts.id, turn.contactId));
    const confirmedAt = new Date("2026-03-03T10:00:00.000Z");
    const next = outcome(business.id, { ...turn, version: read?.version ?? "" });
    await writer.write([
      {
        ...next,
        // The first write answered the message already.
        reply: next.reply && { ...next.reply, inReplyToId: null },
        facts: [],
        audits: [],
        declines: [],
        consents: [],
        patches: [
          {
            businessId: business.id,
            factId,
            patch: { lastConfirmedAt: confirmedAt, confirmations: 2, removedBy: null },
          },
        ],
      },
    ]);
    const [fact] = await db.select().from(profileFacts).where(eq(profileFacts.id, factId));
    expect(fact?.status).toBe("current");
    expect(fact?.confirmations).toBe(2);
    expect(fact?.lastConfirmedAt?.toISOString()).toBe(confirmedAt.toISOString());
    expect(fact?.removedBy).toBeNull();
    expect(fact?.removedAt).toBeNull();
  });
});
