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

/** One answer the customer can tap: a reply button or a list row on WhatsApp, a number elsewhere. */
export interface ReplyChoice {
  /** Comes back with the customer's tap (e.g. "slot:2"). */
  id: string;
  title: string;
  description?: string;
}

export interface SendChoicesRequest extends SendTextRequest {
  choices: ReplyChoice[];
  /** The label of the button that opens a list ("Choose a time"). */
  listButton: string;
}

/** Sends the bot's replies: WhatsApp's Graph API in production, the terminal in `rapport chat`. */
export interface ReplySender {
  sendText(request: SendTextRequest): Promise<{ wamid: string }>;
  /** A message with tappable answers; senders without them show the text with numbered choices. */
  sendChoices?(request: SendChoicesRequest): Promise<{ wamid: string }>;
}

/** The text of a message with choices, for channels that cannot show buttons: "1. Tue 9:00 …". */
export function numberedChoices(body: string, choices: readonly ReplyChoice[]): string {
  const lines = choices.map(
    (choice, index) => `${index + 1}. ${choice.title}${choice.description ? ` — ${choice.description}` : ""}`,
  );
  return [body, "", ...lines].join("\n");
}

/** Structured logging. Never pass message bodies, quotes or notes: ids and counts only. */
export interface UseCaseLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
