/**
 * Request bodies for POST /{phone-number-id}/messages, with Meta's documented size limits checked
 * locally: Meta rejects an oversize button title with a generic code-100 error that is hard to trace
 * back to the copy that caused it, so we fail early with the offending field named.
 *
 * Lengths are counted in UTF-16 units (String#length), which is never less than the character count
 * Meta applies, so anything accepted here is also accepted by Meta.
 */

export const LIMITS = {
  textBody: 4096,
  buttonBody: 1024,
  listBody: 4096,
  headerText: 60,
  footerText: 60,
  maxButtons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButtonText: 20,
  maxSections: 10,
  maxRows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
} as const;

export class InvalidOutboundMessageError extends Error {
  override readonly name = "InvalidOutboundMessageError";
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid WhatsApp message: ${field} ${problem}`);
    this.field = field;
  }
}

export interface ReplyButton {
  /** Comes back as `button_reply.id` in the webhook; encode the intent here, not in the title. */
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  /** Required by Meta once there is more than one section. */
  title?: string;
  rows: ListRow[];
}

type MediaRef = { link: string } | { id: string };

export type TemplateParameter =
  | { type: "text"; text: string; parameter_name?: string }
  | { type: "payload"; payload: string }
  | { type: "image"; image: MediaRef }
  | { type: "video"; video: MediaRef }
  | { type: "document"; document: MediaRef & { filename?: string } };

export type TemplateComponent =
  | { type: "header" | "body"; parameters: TemplateParameter[] }
  | { type: "button"; sub_type: "quick_reply" | "url"; index: number; parameters: TemplateParameter[] };

/** JSON body of a send request; the shape below `type` varies per message kind. */
export interface GraphMessagePayload {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  type: "text" | "interactive" | "template";
  context?: { message_id: string };
  [content: string]: unknown;
}

interface Addressing {
  to: string;
  replyToMessageId?: string;
}

function requireLength(field: string, value: string, max: number): void {
  if (value.trim().length === 0) throw new InvalidOutboundMessageError(field, "must not be empty");
  if (value.length > max) {
    throw new InvalidOutboundMessageError(field, `is ${value.length} characters, the limit is ${max}`);
  }
}

function requireUnique(field: string, ids: string[]): void {
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new InvalidOutboundMessageError(field, `repeats id "${duplicate}"`);
}

function envelope(addressing: Addressing, type: GraphMessagePayload["type"]): GraphMessagePayload {
  requireLength("to", addressing.to, 32);
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: addressing.to,
    type,
    ...(addressing.replyToMessageId ? { context: { message_id: addressing.replyToMessageId } } : {}),
  };
}

function headerAndFooter(header: string | undefined, footer: string | undefined): Record<string, unknown> {
  const parts: Record<string, unknown> = {};
  if (header !== undefined) {
    requireLength("header", header, LIMITS.headerText);
    parts.header = { type: "text", text: header };
  }
  if (footer !== undefined) {
    requireLength("footer", footer, LIMITS.footerText);
    parts.footer = { text: footer };
  }
  return parts;
}

export interface TextMessage extends Addressing {
  body: string;
  /** Lets WhatsApp render a link preview for the first URL in the body. */
  previewUrl?: boolean;
}

export function buildTextPayload(message: TextMessage): GraphMessagePayload {
  requireLength("body", message.body, LIMITS.textBody);
  return {
    ...envelope(message, "text"),
    text: { body: message.body, preview_url: message.previewUrl ?? false },
  };
}

export interface ButtonMessage extends Addressing {
  body: string;
  buttons: ReplyButton[];
  header?: string;
  footer?: string;
}

export function buildButtonsPayload(message: ButtonMessage): GraphMessagePayload {
  requireLength("body", message.body, LIMITS.buttonBody);
  const count = message.buttons.length;
  if (count < 1 || count > LIMITS.maxButtons) {
    throw new InvalidOutboundMessageError(
      "buttons",
      `has ${count} buttons, allowed are 1 to ${LIMITS.maxButtons}`,
    );
  }
  message.buttons.forEach((button, index) => {
    requireLength(`buttons[${index}].title`, button.title, LIMITS.buttonTitle);
    requireLength(`buttons[${index}].id`, button.id, LIMITS.buttonId);
  });
  requireUnique(
    "buttons",
    message.buttons.map((button) => button.id),
  );
  return {
    ...envelope(message, "interactive"),
    interactive: {
      type: "button",
      ...headerAndFooter(message.header, message.footer),
      body: { text: message.body },
      action: {
        buttons: message.buttons.map((button) => ({
          type: "reply",
          reply: { id: button.id, title: button.title },
        })),
      },
    },
  };
}

export interface ListMessage extends Addressing {
  body: string;
  /** Label of the button that opens the list. */
  buttonText: string;
  sections: ListSection[];
  header?: string;
  footer?: string;
}

export function buildListPayload(message: ListMessage): GraphMessagePayload {
  requireLength("body", message.body, LIMITS.listBody);
  requireLength("buttonText", message.buttonText, LIMITS.listButtonText);
  const { sections } = message;
  if (sections.length < 1 || sections.length > LIMITS.maxSections) {
    throw new InvalidOutboundMessageError(
      "sections",
      `has ${sections.length} sections, allowed are 1 to ${LIMITS.maxSections}`,
    );
  }
  const rows = sections.flatMap((section) => section.rows);
  if (rows.length < 1 || rows.length > LIMITS.maxRows) {
    throw new InvalidOutboundMessageError(
      "sections",
      `have ${rows.length} rows in total, allowed are 1 to ${LIMITS.maxRows}`,
    );
  }
  sections.forEach((section, s) => {
    if (section.title !== undefined)
      requireLength(`sections[${s}].title`, section.title, LIMITS.sectionTitle);
    else if (sections.length > 1) {
      throw new InvalidOutboundMessageError(
        `sections[${s}].title`,
        "is required when there are several sections",
      );
    }
    section.rows.forEach((row, r) => {
      requireLength(`sections[${s}].rows[${r}].title`, row.title, LIMITS.rowTitle);
      requireLength(`sections[${s}].rows[${r}].id`, row.id, LIMITS.rowId);
      if (row.description !== undefined) {
        requireLength(`sections[${s}].rows[${r}].description`, row.description, LIMITS.rowDescription);
      }
    });
  });
  requireUnique(
    "sections rows",
    rows.map((row) => row.id),
  );
  return {
    ...envelope(message, "interactive"),
    interactive: {
      type: "list",
      ...headerAndFooter(message.header, message.footer),
      body: { text: message.body },
      action: { button: message.buttonText, sections },
    },
  };
}

export interface TemplateMessage extends Addressing {
  /** Approved template name in WhatsApp Manager. */
  name: string;
  /** Language/locale the template was approved in, e.g. "de" or "en_US". */
  languageCode: string;
  components?: TemplateComponent[];
}

export function buildTemplatePayload(message: TemplateMessage): GraphMessagePayload {
  requireLength("name", message.name, 512);
  requireLength("languageCode", message.languageCode, 16);
  return {
    ...envelope(message, "template"),
    template: {
      name: message.name,
      language: { code: message.languageCode },
      ...(message.components && message.components.length > 0 ? { components: message.components } : {}),
    },
  };
}
