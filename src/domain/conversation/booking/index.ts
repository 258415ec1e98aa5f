/**
 * The booking conversation, pure: understanding what a message asks of the booking and wording the
 * replies. No I/O and no clock of its own: `now`, the business and the language are passed in.
 *
 * Reading:  readBookingRequest → intent + one-off wish (+ the appointment a reschedule/cancel names)
 *           readSlotChoice     → which proposal, or "other" with a new one-off wish
 *           readYesNo, readServiceChoice → answers to the booking's questions
 *           withoutOneOffTimes → drop the extractor's time preference when the times were one-off
 *           appointmentsNamed, readAppointmentChoice → which of the customer's appointments is meant
 * Wording:  proposeSlots, confirmBooking, offerUsualService, offerEmergencySlot, confirmReschedule,
 *           askWhichAppointment, askToCancel, confirmCancellation, cancelTooLate (canCancel),
 *           listUpcoming, noSlotsFound, askWhichService, askPatternConfirmation
 */
export { readServiceChoice, readYesNo } from "./Answers.ts";
export {
  askPatternConfirmation,
  askToCancel,
  askWhichAppointment,
  askWhichService,
  type BookingChoice,
  type BookingMessage,
  type BookingQuestion,
  canCancel,
  cancelTooLate,
  confirmBooking,
  confirmCancellation,
  confirmReschedule,
  describeWish,
  formatLocalDate,
  formatSlotTime,
  listUpcoming,
  NO_ID,
  noSlotsFound,
  offerEmergencySlot,
  offerUsualService,
  proposeSlots,
  type ReplyContext,
  SERVICE_ID_PREFIX,
  serviceDisplayName,
  slotTaken,
  staffDisplayName,
  YES_ID,
} from "./BookingReplies.ts";
export {
  type AppointmentPointer,
  type BookingContext,
  type BookingIntent,
  type BookingRequest,
  isOneOffTimeWish,
  readBookingRequest,
  readWish,
  withoutOneOffTimes,
} from "./BookingRequest.ts";
export { APPOINTMENT_ID_PREFIX, appointmentsNamed, readAppointmentChoice } from "./NamedAppointment.ts";
export {
  OTHER_SLOT_ID,
  proposalsKey,
  type ReplyId,
  readSlotChoice,
  type SlotChoice,
  slotChoiceId,
} from "./SlotChoice.ts";
export { type WallClockNow, wallClock } from "./WallClock.ts";
