/**
 * What the rest of Rapport sees of a WhatsApp webhook: one flat event per message, status or preference
 * change, already stripped of Meta's envelope nesting.
 */

/** Fields every inbound customer message carries, whatever its type. */
export interface InboundMessageHeader {
  /** Business phone number the customer wrote to; selects the tenant and the sender identity for replies. */
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** Customer's WhatsApp id from `contacts[]`; falls back to `from` when Meta omits the contact. */
  waId: string;
  /** Customer phone number as sent in `messages[].from` (Meta notes it may differ from the wa_id). */
  from: string;
  profileName: string | null;
  /** The wamid; the idempotency key for webhook redeliveries. */
  messageId: string;
  timestamp: Date;
  /** wamid of the message the customer replied to or whose button they tapped. */
  contextMessageId: string | null;
}

export type MediaType = "image" | "audio" | "video" | "document" | "sticker";

export interface TextMessageEvent extends InboundMessageHeader {
  kind: "text";
  body: string;
}

/** Tap on a reply button of an interactive message we sent. */
export interface ButtonReplyEvent extends InboundMessageHeader {
  kind: "button_reply";
  replyId: string;
  title: string;
}

/** Row picked from an interactive list message we sent. */
export interface ListReplyEvent extends InboundMessageHeader {
  kind: "list_reply";
  replyId: string;
  title: string;
  description: string | null;
}

/** Tap on a quick-reply button of a template message (Meta's message type "button"). */
export interface TemplateButtonEvent extends InboundMessageHeader {
  kind: "template_button";
  payload: string;
  text: string;
}

export interface MediaMessageEvent extends InboundMessageHeader {
  kind: "media";
  mediaType: MediaType;
  /** Media id to fetch the file through the Graph API; the download URL is not in the webhook reliably. */
  mediaId: string;
  mimeType: string | null;
  caption: string | null;
  filename: string | null;
  sha256: string | null;
}

/** Customer stopped or resumed marketing messages (user_preferences webhook). */
export interface MarketingPreferenceEvent {
  kind: "marketing_preference";
  phoneNumberId: string;
  waId: string;
  profileName: string | null;
  preference: "stop" | "resume";
  detail: string | null;
  timestamp: Date;
}

export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";

export interface DeliveryError {
  code: number;
  title: string;
  details: string | null;
}

/** Delivery progress of a message we sent. */
export interface MessageStatusEvent {
  kind: "status";
  phoneNumberId: string;
  /** wamid returned when we sent the message. */
  messageId: string;
  recipientId: string;
  status: DeliveryStatus;
  timestamp: Date;
  errors: DeliveryError[];
}

/**
 * Anything we do not (yet) understand: new message types, unsupported change fields, or malformed items.
 * Kept with its raw JSON so it can be logged and replayed once support is added, instead of being dropped.
 */
export interface UnknownEvent {
  kind: "unknown";
  phoneNumberId: string | null;
  reason: string;
  raw: unknown;
}

export type InboundMessageEvent =
  | TextMessageEvent
  | ButtonReplyEvent
  | ListReplyEvent
  | TemplateButtonEvent
  | MediaMessageEvent;

export type InboundEvent = InboundMessageEvent | MarketingPreferenceEvent | MessageStatusEvent | UnknownEvent;
