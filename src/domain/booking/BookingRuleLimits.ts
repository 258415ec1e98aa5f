/**
 * The booking rules' defaults and the bounds a person means when changing them (a month of notice,
 * two years ahead at most), without zod: the settings schema and checks use them, and so does the
 * panel's booking-rules card.
 */
/** The slot grids the settings offer: each divides the hour, so slots start on the quarter, half, hour. */
export const SLOT_STEPS = [5, 10, 15, 20, 30, 60] as const;

export const BOOKING_RULE_DEFAULTS = {
  slotStepMinutes: 15,
  minNoticeHours: 2,
  bookingHorizonDays: 60,
  cancellationNoticeHours: 24,
} as const;

export const RULE_BOUNDS = {
  minNoticeHours: { max: 720, unit: "hours (30 days)", integer: false },
  bookingHorizonDays: { max: 730, unit: "days (two years)", integer: true },
  cancellationNoticeHours: { max: 720, unit: "hours (30 days)", integer: false },
} as const;
