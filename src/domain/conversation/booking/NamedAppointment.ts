/**
 * Which of the customer's own appointments a reschedule or cancellation means: the ones that fit
 * what the message named ("my Tuesday appointment", "the massage with Sarah"), and the customer's
 * answer when the bot asked which (`appointment:<id>`, a number, or words).
 */
import type { Appointment } from "../../booking/types.ts";
import { fold } from "../../extraction/text/fold.ts";
import { type AppointmentPointer, type BookingContext, readBookingRequest } from "./BookingRequest.ts";
import type { ReplyId } from "./SlotChoice.ts";
import { wallClock } from "./WallClock.ts";

export const APPOINTMENT_ID_PREFIX = "appointment:";

/** The appointments that fit the pointer, soonest first; every one of them when nothing was named. */
export function appointmentsNamed(
  pointer: AppointmentPointer | null,
  appointments: readonly Appointment[],
  timezone: string,
): Appointment[] {
  const sorted = [...appointments].sort((a, b) => a.start.getTime() - b.start.getTime());
  if (!pointer) return sorted;
  return sorted.filter((a) => {
    const local = wallClock(a.start, timezone);
    if (pointer.dates && !pointer.dates.includes(local.date)) return false;
    if (pointer.days && !pointer.days.includes(local.weekday)) return false;
    if (pointer.parts && !pointer.parts.includes(partOf(local.time))) return false;
    if (pointer.at && pointer.at !== local.time) return false;
    if (pointer.serviceIds && !pointer.serviceIds.includes(a.serviceId)) return false;
    if (pointer.staffId && pointer.staffId !== a.staffId) return false;
    return true;
  });
}

/** The answer to "which appointment?": by the tapped row, its number, or words that fit exactly one. */
export function readAppointmentChoice(
  reply: string | ReplyId,
  appointments: readonly Appointment[],
  context: BookingContext,
): Appointment | null {
  const shown = [...appointments].sort((a, b) => a.start.getTime() - b.start.getTime());
  if (typeof reply !== "string") {
    const id = reply.id.startsWith(APPOINTMENT_ID_PREFIX)
      ? reply.id.slice(APPOINTMENT_ID_PREFIX.length)
      : null;
    return shown.find((a) => a.id === id) ?? null;
  }
  const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(fold(reply));
  if (n) return shown[Number(n[1]) - 1] ?? null;
  // Read as if it were a cancellation, so every time word names the appointment.
  const pointer = readBookingRequest(`cancel ${reply}`, context).appointment;
  if (!pointer) return null;
  const fits = appointmentsNamed(pointer, shown, context.timezone ?? context.business.timezone);
  return fits.length === 1 ? (fits[0] as Appointment) : null;
}

function partOf(time: string): "morning" | "afternoon" | "evening" {
  return time < "12:00" ? "morning" : time < "17:00" ? "afternoon" : "evening";
}
