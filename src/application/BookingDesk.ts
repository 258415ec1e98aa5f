/**
 * The booking half of a turn: reads what the message asks of the booking (book, reschedule, cancel,
 * list, or an answer to the booking's last question), looks at availability, books through the
 * database's no-overlap guarantee, and says what happened — in the customer's language, ranked by
 * their profile. Returns null when the message is not about booking, so the ordinary reply stands.
 *
 * The state between turns (the slots shown, the services offered, the appointment to cancel) travels
 * in the bot's reply payload, so the next message can be read as its answer.
 */
import {
  type AppointmentRepository,
  SlotTakenError,
  type StoredAppointment,
} from "../adapters/db/AppointmentRepository.ts";
import type { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import type { Database } from "../adapters/db/database.ts";
import { type BehaviourPatterns, mineBehaviourPatterns } from "../domain/booking/PatternMining.ts";
import { proposeSlots as rankProposals } from "../domain/booking/SlotProposals.ts";
import type {
  Appointment,
  BusinessSchedule,
  DayPart,
  OneOffWish,
  RankedSlot,
  Slot,
  SlotReason,
  Weekday,
} from "../domain/booking/types.ts";
import { readWallClock } from "../domain/booking/WallClock.ts";
import type { BusinessCatalog, Language } from "../domain/business/BusinessCatalog.ts";
import {
  appointmentsNamed,
  askPatternConfirmation,
  askToCancel,
  askWhichAppointment,
  askWhichService,
  type BookingContext,
  type BookingMessage,
  type BookingRequest,
  canCancel,
  cancelTooLate,
  confirmBooking,
  confirmCancellation,
  confirmReschedule,
  listUpcoming,
  noSlotsFound,
  offerEmergencySlot,
  offerUsualService,
  proposeSlots,
  type ReplyContext,
  type ReplyId,
  readAppointmentChoice,
  readBookingRequest,
  readServiceChoice,
  readSlotChoice,
  readYesNo,
  slotTaken,
} from "../domain/conversation/booking/index.ts";
import type { QuestionTopic } from "../domain/conversation/policy/QuestionCatalogue.ts";
import type { ContactProfile } from "../domain/profile/ContactProfileProjection.ts";
import type { BusyTimesCache } from "./BusyTimesCache.ts";

const DAY_MS = 86_400_000;
/** The declined-topic key of the booking's habit question (the conversation policy's catalogue). */
export const PATTERN_TOPIC: QuestionTopic = "pattern_confirmation";
/** Availability is first looked for this far ahead; the whole horizon only when that finds too little. */
const FIRST_LOOK_DAYS = 28;

type StoredSlot = { staffId: string; serviceId: string; roomId: string | null; start: string; end: string };
type StoredRankedSlot = StoredSlot & { reasons: SlotReason[] };

/** What the bot's last booking reply left open, kept in its payload. */
export type BookingState =
  | {
      kind: "proposals";
      serviceId: string;
      proposals: StoredRankedSlot[];
      wish: OneOffWish;
      rescheduleOf: string | null;
    }
  | { kind: "service"; serviceIds: string[]; wish: OneOffWish }
  | { kind: "usual"; serviceId: string; wish: OneOffWish }
  | { kind: "appointment"; purpose: "reschedule" | "cancel"; appointmentIds: string[]; wish: OneOffWish }
  | { kind: "cancel"; appointmentId: string }
  | { kind: "pattern"; day: Weekday; part: DayPart };

export interface BookingTurnInput {
  businessId: string;
  contactId: string;
  /** The profile after this message's facts were merged. */
  profile: ContactProfile;
  catalog: BusinessCatalog;
  language: Language;
  text: string | null;
  /** The id of a tapped reply button or list row. */
  replyId: string | null;
  /** What the previous booking reply left open. */
  state: BookingState | null;
  urgent: boolean;
  messageId: string;
  now: Date;
  /** Topics the customer declined (the conversation's records): a declined habit question stays unasked. */
  declinedTopics: ReadonlySet<string>;
  /** The message already read as a booking request (`readBookingMessage`), so it is not read twice. */
  request?: BookingRequest | null;
  /** The contact's appointments as the caller read them for its batch (`historiesFor`), if it did. */
  history?: readonly StoredAppointment[];
}

export interface BookingTurn {
  message: BookingMessage;
  state: BookingState | null;
  /** The message's times were for this booking only: the extractor's time preference is not stored. */
  timesAreOneOff: boolean;
  booked: StoredAppointment | null;
  /** A habit seen in the history that the reply asks the customer to confirm. */
  patternAsked: { day: Weekday; part: DayPart; sampleSize: number } | null;
  /** The customer answered the pattern question. */
  patternAnswer: { day: Weekday; part: DayPart; accepted: boolean } | null;
}

export interface BookingDeskDeps {
  db: Database;
  directory: BusinessDirectory;
  appointments: AppointmentRepository;
  busyTimes: BusyTimesCache;
}

/** Reads a message as the booking sees it, before the profile rules: which times are one-off. */
export function readBookingMessage(
  text: string | null,
  state: BookingState | null,
  context: BookingContext,
): { request: BookingRequest | null; timesAreOneOff: boolean } {
  if (text === null) return { request: null, timesAreOneOff: false };
  if (state?.kind === "proposals") {
    const choice = readSlotChoice(text, state.proposals.map(toSlot), context);
    if (choice) return { request: null, timesAreOneOff: choice.timesAreOneOff };
  }
  const request = readBookingRequest(text, context);
  return { request, timesAreOneOff: request.intent !== "none" && request.timesAreOneOff };
}

export class BookingDesk {
  constructor(private readonly deps: BookingDeskDeps) {}

  /** The appointments of several contacts in one query, for `BookingTurnInput.history`. */
  historiesFor(
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
  ): Promise<Map<string, StoredAppointment[]>> {
    return this.deps.appointments.historiesFor(this.deps.db, contactsOf);
  }

  async respond(input: BookingTurnInput): Promise<BookingTurn | null> {
    const { schedule, cancellationNoticeHours } = await this.deps.directory.bookingSetup(input.businessId);
    const ctx: BookingContext = {
      business: input.catalog,
      language: input.language,
      now: input.now,
      timezone: schedule.timezone,
    };
    const say: ReplyContext = {
      business: input.catalog,
      language: input.language,
      timezone: schedule.timezone,
    };
    const turn = new Turn(this.deps, input, schedule, cancellationNoticeHours, ctx, say);
    return turn.run();
  }
}

/** One message's booking work; holds what the steps share. */
class Turn {
  private timesAreOneOff = false;

  constructor(
    private readonly deps: BookingDeskDeps,
    private readonly input: BookingTurnInput,
    private readonly schedule: BusinessSchedule,
    private readonly cancellationNoticeHours: number,
    private readonly ctx: BookingContext,
    private readonly say: ReplyContext,
  ) {}

  async run(): Promise<BookingTurn | null> {
    const { input } = this;
    // A retried job whose booking was made before the crash: confirm it, never book twice.
    const already = (await this.history()).find((a) => a.messageId === input.messageId);
    if (already) return this.confirmed(already, null);

    const reply: string | ReplyId | null = input.replyId ? { id: input.replyId } : input.text;
    const answer = reply === null ? null : await this.answer(reply);
    if (answer) return answer;
    if (input.text === null) return null;

    const request = input.request ?? readBookingRequest(input.text, this.ctx);
    this.timesAreOneOff = request.intent !== "none" && request.timesAreOneOff;
    if (input.urgent) return this.emergency(request.wish);
    switch (request.intent) {
      case "book":
        return this.book(request);
      case "reschedule":
        return this.reschedule(request);
      case "cancel":
        return this.cancel(request);
      case "list":
        return this.done(listUpcoming(await this.upcoming(), this.say), null);
      case "none":
        return null;
    }
  }

  /** The message as the answer to the question the last booking reply asked, if it is one. */
  private async answer(reply: string | ReplyId): Promise<BookingTurn | null> {
    const { state } = this.input;
    if (!state) return null;
    switch (state.kind) {
      case "proposals": {
        const proposals = state.proposals.map(toRankedSlot);
        if (state.wish.urgent && proposals.length === 1) {
          // The emergency offer is a yes/no question about one slot.
          const yes = readYesNo(reply);
          if (yes === "yes") return this.take(proposals[0] as RankedSlot, state.rescheduleOf, state.wish);
          if (yes === "no") {
            const { urgent: _urgent, ...calmer } = state.wish;
            return this.propose(state.serviceId, { ...calmer, serviceId: state.serviceId }, null);
          }
        }
        const choice = readSlotChoice(reply, proposals, this.ctx);
        if (!choice) return null;
        this.timesAreOneOff = choice.timesAreOneOff;
        if (choice.kind === "slot") {
          const slot = proposals[choice.index];
          if (!slot) return null;
          return this.take(slot, state.rescheduleOf, state.wish);
        }
        const wish = { ...state.wish, ...choice.wish, serviceId: state.serviceId };
        return this.propose(state.serviceId, wish, state.rescheduleOf);
      }
      case "service": {
        const serviceId = readServiceChoice(reply, state.serviceIds, this.ctx);
        return serviceId ? this.propose(serviceId, { ...state.wish, serviceId }, null) : null;
      }
      case "usual": {
        const yes = readYesNo(reply);
        if (yes === "yes")
          return this.propose(state.serviceId, { ...state.wish, serviceId: state.serviceId }, null);
        if (yes === "no")
          return this.done(askWhichService(this.serviceIds(), this.say), {
            kind: "service",
            serviceIds: this.serviceIds(),
            wish: state.wish,
          });
        return null;
      }
      case "appointment": {
        const upcoming = (await this.upcoming()).filter((a) => state.appointmentIds.includes(a.id));
        const chosen = readAppointmentChoice(reply, upcoming, this.ctx);
        if (!chosen) return null;
        return state.purpose === "cancel" ? this.offerCancel(chosen) : this.move(chosen, state.wish, false);
      }
      case "cancel": {
        const yes = readYesNo(reply);
        if (yes === null) return null;
        const [appointment] = await this.deps.appointments.byIds(this.deps.db, this.input.businessId, [
          state.appointmentId,
        ]);
        if (appointment?.status !== "booked") {
          return this.done(listUpcoming(await this.upcoming(), this.say), null);
        }
        if (yes === "no") return this.done(listUpcoming([appointment], this.say), null);
        const cancelled = await this.deps.appointments.cancel(
          this.deps.db,
          this.input.businessId,
          appointment.id,
          this.input.contactId,
        );
        this.deps.busyTimes.forget(this.input.businessId);
        return this.done(
          cancelled
            ? confirmCancellation(appointment, this.say)
            : listUpcoming(await this.upcoming(), this.say),
          null,
        );
      }
      case "pattern": {
        const yes = readYesNo(reply);
        if (yes === null) return null;
        return {
          ...this.result(plainMessage(""), null),
          patternAnswer: { day: state.day, part: state.part, accepted: yes === "yes" },
        };
      }
    }
  }

  private async book(request: BookingRequest): Promise<BookingTurn> {
    const wish = request.wish;
    if (wish.serviceId) return this.propose(wish.serviceId, wish, null);
    if (request.serviceOptions.length > 1) {
      return this.done(askWhichService(request.serviceOptions, this.say), {
        kind: "service",
        serviceIds: request.serviceOptions,
        wish,
      });
    }
    // "An appointment with Sarah": only what Sarah does is a sensible choice.
    const offered = wish.staffId
      ? (this.schedule.staff.find((member) => member.id === wish.staffId)?.serviceIds ?? this.serviceIds())
      : this.serviceIds();
    if (offered.length === 1) {
      const only = offered[0] as string;
      return this.propose(only, { ...wish, serviceId: only }, null);
    }
    const usual = await this.usualService();
    if (usual && offered.includes(usual)) {
      return this.done(offerUsualService(usual, this.say), { kind: "usual", serviceId: usual, wish });
    }
    const favourite = this.input.profile.preferred_services.find((id) => offered.includes(id));
    if (favourite && this.input.profile.preferred_services.length === 1) {
      return this.propose(favourite, { ...wish, serviceId: favourite }, null);
    }
    return this.done(askWhichService(offered, this.say), { kind: "service", serviceIds: offered, wish });
  }

  private async emergency(wish: OneOffWish): Promise<BookingTurn> {
    const serviceId = wish.serviceId ?? this.emergencyService();
    if (!serviceId) return this.done(offerEmergencySlot(null, this.say), null);
    const found = await this.find(serviceId, { ...wish, urgent: true, serviceId }, 1);
    const slot = found.proposals[0] ?? null;
    return this.done(
      offerEmergencySlot(slot, this.say),
      slot
        ? {
            kind: "proposals",
            serviceId,
            proposals: [storeSlot(slot)],
            wish: { ...wish, urgent: true },
            rescheduleOf: null,
          }
        : null,
    );
  }

  private async reschedule(request: BookingRequest): Promise<BookingTurn> {
    const upcoming = await this.upcoming();
    const named = appointmentsNamed(request.appointment, upcoming, this.schedule.timezone);
    if (named.length === 0) return this.done(listUpcoming(upcoming, this.say), null);
    if (named.length > 1) {
      return this.done(askWhichAppointment(named, "reschedule", this.say), {
        kind: "appointment",
        purpose: "reschedule",
        appointmentIds: named.map((a) => a.id),
        wish: request.wish,
      });
    }
    return this.move(named[0] as StoredAppointment, request.wish, request.keepsAppointmentDay);
  }

  private move(appointment: Appointment, wish: OneOffWish, keepDay: boolean): Promise<BookingTurn> {
    const onItsDay = keepDay
      ? { ...wish, dates: [readWallClock(appointment.start, this.schedule.timezone).date] }
      : wish;
    const moved = { ...onItsDay, serviceId: appointment.serviceId };
    if (!moved.staffId && !moved.gender) moved.staffId = appointment.staffId;
    return this.propose(appointment.serviceId, moved, appointment.id);
  }

  private async cancel(request: BookingRequest): Promise<BookingTurn> {
    const upcoming = await this.upcoming();
    const named = appointmentsNamed(request.appointment, upcoming, this.schedule.timezone);
    if (named.length === 0) return this.done(listUpcoming(upcoming, this.say), null);
    if (named.length > 1) {
      return this.done(askWhichAppointment(named, "cancel", this.say), {
        kind: "appointment",
        purpose: "cancel",
        appointmentIds: named.map((a) => a.id),
        wish: request.wish,
      });
    }
    return this.offerCancel(named[0] as StoredAppointment);
  }

  private offerCancel(appointment: Appointment): BookingTurn {
    const notice = this.noticeHours();
    if (!canCancel(appointment, this.input.now, notice)) {
      return this.done(cancelTooLate(appointment, notice, this.say), null);
    }
    return this.done(askToCancel(appointment, this.say), { kind: "cancel", appointmentId: appointment.id });
  }

  /** Ranked proposals for the service, or what is closest when the wish cannot be met. */
  private async propose(
    serviceId: string,
    wish: OneOffWish,
    rescheduleOf: string | null,
  ): Promise<BookingTurn> {
    const found = await this.find(serviceId, wish, 3);
    if (found.proposals.length === 0) {
      const loosened = await this.find(
        serviceId,
        { serviceId, ...(wish.staffId && { staffId: wish.staffId }) },
        3,
      );
      return this.done(
        noSlotsFound(wish, loosened.proposals, this.say),
        loosened.proposals.length > 0
          ? {
              kind: "proposals",
              serviceId,
              proposals: loosened.proposals.map(storeSlot),
              wish: {},
              rescheduleOf,
            }
          : null,
      );
    }
    return this.done(proposeSlots(found.proposals, this.say), {
      kind: "proposals",
      serviceId,
      proposals: found.proposals.map(storeSlot),
      wish,
      rescheduleOf,
    });
  }

  /** Books the chosen slot (moving `rescheduleOf`), or proposes again when someone was faster. */
  private async take(slot: RankedSlot, rescheduleOf: string | null, wish: OneOffWish): Promise<BookingTurn> {
    const service = this.schedule.services.find((s) => s.id === slot.serviceId);
    if (!service) return this.propose(slot.serviceId, wish, rescheduleOf);
    const booking = {
      businessId: this.input.businessId,
      contactId: this.input.contactId,
      staffKey: slot.staffId,
      serviceKey: slot.serviceId,
      roomKey: slot.roomId,
      start: slot.start,
      end: slot.end,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
      messageId: this.input.messageId,
    };
    try {
      const booked = rescheduleOf
        ? await this.deps.appointments.reschedule(this.deps.db, rescheduleOf, booking)
        : await this.deps.appointments.book(this.deps.db, booking);
      // A move frees the old time: read the book again. A new booking just joins what is known.
      if (rescheduleOf) this.deps.busyTimes.forget(this.input.businessId);
      else this.deps.busyTimes.booked(this.input.businessId, booked);
      return this.confirmed(booked, slot.reasons, rescheduleOf);
    } catch (error) {
      if (!(error instanceof SlotTakenError)) throw error;
      // Someone was faster: what this process knew is out of date.
      this.deps.busyTimes.forget(this.input.businessId);
      const again = await this.propose(slot.serviceId, wish, rescheduleOf);
      return { ...again, message: slotTaken(again.message, this.say) };
    }
  }

  private async confirmed(
    booked: StoredAppointment,
    reasons: SlotReason[] | null,
    movedFrom: string | null = null,
  ): Promise<BookingTurn> {
    const slot = { ...booked, roomId: booked.roomId, reasons: reasons ?? this.reasonsFromProfile(booked) };
    const concepts = this.input.profile.special_notes.flatMap((note) => (note.concept ? [note.concept] : []));
    let message: BookingMessage;
    if (movedFrom) {
      const [from] = await this.deps.appointments.byIds(this.deps.db, this.input.businessId, [movedFrom]);
      message = from
        ? joinMessages(
            confirmReschedule(from, booked, this.say),
            confirmBooking({ slot, noteConcepts: concepts }, this.say),
          )
        : confirmBooking({ slot, noteConcepts: concepts }, this.say);
    } else {
      message = confirmBooking({ slot, noteConcepts: concepts }, this.say);
    }
    // What the history now shows (read again: it changed in this turn): a habit the customer has not
    // stated may be worth one question.
    this.historyCache = this.readHistory();
    this.patternsCache = null;
    const patterns = await this.patterns();
    const habit = patterns.weekdayPart;
    const stated = this.input.profile.structured.preferred_appointment_times;
    if (habit && !stated && !this.patternDeclined()) {
      const question = askPatternConfirmation({ day: habit.day, part: habit.part }, this.say);
      return {
        ...this.result(joinMessages(message, question), {
          kind: "pattern",
          day: habit.day,
          part: habit.part,
        }),
        booked,
        patternAsked: { day: habit.day, part: habit.part, sampleSize: habit.sampleSize },
      };
    }
    return { ...this.result(message, null), booked };
  }

  /** For a confirmation after a crash: what the profile asked for that this booking honours. */
  private reasonsFromProfile(slot: Slot): SlotReason[] {
    const wanted = this.input.profile.structured.preferred_staff_member;
    return wanted?.staffId === slot.staffId ? [{ kind: "preferred-staff", staffId: slot.staffId }] : [];
  }

  private async find(serviceId: string, wish: OneOffWish, count: number) {
    const { now } = this.input;
    const horizon = new Date(now.getTime() + this.schedule.horizonDays * DAY_MS);
    // A habit the customer said no to ("don't keep suggesting Tuesdays") no longer steers proposals.
    const habit = (await this.patterns()).weekdayPart;
    const pattern = habit && !this.patternDeclined() ? habit : null;
    const look = async (to: Date) => {
      const busy = await this.deps.busyTimes.get(this.input.businessId, this.schedule, now, to);
      return rankProposals(busy.schedule, busy.times, {
        serviceId,
        now,
        profile: this.input.profile,
        wish,
        pattern: pattern ? { day: pattern.day, part: pattern.part } : null,
        to,
        count,
      });
    };
    const soon = new Date(Math.min(horizon.getTime(), now.getTime() + FIRST_LOOK_DAYS * DAY_MS));
    const first = await look(soon);
    return first.proposals.length >= Math.min(count, 2) || soon >= horizon ? first : look(horizon);
  }

  private patternDeclined(): boolean {
    return this.input.declinedTopics.has(PATTERN_TOPIC);
  }

  private historyCache: Promise<readonly StoredAppointment[]> | null = null;
  /**
   * The contact's appointments: as the batch read them, or read once for this turn; read again after
   * a booking made in this turn.
   */
  private history(): Promise<readonly StoredAppointment[]> {
    const given = this.input.history;
    this.historyCache ??= given ? Promise.resolve(given) : this.readHistory();
    return this.historyCache;
  }

  private readHistory(): Promise<StoredAppointment[]> {
    return this.deps.appointments.historyFor(this.deps.db, this.input.businessId, this.input.contactId);
  }

  private patternsCache: Promise<BehaviourPatterns> | null = null;
  private patterns(): Promise<BehaviourPatterns> {
    this.patternsCache ??= this.history().then((history) =>
      mineBehaviourPatterns(history, this.schedule.timezone, {
        now: this.input.now,
        cancellationNoticeHours: this.noticeHours(),
      }),
    );
    return this.patternsCache;
  }

  /** The service the customer books again and again: what "book my usual" means. */
  private async usualService(): Promise<string | null> {
    const history = await this.history();
    const counts = new Map<string, number>();
    for (const a of history) {
      if (a.status !== "cancelled") counts.set(a.serviceId, (counts.get(a.serviceId) ?? 0) + 1);
    }
    const [best] = [...counts].sort((a, b) => b[1] - a[1]);
    return best && best[1] >= 2 && this.serviceIds().includes(best[0]) ? best[0] : null;
  }

  /** An emergency without a named service: the first service of the business (a check-up at a dentist). */
  private emergencyService(): string | null {
    return this.schedule.services[0]?.id ?? null;
  }

  private upcoming(): Promise<StoredAppointment[]> {
    return this.deps.appointments.upcomingFor(
      this.deps.db,
      this.input.businessId,
      this.input.contactId,
      this.input.now,
    );
  }

  private serviceIds(): string[] {
    return this.input.catalog.services.map((s) => s.id);
  }

  private noticeHours(): number {
    return this.cancellationNoticeHours;
  }

  private done(message: BookingMessage, state: BookingState | null): BookingTurn {
    return this.result(message, state);
  }

  private result(message: BookingMessage, state: BookingState | null): BookingTurn {
    return {
      message,
      state,
      timesAreOneOff: this.timesAreOneOff,
      booked: null,
      patternAsked: null,
      patternAnswer: null,
    };
  }
}

function storeSlot(slot: RankedSlot): StoredRankedSlot {
  return {
    staffId: slot.staffId,
    serviceId: slot.serviceId,
    roomId: slot.roomId,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    reasons: slot.reasons,
  };
}

function toSlot(stored: StoredSlot): Slot {
  return {
    staffId: stored.staffId,
    serviceId: stored.serviceId,
    roomId: stored.roomId,
    start: new Date(stored.start),
    end: new Date(stored.end),
  };
}

function toRankedSlot(stored: StoredRankedSlot): RankedSlot {
  return { ...toSlot(stored), score: 0, reasons: stored.reasons ?? [] };
}

function plainMessage(text: string): BookingMessage {
  return { text, choices: [], presentation: "none", plainText: text, question: null };
}

/** Two messages as one: the first's text, then the second's text, choices and question. */
function joinMessages(first: BookingMessage, second: BookingMessage): BookingMessage {
  return {
    ...second,
    text: [first.text, second.text].filter(Boolean).join(" "),
    plainText: [first.plainText, second.plainText].filter(Boolean).join(" "),
  };
}
