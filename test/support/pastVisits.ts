/** Appointments written straight into the book, as if booked before the test (a customer's history). */
import {
  AppointmentRepository,
  type StoredAppointment,
} from "../../src/adapters/db/AppointmentRepository.ts";
import type { Database } from "../../src/adapters/db/database.ts";

const appointments = new AppointmentRepository();

/** A 30-minute check-up with `staffKey` starting at `start` (an ISO instant), 10 minutes' clean-up after. */
export function bookCheckup(
  db: Database,
  at: { businessId: string; contactId: string; staffKey: string; start: string },
): Promise<StoredAppointment> {
  const start = new Date(at.start);
  return appointments.book(db, {
    businessId: at.businessId,
    contactId: at.contactId,
    staffKey: at.staffKey,
    serviceKey: "checkup",
    roomKey: null,
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
  });
}
