import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GraphApiSender, type GraphApiSenderOptions } from "../../src/adapters/whatsapp/GraphApiSender.ts";
import { GraphApiError } from "../../src/adapters/whatsapp/graphApiError.ts";
import { InvalidOutboundMessageError } from "../../src/adapters/whatsapp/outboundMessages.ts";
import { OutsideServiceWindowError } from "../../src/adapters/whatsapp/serviceWindow.ts";
import { type FakeGraphApi, startFakeGraphApi } from "../support/fakeGraphApi.ts";

const PHONE_NUMBER_ID = "106540352242922";
const CUSTOMER = "41795551234";
const now = new Date("2025-03-10T12:00:00Z");
const openWindow = { lastInboundAt: new Date("2025-03-10T09:00:00Z"), now };
const closedWindow = { lastInboundAt: new Date("2025-03-09T11:59:59Z"), now };

let graph: FakeGraphApi;
let sleeps: number[];

function sender(overrides: Partial<GraphApiSenderOptions> = {}): GraphApiSender {
  return new GraphApiSender({
    graphUrl: graph.url,
    apiVersion: "v21.0",
    accessToken: graph.accessToken,
    maxAttempts: 4,
    baseDelayMs: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

beforeEach(async () => {
  graph = await startFakeGraphApi();
  sleeps = [];
});

afterEach(async () => {
  await graph.close();
});

describe("GraphApiSender: request shape", () => {
  it("sends a text message to /{version}/{phone-number-id}/messages with the bearer token", async () => {
    const result = await sender().sendText({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      body: "Gern! Dienstag 14:00?",
      replyToMessageId: "wamid.IN1",
      window: openWindow,
    });

    expect(result).toEqual({ wamid: "wamid.1" });
    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER,
      type: "text",
      context: { message_id: "wamid.IN1" },
      text: { body: "Gern! Dienstag 14:00?", preview_url: false },
    });
  });

  it("sends reply buttons", async () => {
    const result = await sender().sendButtons({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      body: "Dienstag 14:00 bei Lara passt?",
      footer: "Salon Rapport",
      buttons: [
        { id: "confirm", title: "Ja, bitte" },
        { id: "other", title: "Andere Zeit" },
      ],
      window: openWindow,
    });

    expect(result.wamid).toBe("wamid.1");
    expect(graph.requests[0]?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER,
      type: "interactive",
      interactive: {
        type: "button",
        footer: { text: "Salon Rapport" },
        body: { text: "Dienstag 14:00 bei Lara passt?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "confirm", title: "Ja, bitte" } },
            { type: "reply", reply: { id: "other", title: "Andere Zeit" } },
          ],
        },
      },
    });
  });

  it("sends a list message", async () => {
    await sender().sendList({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      header: "Freie Termine",
      body: "Welche Zeit passt dir?",
      buttonText: "Zeiten ansehen",
      sections: [
        { title: "Dienstag", rows: [{ id: "slot:1", title: "14:00", description: "bei Lara" }] },
        { title: "Mittwoch", rows: [{ id: "slot:2", title: "09:30" }] },
      ],
      window: openWindow,
    });

    expect(graph.requests[0]?.body).toMatchObject({
      type: "interactive",
      interactive: {
        type: "list",
        header: { type: "text", text: "Freie Termine" },
        body: { text: "Welche Zeit passt dir?" },
        action: {
          button: "Zeiten ansehen",
          sections: [
            { title: "Dienstag", rows: [{ id: "slot:1", title: "14:00", description: "bei Lara" }] },
            { title: "Mittwoch", rows: [{ id: "slot:2", title: "09:30" }] },
          ],
        },
      },
    });
  });

  it("sends a template even outside the service window", async () => {
    const result = await sender().sendTemplate({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      name: "appointment_reminder",
      languageCode: "de",
      components: [{ type: "body", parameters: [{ type: "text", text: "Dienstag 14:00" }] }],
    });

    expect(result.wamid).toBe("wamid.1");
    expect(graph.requests[0]?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER,
      type: "template",
      template: {
        name: "appointment_reminder",
        language: { code: "de" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Dienstag 14:00" }] }],
      },
    });
  });

  it("marks an inbound message as read", async () => {
    await expect(
      sender().markAsRead({ phoneNumberId: PHONE_NUMBER_ID, messageId: "wamid.IN1" }),
    ).resolves.toBeUndefined();
    expect(graph.requests[0]?.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(graph.requests[0]?.body).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.IN1",
    });
  });

  it("returns a fresh wamid per message", async () => {
    const s = sender();
    const first = await s.sendText({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      body: "a",
      window: openWindow,
    });
    const second = await s.sendText({
      phoneNumberId: PHONE_NUMBER_ID,
      to: CUSTOMER,
      body: "b",
      window: openWindow,
    });
    expect([first.wamid, second.wamid]).toEqual(["wamid.1", "wamid.2"]);
  });
});

describe("GraphApiSender: retries", () => {
  const text = { phoneNumberId: PHONE_NUMBER_ID, to: CUSTOMER, body: "Hallo", window: openWindow };

  it("retries HTTP 429 with growing backoff, then succeeds", async () => {
    graph.failNext(2, { httpStatus: 429, code: 4, message: "(#4) Application request limit reached" });
    const result = await sender({ baseDelayMs: 10, random: () => 0.5 }).sendText(text);

    expect(result.wamid).toBe("wamid.1");
    expect(graph.requests).toHaveLength(3);
    // Equal jitter: half the step fixed plus half scaled by random(); steps 10 then 20.
    expect(sleeps).toEqual([8, 15]);
  });

  it("retries the pair rate limit (131056) even though it arrives as HTTP 400", async () => {
    graph.failNext(1, {
      httpStatus: 400,
      code: 131056,
      message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    });
    const result = await sender().sendText(text);
    expect(result.wamid).toBe("wamid.1");
    expect(graph.requests).toHaveLength(2);
  });

  it.each([130429, 80007])("retries throughput error %i", async (code) => {
    graph.failNext(1, { httpStatus: 400, code, message: "Rate limit hit" });
    await expect(sender().sendText(text)).resolves.toEqual({ wamid: "wamid.1" });
    expect(graph.requests).toHaveLength(2);
  });

  it("retries a 5xx", async () => {
    graph.failNext(1, { httpStatus: 503, code: 2, message: "Service temporarily unavailable" });
    await expect(sender().sendText(text)).resolves.toEqual({ wamid: "wamid.1" });
    expect(graph.requests).toHaveLength(2);
  });

  it("gives up after maxAttempts with the last error, marked retryable", async () => {
    graph.failNext(5, { httpStatus: 429, code: 130429, message: "(#130429) Rate limit hit" });
    const error = await rejection(sender({ maxAttempts: 3 }).sendText(text));

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 130429, httpStatus: 429, retryable: true });
    expect(graph.requests).toHaveLength(3);
  });

  it("never retries an ordinary 400 (code 100)", async () => {
    graph.failNext(1, {
      httpStatus: 400,
      code: 100,
      message: "(#100) Invalid parameter",
      errorSubcode: 2494010,
      details: "Parameter Invalid",
    });
    const error = await rejection(sender().sendText(text));

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      code: 100,
      httpStatus: 400,
      title: "(#100) Invalid parameter",
      retryable: false,
      subcode: 2494010,
      details: "Parameter Invalid",
    });
    expect((error as GraphApiError).fbtraceId).toEqual(expect.any(String));
    expect(graph.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("surfaces Meta's re-engagement refusal (131047) without retrying", async () => {
    graph.failNext(1, { httpStatus: 400, code: 131047, message: "(#131047) Re-engagement message" });
    const error = await rejection(sender().sendText(text));

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 131047, retryable: false });
    expect(graph.requests).toHaveLength(1);
  });

  it("surfaces a wrong access token as a non-retryable 401", async () => {
    const error = await rejection(sender({ accessToken: "stale-token" }).sendText(text));

    expect(error).toMatchObject({ httpStatus: 401, code: 190, retryable: false });
    expect(graph.requests).toHaveLength(1);
  });

  it("retries network failures", async () => {
    let calls = 0;
    const flakyFetch: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 1) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    await expect(sender({ fetch: flakyFetch }).sendText(text)).resolves.toEqual({ wamid: "wamid.1" });
    expect(calls).toBe(2);
  });

  it("gives up on a Graph API that does not answer within the timeout, as a retryable failure", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await rejection(
        sender({ graphUrl: `http://127.0.0.1:${port}`, timeoutMs: 100, maxAttempts: 1 }).sendText(text),
      );
      expect(error).toBeInstanceOf(GraphApiError);
      expect(error).toMatchObject({ httpStatus: null, retryable: true });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("retries a connection refused", async () => {
    const error = await rejection(sender({ graphUrl: "http://127.0.0.1:1", maxAttempts: 2 }).sendText(text));
    expect(error).toMatchObject({ httpStatus: null, retryable: true });
    expect(sleeps).toHaveLength(1);
  });
});

describe("GraphApiSender: 24-hour service window", () => {
  it.each([
    ["closed window", closedWindow],
    ["customer never wrote", { lastInboundAt: null, now }],
  ])("refuses free-form messages (%s) before any request", async (_label, window) => {
    const s = sender();
    const base = { phoneNumberId: PHONE_NUMBER_ID, to: CUSTOMER, window };

    await expect(s.sendText({ ...base, body: "Hallo" })).rejects.toBeInstanceOf(OutsideServiceWindowError);
    await expect(
      s.sendButtons({ ...base, body: "?", buttons: [{ id: "a", title: "A" }] }),
    ).rejects.toBeInstanceOf(OutsideServiceWindowError);
    await expect(
      s.sendList({ ...base, body: "?", buttonText: "Open", sections: [{ rows: [{ id: "a", title: "A" }] }] }),
    ).rejects.toBeInstanceOf(OutsideServiceWindowError);
    expect(graph.requests).toHaveLength(0);
  });
});

describe("GraphApiSender: message limits", () => {
  const base = { phoneNumberId: PHONE_NUMBER_ID, to: CUSTOMER, window: openWindow };
  const rows = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));

  it.each([
    ["no buttons", { body: "?", buttons: [] }, "buttons"],
    [
      "four buttons",
      { body: "?", buttons: ["a", "b", "c", "d"].map((id) => ({ id, title: id.toUpperCase() })) },
      "buttons",
    ],
    [
      "a 21-character title",
      { body: "?", buttons: [{ id: "a", title: "x".repeat(21) }] },
      "buttons[0].title",
    ],
    ["a 1025-character body", { body: "x".repeat(1025), buttons: [{ id: "a", title: "A" }] }, "body"],
    [
      "duplicate ids",
      {
        body: "?",
        buttons: [
          { id: "a", title: "A" },
          { id: "a", title: "B" },
        ],
      },
      "buttons",
    ],
  ])("rejects buttons with %s", async (_label, message, field) => {
    const error = await rejection(sender().sendButtons({ ...base, ...message }));
    expect(error).toBeInstanceOf(InvalidOutboundMessageError);
    expect(error).toMatchObject({ field });
    expect(graph.requests).toHaveLength(0);
  });

  it("accepts exactly 3 buttons with 20-character titles and a 1024-character body", async () => {
    const buttons = ["a", "b", "c"].map((id) => ({ id, title: id.repeat(20) }));
    await expect(sender().sendButtons({ ...base, body: "x".repeat(1024), buttons })).resolves.toEqual({
      wamid: "wamid.1",
    });
  });

  it.each([
    [
      "11 rows across sections",
      [
        { title: "A", rows: rows(6) },
        { title: "B", rows: rows(5).map((r) => ({ ...r, id: `b${r.id}` })) },
      ],
      "Open",
      "sections",
    ],
    [
      "a 25-character row title",
      [{ rows: [{ id: "a", title: "x".repeat(25) }] }],
      "Open",
      "sections[0].rows[0].title",
    ],
    ["a 21-character button text", [{ rows: rows(1) }], "x".repeat(21), "buttonText"],
    [
      "untitled sections when there are several",
      [{ rows: rows(1) }, { title: "B", rows: [{ id: "b", title: "B" }] }],
      "Open",
      "sections[0].title",
    ],
    ["no rows", [{ title: "A", rows: [] }], "Open", "sections"],
  ])("rejects a list with %s", async (_label, sections, buttonText, field) => {
    const error = await rejection(sender().sendList({ ...base, body: "?", buttonText, sections }));
    expect(error).toBeInstanceOf(InvalidOutboundMessageError);
    expect(error).toMatchObject({ field });
    expect(graph.requests).toHaveLength(0);
  });

  it("accepts a list with exactly 10 rows and 24-character titles", async () => {
    const sections = [{ rows: rows(10).map((row) => ({ ...row, title: row.title.padEnd(24, ".") })) }];
    await expect(
      sender().sendList({ ...base, body: "?", buttonText: "x".repeat(20), sections }),
    ).resolves.toEqual({
      wamid: "wamid.1",
    });
  });

  it("rejects an empty text body", async () => {
    await expect(sender().sendText({ ...base, body: "   " })).rejects.toBeInstanceOf(
      InvalidOutboundMessageError,
    );
    expect(graph.requests).toHaveLength(0);
  });
});
