import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/adapters/whatsapp/inboundEvent.ts";
import { parseWebhookPayload } from "../../src/adapters/whatsapp/webhookPayload.ts";

// Sample payloads modelled on Meta's messages / user_preferences webhook references.
const PHONE_NUMBER_ID = "106540352242922";
const CUSTOMER = "41795551234";
const metadata = { display_phone_number: "41445550000", phone_number_id: PHONE_NUMBER_ID };
const contacts = [{ profile: { name: "Anna Muster" }, wa_id: CUSTOMER }];

function webhook(value: Record<string, unknown>, field = "messages") {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [{ value: { messaging_product: "whatsapp", metadata, ...value }, field }],
      },
    ],
  };
}

function inbound(message: Record<string, unknown>) {
  return webhook({
    contacts,
    messages: [{ from: CUSTOMER, id: "wamid.IN1", timestamp: "1741608000", ...message }],
  });
}

function parseEvents(body: unknown): InboundEvent[] {
  const result = parseWebhookPayload(body);
  if (!result.ok) throw new Error(`expected ok, got ${result.error}`);
  return result.events;
}

function single(body: unknown): InboundEvent {
  const events = parseEvents(body);
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error("no event");
  return event;
}

describe("parseWebhookPayload: customer messages", () => {
  it("parses a text message with its header fields", () => {
    expect(single(inbound({ type: "text", text: { body: "Hoi, hätti gern en Termin" } }))).toEqual({
      kind: "text",
      body: "Hoi, hätti gern en Termin",
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: "41445550000",
      waId: CUSTOMER,
      from: CUSTOMER,
      profileName: "Anna Muster",
      messageId: "wamid.IN1",
      timestamp: new Date("2025-03-10T12:00:00Z"),
      contextMessageId: null,
    });
  });

  it("carries the replied-to message id from context", () => {
    const event = single(
      inbound({ type: "text", text: { body: "ja" }, context: { from: "41445550000", id: "wamid.OUT7" } }),
    );
    expect(event).toMatchObject({ kind: "text", contextMessageId: "wamid.OUT7" });
  });

  it("tolerates a forwarded-message context without an id", () => {
    const event = single(inbound({ type: "text", text: { body: "fwd" }, context: { forwarded: true } }));
    expect(event).toMatchObject({ kind: "text", contextMessageId: null });
  });

  it("parses an interactive button reply", () => {
    const event = single(
      inbound({
        type: "interactive",
        context: { from: "41445550000", id: "wamid.OUT8" },
        interactive: { type: "button_reply", button_reply: { id: "confirm:slot-42", title: "Bestätigen" } },
      }),
    );
    expect(event).toMatchObject({
      kind: "button_reply",
      replyId: "confirm:slot-42",
      title: "Bestätigen",
      contextMessageId: "wamid.OUT8",
    });
  });

  it("parses an interactive list reply with and without description", () => {
    const withDescription = single(
      inbound({
        type: "interactive",
        interactive: {
          type: "list_reply",
          list_reply: { id: "svc:haircut", title: "Haarschnitt", description: "45 min" },
        },
      }),
    );
    expect(withDescription).toMatchObject({
      kind: "list_reply",
      replyId: "svc:haircut",
      title: "Haarschnitt",
      description: "45 min",
    });
    const without = single(
      inbound({
        type: "interactive",
        interactive: { type: "list_reply", list_reply: { id: "a", title: "A" } },
      }),
    );
    expect(without).toMatchObject({ kind: "list_reply", description: null });
  });

  it("parses a template quick-reply button", () => {
    const event = single(
      inbound({
        type: "button",
        context: { from: "41445550000", id: "wamid.REMINDER" },
        button: { payload: "cancel:booking-9", text: "Absagen" },
      }),
    );
    expect(event).toMatchObject({
      kind: "template_button",
      payload: "cancel:booking-9",
      text: "Absagen",
      contextMessageId: "wamid.REMINDER",
    });
  });

  it.each([
    ["image", { caption: "So etwa?", mime_type: "image/jpeg", sha256: "abc=", id: "1001" }],
    ["audio", { mime_type: "audio/ogg; codecs=opus", sha256: "def=", id: "1002", voice: true }],
    ["video", { mime_type: "video/mp4", sha256: "ghi=", id: "1003" }],
    [
      "document",
      { caption: "Rezept", filename: "rezept.pdf", mime_type: "application/pdf", sha256: "jkl=", id: "1004" },
    ],
    ["sticker", { mime_type: "image/webp", sha256: "mno=", id: "1005", animated: false }],
  ])("parses a %s message", (type, media) => {
    const event = single(inbound({ type, [type]: media }));
    expect(event).toMatchObject({
      kind: "media",
      mediaType: type,
      mediaId: media.id,
      mimeType: media.mime_type,
      caption: "caption" in media ? media.caption : null,
      filename: "filename" in media ? media.filename : null,
      waId: CUSTOMER,
    });
  });

  it("falls back to `from` when Meta sends no contacts", () => {
    const body = webhook({
      messages: [
        { from: CUSTOMER, id: "wamid.X", timestamp: "1741608000", type: "text", text: { body: "hi" } },
      ],
    });
    expect(single(body)).toMatchObject({ kind: "text", waId: CUSTOMER, profileName: null });
  });

  it("parses every message of a batched delivery in order", () => {
    const body = webhook({
      contacts,
      messages: [
        { from: CUSTOMER, id: "wamid.A", timestamp: "1741608000", type: "text", text: { body: "eins" } },
        { from: CUSTOMER, id: "wamid.B", timestamp: "1741608001", type: "text", text: { body: "zwei" } },
      ],
    });
    expect(parseEvents(body).map((event) => (event.kind === "text" ? event.body : event.kind))).toEqual([
      "eins",
      "zwei",
    ]);
  });
});

describe("parseWebhookPayload: marketing preferences", () => {
  it("parses a user_preferences stop", () => {
    const body = webhook(
      {
        contacts,
        user_preferences: [
          {
            wa_id: CUSTOMER,
            detail: "User requested to stop marketing messages",
            category: "marketing_messages",
            value: "stop",
            timestamp: 1741608000,
          },
        ],
      },
      "user_preferences",
    );
    expect(single(body)).toEqual({
      kind: "marketing_preference",
      phoneNumberId: PHONE_NUMBER_ID,
      waId: CUSTOMER,
      profileName: "Anna Muster",
      preference: "stop",
      detail: "User requested to stop marketing messages",
      timestamp: new Date("2025-03-10T12:00:00Z"),
    });
  });

  it("parses a user_preferences resume", () => {
    const body = webhook(
      {
        contacts: [{ wa_id: CUSTOMER }],
        user_preferences: [
          { wa_id: CUSTOMER, category: "marketing_messages", value: "resume", timestamp: 1741608000 },
        ],
      },
      "user_preferences",
    );
    expect(single(body)).toMatchObject({ kind: "marketing_preference", preference: "resume", detail: null });
  });

  it("parses the older system-message form of the preference change", () => {
    const event = single(
      inbound({
        type: "system",
        system: {
          body: "User requested to stop marketing messages",
          marketing: "stop",
          type: "user_preference_changed",
        },
      }),
    );
    expect(event).toMatchObject({ kind: "marketing_preference", preference: "stop", waId: CUSTOMER });
  });

  it("keeps an unknown preference category as unknown", () => {
    const raw = { wa_id: CUSTOMER, category: "calls", value: "stop", timestamp: 1741608000 };
    const event = single(webhook({ user_preferences: [raw] }, "user_preferences"));
    expect(event).toMatchObject({ kind: "unknown", phoneNumberId: PHONE_NUMBER_ID, raw });
  });
});

describe("parseWebhookPayload: delivery statuses", () => {
  it.each(["sent", "delivered", "read"] as const)("parses a %s status", (status) => {
    const body = webhook({
      statuses: [
        {
          id: "wamid.OUT1",
          status,
          timestamp: "1741608060",
          recipient_id: CUSTOMER,
          conversation: { id: "c1", origin: { type: "service" } },
          pricing: { billable: true, pricing_model: "CBP", category: "service" },
        },
      ],
    });
    expect(single(body)).toEqual({
      kind: "status",
      phoneNumberId: PHONE_NUMBER_ID,
      messageId: "wamid.OUT1",
      recipientId: CUSTOMER,
      status,
      timestamp: new Date("2025-03-10T12:01:00Z"),
      errors: [],
    });
  });

  it("parses a failed status with its errors", () => {
    const body = webhook({
      statuses: [
        {
          id: "wamid.OUT2",
          status: "failed",
          timestamp: "1741608060",
          recipient_id: CUSTOMER,
          errors: [
            {
              code: 131047,
              title: "Re-engagement message",
              message: "Re-engagement message",
              error_data: { details: "Message failed to send because more than 24 hours have passed" },
            },
          ],
        },
      ],
    });
    expect(single(body)).toMatchObject({
      kind: "status",
      status: "failed",
      errors: [
        {
          code: 131047,
          title: "Re-engagement message",
          details: "Message failed to send because more than 24 hours have passed",
        },
      ],
    });
  });

  it("keeps an unrecognised status value as unknown", () => {
    const raw = { id: "wamid.OUT3", status: "played", timestamp: "1741608060", recipient_id: CUSTOMER };
    expect(single(webhook({ statuses: [raw] }))).toMatchObject({ kind: "unknown", raw });
  });
});

describe("parseWebhookPayload: unknown and garbage inside a valid envelope", () => {
  it("keeps unsupported message types with their raw object", () => {
    const raw = {
      from: CUSTOMER,
      id: "wamid.LOC",
      timestamp: "1741608000",
      type: "location",
      location: { latitude: 47.37, longitude: 8.54 },
    };
    expect(single(webhook({ contacts, messages: [raw] }))).toEqual({
      kind: "unknown",
      phoneNumberId: PHONE_NUMBER_ID,
      reason: 'unsupported or malformed message type "location"',
      raw,
    });
  });

  it("keeps Meta's own 'unsupported' message type as unknown", () => {
    const raw = {
      from: CUSTOMER,
      id: "wamid.U",
      timestamp: "1741608000",
      type: "unsupported",
      errors: [{ code: 131051, title: "Message type unknown" }],
    };
    expect(single(webhook({ contacts, messages: [raw] }))).toMatchObject({ kind: "unknown", raw });
  });

  it("turns a malformed item into unknown without losing its valid neighbours", () => {
    const body = webhook({
      contacts,
      messages: [
        { from: CUSTOMER, id: "wamid.OK", timestamp: "1741608000", type: "text", text: { body: "gut" } },
        { from: CUSTOMER, id: "wamid.BAD1", timestamp: "1741608000", type: "text", text: { body: 42 } },
        { from: CUSTOMER, id: "wamid.BAD2", timestamp: "yesterday", type: "text", text: { body: "x" } },
        { id: "wamid.BAD3", type: "text" },
        "not even an object",
        null,
        { from: CUSTOMER, id: "wamid.BAD4", timestamp: "1741608000", type: "interactive", interactive: {} },
        {
          from: CUSTOMER,
          id: "wamid.BAD5",
          timestamp: "1741608000",
          type: "image",
          image: { caption: "no id" },
        },
        { from: CUSTOMER, id: "wamid.BAD6", timestamp: "1741608000", type: "__proto__" },
        {
          from: CUSTOMER,
          id: "wamid.BAD7",
          timestamp: "99999999999999999999",
          type: "text",
          text: { body: "x" },
        },
      ],
      statuses: [{ id: "wamid.S", status: "read" }],
    });
    const kinds = parseEvents(body).map((event) => event.kind);
    expect(kinds).toEqual(["text", ...Array<string>(10).fill("unknown")]);
  });

  it("reports other webhook fields, missing metadata and webhook-level errors as unknown", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            { field: "message_template_status_update", value: { event: "APPROVED" } },
            { field: "messages", value: { messaging_product: "whatsapp" } },
            { field: "messages", value: { metadata, errors: [{ code: 130429, title: "Rate limit hit" }] } },
            { value: {} },
            7,
          ],
        },
      ],
    };
    const events = parseEvents(body);
    expect(events.map((event) => event.kind)).toEqual([
      "unknown",
      "unknown",
      "unknown",
      "unknown",
      "unknown",
    ]);
    expect(events[0]).toMatchObject({ reason: 'unhandled change field "message_template_status_update"' });
    expect(events[2]).toMatchObject({ reason: "webhook-level errors", phoneNumberId: PHONE_NUMBER_ID });
  });

  it("yields no events for an envelope with no entries", () => {
    expect(parseWebhookPayload({ object: "whatsapp_business_account", entry: [] })).toEqual({
      ok: true,
      events: [],
    });
  });
});

describe("parseWebhookPayload: not a WhatsApp envelope", () => {
  it.each([
    ["another product", { object: "page", entry: [] }],
    ["missing entry", { object: "whatsapp_business_account" }],
    ["entry not an array", { object: "whatsapp_business_account", entry: {} }],
    ["entry without changes", { object: "whatsapp_business_account", entry: [{ id: "1" }] }],
    ["empty object", {}],
    ["array", []],
    ["null", null],
    ["string", "whatsapp_business_account"],
  ])("returns a parse error for %s", (_label, body) => {
    const result = parseWebhookPayload(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not a WhatsApp Business Account webhook/);
  });
});
