/**
 * The first half of the inbox: what arrives from WhatsApp is stored before it is acknowledged.
 * Customer messages go into the inbox (stored once per wamid, one job each) for the worker; delivery
 * statuses, marketing preferences and anything unrecognised are small writes done right here.
 */
import type { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import { upsertContactMarketingOptOut } from "../adapters/db/ContactRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import { InboxIngest } from "../adapters/db/InboxIngest.ts";
import type { MessageRepository } from "../adapters/db/MessageRepository.ts";
import { consents, unrecognisedWebhookEvents } from "../adapters/db/schema.ts";
import type {
  InboundEvent,
  InboundMessageEvent,
  MarketingPreferenceEvent,
  MessageStatusEvent,
} from "../adapters/whatsapp/inboundEvent.ts";

export interface AcceptedEvents {
  queued: number;
  duplicates: number;
  statuses: number;
  preferences: number;
  unrecognised: number;
}

export interface AcceptWebhookEventsDeps {
  db: Database;
  directory: BusinessDirectory;
  messages: MessageRepository;
  /** Called when new work is in the inbox, to wake the worker. */
  onQueued?: () => void;
}

export class AcceptWebhookEvents {
  private readonly inbox: InboxIngest;

  constructor(private readonly deps: AcceptWebhookEventsDeps) {
    this.inbox = new InboxIngest(deps.db);
  }

  async accept(events: readonly InboundEvent[]): Promise<AcceptedEvents> {
    const tally: AcceptedEvents = { queued: 0, duplicates: 0, statuses: 0, preferences: 0, unrecognised: 0 };
    for (const event of events) {
      switch (event.kind) {
        case "status":
          if (await this.status(event)) tally.statuses++;
          break;
        case "marketing_preference":
          if (await this.preference(event)) tally.preferences++;
          else tally.unrecognised++;
          break;
        case "unknown":
          await this.unrecognised(event.phoneNumberId, event.reason, event.raw);
          tally.unrecognised++;
          break;
        default: {
          const outcome = await this.message(event);
          tally[outcome]++;
        }
      }
    }
    if (tally.queued > 0) this.deps.onQueued?.();
    return tally;
  }

  /** A delivery the envelope parser refused (not a WhatsApp Business Account body): kept, not lost. */
  async acceptUnparsable(reason: string, raw: unknown): Promise<void> {
    await this.unrecognised(null, reason, raw);
  }

  private async message(event: InboundMessageEvent): Promise<"queued" | "duplicates" | "unrecognised"> {
    const businessId = await this.deps.directory.businessForNumber(event.phoneNumberId);
    if (businessId === null) {
      await this.unrecognised(event.phoneNumberId, "message for a phone number id no business uses", event);
      return "unrecognised";
    }
    const { body, type, payload } = contentOf(event);
    const result = await this.inbox.ingest({
      businessId,
      waId: event.waId,
      phone: `+${event.from.replace(/^\+/, "")}`,
      wamid: event.messageId,
      type,
      // Sealed before it is stored: customers' words are often health data.
      body: this.deps.messages.sealBody(businessId, body),
      payload: {
        ...payload,
        profileName: event.profileName,
        contextMessageId: event.contextMessageId,
      },
      sentAt: event.timestamp,
    });
    return result.duplicate ? "duplicates" : "queued";
  }

  private async status(event: MessageStatusEvent): Promise<boolean> {
    const businessId = await this.deps.directory.businessForNumber(event.phoneNumberId);
    if (businessId === null) {
      await this.unrecognised(event.phoneNumberId, "status for a phone number id no business uses", event);
      return false;
    }
    const error = event.errors[0];
    return this.deps.messages.applyDeliveryStatus(this.deps.db, {
      businessId,
      wamid: event.messageId,
      status: event.status,
      errorCode: error ? String(error.code) : null,
      errorTitle: error ? error.title : null,
    });
  }

  private async preference(event: MarketingPreferenceEvent): Promise<boolean> {
    const businessId = await this.deps.directory.businessForNumber(event.phoneNumberId);
    if (businessId === null) {
      await this.unrecognised(
        event.phoneNumberId,
        "preference for a phone number id no business uses",
        event,
      );
      return false;
    }
    const optOut = event.preference === "stop";
    await this.deps.db.transaction(async (tx) => {
      const contactId = await upsertContactMarketingOptOut(tx, { businessId, waId: event.waId, optOut });
      await tx.insert(consents).values({
        businessId,
        contactId,
        kind: "marketing",
        granted: !optOut,
        wording: event.detail ?? `WhatsApp marketing messages: ${event.preference}`,
        at: event.timestamp,
      });
    });
    return true;
  }

  private async unrecognised(phoneNumberId: string | null, reason: string, raw: unknown): Promise<void> {
    await this.deps.db.insert(unrecognisedWebhookEvents).values({ phoneNumberId, reason, raw: raw ?? null });
  }
}

/** What is stored of each message type: searchable words in `body`, the rest in `payload`. */
function contentOf(event: InboundMessageEvent): {
  type: string;
  body: string | null;
  payload: Record<string, unknown>;
} {
  switch (event.kind) {
    case "text":
      return { type: "text", body: event.body, payload: { kind: event.kind } };
    case "button_reply":
      return {
        type: "interactive",
        body: event.title,
        payload: { kind: event.kind, replyId: event.replyId, title: event.title },
      };
    case "list_reply":
      return {
        type: "interactive",
        body: event.title,
        payload: {
          kind: event.kind,
          replyId: event.replyId,
          title: event.title,
          description: event.description,
        },
      };
    case "template_button":
      return {
        type: "button",
        body: event.text,
        payload: { kind: event.kind, payload: event.payload, text: event.text },
      };
    case "media":
      return {
        type: event.mediaType,
        body: event.caption,
        payload: {
          kind: event.kind,
          mediaType: event.mediaType,
          mediaId: event.mediaId,
          mimeType: event.mimeType,
          filename: event.filename,
          sha256: event.sha256,
        },
      };
  }
}
