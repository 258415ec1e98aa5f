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
import { sql } from "drizzle-orm";
import type { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import type { ContactRepository, ContactRow, VersionedContact } from "../adapters/db/ContactRepository.ts";
import { type Database, sqlStateOf } from "../adapters/db/database.ts";
import type { MessageRepository, MessageRow, NewReply } from "../adapters/db/MessageRepository.ts";
import type { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import type { DayPart, Weekday } from "../domain/booking/types.ts";
import type { BusinessCatalog, Language } from "../domain/business/BusinessCatalog.ts";
import { withoutOneOffTimes } from "../domain/conversation/booking/index.ts";
import { type CustomerIntent, recogniseIntent } from "../domain/conversation/CustomerIntent.ts";
import {
  type AskedQuestion,
  type CandidateHeard,
  type ComposedReply,
  composeReply,
} from "../domain/conversation/ReplyComposer.ts";
import { extractFacts } from "../domain/extraction/extractFacts.ts";
import type { Extraction } from "../domain/extraction/types.ts";
import { type ContactProfile, projectContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import { factFromExtraction } from "../domain/profile/ExtractedFactIntake.ts";
import { EMPTY_TIME_PREFERENCE } from "../domain/profile/PreferenceCombination.ts";
import { describeTimePreference } from "../domain/profile/PreferenceDescription.ts";
import { applyChange, type ProfileChange } from "../domain/profile/ProfileChange.ts";
import type { NewFact, ProfileFact } from "../domain/profile/ProfileFact.ts";
import { mergeFact, removeAll, removeFact } from "../domain/profile/ProfileMergeRules.ts";
import { type BookingDesk, type BookingState, type BookingTurn, readBookingMessage } from "./BookingDesk.ts";
import { numberedChoices, type ReplySender, type UseCaseLogger } from "./ports.ts";

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
  /** Booking in chat; without it the bot only listens and answers. */
  bookingDesk?: BookingDesk;
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
    const [outcome] = await this.handleBatch([job]);
    if (!outcome) throw new Error("handleBatch returned no outcome");
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  }

  /**
   * Several jobs at once, with few round trips: what they need is read in a few set-based queries,
   * each message's outcome is written in one transaction, up to `concurrency` contacts at a time
   * (one contact's messages one after the other, in the order given), and the replies' wamids are
   * recorded in one statement. One outcome per job, in the order of `jobs`.
   */
  async handleBatch(
    jobs: readonly InboxJob[],
    options: { concurrency?: number } = {},
  ): Promise<PromiseSettledResult<HandledMessage>[]> {
    const outcomes: PromiseSettledResult<HandledMessage>[] = new Array(jobs.length);
    let context: BatchContext;
    try {
      context = await this.load(jobs);
    } catch (reason) {
      return jobs.map(() => ({ status: "rejected", reason }));
    }
    const byContact = new Map<string, number[]>();
    jobs.forEach((job, index) => {
      byContact.set(job.contactId, [...(byContact.get(job.contactId) ?? []), index]);
    });
    const accepted: Array<{ index: number; messageId: string; wamid: string; at: Date }> = [];
    await forEachBounded([...byContact.values()], options.concurrency ?? 8, async (indexes) => {
      let first = true;
      for (const index of indexes) {
        const job = jobs[index] as InboxJob;
        try {
          // A contact's later message in the same batch sees what the earlier one wrote.
          const ctx = first ? context : await this.load([job]);
          first = false;
          const { handled, wamid } = await this.turn(job, ctx);
          if (wamid !== null && handled.replyId !== null) {
            accepted.push({ index, messageId: handled.replyId, wamid, at: this.now() });
          }
          outcomes[index] = { status: "fulfilled", value: handled };
        } catch (reason) {
          outcomes[index] = { status: "rejected", reason };
        }
      }
    });
    await this.recordAccepted(accepted, outcomes);
    return outcomes;
  }

  /** Messages, replies already given, contacts, their facts and the bot's last replies, for a batch. */
  private async load(jobs: readonly InboxJob[]): Promise<BatchContext> {
    const { db, messages, contacts, profiles } = this.deps;
    const contactIds = [...new Set(jobs.map((job) => job.contactId))];
    // Contacts before facts: a profile written in between shows as a newer version when we write.
    const [found, contactRows, previous] = await Promise.all([
      messages.findWithReplies(
        db,
        jobs.map((job) => job.messageId),
      ),
      contacts.findManyVersioned(db, contactIds),
      messages.lastReplies(db, jobs),
    ]);
    const facts = await profiles.loadFactsFor(db, jobs);
    return {
      messages: found.messages,
      replied: found.replied,
      contacts: new Map(contactRows.map((row) => [row.id, row])),
      facts,
      previous,
    };
  }

  /** One message: decide, write (retrying when someone changed the profile meanwhile), send. */
  private async turn(
    job: InboxJob,
    ctx: BatchContext,
  ): Promise<{ handled: HandledMessage; wamid: string | null }> {
    const { db, contacts, profiles } = this.deps;
    const none = { handled: { replyId: null, reply: null, sent: false }, wamid: null };
    const message = ctx.messages.get(job.messageId);
    if (message?.direction !== "in") return none;
    if (ctx.replied.has(message.id)) return none;

    const catalog = await this.deps.directory.catalog(job.businessId);
    const text = message.body?.trim() ? message.body : null;
    const extraction = text === null ? null : extractFacts(text, { business: catalog });
    const intent = text === null ? null : recogniseIntent(text);
    const previous = ctx.previous.get(job.contactId) ?? null;
    const bookingState = (previous?.payload?.booking ?? null) as BookingState | null;
    const tapped = typeof message.payload?.replyId === "string" ? message.payload.replyId : null;
    // Times said for this booking only ("Friday afternoon instead") are not a standing preference.
    const heard =
      text === null
        ? { request: null, timesAreOneOff: false }
        : readBookingMessage(text, bookingState, {
            business: catalog,
            language: extraction?.signals.language ?? "en",
            now: this.now(),
          });
    const listened = extraction && {
      ...extraction,
      facts: withoutOneOffTimes(extraction.facts, heard.timesAreOneOff),
    };
    const bookingMatters =
      this.deps.bookingDesk !== undefined &&
      (bookingState !== null ||
        tapped !== null ||
        (heard.request !== null && heard.request.intent !== "none") ||
        (extraction?.signals.urgent ?? false));

    let contact = ctx.contacts.get(job.contactId);
    let facts = ctx.facts.get(job.contactId) ?? [];
    let booking: BookingTurn | null | undefined;
    for (let attempt = 1; ; attempt++) {
      if (!contact || contact.businessId !== job.businessId) {
        throw new Error(`contact ${job.contactId} of message ${job.messageId} is gone`);
      }
      const current = contact;
      const input = { message, contact: current, facts, catalog, extraction: listened, intent, previous };
      if (booking === undefined) {
        // Booking reads the profile as this message leaves it (a wheelchair mentioned now counts now).
        const before = this.decide(input, null);
        booking =
          bookingMatters && this.deps.bookingDesk
            ? await this.deps.bookingDesk.respond({
                businessId: job.businessId,
                contactId: job.contactId,
                profile: before.profile,
                catalog,
                language: before.language,
                text,
                replyId: tapped,
                state: bookingState,
                urgent: extraction?.signals.urgent ?? false,
                messageId: message.id,
                now: this.now(),
              })
            : null;
      }
      const outcome = this.decide(input, booking);
      if (booking?.patternAnswer?.accepted === false && this.deps.bookingDesk) {
        await this.deps.bookingDesk.declinePattern(job.businessId, job.contactId, message.id);
      }
      const reply = outcome.reply;
      const newReply = {
        businessId: job.businessId,
        contactId: job.contactId,
        inReplyToId: message.id,
        body: reply.text,
        payload: {
          question: reply.question,
          language: outcome.language,
          ...(booking?.state && { booking: booking.state }),
          ...(reply.choices.length > 0 && { choices: reply.choices }),
        },
      };
      const replyId = randomUUID();
      try {
        await this.write(job.businessId, current, outcome, { ...newReply, id: replyId });
      } catch (error) {
        if (!(error instanceof StaleProfileError) || attempt >= 3) throw error;
        // Staff edited the profile while we decided: decide again on what is there now.
        const [fresh] = await contacts.findManyVersioned(db, [job.contactId]);
        contact = fresh;
        facts = (await profiles.loadFactsFor(db, [job])).get(job.contactId) ?? [];
        continue;
      }
      const wamid = await this.send(current, replyId, reply);
      return { handled: { replyId, reply, sent: wamid !== null }, wamid };
    }
  }

  /**
   * The message's outcome (facts, audit, the reply recorded "queued", the contact's projection) in ONE
   * statement, so atomic without a transaction. The projection is written only while the contact is
   * still at the version read; otherwise the statement fails as a whole (division by zero) and
   * `StaleProfileError` is thrown.
   */
  private async write(
    businessId: string,
    contact: VersionedContact,
    outcome: { changes: ProfileChange[]; profile: ContactProfile },
    reply: NewReply & { id: string },
  ): Promise<void> {
    const { db, messages, contacts, profiles } = this.deps;
    const insert = messages.replyInsert(db, reply);
    if (outcome.changes.length === 0) {
      await insert;
      return;
    }
    const parts = [...profiles.changeStatements(db, businessId, outcome.changes), insert];
    const guard = contacts.projectionUpdate(db, contact, outcome.profile, contact.version);
    try {
      await db.execute(sql`
        WITH ${sql.join(
          // drizzle puts an embedded query in parentheses itself.
          parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS ${part}`),
          sql`, `,
        )}, projection AS ${guard}
        SELECT 1 / (SELECT count(*)::int FROM projection) AS written
      `);
    } catch (error) {
      if (sqlStateOf(error) === "22012") throw new StaleProfileError();
      throw error;
    }
  }

  /** The wamids WhatsApp gave the replies, in one statement (one by one if that fails). */
  private async recordAccepted(
    accepted: ReadonlyArray<{ index: number; messageId: string; wamid: string; at: Date }>,
    outcomes: PromiseSettledResult<HandledMessage>[],
  ): Promise<void> {
    const { db, messages } = this.deps;
    try {
      await messages.markAcceptedMany(db, accepted);
    } catch {
      for (const item of accepted) {
        try {
          await messages.markAccepted(db, item.messageId, item.wamid, item.at);
        } catch (reason) {
          outcomes[item.index] = { status: "rejected", reason };
        }
      }
    }
  }

  /** The rules, applied in memory; the caller persists what they return. */
  private decide(
    input: {
      message: MessageRow;
      contact: ContactRow;
      facts: ProfileFact[];
      catalog: BusinessCatalog;
      extraction: Extraction | null;
      intent: CustomerIntent | null;
      previous: MessageRow | null;
    },
    booking: BookingTurn | null,
  ) {
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

    // The history's habit: inferred (never over what the customer said), then settled by their answer.
    if (booking?.patternAsked) {
      apply(mergeFact(facts, habitFact(booking.patternAsked, contact.id, now), context));
    }
    if (booking?.patternAnswer) {
      const { day, part, accepted } = booking.patternAnswer;
      const inferred = facts.filter(
        (fact) =>
          fact.field === "preferred_appointment_times" &&
          fact.source === "behaviour" &&
          (fact.status === "current" || fact.status === "candidate"),
      );
      // Either way the inference has done its work: a yes turns it into what the customer said.
      for (const fact of inferred) apply(removeFact(facts, fact.id, { by: customer, now }));
      if (accepted) {
        const change = apply(
          mergeFact(facts, statedHabit({ day, part }, contact.id, message.id, saidAt), context),
        );
        const fact = change.inserts[0];
        if (fact) noted.push(fact);
      }
    }

    // A tapped button's title is the bot's own wording, not the customer's language.
    const words = message.type === "text" ? (message.body?.trim().split(/\s+/).length ?? 0) : 0;
    const known = facts.find((fact) => fact.field === "language" && fact.status === "current");
    if (extraction && !known && words >= FEW_WORDS && intent === null) {
      apply(
        mergeFact(facts, languageFact(extraction.signals.language, contact.id, message.id, saidAt), context),
      );
    }
    const profile = projectContactProfile(contact.id, facts);
    // A short answer ("1", a tapped button) continues in the language the bot was speaking.
    const spoken = input.previous?.payload?.language as Language | undefined;
    const language: Language =
      extraction && (words >= FEW_WORDS || (!profile.language && !spoken))
        ? extraction.signals.language
        : (profile.language ?? spoken ?? catalog.languages[0] ?? "en");

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
      mediaOnly: extraction === null && message.type !== "text" && booking === null,
      booking: booking?.message ?? null,
    });
    return { changes, profile, reply, language };
  }

  /**
   * Sends inside the 24-hour window; a refusal (closed window, 131047, …) is recorded on the reply.
   * The wamid WhatsApp gave the reply (the caller records it), or null when it was not sent.
   */
  private async send(contact: ContactRow, replyId: string, reply: ComposedReply): Promise<string | null> {
    const { db, messages, logger } = this.deps;
    const phoneNumberId = await this.deps.directory.numberOf(contact.businessId);
    if (phoneNumberId === null) {
      await messages.markFailed(db, replyId, null, "the business has no WhatsApp number");
      return null;
    }
    try {
      const request = {
        phoneNumberId,
        to: contact.waId,
        body: reply.text,
        window: { lastInboundAt: contact.lastInboundAt, now: this.now() },
      };
      const { sender } = this.deps;
      const sent =
        reply.choices.length === 0
          ? await sender.sendText(request)
          : sender.sendChoices
            ? await sender.sendChoices({ ...request, choices: reply.choices, listButton: reply.listButton })
            : await sender.sendText({ ...request, body: numberedChoices(reply.text, reply.choices) });
      return sent.wamid;
    } catch (error) {
      const { code, title } = describeSendError(error);
      await messages.markFailed(db, replyId, code, title);
      logger.warn({ messageId: replyId, contactId: contact.id, errorCode: code }, "reply not sent");
      return null;
    }
  }
}

interface BatchContext {
  messages: Map<string, MessageRow>;
  /** Inbound message ids that already have a reply. */
  replied: Set<string>;
  contacts: Map<string, VersionedContact>;
  facts: Map<string, ProfileFact[]>;
  previous: Map<string, MessageRow>;
}

/** The contact's profile changed between reading it and writing the outcome. */
class StaleProfileError extends Error {
  constructor() {
    super("the contact's profile changed while the message was handled");
    this.name = "StaleProfileError";
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
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

/** The habit seen in the booking history, as an inferred time preference. */
function habitFact(
  habit: { day: Weekday; part: DayPart; sampleSize: number },
  contactId: string,
  at: Date,
): NewFact {
  return {
    field: "preferred_appointment_times",
    value: { ...EMPTY_TIME_PREFERENCE, days: [habit.day], parts: [habit.part] },
    contactId,
    text: describeTimePreference({ ...EMPTY_TIME_PREFERENCE, days: [habit.day], parts: [habit.part] }),
    saidAt: at,
    confidence: 0.7,
    source: "behaviour",
    sampleSize: habit.sampleSize,
  };
}

/** The customer's yes to "shall I keep suggesting Tuesday mornings?": now their stated preference. */
function statedHabit(
  habit: { day: Weekday; part: DayPart },
  contactId: string,
  messageId: string,
  saidAt: Date,
): NewFact {
  const value = { ...EMPTY_TIME_PREFERENCE, days: [habit.day], parts: [habit.part] };
  return {
    field: "preferred_appointment_times",
    value,
    contactId,
    text: describeTimePreference(value),
    saidAt,
    confidence: 0.9,
    source: "customer",
    messageId,
    quote: "",
  };
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
