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
import type { StoredAppointment } from "../adapters/db/AppointmentRepository.ts";
import type { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import type { ContactRepository, ContactRow, VersionedContact } from "../adapters/db/ContactRepository.ts";
import { type ConversationRecord, ConversationRecords } from "../adapters/db/ConversationRecords.ts";
import { type Database, sqlStateOf } from "../adapters/db/database.ts";
import { GroupCommit, type GroupRunner, type Seat } from "../adapters/db/GroupCommit.ts";
import type { MessageRepository, MessageRow, NewReply } from "../adapters/db/MessageRepository.ts";
import type { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import { type TurnOutcome, TurnOutcomeWriter } from "../adapters/db/TurnOutcomeWriter.ts";
import { BusinessSetupError } from "../domain/booking/BusinessSetup.ts";
import type { DayPart, Weekday } from "../domain/booking/types.ts";
import type { BusinessCatalog, Language } from "../domain/business/BusinessCatalog.ts";
import { withoutOneOffTimes } from "../domain/conversation/booking/index.ts";
import { type CustomerIntent, recogniseIntent } from "../domain/conversation/CustomerIntent.ts";
import {
  type AnswerKind,
  chooseQuestion,
  dontKnowMeansNoPreference,
  isBareGreeting,
  readAnswer,
} from "../domain/conversation/policy/ConversationPolicy.ts";
import {
  HEALTH_CONSENT_KIND,
  type HealthConsent,
  healthNotesToRemove,
  isHealthNote,
} from "../domain/conversation/policy/HealthConsent.ts";
import type { QuestionTopic } from "../domain/conversation/policy/QuestionCatalogue.ts";
import {
  type AskedQuestion,
  type CandidateHeard,
  type ComposedReply,
  composeReply,
  type PolicyQuestion,
  type PolicyTurn,
} from "../domain/conversation/ReplyComposer.ts";
import { REPLY_PHRASES } from "../domain/conversation/replies/index.ts";
import { extractFacts } from "../domain/extraction/extractFacts.ts";
import type { Extraction } from "../domain/extraction/types.ts";
import { type ContactProfile, projectContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import { factFromExtraction } from "../domain/profile/ExtractedFactIntake.ts";
import { EMPTY_TIME_PREFERENCE } from "../domain/profile/PreferenceCombination.ts";
import { describeTimePreference } from "../domain/profile/PreferenceDescription.ts";
import { applyChange, type ProfileChange } from "../domain/profile/ProfileChange.ts";
import type { NewFact, ProfileFact } from "../domain/profile/ProfileFact.ts";
import { mergeFact, removeAll, removeFact } from "../domain/profile/ProfileMergeRules.ts";
import {
  type BookingDesk,
  type BookingState,
  type BookingTurn,
  PATTERN_TOPIC,
  readBookingMessage,
} from "./BookingDesk.ts";
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
  /** Declined topics, consents and appointments for the conversation policy. */
  records?: ConversationRecords;
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
/** A reply older than this starts a new conversation: what was asked in the old one is forgotten. */
const CONVERSATION_GAP_MS = 12 * 60 * 60 * 1000;

/** What the policy remembers across the turns of one conversation, in the reply's payload. */
interface PolicyMemory {
  /** Topics (and "consent_health") asked in this conversation: never asked twice. */
  asked: string[];
  /** The message whose booking request was held back one turn while the comfort question was asked. */
  deferred?: string;
  /** When the reply was decided (ISO). */
  at?: string;
}

export class HandleInboundMessage {
  private readonly now: () => Date;
  private readonly records: ConversationRecords;
  /** A group of turns' outcomes in one statement; one turn's alone when that fails. */
  private readonly outcomes: GroupRunner<TurnOutcome>;

  constructor(private readonly deps: HandleInboundMessageDeps) {
    this.now = deps.now ?? (() => new Date());
    this.records = deps.records ?? new ConversationRecords();
    const writer = new TurnOutcomeWriter(deps.db);
    this.outcomes = {
      many: (outcomes) => writer.write(outcomes).then(() => outcomes.map(() => undefined)),
      one: (outcome) => writer.write([outcome]),
    };
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
    // The turns' outcomes are written together: one statement (and commit) for the group, not one each.
    const group = new GroupCommit(this.outcomes);
    await forEachBounded([...byContact.values()], options.concurrency ?? 8, async (indexes) => {
      let first = true;
      for (const index of indexes) {
        const job = jobs[index] as InboxJob;
        const seat = group.seat();
        try {
          // A contact's later message in the same batch sees what the earlier one wrote.
          const ctx = first ? context : await this.load([job]);
          first = false;
          const { handled, wamid } = await this.turn(job, ctx, seat);
          if (wamid !== null && handled.replyId !== null) {
            accepted.push({ index, messageId: handled.replyId, wamid, at: this.now() });
          }
          outcomes[index] = { status: "fulfilled", value: handled };
        } catch (reason) {
          outcomes[index] = { status: "rejected", reason };
        } finally {
          seat.close();
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
    const [found, contactRows, previous, bookingHistories] = await Promise.all([
      messages.findWithReplies(
        db,
        jobs.map((job) => job.messageId),
      ),
      contacts.findManyVersioned(db, contactIds),
      messages.lastReplies(db, jobs),
      // The booking turns' appointment histories: one query for the batch, not one per turn.
      this.deps.bookingDesk?.historiesFor(jobs),
    ]);
    const [facts, records] = await Promise.all([
      profiles.loadFactsFor(db, jobs),
      // The records' live appointments come from the histories when the booking read them.
      this.records.loadFor(db, jobs, bookingHistories),
    ]);
    const histories = bookingHistories ?? new Map<string, StoredAppointment[]>();
    return {
      messages: found.messages,
      replied: found.replied,
      contacts: new Map(contactRows.map((row) => [row.id, row])),
      facts,
      previous,
      records,
      histories,
    };
  }

  /** One message: decide, write (retrying when someone changed the profile meanwhile), send. */
  private async turn(
    job: InboxJob,
    ctx: BatchContext,
    seat: Seat<TurnOutcome>,
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
    const requested = heard.request !== null && heard.request.intent !== "none";
    const memory = this.memoryOf(previous);
    // Human handoff: staff have the conversation. The message is still learned from; the bot is silent.
    const paused = ctx.contacts.get(job.contactId)?.botPausedAt != null;
    // The request held back while the comfort question was asked is taken up now, unless the
    // customer asked for something else meanwhile.
    const resumed =
      memory.deferred && !requested && tapped === null && bookingState === null && !paused
        ? await this.bodyOf(memory.deferred)
        : null;
    const bookingMatters =
      this.deps.bookingDesk !== undefined &&
      !paused &&
      (bookingState !== null ||
        tapped !== null ||
        requested ||
        resumed !== null ||
        (extraction?.signals.urgent ?? false));
    const record = ctx.records.get(job.contactId) ?? {
      declined: new Set<string>(),
      healthConsent: null,
      healthConsentAt: null,
      appointments: [],
    };

    let contact = ctx.contacts.get(job.contactId);
    let facts = ctx.facts.get(job.contactId) ?? [];
    let booking: BookingTurn | null | undefined;
    let deferred: string | undefined;
    for (let attempt = 1; ; attempt++) {
      if (!contact || contact.businessId !== job.businessId) {
        throw new Error(`contact ${job.contactId} of message ${job.messageId} is gone`);
      }
      const current = contact;
      const input = {
        message,
        contact: current,
        facts,
        catalog,
        extraction: listened,
        intent,
        previous,
        record,
        memory,
        requested: requested || resumed !== null,
        ownRequest: requested,
      };
      // Most messages are not about booking: they are decided once, below.
      if (booking === undefined && ((!requested && !bookingMatters) || paused)) booking = null;
      if (booking === undefined) {
        // Booking reads the profile as this message leaves it (a wheelchair mentioned now counts now).
        const before = this.decide(input, null);
        // A nervous customer asking to book first hears the comfort question; the slots come with
        // the next reply (one question per reply, and the customer's feelings before the calendar).
        const comfortFirst =
          before.reply.question?.kind === "profile" &&
          before.reply.question.topic === "comfort_needs" &&
          requested &&
          bookingState === null &&
          tapped === null &&
          text !== null;
        // The message's id, not its words: the payload does not copy what the customer wrote.
        if (comfortFirst) deferred = message.id;
        booking =
          bookingMatters && this.deps.bookingDesk && !comfortFirst
            ? await this.deps.bookingDesk
                .respond({
                  businessId: job.businessId,
                  contactId: job.contactId,
                  profile: before.profile,
                  catalog,
                  language: before.language,
                  text: resumed ?? text,
                  replyId: tapped,
                  state: bookingState,
                  urgent: extraction?.signals.urgent ?? false,
                  messageId: message.id,
                  now: this.now(),
                  declinedTopics: record.declined,
                  request: resumed === null ? heard.request : null,
                  ...(ctx.histories.has(job.contactId) && { history: ctx.histories.get(job.contactId) }),
                })
                .catch((error: unknown) => {
                  // A business whose schedule cannot be read still answers (without slots); anything
                  // else (the database away) fails the job, which is retried.
                  if (!(error instanceof BusinessSetupError)) throw error;
                  this.deps.logger.error(
                    { businessId: job.businessId, err: error.message },
                    "booking: the business's schedule is invalid",
                  );
                  return null;
                })
            : null;
      }
      const outcome = this.decide(input, booking);
      const reply = outcome.reply;
      const newReply = {
        businessId: job.businessId,
        contactId: job.contactId,
        inReplyToId: message.id,
        body: reply.text,
        payload: {
          question: reply.question,
          language: outcome.language,
          policy: this.nextMemory(memory, reply.question, deferred),
          ...(booking?.state && { booking: booking.state }),
          ...(reply.choices.length > 0 && { choices: reply.choices }),
        },
      };
      const replyId = randomUUID();
      const sentiment = extraction?.signals.sentiment ?? null;
      try {
        await this.write(
          job.businessId,
          current,
          { ...outcome, sentiment },
          paused ? null : { ...newReply, id: replyId },
          message.id,
          seat,
        );
      } catch (error) {
        if (!(error instanceof StaleProfileError) || attempt >= 3) throw error;
        // Staff edited the profile while we decided: decide again on what is there now.
        const [fresh] = await contacts.findManyVersioned(db, [job.contactId]);
        contact = fresh;
        facts = (await profiles.loadFactsFor(db, [job])).get(job.contactId) ?? [];
        continue;
      }
      if (paused) return none;
      const wamid = await this.send(current, replyId, reply);
      return { handled: { replyId, reply, sent: wamid !== null }, wamid };
    }
  }

  /**
   * The message's outcome (facts, audit, the reply recorded "queued", the contact's projection) in ONE
   * statement (with the other turns of its group: `TurnOutcomeWriter`), so atomic without a
   * transaction. The projection is written only while the contact is still at the version read;
   * otherwise the statement fails as a whole (division by zero) and `StaleProfileError` is thrown.
   */
  private async write(
    businessId: string,
    contact: VersionedContact,
    outcome: {
      changes: ProfileChange[];
      profile: ContactProfile;
      records: TurnRecords;
      /** The message's sentiment, stored on it for the insights (null: no text). */
      sentiment: number | null;
    },
    /** Null while the bot is paused: nothing is answered. */
    reply: (NewReply & { id: string }) | null,
    messageId: string,
    seat: Seat<TurnOutcome>,
  ): Promise<void> {
    const { messages, contacts, profiles } = this.deps;
    const { records } = outcome;
    const rows = profiles.changeRows(businessId, outcome.changes);
    const audits = [
      ...rows.audits,
      ...records.audits.map((audit) =>
        this.records.auditRow({ businessId, contactId: contact.id, messageId, ...audit }),
      ),
    ];
    const declines = records.declines.map((decline) => ({
      businessId,
      contactId: contact.id,
      messageId,
      ...decline,
    }));
    const consents = records.consents.map((consent) => ({
      businessId,
      contactId: contact.id,
      messageId,
      ...consent,
    }));
    const projected =
      outcome.changes.length > 0 ||
      audits.length > 0 ||
      declines.length > 0 ||
      consents.length > 0 ||
      records.marketingOptOut !== undefined;
    try {
      await seat.execute({
        facts: rows.facts,
        patches: rows.patches,
        audits,
        declines,
        consents,
        reply: reply ? messages.replyRow(reply) : null,
        sentiment: outcome.sentiment === null ? null : { businessId, messageId, value: outcome.sentiment },
        projection: projected
          ? contacts.projectionRow(contact, outcome.profile, contact.version, records.marketingOptOut)
          : null,
      });
    } catch (error) {
      if (sqlStateOf(error) === "22012") throw new StaleProfileError();
      throw error;
    }
  }

  private async bodyOf(messageId: string): Promise<string | null> {
    const found = await this.deps.messages.findWithReplies(this.deps.db, [messageId]);
    const body = found.messages.get(messageId)?.body;
    return body?.trim() ? body : null;
  }

  /** What the policy remembers from the previous reply, if it belongs to this conversation. */
  private memoryOf(previous: MessageRow | null): PolicyMemory {
    const stored = previous?.payload?.policy as PolicyMemory | undefined;
    if (!previous || !stored) return { asked: [] };
    // A long pause starts a new conversation (the turn's own clock, as the reply recorded it).
    const at = typeof stored.at === "string" ? Date.parse(stored.at) : Number.NaN;
    if (Number.isNaN(at) || this.now().getTime() - at > CONVERSATION_GAP_MS) return { asked: [] };
    return {
      asked: Array.isArray(stored.asked) ? stored.asked : [],
      ...(stored.deferred && { deferred: stored.deferred }),
    };
  }

  private nextMemory(
    memory: PolicyMemory,
    question: ComposedReply["question"],
    deferred: string | undefined,
  ): PolicyMemory {
    const asked = new Set(memory.asked);
    if (question?.kind === "profile") asked.add(question.topic);
    if (question?.kind === "consent_health") asked.add("consent_health");
    return { asked: [...asked], at: this.now().toISOString(), ...(deferred && { deferred }) };
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
      record: ConversationRecord;
      memory: PolicyMemory;
      /** A booking, reschedule, cancellation or list is asked for in this turn (or taken up again). */
      requested: boolean;
      /** This message itself asks for one. */
      ownRequest: boolean;
    },
    booking: BookingTurn | null,
  ) {
    const { message, contact, catalog, extraction, intent, record } = input;
    const now = this.now();
    const saidAt = message.sentAt ?? message.createdAt;
    const text = message.type === "text" ? (message.body ?? "") : "";
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
    const records: TurnRecords = { declines: [], consents: [], audits: [] };
    const policy: PolicyTurn = {};
    const urgent = extraction?.signals.urgent ?? false;

    const noted: ProfileFact[] = [];
    const candidates: CandidateHeard[] = [];
    let removed: { scope: "all" | "notes"; count: number } | null = null;
    let update: { accepted: boolean; fact: ProfileFact } | null = null;

    const asked = (input.previous?.payload?.question ?? null) as AskedQuestion | null;
    // The comfort question came with reassurance: its answer is not reassured all over again.
    if (asked?.kind === "profile" && asked.topic === "comfort_needs") policy.reassured = true;
    const pending =
      asked?.kind === "update_candidate"
        ? facts.find((fact) => fact.id === asked.factId && fact.status === "candidate")
        : undefined;
    let healthConsent: HealthConsent = record.healthConsent;
    let consentAt: Date | null = record.healthConsentAt;
    let refusedNow = false;
    let answered: { topic: QuestionTopic; kind: AnswerKind } | null = null;
    if (asked?.kind === "profile" && text) {
      const kind = readAnswer({
        topic: asked.topic,
        text,
        declinedSignal: extraction?.signals.declined ?? false,
        fields: extraction?.facts.map((fact) => fact.field) ?? [],
        otherRequest:
          input.ownRequest ||
          intent === "ask_profile" ||
          intent === "forget_all" ||
          intent === "forget_notes" ||
          intent === "stop_marketing",
      });
      answered = { topic: asked.topic, kind };
      if (kind === "declined") {
        records.declines.push({ topic: asked.topic, quote: text.slice(0, 500), saidAt });
      }
      policy.answered = answered;
    }

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
    } else if (asked?.kind === "confirm_forget" && (intent === "yes" || intent === "no")) {
      // The customer confirmed (or not) the deletion they asked for in the previous message.
      if (intent === "yes") {
        const change = apply(
          removeAll(facts, {
            by: customer,
            now,
            contactId: contact.id,
            ...(asked.scope === "notes" && { field: "special_notes" as const }),
          }),
        );
        removed = { scope: asked.scope, count: change.updates.length };
        records.audits.push({
          action: "deletion_confirmed",
          details: { scope: asked.scope, removedFacts: change.updates.length },
        });
      } else {
        policy.forgetKept = true;
        records.audits.push({ action: "deletion_withdrawn", details: { scope: asked.scope } });
      }
    } else if (asked?.kind === "consent_health" && (intent === "yes" || intent === "no")) {
      healthConsent = intent === "yes";
      consentAt = saidAt;
      refusedNow = intent === "no";
      records.consents.push({
        kind: HEALTH_CONSENT_KIND,
        granted: intent === "yes",
        wording: asked.wording,
        at: saidAt,
      });
      records.audits.push({
        action: intent === "yes" ? "consent_granted" : "consent_refused",
        details: { kind: HEALTH_CONSENT_KIND },
      });
    } else if (intent === "forget_all" || intent === "forget_notes") {
      // Deleting is not undone: the bot asks first, and deletes on the customer's yes.
      const scope = intent === "forget_all" ? "all" : "notes";
      policy.ask = { kind: "confirm_forget", scope };
      records.audits.push({ action: "deletion_requested", details: { scope } });
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
    // "Doesn't matter" about staff is an answer: no preference.
    if (answered?.kind === "dont_know" && dontKnowMeansNoPreference(answered.topic)) {
      const change = apply(
        mergeFact(facts, noStaffPreference(contact.id, message.id, saidAt, text), context),
      );
      const fact = change.inserts[0];
      if (fact) noted.push(fact);
    }
    if (intent === "stop_marketing") {
      policy.stopped = true;
      records.marketingOptOut = true;
      records.consents.push({ kind: "marketing", granted: false, wording: text.slice(0, 500), at: saidAt });
      records.audits.push({ action: "marketing_opt_out" });
    }
    if (intent === "ask_profile") records.audits.push({ action: "profile_disclosed" });

    // The history's habit: inferred (never over what the customer said), then settled by their answer.
    if (booking?.patternAsked) {
      apply(mergeFact(facts, habitFact(booking.patternAsked, contact.id, now), context));
    }
    // A "no" to the booking's habit question is a decline like any other, written with the reply.
    if (booking?.patternAnswer?.accepted === false) {
      policy.answered = { topic: PATTERN_TOPIC, kind: "declined" };
      records.declines.push({ topic: PATTERN_TOPIC, quote: (message.body ?? "").slice(0, 500), saidAt });
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

    // Appointments as this turn leaves them: which visit, the first booking, what is ahead.
    const bookedNow = booking?.booked ?? null;
    const appointments = [
      ...record.appointments.filter((a) => a.id !== bookedNow?.id),
      ...(bookedNow
        ? [{ id: bookedNow.id, start: bookedNow.start, end: bookedNow.end, status: "booked" }]
        : []),
    ];
    const ahead = appointments
      .filter((a) => a.status === "booked" && a.end.getTime() > now.getTime())
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    const pastVisits = appointments.filter((a) => a.end.getTime() <= now.getTime() && a.status !== "no_show");
    policy.upcoming = ahead[0]?.start ?? null;

    // Health details without consent: kept only while they serve an appointment (see HealthConsent).
    const lastAhead = ahead.at(-1)?.end ?? null;
    const expired = healthNotesToRemove(facts, { granted: healthConsent, at: consentAt }, lastAhead, now, {
      refusedNow,
    });
    for (const fact of expired) {
      apply(
        removeFact(facts, fact.id, {
          by: { kind: "retention", rule: "health details without consent" },
          now,
        }),
      );
    }
    const healthLeft = facts.some((fact) => isHealthNote(fact) && fact.status === "current");
    if (refusedNow) {
      policy.consentAnswer = { granted: false, keptUntil: healthLeft ? (ahead.at(-1)?.start ?? null) : null };
    } else if (healthConsent === true && asked?.kind === "consent_health") {
      policy.consentAnswer = { granted: true };
    } else if (expired.some((fact) => fact.status === "current")) {
      policy.healthExpired = true;
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

    // The one question the policy would ask, if the reply asks nothing else (composeReply decides).
    const askedSet = new Set(input.memory.asked);
    const previousAskedProfile = asked?.kind === "profile" || asked?.kind === "consent_health";
    if (!policy.ask && !urgent) {
      const question = chooseQuestion({
        bareGreeting: isBareGreeting(text || null),
        needStated:
          input.requested || booking !== null || noted.length > 0 || candidates.length > 0 || intent !== null,
        urgent,
        anxious: extraction?.signals.anxious ?? false,
        replyAsks: Boolean(booking?.message.question),
        previousAskedProfile,
        booked: {
          now: bookedNow !== null,
          first: bookedNow !== null && appointments.filter((a) => a.id !== bookedNow.id).length === 0,
        },
        visit: 1 + pastVisits.length,
        profile,
        declined: new Set([...record.declined, ...records.declines.map((d) => d.topic)]),
        askedInConversation: askedSet,
      });
      const consentDue =
        healthConsent === null && healthLeft && !askedSet.has("consent_health") && !previousAskedProfile;
      // Feelings first: a nervous customer is asked what would help; the consent question (owed, but
      // nothing is lost meanwhile: see HealthConsent.ts) comes at the next reply with room for it.
      if (question?.topic === "comfort_needs" && extraction?.signals.anxious) {
        policy.ask = { kind: "profile", topic: question.topic };
      } else if (consentDue) {
        policy.ask = { kind: "consent_health", wording: REPLY_PHRASES[language].policy.consentAsk };
      } else if (question) {
        policy.ask = { kind: "profile", topic: question.topic } satisfies PolicyQuestion;
      }
    }

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
      policy,
    });
    return { changes, profile, reply, language, records };
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

/** What a turn records besides facts: declines, consents, rights requests, a marketing opt-out. */
interface TurnRecords {
  declines: Array<{ topic: string; quote: string; saidAt: Date }>;
  consents: Array<{ kind: string; granted: boolean; wording: string; at: Date }>;
  audits: Array<{ action: string; details?: Record<string, unknown> }>;
  marketingOptOut?: boolean;
}

interface BatchContext {
  messages: Map<string, MessageRow>;
  /** Inbound message ids that already have a reply. */
  replied: Set<string>;
  contacts: Map<string, VersionedContact>;
  facts: Map<string, ProfileFact[]>;
  previous: Map<string, MessageRow>;
  records: Map<string, ConversationRecord>;
  /** Appointments by contact, for the booking desk (empty without one). */
  histories: Map<string, StoredAppointment[]>;
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

/** "Doesn't matter" to "would you like someone in particular?": no staff preference. */
function noStaffPreference(contactId: string, messageId: string, saidAt: Date, quote: string): NewFact {
  return {
    field: "preferred_staff_member",
    value: { staffId: null, name: null, gender: null, none: true },
    contactId,
    text: "No preference",
    saidAt,
    confidence: 0.8,
    source: "customer",
    messageId,
    quote: quote.slice(0, 200),
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
