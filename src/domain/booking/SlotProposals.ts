/**
 * The one call the booking conversation makes: availability for a service, ranked for this
 * customer, narrowed to two or three real alternatives. Pure; the caller brings the schedule,
 * the indexed busy times and "now".
 */
import {
  accommodationsFor,
  preferredRoomAttributes,
  type RoomNeed,
  unmetRoomNeeds,
} from "./Accommodations.ts";
import { type BusyTimes, bookingHorizonEnd, findAvailableSlots } from "./Availability.ts";
import { pickProposals, type RankingProfile, rankSlots, type UsualSlotPattern } from "./SlotRanker.ts";
import type { BusinessSchedule, OneOffWish, RankedSlot } from "./types.ts";
import { addDays, readWallClock, wallClockToInstant } from "./WallClock.ts";

export interface ProposalRequest {
  serviceId: string;
  now: Date;
  profile?: RankingProfile | null;
  wish?: OneOffWish | null;
  pattern?: UsualSlotPattern | null;
  /** Default: now until the booking horizon (urgent: until the end of tomorrow, widened if empty). */
  from?: Date;
  to?: Date;
  /** How many proposals (default 3). */
  count?: number;
}

export interface SlotProposals {
  /** Every admissible slot, best first. */
  ranked: RankedSlot[];
  /** Two or three diverse alternatives from the top of `ranked`. */
  proposals: RankedSlot[];
  /** Hard room needs no room for this service meets (e.g. no accessible room): tell staff. */
  unmetAccommodations: RoomNeed[];
}

export function proposeSlots(
  schedule: BusinessSchedule,
  busy: BusyTimes,
  request: ProposalRequest,
): SlotProposals {
  const { now, wish } = request;
  const accommodations = accommodationsFor(request.profile?.special_notes ?? []);
  const preferRoomAttributes = preferredRoomAttributes(accommodations);
  const horizon = bookingHorizonEnd(schedule, now);
  const from = request.from ?? now;
  let to = request.to ?? horizon;
  if (wish?.urgent && !request.to) {
    // The end of tomorrow on the wall clock: an emergency needs no slots from next month.
    to = wallClockToInstant(addDays(readWallClock(now, schedule.timezone).date, 2), 0, schedule.timezone);
  }
  const find = (until: Date) =>
    findAvailableSlots(schedule, busy, {
      serviceId: request.serviceId,
      from,
      to: until,
      now,
      preferRoomAttributes,
    });
  let slots = find(to);
  if (slots.length === 0 && wish?.urgent && !request.to) slots = find(horizon);

  const ranked = rankSlots({
    slots,
    schedule,
    now,
    profile: request.profile ?? null,
    wish: wish ?? null,
    pattern: request.pattern ?? null,
  });
  return {
    ranked,
    proposals: pickProposals(ranked, request.count ?? 3),
    unmetAccommodations: unmetRoomNeeds(schedule, request.serviceId, accommodations),
  };
}
