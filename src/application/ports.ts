/** What the use cases need from the outside world, as the smallest interfaces that serve them. */

export interface SendTextRequest {
  /** The business number the reply goes out from. */
  phoneNumberId: string;
  /** The customer's WhatsApp id. */
  to: string;
  body: string;
  /** Free-form messages only inside 24 hours of the customer's last message. */
  window: { lastInboundAt: Date | null; now: Date };
}

/** Sends the bot's replies: WhatsApp's Graph API in production, the terminal in `rapport chat`. */
export interface ReplySender {
  sendText(request: SendTextRequest): Promise<{ wamid: string }>;
}

/** Structured logging. Never pass message bodies, quotes or notes: ids and counts only. */
export interface UseCaseLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
