import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { expect, it } from "vitest";
import {
  type ClaimedJob,
  claimInboundJobs,
  completeInboundJob,
  failInboundJob,
  ingestInboundMessage,
} from "../../src/adapters/db/inboundQueue.ts";
import { contacts, inboundInbox, messages } from "../../src/adapters/db/schema.ts";
import { inboundText as inbound, nextInboxWamid as nextWamid } from "../support/inboxMessages.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

describeEachBackend("inbound queue", (database, backend) => {
  it("stores a redelivered webhook message once, and admits it into messages when claimed", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const message = inbound(business.id, "41791110001", "Hi, can I book a haircut?");

    const first = await ingestInboundMessage(db, message);
    const again = await ingestInboundMessage(db, message);

    expect(first.duplicate).toBe(false);
    expect(first.inboxId).not.toBeNull();
    expect(again).toEqual({ duplicate: true, inboxId: null });
    const inbox = await db.select().from(inboundInbox).where(eq(inboundInbox.businessId, business.id));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.body).toBe("Hi, can I book a haircut?");

    const [job] = await claimInboundJobs(db, { workerId: "w", businessId: business.id });
    if (!job) throw new Error("no job");
    expect(job.id).toBe(first.inboxId);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, job.contactId));
    expect(contact?.waId).toBe("41791110001");
    expect(contact?.phone).toBe("+41791110001");
    // Redelivered after admission: still recognised.
    expect((await ingestInboundMessage(db, message)).duplicate).toBe(true);
    const stored = await db
      .select()
      .from(messages)
      .where(and(eq(messages.businessId, business.id), eq(messages.wamid, message.wamid)));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.body).toBe("Hi, can I book a haircut?");
    expect(stored[0]?.payload).toEqual({ text: { body: "Hi, can I book a haircut?" } });
    expect(stored[0]?.sentAt?.getTime()).toBe(message.sentAt.getTime());
    expect(stored[0]?.direction).toBe("in");
    expect(stored[0]?.id).toBe(job.messageId);

    expect(await completeInboundJob(db, job.id, "w")).toBe(true);
    const [done] = await db.select().from(inboundInbox).where(eq(inboundInbox.id, job.id));
    // The content lives in messages now; the inbox keeps the keys that recognise a redelivery.
    expect(done).toMatchObject({ status: "done", body: null, payload: null, messageId: job.messageId });
    expect((await ingestInboundMessage(db, message)).duplicate).toBe(true);
  });

  it("admits a batch with several messages of one sender as one contact, in arrival order", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    await ingestInboundMessage(db, inbound(business.id, "41791110009", 'quote " and \\ backslash'));
    await ingestInboundMessage(db, inbound(business.id, "41791110009", "second"));
    await ingestInboundMessage(db, inbound(business.id, "41791110010", "other"));
    const claimed = await claimInboundJobs(db, { workerId: "w", businessId: business.id, limit: 10 });
    // One per sender at a time: the second message waits for the first.
    expect(claimed).toHaveLength(2);
    const [first] = claimed;
    if (!first) throw new Error("no job");
    const [stored] = await db.select().from(messages).where(eq(messages.id, first.messageId));
    expect(stored?.body).toBe('quote " and \\ backslash');
    expect(await completeInboundJob(db, first.id, "w")).toBe(true);
    const [next] = await claimInboundJobs(db, { workerId: "w", businessId: business.id });
    expect(next?.contactId).toBe(first.contactId);
    expect(next?.id).toBeGreaterThan(first.id);
  });

  it("keeps the same wamid apart in two businesses", async () => {
    const { db } = database();
    const salon = await insertBusiness(db);
    const dentist = await insertBusiness(db);
    const wamid = nextWamid();
    const a = await ingestInboundMessage(db, inbound(salon.id, "41791110002", "Hallo", wamid));
    const b = await ingestInboundMessage(db, inbound(dentist.id, "41791110002", "Hallo", wamid));
    expect(a.duplicate || b.duplicate).toBe(false);
    const [salonJob] = await claimInboundJobs(db, { workerId: "w", businessId: salon.id });
    const [dentistJob] = await claimInboundJobs(db, { workerId: "w", businessId: dentist.id });
    expect(salonJob?.contactId).toBeDefined();
    expect(salonJob?.contactId).not.toBe(dentistJob?.contactId);
    expect(salonJob?.messageId).not.toBe(dentistJob?.messageId);
  });

  it("hands each job out once and each contact's messages in order, to concurrent workers", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const customers = ["41792220001", "41792220002", "41792220003", "41792220004"];
    const sent = new Map<string, string[]>(); // waId → bodies in arrival order
    for (let i = 0; i < 6; i++) {
      for (const waId of customers) {
        const body = `${waId} #${i}`;
        await ingestInboundMessage(db, inbound(business.id, waId, body));
        sent.set(waId, [...(sent.get(waId) ?? []), body]);
      }
    }
    // Messages are admitted as they are claimed: look bodies and senders up then.
    const senderOf = async (job: ClaimedJob) => {
      const [row] = await db
        .select({ body: messages.body, waId: contacts.waId })
        .from(messages)
        .innerJoin(contacts, eq(contacts.id, messages.contactId))
        .where(eq(messages.id, job.messageId));
      return row ?? { body: "?", waId: "?" };
    };

    const handled = new Map<string, string[]>();
    const inFlight = new Set<string>();
    let overlaps = 0;
    const worker = async (workerId: string) => {
      for (let idle = 0; idle < 3; ) {
        const batch = await claimInboundJobs(db, { workerId, limit: 3, businessId: business.id });
        if (batch.length === 0) {
          idle++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        idle = 0;
        for (const job of batch) {
          if (inFlight.has(job.contactId)) overlaps++;
          inFlight.add(job.contactId);
          const { body, waId } = await senderOf(job);
          handled.set(waId, [...(handled.get(waId) ?? []), body ?? "?"]);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
        for (const job of batch) {
          inFlight.delete(job.contactId);
          expect(await completeInboundJob(db, job.id, workerId)).toBe(true);
        }
      }
    };
    await Promise.all(["w1", "w2", "w3"].map(worker));

    expect(overlaps).toBe(0);
    expect(handled).toEqual(sent);
    const open = await db
      .select()
      .from(inboundInbox)
      .where(and(eq(inboundInbox.businessId, business.id), sql`${inboundInbox.status} <> 'done'`));
    expect(open).toHaveLength(0);
    const unprocessed = await db
      .select()
      .from(messages)
      .where(and(eq(messages.businessId, business.id), sql`${messages.processedAt} IS NULL`));
    expect(unprocessed).toHaveLength(0);
  });

  it("holds a contact's later messages back while an earlier one waits for a retry", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    await ingestInboundMessage(db, inbound(business.id, "41793330001", "first"));
    await ingestInboundMessage(db, inbound(business.id, "41793330001", "second"));
    await ingestInboundMessage(db, inbound(business.id, "41793330002", "other customer"));

    const [first, other, ...rest] = await claimInboundJobs(db, { workerId: "w1", businessId: business.id });
    expect(rest).toHaveLength(0);
    if (!first || !other) throw new Error("expected two jobs");
    expect(await failInboundJob(db, first.id, "w1", { error: "LLM timeout", retryInSeconds: 3600 })).toBe(
      "retry",
    );
    expect(await claimInboundJobs(db, { workerId: "w2", businessId: business.id })).toEqual([]);

    expect(await failInboundJob(db, other.id, "w1", { error: "boom", maxAttempts: 1 })).toBe("failed");
  });

  it("gives a job whose lease ran out to another worker, and ignores the first worker afterwards", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    await ingestInboundMessage(db, inbound(business.id, "41794440001", "slow one"));
    const [job] = await claimInboundJobs(db, { workerId: "slow", businessId: business.id, leaseSeconds: 0 });
    if (!job) throw new Error("no job");
    await new Promise((resolve) => setTimeout(resolve, 10));

    const [again] = await claimInboundJobs(db, { workerId: "fast", businessId: business.id });
    expect(again?.id).toBe(job.id);
    expect(again?.attempts).toBe(2);
    expect(await completeInboundJob(db, job.id, "slow")).toBe(false);
    expect(await completeInboundJob(db, job.id, "fast")).toBe(true);
  });

  if (backend === "postgres") {
    it("skips jobs another connection has locked instead of waiting for them", async () => {
      const { db, url } = database();
      const business = await insertBusiness(db);
      await ingestInboundMessage(db, inbound(business.id, "41795550001", "locked elsewhere"));
      await ingestInboundMessage(db, inbound(business.id, "41795550002", "free"));
      const [lockedJob] = await db
        .select()
        .from(inboundInbox)
        .where(eq(inboundInbox.businessId, business.id))
        .orderBy(inboundInbox.id)
        .limit(1);
      if (!lockedJob) throw new Error("no job");

      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        await other.query("BEGIN");
        await other.query("SELECT id FROM inbound_inbox WHERE id = $1 FOR UPDATE", [lockedJob.id]);
        const claimed: ClaimedJob[] = await claimInboundJobs(db, { workerId: "w", businessId: business.id });
        expect(claimed.map((job) => job.id)).not.toContain(lockedJob.id);
        expect(claimed).toHaveLength(1);
        await other.query("ROLLBACK");
      } finally {
        await other.end();
      }
    });
  }
});
