/**
 * The second half of the inbox: one stored customer message, worked through once.
 *
 * load contact + facts → extractFacts → the profile rules (mergeFact per fact, removals, the answer to
 * the bot's last question) → facts, audit and the contact's projection written in ONE transaction,
 * together with the reply (recorded "queued" before it is sent) → the reply sent inside the 24-hour
 * window → its wamid, or the failure, recorded.
 *
 * A message already answered is not answered again: a unique index holds one reply per message.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import type { ContactRepository, ContactRow } from "../adapters/db/ContactRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import type { MessageRepository, MessageRow } from "../adapters/db/MessageRepository.ts";
import type { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import { contacts } from "../adapters/db/schema.ts";
import type { BusinessCatalog, Language } from "../domain/business/BusinessCatalog.ts";
import { type CustomerIntent, recogniseIntent } from "../domain/conversation/CustomerIntent.ts";
import {
  type AskedQuestion,
  type CandidateHeard,
  type ComposedReply,
  composeReply,
} from "../domain/conversation/ReplyComposer.ts";
import { extractFacts } from "../domain/extraction/extractFacts.ts";
import type { Extraction } from "../domain/extraction/types.ts";
import { projectContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import { factFromExtraction } from "../domain/profile/ExtractedFactIntake.ts";
import { applyChange, type ProfileChange } from "../domain/profile/ProfileChange.ts";
import type { NewFact, ProfileFact } from "../domain/profile/ProfileFact.ts";
import { mergeFact, removeAll } from "../domain/profile/ProfileMergeRules.ts";
import type { ReplySender, UseCaseLogger } from "./ports.ts";

export interface InboxJob {
  businessId: string;
  contactId: string;
  messageId: string;
}

export interface HandleInboundMessageDeps {
  db: Database;
  directory: BusinessDirectory;
  contacts: ContactRepository;
  messages: MessageRepository;
  profiles: ProfileRepository;
  sender: ReplySender;
  logger: UseCaseLogger;
  now?: () => Date;
}

export interface HandledMessage {
  /** The reply's message id, or null when the message had been answered before. */
  replyId: string | null;
  reply: ComposedReply | null;
  sent: boolean;
}

/** Below this many words the detected language is a guess: the profile's language wins. */
const FEW_WORDS = 4;

export class HandleInboundMessage {
  private readonly now: () => Date;

  constructor(private readonly deps: HandleInboundMessageDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handle(job: InboxJob): Promise<HandledMessage> {
    const { db, messages } = this.deps;
    const message = await messages.find(db, job.messageId);
    if (message?.direction !== "in") return { replyId: null, reply: null, sent: false };
    if (await messages.findReplyTo(db, message.id)) return { replyId: null, reply: null, sent: false };

    const catalog = await this.deps.directory.catalog(job.businessId);
    const text = message.body?.trim() ? message.body : null;
    const extraction = text === null ? null : extractFacts(text, { business: catalog });
    const intent = text === null ? null : recogniseIntent(text);
    const previous = await messages.lastReply(db, job.businessId, job.contactId);

    const turn = await db.transaction(async (tx) => {
      const [contact] = await tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, job.contactId), eq(contacts.businessId, job.businessId)))
        .for("update");
      if (!contact) throw new Error(`contact ${job.contactId} of message ${job.messageId} is gone`);
      const facts = await this.deps.profiles.loadFacts(tx, job.businessId, job.contactId);
      const outcome = this.decide({ message, contact, facts, catalog, extraction, intent, previous });
      for (const change of outcome.changes) await this.deps.profiles.applyChange(tx, job.businessId, change);
      if (outcome.changes.length > 0) await this.deps.contacts.writeProjection(tx, contact, outcome.profile);
      const reply = outcome.reply;
      const row = await messages.insertReply(tx, {
        businessId: job.businessId,
        contactId: job.contactId,
        inReplyToId: message.id,
        body: reply.text,
        payload: { question: reply.question, language: outcome.language },
      });
      return { contact, reply, row };
    });

    const sent = await this.send(turn.contact, turn.row, turn.reply);
    return { replyId: turn.row.id, reply: turn.reply, sent };
  }

  /** The rules, applied in memory; the caller persists what they return. */
  private decide(input: {
    message: MessageRow;
    contact: ContactRow;
    facts: ProfileFact[];
    catalog: BusinessCatalog;
    extraction: Extraction | null;
    intent: CustomerIntent | null;
    previous: MessageRow | null;
  }) {
    const { message, contact, catalog, extraction, intent } = input;
    const now = this.now();
    const saidAt = message.sentAt ?? message.createdAt;
    let facts = input.facts;
    const changes: ProfileChange[] = [];
    const apply = (change: ProfileChange) => {
      if (change.inserts.length === 0 && change.updates.length === 0) return change;
      facts = applyChange(facts, change);
      changes.push(change);
      return change;
    };
    const context = { correction: extraction?.signals.correction ?? false, now, newId: randomUUID };
    const customer = { kind: "customer" as const, messageId: message.id };

    const noted: ProfileFact[] = [];
    const candidates: CandidateHeard[] = [];
    let removed: { scope: "all" | "notes"; count: number } | null = null;
    let update: { accepted: boolean; fact: ProfileFact } | null = null;

    const asked = (input.previous?.payload?.question ?? null) as AskedQuestion | null;
    const pending =
      asked?.kind === "update_candidate"
        ? facts.find((fact) => fact.id === asked.factId && fact.status === "candidate")
        : undefined;

    if (pending && (intent === "yes" || intent === "no")) {
      if (intent === "yes") {
        const change = apply(
          mergeFact(facts, restate(pending, message.id, saidAt), { ...context, correction: true }),
        );
        const fact = change.inserts[0];
        if (fact) update = { accepted: true, fact };
      } else {
        const current = facts.find((fact) => fact.field === pending.field && fact.status === "current");
        if (current) update = { accepted: false, fact: current };
      }
    } else if (intent === "forget_all" || intent === "forget_notes") {
      const change = apply(
        removeAll(facts, {
          by: customer,
          now,
          contactId: contact.id,
          ...(intent === "forget_notes" && { field: "special_notes" as const }),
        }),
      );
      removed = { scope: intent === "forget_all" ? "all" : "notes", count: change.updates.length };
    } else if (extraction) {
      for (const extracted of extraction.facts) {
        const incoming = factFromExtraction(extracted, {
          contactId: contact.id,
          messageId: message.id,
          saidAt,
        });
        const before = facts;
        const change = apply(mergeFact(facts, incoming, context));
        const inserted = change.inserts[0];
        if (!inserted) continue;
        if (change.outcome === "candidate") {
          const current = before.find((fact) => fact.field === inserted.field && fact.status === "current");
          if (current) candidates.push({ current, candidate: inserted });
        } else if (["added", "combined", "corrected", "replaced"].includes(change.outcome)) {
          noted.push(inserted);
        }
      }
    }

    const words = message.body?.trim().split(/\s+/).length ?? 0;
    const known = facts.find((fact) => fact.field === "language" && fact.status === "current");
    if (extraction && !known && words >= FEW_WORDS && intent === null) {
      apply(
        mergeFact(facts, languageFact(extraction.signals.language, contact.id, message.id, saidAt), context),
      );
    }
    const profile = projectContactProfile(contact.id, facts);
    const language: Language =
      extraction && (words >= FEW_WORDS || !profile.language)
        ? extraction.signals.language
        : (profile.language ?? catalog.languages[0] ?? "en");

    const reply = composeReply({
      language,
      catalog,
      signals: extraction?.signals ?? {
        language,
        urgent: false,
        anxious: false,
        declined: false,
        sentiment: 0,
        correction: false,
      },
      intent,
      noted,
      candidates,
      removed,
      update,
      profile,
      firstContact: input.previous === null,
      mediaOnly: extraction === null && message.type !== "text",
    });
    return { changes, profile, reply, language };
  }

  /** Sends inside the 24-hour window; a refusal (closed window, 131047, …) is recorded on the reply. */
  private async send(contact: ContactRow, row: MessageRow, reply: ComposedReply): Promise<boolean> {
    const { db, messages, logger } = this.deps;
    const phoneNumberId = await this.deps.directory.numberOf(contact.businessId);
    if (phoneNumberId === null) {
      await messages.markFailed(db, row.id, null, "the business has no WhatsApp number");
      return false;
    }
    try {
      const sent = await this.deps.sender.sendText({
        phoneNumberId,
        to: contact.waId,
        body: reply.text,
        window: { lastInboundAt: contact.lastInboundAt, now: this.now() },
      });
      await messages.markAccepted(db, row.id, sent.wamid, this.now());
      return true;
    } catch (error) {
      const { code, title } = describeSendError(error);
      await messages.markFailed(db, row.id, code, title);
      logger.warn({ messageId: row.id, contactId: contact.id, errorCode: code }, "reply not sent");
      return false;
    }
  }
}

/** The customer's "yes" to "shall I change it?": the candidate, said again, as a correction. */
function restate(candidate: ProfileFact, messageId: string, saidAt: Date): NewFact {
  return {
    field: candidate.field,
    value: candidate.value,
    contactId: candidate.contactId,
    text: candidate.text,
    saidAt,
    confidence: candidate.confidence,
    source: "customer",
    messageId,
    quote: candidate.quote ?? candidate.text,
  } as NewFact;
}

function languageFact(language: Language, contactId: string, messageId: string, saidAt: Date): NewFact {
  return {
    field: "language",
    value: language,
    contactId,
    text: language === "de" ? "Deutsch" : "English",
    saidAt,
    // Detected, not declared: a later statement of the language should settle it.
    confidence: 0.6,
    source: "customer",
    messageId,
    // The message itself is not quoted: it may hold special-category words this field does not seal.
    quote: "",
  };
}

function describeSendError(error: unknown): { code: string | null; title: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number") return { code: String(code), title: error.message.slice(0, 300) };
    if (error.name === "OutsideServiceWindowError") return { code: "outside_window", title: error.message };
    return { code: null, title: error.message.slice(0, 300) };
  }
  return { code: null, title: String(error) };
}
