import { z } from "zod";
import type {
  DeliveryError,
  InboundEvent,
  InboundMessageHeader,
  MediaType,
  UnknownEvent,
} from "./inboundEvent.ts";

/*
 * Schemas follow Meta's "messages" and "user_preferences" webhook references. They are deliberately
 * layered: the envelope must match or the whole delivery is rejected, but every change, message and
 * status below it is parsed on its own so one odd item becomes an `unknown` event instead of losing
 * the rest of the batch (Meta batches several messages/statuses into one POST).
 */

/** Unix seconds; Meta sends strings for messages/statuses and integers for user_preferences. */
const unixSecondsSchema = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((seconds) => new Date(Number(seconds) * 1000))
  .refine((date) => !Number.isNaN(date.getTime()), "timestamp out of range");

const envelopeSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.object({ changes: z.array(z.unknown()) })),
});

const changeSchema = z.object({ field: z.string(), value: z.unknown() });

const changeValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string(), display_phone_number: z.string() }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  user_preferences: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

const contactSchema = z.object({
  wa_id: z.string(),
  profile: z.object({ name: z.string() }).optional(),
});

// Loose so the type-specific payload (text, image, interactive, ...) survives for the second step.
const messageBaseSchema = z.looseObject({
  from: z.string(),
  id: z.string(),
  timestamp: unixSecondsSchema,
  type: z.string(),
  // Forwarded messages carry a context without an id, hence optional.
  context: z.object({ id: z.string().optional() }).optional(),
});

const textSchema = z.object({ body: z.string() });

const interactiveSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("button_reply"),
    button_reply: z.object({ id: z.string(), title: z.string() }),
  }),
  z.object({
    type: z.literal("list_reply"),
    list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }),
  }),
]);

const templateButtonSchema = z.object({ payload: z.string(), text: z.string() });

const mediaSchema = z.object({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  sha256: z.string().optional(),
});

const preferenceValueSchema = z.enum(["stop", "resume"]);

/** Older form of the marketing opt-out: a `system` message in the messages array. */
const systemPreferenceSchema = z.object({
  type: z.literal("user_preference_changed"),
  marketing: preferenceValueSchema,
  body: z.string().optional(),
});

const userPreferenceSchema = z.object({
  wa_id: z.string(),
  detail: z.string().optional(),
  category: z.literal("marketing_messages"),
  value: preferenceValueSchema,
  timestamp: unixSecondsSchema,
});

const statusSchema = z.object({
  id: z.string(),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: unixSecondsSchema,
  recipient_id: z.string(),
  errors: z
    .array(
      z.object({
        code: z.number(),
        title: z.string(),
        error_data: z.object({ details: z.string() }).optional(),
      }),
    )
    .optional(),
});

const MEDIA_TYPES: ReadonlySet<string> = new Set<MediaType>([
  "image",
  "audio",
  "video",
  "document",
  "sticker",
]);

function isMediaType(type: string): type is MediaType {
  return MEDIA_TYPES.has(type);
}

export type WebhookParseResult = { ok: true; events: InboundEvent[] } | { ok: false; error: string };

interface ChangeContext {
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** wa_id → profile name, from the change's `contacts[]`. */
  contacts: Map<string, string | null>;
}

function unknownEvent(phoneNumberId: string | null, reason: string, raw: unknown): UnknownEvent {
  return { kind: "unknown", phoneNumberId, reason, raw };
}

function readContacts(rawContacts: unknown[] | undefined): Map<string, string | null> {
  const contacts = new Map<string, string | null>();
  for (const raw of rawContacts ?? []) {
    const contact = contactSchema.safeParse(raw);
    if (contact.success) contacts.set(contact.data.wa_id, contact.data.profile?.name ?? null);
  }
  return contacts;
}

/** Matches the sender to its contact entry; with a single contact (the norm) that one is the sender. */
function resolveSender(ctx: ChangeContext, from: string): { waId: string; profileName: string | null } {
  if (ctx.contacts.has(from)) return { waId: from, profileName: ctx.contacts.get(from) ?? null };
  const [only] = ctx.contacts.size === 1 ? [...ctx.contacts] : [];
  if (only) return { waId: only[0], profileName: only[1] };
  return { waId: from, profileName: null };
}

function parseMessage(ctx: ChangeContext, raw: unknown): InboundEvent {
  const base = messageBaseSchema.safeParse(raw);
  if (!base.success) return unknownEvent(ctx.phoneNumberId, "malformed message", raw);
  const message = base.data;
  const sender = resolveSender(ctx, message.from);
  const header: InboundMessageHeader = {
    phoneNumberId: ctx.phoneNumberId,
    displayPhoneNumber: ctx.displayPhoneNumber,
    waId: sender.waId,
    from: message.from,
    profileName: sender.profileName,
    messageId: message.id,
    timestamp: message.timestamp,
    contextMessageId: message.context?.id ?? null,
  };
  const payload: unknown = message[message.type];
  const unrecognised = () =>
    unknownEvent(ctx.phoneNumberId, `unsupported or malformed message type "${message.type}"`, raw);

  if (message.type === "text") {
    const text = textSchema.safeParse(payload);
    return text.success ? { ...header, kind: "text", body: text.data.body } : unrecognised();
  }
  if (message.type === "interactive") {
    const interactive = interactiveSchema.safeParse(payload);
    if (!interactive.success) return unrecognised();
    const reply = interactive.data;
    if (reply.type === "button_reply") {
      return {
        ...header,
        kind: "button_reply",
        replyId: reply.button_reply.id,
        title: reply.button_reply.title,
      };
    }
    return {
      ...header,
      kind: "list_reply",
      replyId: reply.list_reply.id,
      title: reply.list_reply.title,
      description: reply.list_reply.description ?? null,
    };
  }
  if (message.type === "button") {
    const button = templateButtonSchema.safeParse(payload);
    return button.success
      ? { ...header, kind: "template_button", payload: button.data.payload, text: button.data.text }
      : unrecognised();
  }
  if (isMediaType(message.type)) {
    const media = mediaSchema.safeParse(payload);
    if (!media.success) return unrecognised();
    return {
      ...header,
      kind: "media",
      mediaType: message.type,
      mediaId: media.data.id,
      mimeType: media.data.mime_type ?? null,
      caption: media.data.caption ?? null,
      filename: media.data.filename ?? null,
      sha256: media.data.sha256 ?? null,
    };
  }
  if (message.type === "system") {
    const system = systemPreferenceSchema.safeParse(payload);
    if (!system.success) return unrecognised();
    return {
      kind: "marketing_preference",
      phoneNumberId: ctx.phoneNumberId,
      waId: sender.waId,
      profileName: sender.profileName,
      preference: system.data.marketing,
      detail: system.data.body ?? null,
      timestamp: message.timestamp,
    };
  }
  return unrecognised();
}

function parseStatus(ctx: ChangeContext, raw: unknown): InboundEvent {
  const parsed = statusSchema.safeParse(raw);
  if (!parsed.success) return unknownEvent(ctx.phoneNumberId, "unsupported or malformed status", raw);
  const status = parsed.data;
  const errors: DeliveryError[] = (status.errors ?? []).map((error) => ({
    code: error.code,
    title: error.title,
    details: error.error_data?.details ?? null,
  }));
  return {
    kind: "status",
    phoneNumberId: ctx.phoneNumberId,
    messageId: status.id,
    recipientId: status.recipient_id,
    status: status.status,
    timestamp: status.timestamp,
    errors,
  };
}

function parseUserPreference(ctx: ChangeContext, raw: unknown): InboundEvent {
  const parsed = userPreferenceSchema.safeParse(raw);
  if (!parsed.success)
    return unknownEvent(ctx.phoneNumberId, "unsupported or malformed user preference", raw);
  const preference = parsed.data;
  return {
    kind: "marketing_preference",
    phoneNumberId: ctx.phoneNumberId,
    waId: preference.wa_id,
    profileName: ctx.contacts.get(preference.wa_id) ?? null,
    preference: preference.value,
    detail: preference.detail ?? null,
    timestamp: preference.timestamp,
  };
}

function parseChange(rawChange: unknown): InboundEvent[] {
  const change = changeSchema.safeParse(rawChange);
  if (!change.success) return [unknownEvent(null, "malformed change", rawChange)];
  const { field } = change.data;
  // Other subscriptions (template status, account alerts, echoes...) share the envelope but not the meaning.
  if (field !== "messages" && field !== "user_preferences") {
    return [unknownEvent(null, `unhandled change field "${field}"`, rawChange)];
  }
  const value = changeValueSchema.safeParse(change.data.value);
  if (!value.success) return [unknownEvent(null, `malformed "${field}" change value`, rawChange)];

  const ctx: ChangeContext = {
    phoneNumberId: value.data.metadata.phone_number_id,
    displayPhoneNumber: value.data.metadata.display_phone_number,
    contacts: readContacts(value.data.contacts),
  };
  const events: InboundEvent[] = [
    ...(value.data.messages ?? []).map((raw) => parseMessage(ctx, raw)),
    ...(value.data.statuses ?? []).map((raw) => parseStatus(ctx, raw)),
    ...(value.data.user_preferences ?? []).map((raw) => parseUserPreference(ctx, raw)),
  ];
  // Account/app-level errors have no message to attach to; surface them rather than swallow them.
  if (value.data.errors && value.data.errors.length > 0) {
    events.push(unknownEvent(ctx.phoneNumberId, "webhook-level errors", value.data.errors));
  }
  if (events.length === 0) events.push(unknownEvent(ctx.phoneNumberId, `empty "${field}" change`, rawChange));
  return events;
}

/**
 * Turns a parsed webhook body into domain events. Never throws: a body that is not a WhatsApp Business
 * Account envelope yields `{ ok: false }`; anything unrecognised inside a valid envelope becomes `unknown`.
 */
export function parseWebhookPayload(body: unknown): WebhookParseResult {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return {
      ok: false,
      error: `not a WhatsApp Business Account webhook: ${z.prettifyError(envelope.error)}`,
    };
  }
  const events = envelope.data.entry.flatMap((entry) => entry.changes.flatMap(parseChange));
  return { ok: true, events };
}
