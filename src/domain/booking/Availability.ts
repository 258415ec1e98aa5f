/**
 * Availability as subtraction (Easy!Appointments, Cal.com): each staff member's working plan,
 * clipped to opening hours, minus closed dates, absences and existing appointments with their
 * buffers, stepped into slots that fit the service; a slot also needs a free suitable room when the
 * business has rooms for the service. Pure: the schedule, the appointments and "now" come in.
 *
 * Two rules worth knowing:
 * - Buffers separate appointments from each other and from absences (Cal.com's rule): the service's
 *   own time must lie within working hours, its preparation and tidying may not overlap another
 *   appointment's (including that one's buffers), but may fall before opening or into a break.
 * - Slots are stepped in wall-clock minutes from the start of each working span and converted to
 *   instants per local date, so 09:00 stays 09:00 across daylight-saving changes.
 */
import { intersect, type MinuteSpan, toMinuteSpans } from "./MinuteSpans.ts";
import type { Appointment, BusinessSchedule, Room, ScheduledService, Slot, Weekday } from "./types.ts";
import { calendarDayMs, LocalDay, readWallClock } from "./WallClock.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Sorted, merged busy intervals of one staff member or room, in epoch ms; overlap test by binary search. */
export class BusyIntervals {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;

  constructor(intervals: readonly { start: number; end: number }[]) {
    const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const { start, end } of sorted) {
      const last = ends.length - 1;
      if (last >= 0 && start <= (ends[last] as number)) ends[last] = Math.max(ends[last] as number, end);
      else {
        starts.push(start);
        ends.push(end);
      }
    }
    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
  }

  get size(): number {
    return this.starts.length;
  }

  /** Whether [start, end) touches any busy interval. Touching ends (10:00–10:30 vs 10:30–11:00) is free. */
  overlaps(start: number, end: number): boolean {
    return this.blockingEnd(start, end) !== null;
  }

  /** The end of the busy interval that overlaps [start, end), or null when free: lets a scan jump past it. */
  blockingEnd(start: number, end: number): number | null {
    // First interval that ends after `start`; it overlaps if it begins before `end`.
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.starts.length && (this.starts[lo] as number) < end ? (this.ends[lo] as number) : null;
  }
}

/** Who and what is taken, precomputed once per schedule and appointment set, reused across requests. */
export interface BusyTimes {
  byStaff: Map<string, BusyIntervals>;
  byRoom: Map<string, BusyIntervals>;
}

const NO_BUSY = new BusyIntervals([]);

/**
 * Indexes non-cancelled appointments (with their service's buffers) and absences per staff member
 * and per room. Build it once and pass it to every `findAvailableSlots` call of a request burst.
 */
/** What availability needs of an appointment: who, which room, which service (for its buffers), when. */
export type BusyAppointment = Pick<
  Appointment,
  "staffId" | "serviceId" | "roomId" | "start" | "end" | "status"
>;

export function indexBusyTimes(
  schedule: BusinessSchedule,
  appointments: readonly BusyAppointment[],
): BusyTimes {
  const services = new Map(schedule.services.map((s) => [s.id, s]));
  const staff = new Map<string, { start: number; end: number }[]>();
  const rooms = new Map<string, { start: number; end: number }[]>();
  const push = (
    map: Map<string, { start: number; end: number }[]>,
    key: string,
    start: number,
    end: number,
  ) => {
    let list = map.get(key);
    if (!list) {
      list = [];
      map.set(key, list);
    }
    list.push({ start, end });
  };
  for (const appointment of appointments) {
    if (appointment.status === "cancelled") continue;
    const service = services.get(appointment.serviceId);
    const start = appointment.start.getTime() - (service?.bufferBeforeMinutes ?? 0) * MINUTE_MS;
    const end = appointment.end.getTime() + (service?.bufferAfterMinutes ?? 0) * MINUTE_MS;
    push(staff, appointment.staffId, start, end);
    if (appointment.roomId) push(rooms, appointment.roomId, start, end);
  }
  for (const absence of schedule.absences) {
    push(staff, absence.staffId, absence.start.getTime(), absence.end.getTime());
  }
  const build = (map: Map<string, { start: number; end: number }[]>) =>
    new Map([...map].map(([key, list]) => [key, new BusyIntervals(list)]));
  return { byStaff: build(staff), byRoom: build(rooms) };
}

export interface AvailabilityRequest {
  serviceId: string;
  /** Window of slot starts, [from, to). Clipped to min notice and the booking horizon. */
  from: Date;
  to: Date;
  now: Date;
  /** Only these staff members (e.g. the customer asked for one); default everyone who performs the service. */
  staffIds?: readonly string[];
  /**
   * Room attributes to prefer when several suitable rooms are free ("wheelchair-accessible" for a
   * wheelchair user). A slot still gets another free room when none with them is; the ranker decides
   * whether that is acceptable.
   */
  preferRoomAttributes?: readonly string[];
}

/**
 * Rooms for a service, those with every preferred attribute first. Otherwise plain rooms come
 * before rooms with attributes, so the accessible room stays free for the customers who need it.
 */
export function roomsForService(
  schedule: BusinessSchedule,
  serviceId: string,
  preferAttributes: readonly string[] = [],
): Room[] {
  const suitable = schedule.rooms.filter(
    (r) => r.serviceIds.length === 0 || r.serviceIds.includes(serviceId),
  );
  const plainFirst = [...suitable].sort((a, b) => a.attributes.length - b.attributes.length);
  if (preferAttributes.length === 0) return plainFirst;
  const fits = (r: Room) => preferAttributes.every((a) => r.attributes.includes(a));
  return [...plainFirst.filter(fits), ...plainFirst.filter((r) => !fits(r))];
}

export function findService(schedule: BusinessSchedule, serviceId: string): ScheduledService {
  const service = schedule.services.find((s) => s.id === serviceId);
  if (!service) throw new Error(`unknown service "${serviceId}"`);
  return service;
}

/** The last instant a slot may start: `horizonDays` after now. */
export function bookingHorizonEnd(schedule: BusinessSchedule, now: Date): Date {
  return new Date(now.getTime() + schedule.horizonDays * DAY_MS);
}

/**
 * Every bookable slot for one service in [from, to), earliest first (ties in staff order).
 * Pass `BusyTimes` from `indexBusyTimes` when asking several times; raw appointments are indexed on
 * the fly.
 */
export function findAvailableSlots(
  schedule: BusinessSchedule,
  busy: BusyTimes | readonly Appointment[],
  request: AvailabilityRequest,
): Slot[] {
  const taken = Array.isArray(busy)
    ? indexBusyTimes(schedule, busy as readonly Appointment[])
    : (busy as BusyTimes);
  const service = findService(schedule, request.serviceId);
  const earliest = Math.max(
    request.from.getTime(),
    request.now.getTime() + schedule.minNoticeMinutes * MINUTE_MS,
  );
  const latest = Math.min(request.to.getTime(), bookingHorizonEnd(schedule, request.now).getTime());
  if (earliest >= latest) return [];

  const staff = schedule.staff.filter(
    (s) => s.serviceIds.includes(service.id) && (!request.staffIds || request.staffIds.includes(s.id)),
  );
  if (staff.length === 0) return [];

  // Working spans per staff member and weekday, already clipped to opening hours.
  const opening = new Map<Weekday, MinuteSpan[]>();
  const openingOn = (day: Weekday) => {
    let spans = opening.get(day);
    if (!spans) {
      spans = toMinuteSpans(schedule.openingHours[day]);
      opening.set(day, spans);
    }
    return spans;
  };
  const plans = staff.map((member) => {
    const byDay = new Map<Weekday, MinuteSpan[]>();
    return {
      member,
      busy: taken.byStaff.get(member.id) ?? NO_BUSY,
      spansOn(day: Weekday): MinuteSpan[] {
        let spans = byDay.get(day);
        if (!spans) {
          spans = intersect(toMinuteSpans(member.plan[day]), openingOn(day));
          byDay.set(day, spans);
        }
        return spans;
      },
    };
  });

  const rooms = roomsForService(schedule, service.id, request.preferRoomAttributes).map((room) => ({
    id: room.id,
    busy: taken.byRoom.get(room.id) ?? NO_BUSY,
  }));
  const closed = new Set(schedule.closedDates);
  const duration = service.minutes * MINUTE_MS;
  const before = service.bufferBeforeMinutes * MINUTE_MS;
  const after = service.bufferAfterMinutes * MINUTE_MS;
  const step = schedule.slotStepMinutes;

  const slots: Slot[] = [];
  const lastDay = calendarDayMs(readWallClock(new Date(latest - 1), schedule.timezone).date);
  for (
    let dayMs = calendarDayMs(readWallClock(new Date(earliest), schedule.timezone).date);
    dayMs <= lastDay;
    dayMs += DAY_MS
  ) {
    const day = LocalDay.of(dayMs, schedule.timezone);
    if (closed.has(day.date)) continue;
    for (const plan of plans) {
      for (const span of plan.spansOn(day.weekday)) {
        let m = span.start;
        while (m + service.minutes <= span.end) {
          const start = day.instantMs(m);
          if (start >= latest) break;
          if (start < earliest) {
            m += step;
            continue;
          }
          const end = start + duration;
          const blockedUntil = plan.busy.blockingEnd(start - before, end + after);
          if (blockedUntil !== null) {
            // Jump to the first step whose preparation starts after the blocking interval.
            // Wall minutes equal elapsed minutes except on a change day, where it steps one at a time.
            const skip = day.steady
              ? Math.max(1, Math.ceil((blockedUntil - (start - before)) / (step * MINUTE_MS)))
              : 1;
            m += skip * step;
            continue;
          }
          let roomId: string | null = null;
          if (rooms.length > 0) {
            const room = rooms.find((r) => !r.busy.overlaps(start - before, end + after));
            if (!room) {
              m += step;
              continue;
            }
            roomId = room.id;
          }
          slots.push({
            staffId: plan.member.id,
            serviceId: service.id,
            roomId,
            start: new Date(start),
            end: new Date(end),
          });
          m += step;
        }
      }
    }
  }
  // Staff were visited in schedule order per date, so a stable sort by start keeps that as the tie-break.
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}
