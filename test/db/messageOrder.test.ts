import { expect, it } from "vitest";
import { MessageRepository } from "../../src/adapters/db/MessageRepository.ts";
import { contacts, messages } from "../../src/adapters/db/schema.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

const repository = new MessageRepository();

describeEachBackend("message order", (database) => {
  async function contactWithBurst() {
    const { db } = database();
    const business = await insertBusiness(db);
    const [contact] = await db
      .insert(contacts)
      .values({ businessId: business.id, waId: "41790000001" })
      .returning({ id: contacts.id });
    if (!contact) throw new Error("no contact");
    // One claim's worth: the customer's three messages and the bot's three replies, each trio stored
    // by one statement, so they share their created_at.
    const inAt = new Date("2026-11-20T09:00:00Z");
    const outAt = new Date("2026-11-20T09:00:01Z");
    const bodies = ["hi", "Tuesday?", "2pm", "hello!", "Tuesday works", "2pm booked"];
    await db.insert(messages).values(
      bodies.slice(0, 3).map((body) => ({
        businessId: business.id,
        contactId: contact.id,
        direction: "in" as const,
        body,
        status: "received" as const,
        createdAt: inAt,
      })),
    );
    await db.insert(messages).values(
      bodies.slice(3).map((body) => ({
        businessId: business.id,
        contactId: contact.id,
        direction: "out" as const,
        body,
        status: "queued" as const,
        createdAt: outAt,
      })),
    );
    return { db, businessId: business.id, contactId: contact.id, bodies };
  }

  it("lists messages stored in the same instant in the order they were stored, newest first", async () => {
    const { db, businessId, contactId, bodies } = await contactWithBurst();
    const listed = await repository.listForContact(db, businessId, contactId, { limit: 50 });
    expect(listed.map((m) => m.body)).toEqual([...bodies].reverse());
  });

  it("pages back from a message without skipping or repeating the ones stored with it", async () => {
    const { db, businessId, contactId, bodies } = await contactWithBurst();
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await repository.listForContact(db, businessId, contactId, { limit: 2, before });
      if (rows.length === 0) break;
      seen.push(...rows.map((m) => m.body ?? ""));
      before = rows.at(-1)?.id;
    }
    expect(seen).toEqual([...bodies].reverse());
  });

  it("takes the bot's last reply to be the one stored last, not one of its instant's at random", async () => {
    const { db, businessId, contactId } = await contactWithBurst();
    const latest = await repository.lastReplies(db, [{ businessId, contactId }]);
    expect(latest.get(contactId)?.body).toBe("2pm booked");
  });
});
