/**
 * Appointments in the database, in the booking domain's terms (staff and services by catalogue key).
 * Booking relies on the exclusion constraints of migration 0004: two live appointments of one staff
 * member or room never overlap, whoever tries at the same moment — the loser gets `SlotTakenError`.
 */
import { and, asc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import type { BusyAppointment } from "../../domain/booking/Availability.ts";
import type { Appointment, AppointmentStatus } from "../../domain/booking/types.ts";
import { type Database, rawQuery, retryOnDeadlock, sqlStateOf } from "./database.ts";
import type { Executor } from "./ProfileRepository.ts";
import { appointments, services, staff, staffAbsences } from "./schema.ts";

interface BusyRow {
  staff: string;
  service: string;
  room: string | null;
  s: number | string;
  e: number | string;
}

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const BUSY_BETWEEN = {
  name: "rapport_appointments_busy_between",
  text: `
    SELECT s.key AS staff, v.key AS service, a.room_key AS room,
           ${epochMs("a.starts_at")} AS s, ${epochMs("a.ends_at")} AS e
    FROM appointments a
    JOIN staff s ON s.id = a.staff_id
    JOIN services v ON v.id = a.service_id
    WHERE a.business_id = $1::uuid AND a.status <> 'cancelled'
      AND a.blocked_from < $3::timestamptz AND a.blocked_until > $2::timestamptz
`,
};

/** Someone else got the slot first (or it overlaps another of the same staff member or room). */
export class SlotTakenError extends Error {
  constructor() {
    super("the slot is no longer free");
    this.name = "SlotTakenError";
  }
}

export interface NewAppointment {
  businessId: string;
  contactId: string;
  /** Catalogue keys. */
  staffKey: string;
  serviceKey: string;
  roomKey: string | null;
  start: Date;
  end: Date;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  bookedVia?: "chat" | "staff";
  messageId?: string | null;
  rescheduledFromId?: string | null;
}

const MINUTE = 60_000;

const selection = {
  id: appointments.id,
  contactId: appointments.contactId,
  staffKey: staff.key,
  serviceKey: services.key,
  roomKey: appointments.roomKey,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  blockedFrom: appointments.blockedFrom,
  blockedUntil: appointments.blockedUntil,
  status: appointments.status,
  createdAt: appointments.createdAt,
  cancelledAt: appointments.cancelledAt,
  minutesLate: appointments.minutesLate,
  messageId: appointments.messageId,
};

type Row = {
  id: string;
  contactId: string;
  staffKey: string;
  serviceKey: string;
  roomKey: string | null;
  startsAt: Date;
  endsAt: Date;
  blockedFrom: Date;
  blockedUntil: Date;
  status: AppointmentStatus;
  createdAt: Date;
  cancelledAt: Date | null;
  minutesLate: number | null;
  messageId: string | null;
};

/** An appointment with the time it keeps staff and room busy (buffers included). */
export interface StoredAppointment extends Appointment {
  blockedFrom: Date;
  blockedUntil: Date;
  /** The customer message it was booked in answer to. */
  messageId: string | null;
}

function toAppointment(row: Row): StoredAppointment {
  return {
    id: row.id,
    contactId: row.contactId,
    staffId: row.staffKey,
    serviceId: row.serviceKey,
    roomId: row.roomKey,
    start: row.startsAt,
    end: row.endsAt,
    status: row.status,
    createdAt: row.createdAt,
    cancelledAt: row.cancelledAt,
    minutesLate: row.minutesLate,
    blockedFrom: row.blockedFrom,
    blockedUntil: row.blockedUntil,
    messageId: row.messageId,
  };
}

export class AppointmentRepository {
  /**
   * Books, or throws `SlotTakenError` when the time is taken (checked by the database). A request
   * that lost a deadlock against a concurrent one for an overlapping time asks again, and then
   * finds the slot taken or free.
   */
  async book(db: Database, input: NewAppointment): Promise<StoredAppointment> {
    return retryOnDeadlock(() => this.bookOnce(db, input));
  }

  private async bookOnce(db: Executor, input: NewAppointment): Promise<StoredAppointment> {
    const rows = await this.insert(db, input).catch((error: unknown) => {
      if (sqlStateOf(error) === "23P01") throw new SlotTakenError();
      throw error;
    });
    const row = rows[0];
    if (!row) throw new Error(`unknown staff "${input.staffKey}" or service "${input.serviceKey}"`);
    const [stored] = await this.byIds(db, input.businessId, [row.id]);
    if (!stored) throw new Error("the booked appointment is gone");
    return stored;
  }

  private insert(db: Executor, input: NewAppointment) {
    const blockedFrom = new Date(input.start.getTime() - input.bufferBeforeMinutes * MINUTE);
    const blockedUntil = new Date(input.end.getTime() + input.bufferAfterMinutes * MINUTE);
    return db
      .execute(sql`
      INSERT INTO appointments (business_id, contact_id, staff_id, service_id, room_key, starts_at, ends_at,
                                blocked_from, blocked_until, booked_via, message_id, rescheduled_from_id)
      SELECT ${input.businessId}, ${input.contactId}, s.id, v.id, ${input.roomKey},
             ${input.start.toISOString()}::timestamptz, ${input.end.toISOString()}::timestamptz,
             ${blockedFrom.toISOString()}::timestamptz, ${blockedUntil.toISOString()}::timestamptz,
             ${input.bookedVia ?? "chat"}, ${input.messageId ?? null}, ${input.rescheduledFromId ?? null}
      FROM staff s, services v
      WHERE s.business_id = ${input.businessId} AND s.key = ${input.staffKey}
        AND v.business_id = ${input.businessId} AND v.key = ${input.serviceKey}
      RETURNING id
    `)
      .then((result) => (result as unknown as { rows: Array<{ id: string }> }).rows);
  }

  /**
   * Moves an appointment: the new one is booked and the old one cancelled in one transaction, so a
   * failed move leaves the old appointment as it was.
   */
  async reschedule(db: Database, appointmentId: string, input: NewAppointment): Promise<StoredAppointment> {
    return retryOnDeadlock(() =>
      db.transaction(async (tx) => {
        const cancelled = await this.cancel(tx, input.businessId, appointmentId, input.contactId);
        if (!cancelled) throw new Error("the appointment to move is not booked");
        return this.bookOnce(tx, { ...input, rescheduledFromId: appointmentId });
      }),
    );
  }

  /** Cancels a live appointment (of that contact, when given). False when there was none. */
  async cancel(
    db: Executor,
    businessId: string,
    appointmentId: string,
    contactId?: string,
  ): Promise<boolean> {
    const rows = await db
      .update(appointments)
      .set({ status: "cancelled", cancelledAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(appointments.businessId, businessId),
          eq(appointments.id, appointmentId),
          eq(appointments.status, "booked"),
          ...(contactId ? [eq(appointments.contactId, contactId)] : []),
        ),
      )
      .returning({ id: appointments.id });
    return rows.length > 0;
  }

  /** Staff record how a visit went: arrived, late (with minutes), no-show, completed. */
  async markAttendance(
    db: Executor,
    businessId: string,
    appointmentId: string,
    status: "arrived" | "late" | "no_show" | "completed",
    minutesLate: number | null = null,
  ): Promise<StoredAppointment | null> {
    const rows = await db
      .update(appointments)
      .set({
        status,
        minutesLate: status === "late" ? (minutesLate ?? 0) : status === "arrived" ? 0 : null,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(appointments.businessId, businessId),
          eq(appointments.id, appointmentId),
          ne(appointments.status, "cancelled"),
        ),
      )
      .returning({ id: appointments.id, contactId: appointments.contactId });
    const [marked] = rows;
    if (!marked) return null;
    // The contact's last visit follows attendance (a visit marked no-show later no longer counts).
    await db.execute(sql`
      UPDATE contacts SET last_visit_at = (
        SELECT max(starts_at) FROM appointments
        WHERE business_id = ${businessId} AND contact_id = ${marked.contactId}
          AND status IN ('arrived', 'late', 'completed'))
      WHERE business_id = ${businessId} AND id = ${marked.contactId}`);
    const [stored] = await this.byIds(db, businessId, [appointmentId]);
    return stored ?? null;
  }

  async byIds(db: Executor, businessId: string, ids: readonly string[]): Promise<StoredAppointment[]> {
    if (ids.length === 0) return [];
    const rows = await this.query(db)
      .where(and(eq(appointments.businessId, businessId), inArray(appointments.id, [...ids])))
      .orderBy(asc(appointments.startsAt));
    return rows.map(toAppointment);
  }

  /**
   * Live appointments keeping anyone busy between `from` and `to` (buffers included): for availability.
   * A lean read — a 90-day book holds thousands of rows — with instants as epoch milliseconds, which
   * are far cheaper to parse than timestamps.
   */
  async busyBetween(db: Database, businessId: string, from: Date, to: Date): Promise<BusyAppointment[]> {
    const rows = await rawQuery<BusyRow>(db, BUSY_BETWEEN, [
      businessId,
      from.toISOString(),
      to.toISOString(),
    ]);
    return rows.map((row) => ({
      staffId: row.staff,
      serviceId: row.service,
      roomId: row.room,
      start: new Date(Number(row.s)),
      end: new Date(Number(row.e)),
      status: "booked",
    }));
  }

  /** The contact's booked appointments from `now` on, soonest first. */
  async upcomingFor(
    db: Executor,
    businessId: string,
    contactId: string,
    now: Date,
  ): Promise<StoredAppointment[]> {
    const rows = await this.query(db)
      .where(
        and(
          eq(appointments.businessId, businessId),
          eq(appointments.contactId, contactId),
          eq(appointments.status, "booked"),
          gt(appointments.endsAt, now),
        ),
      )
      .orderBy(asc(appointments.startsAt));
    return rows.map(toAppointment);
  }

  /** Everything the contact ever booked, oldest first: what patterns are mined from. */
  async historyFor(db: Executor, businessId: string, contactId: string): Promise<StoredAppointment[]> {
    const rows = await this.query(db)
      .where(and(eq(appointments.businessId, businessId), eq(appointments.contactId, contactId)))
      .orderBy(asc(appointments.startsAt));
    return rows.map(toAppointment);
  }

  /** `historyFor` for several contacts in one query: contact id → appointments, oldest first. */
  async historiesFor(
    db: Executor,
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
  ): Promise<Map<string, StoredAppointment[]>> {
    const byContact = new Map<string, StoredAppointment[]>(contactsOf.map((c) => [c.contactId, []]));
    if (contactsOf.length === 0) return byContact;
    const rows = await this.query(db)
      .where(
        and(
          inArray(appointments.businessId, [...new Set(contactsOf.map((c) => c.businessId))]),
          inArray(appointments.contactId, [...byContact.keys()]),
        ),
      )
      .orderBy(asc(appointments.startsAt));
    for (const row of rows) byContact.get(row.contactId)?.push(toAppointment(row));
    return byContact;
  }

  /** Staff absences overlapping [from, to), by staff key. */
  async absencesBetween(
    db: Executor,
    businessId: string,
    from: Date,
    to: Date,
  ): Promise<Array<{ staffId: string; start: Date; end: Date; reason?: string }>> {
    const rows = await db
      .select({
        staffKey: staff.key,
        start: staffAbsences.startsAt,
        end: staffAbsences.endsAt,
        reason: staffAbsences.reason,
      })
      .from(staffAbsences)
      .innerJoin(staff, eq(staff.id, staffAbsences.staffId))
      .where(
        and(
          eq(staffAbsences.businessId, businessId),
          lt(staffAbsences.startsAt, to),
          gt(staffAbsences.endsAt, from),
        ),
      );
    return rows.map((row) => ({
      staffId: row.staffKey,
      start: row.start,
      end: row.end,
      ...(row.reason !== null && { reason: row.reason }),
    }));
  }

  private query(db: Executor) {
    return db
      .select(selection)
      .from(appointments)
      .innerJoin(staff, eq(staff.id, appointments.staffId))
      .innerJoin(services, eq(services.id, appointments.serviceId));
  }
}
