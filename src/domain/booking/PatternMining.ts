/**
 * What a contact's booking history says about them: the weekday and part of day they keep booking,
 * their usual time and staff member, how often they come for each service, how often they cancel
 * or miss, and whether they are on time. Pure; every pattern carries its sample size, and a pattern
 * without enough evidence is simply absent. These are inferred facts: the profile turns them into
 * facts that never override what the customer said.
 */
import type { Appointment, DayPart, LocalDate, LocalTime, Weekday } from "./types.ts";
import { addDays, formatLocalTime, readWallClock } from "./WallClock.ts";

const DAY_MS = 86_400_000;

export interface WeekdayPartPattern {
  kind: "weekday-part";
  day: Weekday;
  part: DayPart;
  /** Bookings on that weekday and part of day. */
  matching: number;
  /** Bookings looked at (kept, attended or missed; cancellations excluded). */
  sampleSize: number;
}

export interface UsualTimePattern {
  kind: "usual-time";
  /** Median start of the bookings near it, on the wall clock, rounded to 5 minutes. */
  time: LocalTime;
  /** Bookings within ±30 minutes of it. */
  matching: number;
  sampleSize: number;
}

export interface UsualStaffPattern {
  kind: "usual-staff";
  staffId: string;
  matching: number;
  sampleSize: number;
}

export interface ServiceCadence {
  kind: "service-cadence";
  serviceId: string;
  /** Median days between consecutive visits. */
  medianIntervalDays: number;
  /** "every ~6 months", as numbers the conversation words per language. */
  roughly: { every: number; unit: "week" | "month" | "year" };
  lastVisit: LocalDate;
  /** Last visit + median interval. */
  nextDue: LocalDate;
  /** A booking for the service already in the future. */
  upcoming: LocalDate | null;
  /** Intervals the median is taken over (visits − 1). */
  sampleSize: number;
}

export interface RatePattern {
  kind: "cancellation-rate" | "no-show-rate";
  rate: number;
  count: number;
  sampleSize: number;
  /** Cancellations only: how many came later than the cancellation notice. */
  late?: number;
}

export interface PunctualityPattern {
  kind: "punctuality";
  /** Share of recorded arrivals that were on time (at most `graceMinutes` late). */
  onTimeShare: number;
  /** Median minutes late among the late arrivals (0 when never late). */
  medianMinutesLate: number;
  sampleSize: number;
}

export type BehaviourPattern =
  | WeekdayPartPattern
  | UsualTimePattern
  | UsualStaffPattern
  | ServiceCadence
  | RatePattern
  | PunctualityPattern;

export interface BehaviourPatterns {
  weekdayPart: WeekdayPartPattern | null;
  usualTime: UsualTimePattern | null;
  usualStaff: UsualStaffPattern | null;
  cadences: ServiceCadence[];
  cancellation: RatePattern | null;
  noShow: RatePattern | null;
  punctuality: PunctualityPattern | null;
}

export interface MiningOptions {
  /** Appointments before it are history; later ones are upcoming. */
  now: Date;
  /** Fewest supporting appointments for a habit (weekday/part, time, staff). Default 3. */
  minSupport?: number;
  /** Fewest appointments a rate or punctuality figure is given for. Default 3. */
  minSample?: number;
  /** Fewest intervals a cadence is given for. Default 2 (three visits). */
  minIntervals?: number;
  /** Cancellations closer to the start than this are late. Default 24. */
  cancellationNoticeHours?: number;
  /** Minutes late that still count as on time. Default 5. */
  graceMinutes?: number;
}

/** Booked and kept, attended or missed: the customer chose that time. Cancelled ones do not count. */
const CHOSEN = new Set(["booked", "arrived", "late", "completed", "no_show"]);
const ATTENDED = new Set(["arrived", "late", "completed"]);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The most frequent key with its count; on a tie, the key whose first booking is the most recent. */
function mostCommon<T>(keys: readonly T[]): { key: T; count: number } | null {
  const counts = new Map<T, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: { key: T; count: number } | null = null;
  for (const [key, count] of counts) if (!best || count >= best.count) best = { key, count };
  return best;
}

/** A habit needs enough support and a majority: three of four Tuesdays, not three of ten. */
const isHabit = (matching: number, sample: number, minSupport: number) =>
  matching >= minSupport && matching * 2 > sample;

function roughly(days: number): ServiceCadence["roughly"] {
  if (days < 45) return { every: Math.max(1, Math.round(days / 7)), unit: "week" };
  if (days < 330) return { every: Math.max(1, Math.round(days / 30.44)), unit: "month" };
  return { every: Math.max(1, Math.round(days / 365.25)), unit: "year" };
}

/** Mines one contact's appointment history (any order) on the business's wall clock. */
export function mineBehaviourPatterns(
  history: readonly Appointment[],
  timezone: string,
  options: MiningOptions,
): BehaviourPatterns {
  const minSupport = options.minSupport ?? 3;
  const minSample = options.minSample ?? 3;
  const minIntervals = options.minIntervals ?? 2;
  const noticeMs = (options.cancellationNoticeHours ?? 24) * 3_600_000;
  const grace = options.graceMinutes ?? 5;
  const now = options.now.getTime();

  const sorted = [...history].sort((a, b) => a.start.getTime() - b.start.getTime());
  const chosen = sorted
    .filter((a) => CHOSEN.has(a.status))
    .map((a) => ({ appointment: a, local: readWallClock(a.start, timezone) }));

  // Weekday and part of day.
  let weekdayPart: WeekdayPartPattern | null = null;
  const slotHabit = mostCommon(chosen.map((c) => `${c.local.weekday}|${c.local.part}`));
  if (slotHabit && isHabit(slotHabit.count, chosen.length, minSupport)) {
    const [day, part] = slotHabit.key.split("|") as [Weekday, DayPart];
    weekdayPart = { kind: "weekday-part", day, part, matching: slotHabit.count, sampleSize: chosen.length };
  }

  // Usual time: the median start, if most bookings are within half an hour of it.
  let usualTime: UsualTimePattern | null = null;
  if (chosen.length > 0) {
    const centre = median(chosen.map((c) => c.local.minutes));
    const near = chosen.map((c) => c.local.minutes).filter((m) => Math.abs(m - centre) <= 30);
    if (isHabit(near.length, chosen.length, minSupport)) {
      const time = formatLocalTime(Math.round(median(near) / 5) * 5);
      usualTime = { kind: "usual-time", time, matching: near.length, sampleSize: chosen.length };
    }
  }

  // Usual staff member.
  let usualStaff: UsualStaffPattern | null = null;
  const staffHabit = mostCommon(chosen.map((c) => c.appointment.staffId));
  if (staffHabit && isHabit(staffHabit.count, chosen.length, minSupport)) {
    usualStaff = {
      kind: "usual-staff",
      staffId: staffHabit.key,
      matching: staffHabit.count,
      sampleSize: chosen.length,
    };
  }

  // Cadence per service: visits that happened (or were kept and not marked otherwise) before now.
  const cadences: ServiceCadence[] = [];
  const byService = new Map<string, { past: typeof chosen; upcoming: typeof chosen }>();
  for (const c of chosen) {
    if (c.appointment.status === "no_show") continue;
    let entry = byService.get(c.appointment.serviceId);
    if (!entry) {
      entry = { past: [], upcoming: [] };
      byService.set(c.appointment.serviceId, entry);
    }
    (c.appointment.start.getTime() <= now ? entry.past : entry.upcoming).push(c);
  }
  for (const [serviceId, { past, upcoming }] of byService) {
    if (past.length - 1 < minIntervals) continue;
    const intervals = past.slice(1).map((c, i) => {
      const previous = past[i] as (typeof past)[number];
      return (c.appointment.start.getTime() - previous.appointment.start.getTime()) / DAY_MS;
    });
    const medianIntervalDays = Math.round(median(intervals));
    const lastVisit = (past.at(-1) as (typeof past)[number]).local.date;
    cadences.push({
      kind: "service-cadence",
      serviceId,
      medianIntervalDays,
      roughly: roughly(medianIntervalDays),
      lastVisit,
      nextDue: addDays(lastVisit, medianIntervalDays),
      upcoming: upcoming[0]?.local.date ?? null,
      sampleSize: intervals.length,
    });
  }
  cadences.sort((a, b) => (a.nextDue < b.nextDue ? -1 : a.nextDue > b.nextDue ? 1 : 0));

  // Cancellations: of every appointment that was made, except future ones still open.
  const decided = sorted.filter((a) => a.status !== "booked" || a.start.getTime() <= now);
  const cancelled = decided.filter((a) => a.status === "cancelled");
  const lateCancellations = cancelled.filter(
    (a) => a.cancelledAt && a.start.getTime() - a.cancelledAt.getTime() < noticeMs,
  ).length;
  const cancellation: RatePattern | null =
    decided.length >= minSample
      ? {
          kind: "cancellation-rate",
          rate: cancelled.length / decided.length,
          count: cancelled.length,
          sampleSize: decided.length,
          late: lateCancellations,
        }
      : null;

  // No-shows: of the appointments whose outcome staff recorded.
  const outcomes = sorted.filter((a) => ATTENDED.has(a.status) || a.status === "no_show");
  const missed = outcomes.filter((a) => a.status === "no_show").length;
  const noShow: RatePattern | null =
    outcomes.length >= minSample
      ? { kind: "no-show-rate", rate: missed / outcomes.length, count: missed, sampleSize: outcomes.length }
      : null;

  // Punctuality: arrivals with minutes recorded, "arrived" without minutes counting as on time.
  const arrivals = sorted
    .filter((a) => ATTENDED.has(a.status))
    .map((a) => a.minutesLate ?? (a.status === "arrived" ? 0 : null))
    .filter((m): m is number => m !== null);
  let punctuality: PunctualityPattern | null = null;
  if (arrivals.length >= minSample) {
    const late = arrivals.filter((m) => m > grace);
    punctuality = {
      kind: "punctuality",
      onTimeShare: (arrivals.length - late.length) / arrivals.length,
      medianMinutesLate: late.length > 0 ? median(late) : 0,
      sampleSize: arrivals.length,
    };
  }

  return { weekdayPart, usualTime, usualStaff, cadences, cancellation, noShow, punctuality };
}

/** Every mined pattern as one list, e.g. for turning them into inferred profile facts. */
export function listBehaviourPatterns(patterns: BehaviourPatterns): BehaviourPattern[] {
  return [
    patterns.weekdayPart,
    patterns.usualTime,
    patterns.usualStaff,
    ...patterns.cadences,
    patterns.cancellation,
    patterns.noShow,
    patterns.punctuality,
  ].filter((p): p is BehaviourPattern => p !== null);
}
