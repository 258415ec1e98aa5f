/**
 * Who is busy when, per business, indexed for availability and kept for a few seconds: a burst of
 * booking messages reads the appointment book once, not once per message. Staleness is safe — the
 * database refuses a double booking whatever availability said, and the bot then proposes again —
 * and this process forgets a business's entry as soon as it books or cancels there itself.
 */
import type { AppointmentRepository } from "../adapters/db/AppointmentRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import { type BusyAppointment, type BusyTimes, indexBusyTimes } from "../domain/booking/Availability.ts";
import type { BusinessSchedule } from "../domain/booking/types.ts";

const DAY_MS = 86_400_000;

export interface IndexedBusyTimes {
  /** The schedule with the staff absences recorded in the database added. */
  schedule: BusinessSchedule;
  times: BusyTimes;
  /** The appointments the index was built from. */
  appointments: readonly BusyAppointment[];
}

interface Entry {
  loadedAt: number;
  /** The period the entry covers: from its loading to the booking horizon then. */
  to: number;
  schedule: BusinessSchedule;
  busy: Promise<IndexedBusyTimes>;
}

export class BusyTimesCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: { db: Database; appointments: AppointmentRepository },
    private readonly ttlMs = 10_000,
  ) {}

  /** Busy times from `now` to at least `to`, from the cache when it is fresh and covers them. */
  get(businessId: string, schedule: BusinessSchedule, now: Date, to: Date): Promise<IndexedBusyTimes> {
    const entry = this.entries.get(businessId);
    const fresh = entry && Date.now() - entry.loadedAt < this.ttlMs && entry.schedule === schedule;
    if (fresh && entry.to >= to.getTime()) return entry.busy;
    const until = new Date(Math.max(to.getTime(), now.getTime() + schedule.horizonDays * DAY_MS));
    const busy = this.load(businessId, schedule, now, until);
    busy.catch(() => this.entries.delete(businessId));
    this.entries.set(businessId, { loadedAt: Date.now(), to: until.getTime(), schedule, busy });
    return busy;
  }

  /**
   * This process just booked: the entry takes the appointment in (re-indexing in memory is several
   * times cheaper than reading the book again), so the next customer is not offered the same time.
   */
  booked(businessId: string, appointment: BusyAppointment): void {
    const entry = this.entries.get(businessId);
    if (!entry) return;
    entry.busy = entry.busy.then(({ schedule, appointments }) => {
      const next = [...appointments, appointment];
      return { schedule, appointments: next, times: indexBusyTimes(schedule, next) };
    });
    entry.busy.catch(() => this.entries.delete(businessId));
  }

  /** This process changed the business's appointments: the next request reads them again. */
  forget(businessId: string): void {
    this.entries.delete(businessId);
  }

  private async load(
    businessId: string,
    base: BusinessSchedule,
    from: Date,
    to: Date,
  ): Promise<IndexedBusyTimes> {
    const { db, appointments } = this.deps;
    const [busy, absences] = await Promise.all([
      appointments.busyBetween(db, businessId, from, to),
      appointments.absencesBetween(db, businessId, from, to),
    ]);
    const schedule = { ...base, absences: [...base.absences, ...absences] };
    return { schedule, appointments: busy, times: indexBusyTimes(schedule, busy) };
  }
}
