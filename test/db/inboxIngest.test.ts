import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { InboxIngest } from "../../src/adapters/db/InboxIngest.ts";
import { ingestInboundMessage } from "../../src/adapters/db/inboundQueue.ts";
import { inboundInbox } from "../../src/adapters/db/schema.ts";
import { inboundText as inbound } from "../support/inboxMessages.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

describeEachBackend("grouped inbox inserts", (database) => {
  it("a burst is written in fewer statements than messages, each stored once, in arrival order", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const ingest = new InboxIngest(db, { maxInFlight: 1 });
    const burst = Array.from({ length: 40 }, (_, i) => inbound(business.id, "41791230001", `message ${i}`));
    const results = await Promise.all(burst.map((message) => ingest.ingest(message)));

    expect(results.every((result) => !result.duplicate && result.inboxId !== null)).toBe(true);
    expect(new Set(results.map((result) => result.inboxId)).size).toBe(40);
    // The first went alone; the others waited for it and went together.
    expect(ingest.stats.rows).toBe(40);
    expect(ingest.stats.statements).toBeLessThan(40);
    const rows = await db
      .select({ id: inboundInbox.id, wamid: inboundInbox.wamid, payload: inboundInbox.payload })
      .from(inboundInbox)
      .where(eq(inboundInbox.businessId, business.id))
      .orderBy(asc(inboundInbox.id));
    expect(rows.map((row) => row.wamid)).toEqual(burst.map((message) => message.wamid));
    expect(rows.map((row) => row.id)).toEqual(results.map((result) => result.inboxId));
    expect(rows[7]?.payload).toEqual({ text: { body: "message 7" } });
  });

  it("a redelivery, also inside the same group, is a duplicate and stored once", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const earlier = inbound(business.id, "41791230002", "stored before");
    await ingestInboundMessage(db, earlier);
    const ingest = new InboxIngest(db, { maxInFlight: 1 });
    const twice = inbound(business.id, "41791230002", "sent twice at once");
    const [opener, ...group] = await Promise.all([
      ingest.ingest(inbound(business.id, "41791230003", "goes alone")),
      ingest.ingest(twice),
      ingest.ingest({ ...twice }),
      ingest.ingest({ ...earlier }),
      ingest.ingest(inbound(business.id, "41791230002", "new")),
    ]);
    expect(opener?.duplicate).toBe(false);
    expect(group.map((result) => result.duplicate)).toEqual([false, true, true, false]);
    const stored = await db.select().from(inboundInbox).where(eq(inboundInbox.businessId, business.id));
    expect(stored).toHaveLength(4);
  });

  it("when a group's statement fails, each message gets its own answer", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const ingest = new InboxIngest(db, { maxInFlight: 1 });
    const good = inbound(business.id, "41791230004", "fine");
    const [, stored, broken] = await Promise.allSettled([
      ingest.ingest(inbound(business.id, "41791230004", "goes alone")),
      ingest.ingest(good),
      // Not a UUID: the group's statement fails as a whole.
      ingest.ingest({ ...inbound(business.id, "41791230005", "bad"), businessId: "not-a-uuid" }),
    ]);
    expect(stored.status).toBe("fulfilled");
    expect(broken.status).toBe("rejected");
    expect(ingest.stats.fallbacks).toBe(1);
    const rows = await db.select().from(inboundInbox).where(eq(inboundInbox.wamid, good.wamid));
    expect(rows).toHaveLength(1);
  });
});
