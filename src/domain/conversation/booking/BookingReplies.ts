/**
 * The booking conversation's replies, as channel-neutral messages: the text, the choices (WhatsApp
 * reply buttons when they fit, a list otherwise) and a plain-text fallback with the choices
 * numbered, plus the one question the reply asks (data, so the conversation policy can see it).
 * Dates and times are formatted in the customer's language and the business's timezone.
 */
import type {
  Appointment,
  DayPart,
  OneOffWish,
  RankedSlot,
  Slot,
  SlotReason,
  Weekday,
} from "../../booking/types.ts";
import type { BusinessCatalog, Language } from "../../business/BusinessCatalog.ts";
import type { NoteConceptId } from "../../extraction/concepts.ts";
import { APPOINTMENT_ID_PREFIX } from "./NamedAppointment.ts";
import { OTHER_SLOT_ID, proposalsKey, slotChoiceId } from "./SlotChoice.ts";
import { BOOKING_PHRASES, type BookingPhrases } from "./wording/index.ts";

export interface ReplyContext {
  business: BusinessCatalog;
  language: Language;
  /** IANA timezone; the business's when left out. */
  timezone?: string;
}

export interface BookingChoice {
  id: string;
  title: string;
  description?: string;
}

/** The one question a booking reply asks, so the next message can be read as its answer. */
export type BookingQuestion =
  | { kind: "choose_slot"; proposalsKey: string }
  | { kind: "choose_service"; serviceIds: string[] }
  | { kind: "book_usual"; serviceId: string }
  | { kind: "confirm_emergency_slot" }
  | { kind: "choose_appointment"; purpose: "reschedule" | "cancel"; appointmentIds: string[] }
  | { kind: "confirm_cancel"; appointmentId: string }
  | { kind: "confirm_pattern"; day: Weekday; part: DayPart }
  | { kind: "other_time" };

export interface BookingMessage {
  /** The message body (for an interactive message, the choices go alongside). */
  text: string;
  choices: BookingChoice[];
  /** "buttons": ≤ 3, titles ≤ 20 characters; "list": ≤ 10 rows, titles ≤ 24, descriptions ≤ 72. */
  presentation: "buttons" | "list" | "none";
  /** The label of the button that opens a list. */
  listButton?: string;
  /** The same message without interactive elements: choices numbered in the text. */
  plainText: string;
  question: BookingQuestion | null;
}

export const YES_ID = "answer:yes";
export const NO_ID = "answer:no";
export const SERVICE_ID_PREFIX = "service:";

const BUTTONS = { max: 3, title: 20 };
const LIST = { max: 10, title: 24, description: 72 };

/** "Tue 1 Dec, 09:00" / "Di., 1. Dez., 09:00" in the business's timezone. */
export function formatSlotTime(instant: Date, context: ReplyContext): string {
  return new Intl.DateTimeFormat(BOOKING_PHRASES[context.language].locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: context.timezone ?? context.business.timezone,
  }).format(instant);
}

/** "Tue 1 Dec" / "Di., 1. Dez." for a local date. */
export function formatLocalDate(date: string, context: ReplyContext): string {
  return new Intl.DateTimeFormat(BOOKING_PHRASES[context.language].locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}

/** "Dr. Anna Weber" → "Dr. Weber"; names without a title stay whole. */
export function staffDisplayName(staffId: string, business: BusinessCatalog): string {
  const name = business.staff.find((s) => s.id === staffId)?.name ?? staffId;
  const titled = /^((?:Dr|Prof)\.?)\s+.*\s(\S+)$/.exec(name);
  return titled ? `${titled[1]} ${titled[2]}` : name;
}

export function serviceDisplayName(serviceId: string, context: ReplyContext): string {
  const service = context.business.services.find((s) => s.id === serviceId);
  return service ? (service.names?.[context.language] ?? service.name) : serviceId;
}

/**
 * Two or three ranked slots: the first with its top reason ("I see you prefer mornings — Tue 1 Dec,
 * 09:00 with Dr. Weber?"), all of them as choices, and "another time" when there is room for it.
 */
export function proposeSlots(proposals: readonly RankedSlot[], context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const first = proposals[0];
  if (!first) return noSlotsFound(null, [], context);
  const staff = (id: string) => staffDisplayName(id, context.business);
  const top = topReason(first.reasons);
  const lead = top ? p.reasonLead(top, staff) : null;
  const text = [
    p.propose.first(
      lead,
      formatSlotTime(first.start, context),
      namesStaff(top, first) ? null : staff(first.staffId),
    ),
    proposals.length > 1 ? p.propose.more : null,
  ]
    .filter(Boolean)
    .join(" ");
  const choices = proposals.slice(0, LIST.max).map((slot, i) => slotChoice(slot, i, proposals, context, p));
  return withChoices(text, choices, p, { kind: "choose_slot", proposalsKey: proposalsKey(proposals) }, true);
}

/**
 * The booking confirmation: what, when, with whom; the preference it honoured ("You're with Dr. Weber
 * as requested"); the reserved room; and a reminder for each note on the profile the team acts on.
 */
export function confirmBooking(
  booked: { slot: Slot & { reasons?: SlotReason[] }; noteConcepts?: readonly string[] },
  context: ReplyContext,
): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const { slot } = booked;
  const staff = staffDisplayName(slot.staffId, context.business);
  const sentences = [
    p.booked.done(serviceDisplayName(slot.serviceId, context), formatSlotTime(slot.start, context), staff),
  ];
  const reasons = slot.reasons ?? [];
  if (reasons.some((r) => r.kind === "preferred-staff" || (r.kind === "requested" && r.what === "staff")))
    sentences.push(p.booked.asRequested(staff));
  else {
    const gender = reasons.find((r) => r.kind === "preferred-gender");
    if (gender?.kind === "preferred-gender") sentences.push(p.booked.genderAsRequested(gender.gender));
  }
  for (const r of reasons) {
    if (r.kind === "accommodation" && p.rooms[r.attribute]) sentences.push(p.rooms[r.attribute] as string);
  }
  for (const concept of booked.noteConcepts ?? []) {
    const sentence = p.accommodations[concept as NoteConceptId];
    if (sentence) sentences.push(sentence);
  }
  return plain([...new Set(sentences)].join(" "), null);
}

/** The chosen time went to someone else first: say so before the new proposals. */
export function slotTaken(next: BookingMessage, context: ReplyContext): BookingMessage {
  const sorry = BOOKING_PHRASES[context.language].slotTaken;
  return { ...next, text: `${sorry} ${next.text}`, plainText: `${sorry} ${next.plainText}` };
}

/** "Would you like to book your usual Dental Cleaning?", with yes/no buttons. */
export function offerUsualService(serviceId: string, context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  return withChoices(p.usual(serviceDisplayName(serviceId, context)), yesNo(p), p, {
    kind: "book_usual",
    serviceId,
  });
}

/** The earliest slot today or tomorrow, and nothing else: no optional question in an emergency. */
export function offerEmergencySlot(slot: Slot | null, context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  if (!slot) return plain(p.emergency.none, null);
  const text = p.emergency.offer(
    formatSlotTime(slot.start, context),
    staffDisplayName(slot.staffId, context.business),
  );
  return withChoices(
    text,
    [
      { id: YES_ID, title: p.emergency.bookIt },
      { id: NO_ID, title: p.no },
    ],
    p,
    { kind: "confirm_emergency_slot" },
  );
}

export function confirmReschedule(from: Appointment | Slot, to: Slot, context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  return plain(
    p.reschedule.done(
      serviceDisplayName(to.serviceId, context),
      formatSlotTime(from.start, context),
      formatSlotTime(to.start, context),
      staffDisplayName(to.staffId, context.business),
    ),
    null,
  );
}

/** "Which appointment would you like to move/cancel?": the customer's upcoming ones as choices. */
export function askWhichAppointment(
  appointments: readonly Appointment[],
  purpose: "reschedule" | "cancel",
  context: ReplyContext,
): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const choices = appointments.slice(0, LIST.max).map((a) => ({
    id: `${APPOINTMENT_ID_PREFIX}${a.id}`,
    title: formatSlotTime(a.start, context),
    description: `${serviceDisplayName(a.serviceId, context)} · ${staffDisplayName(a.staffId, context.business)}`,
  }));
  const ids = appointments.slice(0, LIST.max).map((a) => a.id);
  return withChoices(p[purpose].which, choices, p, {
    kind: "choose_appointment",
    purpose,
    appointmentIds: ids,
  });
}

/** Whether an appointment can still be cancelled in chat, given the business's notice in hours. */
export function canCancel(appointment: Pick<Appointment, "start">, now: Date, noticeHours: number): boolean {
  return appointment.start.getTime() - now.getTime() >= noticeHours * 3_600_000;
}

export function askToCancel(appointment: Appointment, context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const text = p.cancel.ask(
    serviceDisplayName(appointment.serviceId, context),
    formatSlotTime(appointment.start, context),
  );
  return withChoices(text, yesNo(p), p, { kind: "confirm_cancel", appointmentId: appointment.id });
}

export function confirmCancellation(appointment: Appointment, context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  return plain(
    p.cancel.done(
      serviceDisplayName(appointment.serviceId, context),
      formatSlotTime(appointment.start, context),
    ),
    null,
  );
}

export function cancelTooLate(
  appointment: Appointment,
  noticeHours: number,
  context: ReplyContext,
): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  return plain(
    p.cancel.tooLate(
      serviceDisplayName(appointment.serviceId, context),
      formatSlotTime(appointment.start, context),
      noticeHours,
    ),
    null,
  );
}

/** The customer's upcoming appointments, soonest first. */
export function listUpcoming(appointments: readonly Appointment[], context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const upcoming = [...appointments].sort((a, b) => a.start.getTime() - b.start.getTime());
  if (upcoming.length === 0) return plain(p.upcoming.none, null);
  const lines = upcoming.map(
    (a) =>
      `• ${p.upcoming.line(serviceDisplayName(a.serviceId, context), formatSlotTime(a.start, context), staffDisplayName(a.staffId, context.business))}`,
  );
  return plain(`${p.upcoming.intro(upcoming.length)}\n${lines.join("\n")}`, null);
}

/** Nothing fits the wish: say so, offer the nearest alternatives when there are any, else ask for another time. */
export function noSlotsFound(
  wish: OneOffWish | null,
  alternatives: readonly RankedSlot[],
  context: ReplyContext,
): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const none = p.noSlots.none(wish ? describeWish(wish, context) : null);
  if (alternatives.length === 0) return plain(`${none} ${p.noSlots.askOther}`, { kind: "other_time" });
  const choices = alternatives
    .slice(0, LIST.max)
    .map((slot, i) => slotChoice(slot, i, alternatives, context, p));
  return withChoices(
    `${none} ${p.noSlots.alternatives}`,
    choices,
    p,
    { kind: "choose_slot", proposalsKey: proposalsKey(alternatives) },
    true,
  );
}

/** "a massage" could be several services: ask which, with each as a choice (`service:<id>`). */
export function askWhichService(serviceIds: readonly string[], context: ReplyContext): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  const names = serviceIds.map((id) => serviceDisplayName(id, context));
  const choices = serviceIds
    .slice(0, LIST.max)
    .map((id, i) => ({ id: `${SERVICE_ID_PREFIX}${id}`, title: names[i] as string }));
  return withChoices(p.whichService(p.alternatives(names)), choices, p, {
    kind: "choose_service",
    serviceIds: [...serviceIds],
  });
}

/** "I've noticed you usually book Tuesday mornings — shall I keep suggesting those?" (asked once). */
export function askPatternConfirmation(
  pattern: { day: Weekday; part: DayPart },
  context: ReplyContext,
): BookingMessage {
  const p = BOOKING_PHRASES[context.language];
  return withChoices(p.pattern(pattern.day, pattern.part), yesNo(p), p, {
    kind: "confirm_pattern",
    ...pattern,
  });
}

/** A wish in words: "on Fri 27 Nov in the afternoon with Nina". */
export function describeWish(wish: OneOffWish, context: ReplyContext): string | null {
  const p = BOOKING_PHRASES[context.language];
  const parts: string[] = [];
  if (wish.dates?.length)
    parts.push(p.wish.on(p.list(wish.dates.slice(0, 3).map((d) => formatLocalDate(d, context)))));
  if (wish.days?.length) parts.push(p.wish.days(p.list(wish.days.map((d) => p.days[d]))));
  for (const part of wish.parts ?? []) parts.push(p.wish.part(part));
  if (wish.at) parts.push(p.wish.at(wish.at));
  if (wish.after) parts.push(p.wish.after(wish.after));
  if (wish.before) parts.push(p.wish.before(wish.before));
  if (wish.staffId) parts.push(p.wish.with(staffDisplayName(wish.staffId, context.business)));
  else if (wish.gender) parts.push(p.wish.gender(wish.gender));
  return parts.length > 0 ? parts.join(" ") : null;
}

/** Whether the lead already says who ("I know you like to see Dr. Weber"). */
function namesStaff(reason: SlotReason | undefined, slot: Slot): boolean {
  return reason?.kind === "preferred-staff" && reason.staffId === slot.staffId;
}

/** The reason a proposal leads with: what the customer asked for, then their preferences, then the rest. */
function topReason(reasons: readonly SlotReason[]): SlotReason | undefined {
  return reasons.find((r) => r.kind !== "soonest") ?? reasons[0];
}

function slotChoice(
  slot: RankedSlot,
  index: number,
  proposals: readonly Slot[],
  context: ReplyContext,
  p: BookingPhrases,
): BookingChoice {
  const staff = (id: string) => staffDisplayName(id, context.business);
  const top = topReason(slot.reasons);
  return {
    id: slotChoiceId(index, proposals),
    title: formatSlotTime(slot.start, context),
    description: [staff(slot.staffId), top ? p.reasonShort(top, staff) : null].filter(Boolean).join(" · "),
  };
}

function yesNo(p: BookingPhrases): BookingChoice[] {
  return [
    { id: YES_ID, title: p.yes },
    { id: NO_ID, title: p.no },
  ];
}

function plain(text: string, question: BookingQuestion | null): BookingMessage {
  return { text, choices: [], presentation: "none", plainText: text, question };
}

/**
 * Buttons when the choices fit (≤ 3, short titles), a list otherwise; slot proposals get "another
 * time" when there is room. The plain text numbers the choices the way readSlotChoice reads numbers.
 */
function withChoices(
  text: string,
  given: BookingChoice[],
  p: BookingPhrases,
  question: BookingQuestion | null,
  slots = false,
): BookingMessage {
  let choices = given.slice(0, LIST.max);
  const fitsButtons = (cs: BookingChoice[]) =>
    cs.length <= BUTTONS.max && cs.every((c) => c.title.length <= BUTTONS.title);
  const other = { id: OTHER_SLOT_ID, title: p.propose.otherTime };
  let presentation: BookingMessage["presentation"] = fitsButtons(choices) ? "buttons" : "list";
  if (slots && presentation === "buttons" && fitsButtons([...choices, other])) choices = [...choices, other];
  else if (slots && presentation === "list" && choices.length < LIST.max) choices = [...choices, other];
  if (presentation === "buttons") choices = choices.map(({ id, title }) => ({ id, title }));
  else
    choices = choices.map((c) => ({
      ...c,
      title: clip(c.title, LIST.title),
      ...(c.description ? { description: clip(c.description, LIST.description) } : {}),
    }));
  if (choices.length === 0) presentation = "none";
  const numbered = given
    .slice(0, LIST.max)
    .map((c, i) => `${i + 1}. ${c.description ? `${c.title} – ${c.description}` : c.title}`);
  const plainText = slots
    ? `${text}\n${numbered.join("\n")}\n${p.propose.typeNumber}`
    : `${text}\n${numbered.join("\n")}`;
  return {
    text,
    choices,
    presentation,
    ...(presentation === "list" ? { listButton: p.propose.listButton } : {}),
    // Yes and no need no numbers: the customer just writes them.
    plainText: given.length > 0 && !given.some((c) => c.id === YES_ID) ? plainText : text,
    question,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
