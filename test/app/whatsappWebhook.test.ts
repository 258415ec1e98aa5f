import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { generateKey } from "../../src/adapters/crypto/fieldEncryption.ts";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { claimInboundJobs } from "../../src/adapters/db/inboundQueue.ts";
import {
  consents,
  contacts,
  inboundInbox,
  messages,
  unrecognisedWebhookEvents,
} from "../../src/adapters/db/schema.ts";
import { signBody } from "../../src/adapters/whatsapp/whatsappSignature.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createRapport } from "../../src/app/createRapport.ts";
import { createLogger } from "../../src/app/logger.ts";
import {
  ADMIN_TOKEN,
  type Harness,
  nextWamid,
  startHarness,
  VERIFY_TOKEN,
} from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

let customerCounter = 0;
const nextCustomer = () => `4179${process.pid % 1000}${String(++customerCounter).padStart(4, "0")}`;

describeEachBackend("WhatsApp webhook", (database) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(database().db);
  });
  afterEach(async () => {
    await h.close();
  });

  /** What the webhook stored before acknowledging: the inbox (messages are admitted by the worker). */
  const inboundOf = async (waId: string) =>
    (
      await database()
        .db.select({
          id: inboundInbox.id,
          body: inboundInbox.body,
          type: inboundInbox.type,
          payload: inboundInbox.payload,
        })
        .from(inboundInbox)
        .where(and(eq(inboundInbox.waId, waId), eq(inboundInbox.businessId, h.businessId)))
        .orderBy(asc(inboundInbox.id))
    ).map((row) => ({ ...row, body: open(row.body) }));

  /** Bodies are stored sealed (bound to the business): what the customer wrote, opened. */
  const open = (body: string | null) => (body === null ? null : h.cipher.decrypt(body, h.businessId));

  /** The customer's messages as the worker admitted them, in arrival order. */
  const admittedFrom = async (waId: string) =>
    (
      await database()
        .db.select({ id: messages.id, body: messages.body })
        .from(messages)
        .innerJoin(contacts, eq(contacts.id, messages.contactId))
        // Inbox order is arrival order (timestamps of messages admitted together can tie).
        .innerJoin(inboundInbox, eq(inboundInbox.messageId, messages.id))
        .where(
          and(eq(contacts.waId, waId), eq(messages.businessId, h.businessId), eq(messages.direction, "in")),
        )
        .orderBy(asc(inboundInbox.id))
    ).map((row) => ({ ...row, body: open(row.body) }));

  const repliesTo = (waId: string) =>
    database()
      .db.select()
      .from(messages)
      .innerJoin(contacts, eq(contacts.id, messages.contactId))
      .where(
        and(eq(contacts.waId, waId), eq(messages.businessId, h.businessId), eq(messages.direction, "out")),
      );

  it("answers Meta's verification handshake with the challenge, and 403 otherwise", async () => {
    const ok = await h.rapport.app.inject({
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("1158201444");
    const wrong = await h.rapport.app.inject({
      url: "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444",
    });
    expect(wrong.statusCode).toBe(403);
    const noMode = await h.rapport.app.inject({
      url: `/webhooks/whatsapp?hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
    });
    expect(noMode.statusCode).toBe(403);
  });

  it("refuses a missing or wrong signature with 401 and stores nothing", async () => {
    const waId = nextCustomer();
    const body = h.text(waId, "Hello, I'd like an appointment");
    expect((await h.deliver(body, null)).statusCode).toBe(401);
    expect((await h.deliver(body, signBody("another-secret", JSON.stringify(body)))).statusCode).toBe(401);
    expect((await h.deliver(body, "sha256=zz")).statusCode).toBe(401);
    // Signed over different bytes (re-serialised with spaces): the raw body is what counts.
    expect(
      (await h.deliver(body, signBody("test-app-secret", JSON.stringify(body, null, 2)))).statusCode,
    ).toBe(401);
    expect(await inboundOf(waId)).toHaveLength(0);
    const [contact] = await database().db.select().from(contacts).where(eq(contacts.waId, waId));
    expect(contact).toBeUndefined();
  });

  it("stores first, acknowledges, then the worker answers in the customer's language", async () => {
    const waId = nextCustomer();
    const response = await h.deliver(h.text(waId, "Grüezi, ich komme am liebsten vormittags"));
    expect(response.statusCode).toBe(200);
    expect(await inboundOf(waId)).toHaveLength(1);
    expect(h.sentMessages()).toHaveLength(0); // nothing is processed before the ack

    await h.rapport.worker.drain();
    const sent = h.sentMessages().filter((m) => m.to === waId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain("vormittags");
    expect(sent[0]?.body).toContain("Ich habe notiert");
    const [reply] = await repliesTo(waId);
    expect(reply?.messages.wamid).toMatch(/^wamid\./);
    expect(reply?.messages.status).toBe("queued");
  });

  it("keeps message bodies sealed at rest, in the inbox and in the conversation, and opens them for staff", async () => {
    const waId = nextCustomer();
    await h.deliver(h.text(waId, "Ich bin allergisch auf Latex und Penicillin"));
    const raw = async () =>
      rowsOf<{ n: number }>(
        await database().db.execute(sql`
          SELECT (SELECT count(*) FROM inbound_inbox WHERE body ILIKE '%latex%')
               + (SELECT count(*) FROM messages WHERE body ILIKE '%latex%' OR body ILIKE '%penicillin%') AS n`),
      )[0]?.n;
    expect(Number(await raw())).toBe(0);
    await h.rapport.worker.drain();
    // Admitted, answered ("…Latex-Allergie…" in the reply): still nothing readable in the tables.
    expect(Number(await raw())).toBe(0);
    const [contact] = await database()
      .db.select()
      .from(contacts)
      .where(and(eq(contacts.businessId, h.businessId), eq(contacts.waId, waId)));
    const listed = await h.rapport.app.inject({
      url: `/api/contacts/${contact?.id}/messages`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const bodies = (listed.json() as { messages: Array<{ body: string | null }> }).messages.map(
      (m) => m.body,
    );
    expect(bodies).toContain("Ich bin allergisch auf Latex und Penicillin");
  });

  it("stores a redelivered message once and answers it once", async () => {
    const waId = nextCustomer();
    const wamid = nextWamid();
    const body = h.text(waId, "I prefer mornings", { wamid });
    for (let i = 0; i < 3; i++) expect((await h.deliver(body)).statusCode).toBe(200);
    await h.rapport.worker.drain();
    expect((await h.deliver(body)).statusCode).toBe(200);
    await h.rapport.worker.drain();
    expect(await inboundOf(waId)).toHaveLength(1);
    expect(h.sentMessages().filter((m) => m.to === waId)).toHaveLength(1);
    expect(await repliesTo(waId)).toHaveLength(1);
  });

  it("processes one contact's messages in order, each after the previous one", async () => {
    const waId = nextCustomer();
    const texts = ["I prefer mornings", "My name is Lea Brunner", "what do you know about me?"];
    // One delivery with three messages, plus the worker running with several lanes.
    h.rapport.worker.start();
    await h.deliver(
      h.messages(
        waId,
        texts.map((body) => ({ type: "text", text: { body } })),
      ),
    );
    await waitFor(async () => (await repliesTo(waId)).length === 3);
    const inbound = await admittedFrom(waId);
    expect(inbound.map((m) => m.body)).toEqual(texts);
    const replies = await repliesTo(waId);
    const replyFor = (id: string) => replies.find((r) => r.messages.inReplyToId === id)?.messages;
    const order = inbound.map((m) => replyFor(m.id)?.createdAt.getTime() ?? 0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The third answer knows what the first two taught.
    const summary = open(replyFor(inbound[2]?.id ?? "")?.body ?? null) ?? "";
    expect(summary).toContain("Lea Brunner");
    expect(summary).toMatch(/mornings/i);
  });

  it("loses nothing when the process dies between acknowledging and processing", async () => {
    const waId = nextCustomer();
    expect((await h.deliver(h.text(waId, "Do you have anything on Tuesday afternoons?"))).statusCode).toBe(
      200,
    );
    // The process dies mid-job: the job was claimed, then nobody finished it.
    const [claimed] = await claimInboundJobs(database().db, { workerId: "dead-worker", leaseSeconds: 1 });
    expect(claimed).toBeDefined();
    await h.rapport.close();

    // A new process starts on the same database: its worker picks the message up once the lease ends.
    const config = loadConfig({
      WHATSAPP_APP_SECRET: "x",
      WHATSAPP_ACCESS_TOKEN: h.graph.accessToken,
      WHATSAPP_GRAPH_URL: h.graph.url,
      RAPPORT_ENCRYPTION_KEY: generateKey(),
    });
    const restarted = createRapport({
      config,
      db: database().db,
      // The same key: the stored bodies are sealed with it.
      cipher: h.cipher,
      logger: createLogger("silent"),
      worker: { pollMs: 50 },
    });
    restarted.worker.start();
    try {
      await waitFor(async () => (await repliesTo(waId)).length === 1, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(h.sentMessages().filter((m) => m.to === waId)).toHaveLength(1);
      const [job] = await database()
        .db.select()
        .from(inboundInbox)
        .where(eq(inboundInbox.id, claimed?.id ?? 0));
      expect(job?.status).toBe("done");
      expect(job?.attempts).toBe(2);
    } finally {
      await restarted.close();
    }
  });

  it("applies delivery statuses to the reply, forward only, and records a failure's code", async () => {
    const waId = nextCustomer();
    await h.deliver(h.text(waId, "I'd like to book a cleaning"));
    await h.rapport.worker.drain();
    const [reply] = await repliesTo(waId);
    const wamid = reply?.messages.wamid ?? "";
    const status = (value: string, extra: Record<string, unknown> = {}) =>
      h.statuses([{ id: wamid, status: value, timestamp: "1741608000", recipient_id: waId, ...extra }]);
    const statusNow = async () => (await repliesTo(waId))[0]?.messages;

    await h.deliver(status("sent"));
    expect((await statusNow())?.status).toBe("sent");
    await h.deliver(status("read"));
    await h.deliver(status("delivered")); // late: must not move "read" back
    expect((await statusNow())?.status).toBe("read");
    await h.deliver(status("failed", { errors: [{ code: 131026, title: "Message undeliverable" }] }));
    const failed = await statusNow();
    expect(failed?.status).toBe("failed");
    expect(failed?.errorCode).toBe("131026");
  });

  it("sends nothing outside the 24-hour window, and records Meta's 131047 refusal", async () => {
    const late = nextCustomer();
    const yesterday = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await h.deliver(h.text(late, "I prefer mornings", { at: yesterday }));
    await h.rapport.worker.drain();
    expect(h.graph.requests).toHaveLength(0);
    const [closed] = await repliesTo(late);
    expect(closed?.messages.status).toBe("failed");
    expect(closed?.messages.errorCode).toBe("outside_window");

    const refused = nextCustomer();
    h.graph.failNext(1, {
      httpStatus: 400,
      code: 131047,
      message: "Re-engagement message: more than 24 hours have passed",
    });
    await h.deliver(h.text(refused, "I prefer evenings"));
    await h.rapport.worker.drain();
    const [reply] = await repliesTo(refused);
    expect(reply?.messages.status).toBe("failed");
    expect(reply?.messages.errorCode).toBe("131047");
    expect(h.graph.requests).toHaveLength(1); // not retried
  });

  it("stores interactive replies, template buttons and media by type and id", async () => {
    const waId = nextCustomer();
    await h.deliver(
      h.messages(waId, [
        {
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: "yes", title: "Yes" } },
        },
        {
          type: "interactive",
          interactive: { type: "list_reply", list_reply: { id: "slot-3", title: "Tue 09:00" } },
        },
        { type: "button", button: { payload: "CONFIRM", text: "Confirm" } },
        { type: "image", image: { id: "media-123", mime_type: "image/jpeg", sha256: "abc" } },
      ]),
    );
    const stored = await inboundOf(waId);
    expect(stored.map((m) => [m.type, m.body])).toEqual([
      ["interactive", "Yes"],
      ["interactive", "Tue 09:00"],
      ["button", "Confirm"],
      ["image", null],
    ]);
    expect(stored[3]?.payload).toMatchObject({
      mediaType: "image",
      mediaId: "media-123",
      mimeType: "image/jpeg",
    });
    await h.rapport.worker.drain();
    expect(h.sentMessages().filter((m) => m.to === waId)).toHaveLength(4);
  });

  it("records marketing stop and resume", async () => {
    const waId = nextCustomer();
    const preference = (value: string) => ({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "user_preferences",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "41445551020", phone_number_id: h.phoneNumberId },
                contacts: [{ profile: { name: "Marie" }, wa_id: waId }],
                user_preferences: [
                  {
                    wa_id: waId,
                    detail: "marketing",
                    category: "marketing_messages",
                    value,
                    timestamp: 1741608000,
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    await h.deliver(preference("stop"));
    const [contact] = await database().db.select().from(contacts).where(eq(contacts.waId, waId));
    expect(contact?.marketingOptOut).toBe(true);
    await h.deliver(preference("resume"));
    const [after] = await database().db.select().from(contacts).where(eq(contacts.waId, waId));
    expect(after?.marketingOptOut).toBe(false);
    const rows = await database()
      .db.select()
      .from(consents)
      .where(eq(consents.contactId, after?.id ?? ""));
    expect(rows.map((row) => row.granted).sort()).toEqual([false, true]);
  });

  it("stores and acknowledges shapes it does not understand, never crashing", async () => {
    const before = (await database().db.select().from(unrecognisedWebhookEvents)).length;
    const waId = nextCustomer();
    expect(
      (await h.deliver(h.messages(waId, [{ type: "reaction", reaction: { emoji: "👍" } }]))).statusCode,
    ).toBe(200);
    expect((await h.deliver({ hello: "world" })).statusCode).toBe(200);
    const notJson = "{not json";
    const response = await h.rapport.app.inject({
      method: "POST",
      url: "/webhooks/whatsapp",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": signBody("test-app-secret", notJson),
      },
      payload: notJson,
    });
    expect(response.statusCode).toBe(200);
    const after = await database().db.select().from(unrecognisedWebhookEvents);
    expect(after.length - before).toBe(3);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
