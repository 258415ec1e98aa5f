/**
 * The booking vocabulary shared by availability, the slot ranker, pattern mining and the booking
 * conversation. Pure data: instants are `Date` (UTC), local wall-clock values are strings in the
 * business's timezone ("2026-12-01", "09:30"), weekdays use the extractor's codes.
 */
import type { DayPart, Gender, Weekday } from "../extraction/types.ts";

export type { DayPart, Gender, Weekday };

/** "HH:MM" on the business's wall clock. */
export type LocalTime = string;
/** "YYYY-MM-DD" on the business's wall clock. */
export type LocalDate = string;

/** A span of wall-clock time within one day: [start, end). */
export interface LocalSpan {
  start: LocalTime;
  end: LocalTime;
}

/** One staff member's plan for one weekday: the spans they work (breaks are the gaps). */
export type WeeklyPlan = Partial<Record<Weekday, LocalSpan[]>>;

/** Time a staff member is away: whole days or a part of one (holiday, course, sick leave). */
export interface Absence {
  staffId: string;
  start: Date;
  end: Date;
  reason?: string;
}

export interface Room {
  id: string;
  name: string;
  /** Attributes accommodations can ask for: "ground-floor", "wheelchair-accessible", "quiet". */
  attributes: string[];
  /** Services that can be done in this room; empty means any. */
  serviceIds: string[];
}

export interface ScheduledStaff {
  id: string;
  name: string;
  gender?: Gender;
  /** Catalogue services this person performs. */
  serviceIds: string[];
  plan: WeeklyPlan;
}

export interface ScheduledService {
  id: string;
  name: string;
  minutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** Everything availability needs to know about how the business works. */
export interface BusinessSchedule {
  timezone: string;
  /** Opening hours; staff plans are clipped to them. */
  openingHours: WeeklyPlan;
  /** Dates the whole business is closed (public holidays). */
  closedDates: LocalDate[];
  staff: ScheduledStaff[];
  services: ScheduledService[];
  rooms: Room[];
  absences: Absence[];
  slotStepMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export type AppointmentStatus = "booked" | "cancelled" | "arrived" | "late" | "no_show" | "completed";

/** An appointment as availability and pattern mining see it. */
export interface Appointment {
  id: string;
  contactId: string;
  staffId: string;
  serviceId: string;
  roomId: string | null;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  /** When it was booked and, for cancellations, when it was cancelled. */
  createdAt: Date;
  cancelledAt?: Date | null;
  /** Minutes late on arrival (0 on time), when staff recorded it. */
  minutesLate?: number | null;
}

/** A bookable slot: the service's own time, without buffers. */
export interface Slot {
  staffId: string;
  serviceId: string;
  roomId: string | null;
  start: Date;
  end: Date;
}

/** Why a slot was put forward: the ranker's reasons, worded per language by the conversation. */
export type SlotReason =
  | { kind: "preferred-staff"; staffId: string }
  | { kind: "preferred-gender"; gender: Gender }
  | { kind: "preferred-day"; day: Weekday }
  | { kind: "preferred-part"; part: DayPart }
  | { kind: "after"; time: LocalTime }
  | { kind: "before"; time: LocalTime }
  | { kind: "accommodation"; attribute: string; roomId: string }
  | { kind: "requested"; what: "day" | "time" | "staff" | "part" }
  | { kind: "usual-pattern"; day: Weekday; part: DayPart }
  | { kind: "soonest" };

/** Where a slot falls on the business's wall clock: for wording ("Tuesday 9:00") and for spreading proposals. */
export interface SlotLocalTime {
  date: LocalDate;
  weekday: Weekday;
  time: LocalTime;
  part: DayPart;
}

export interface RankedSlot extends Slot {
  score: number;
  reasons: SlotReason[];
  /** Set by the ranker; optional only so hand-built slots in tests need not spell it out. */
  local?: SlotLocalTime;
}

/**
 * What the customer asked for in this booking only. It outranks the standing preferences for
 * this booking and is never stored as a preference.
 */
export interface OneOffWish {
  serviceId?: string;
  staffId?: string;
  gender?: Gender;
  /** Concrete local dates the customer named ("next Tuesday", "morgen"). */
  dates?: LocalDate[];
  days?: Weekday[];
  parts?: DayPart[];
  after?: LocalTime;
  before?: LocalTime;
  /** An exact time asked for ("at 3pm", "um 9 Uhr"). */
  at?: LocalTime;
  /** Emergency: the earliest slot today or tomorrow. */
  urgent?: boolean;
}
