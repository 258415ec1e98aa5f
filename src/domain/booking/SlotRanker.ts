/**
 * Orders candidate slots by what the customer wants, best first, and says why for each. Pure.
 *
 * Order of importance, as score tiers (a higher tier always outweighs every lower one together):
 *   1. this booking's one-off wish ("Friday afternoon instead", "with Dr. Weber", "at 3pm"),
 *   2. the preferred staff member (by id, or by gender; "no preference" is neutral),
 *   3. accommodations from special notes (a quiet room for tinnitus),
 *   4. stated preferred days, parts of day, after/before,
 *   5. the inferred weekday/part-of-day pattern (never above anything the customer said),
 *   then the soonest.
 * Filters, applied before scoring:
 *   - hard accommodations: "female-staff-only" keeps only female staff (unless this booking names a
 *     person), wheelchair/mobility keep only slots in a room with the attribute (when the practice
 *     has such a room for the service at all);
 *   - exclusions (not_days, not_parts) drop slots unless the one-off wish asks for exactly that day
 *     or part: the customer's word for this booking beats the standing rule.
 * Urgent wishes ignore preferences and exclusions, keep the hard accommodations, and put the
 * earliest slots today or tomorrow first.
 */

import type { ContactProfile } from "../profile/ContactProfileProjection.ts";
import { type Accommodations, accommodationsFor } from "./Accommodations.ts";
import type {
  BusinessSchedule,
  DayPart,
  OneOffWish,
  RankedSlot,
  Slot,
  SlotReason,
  Weekday,
} from "./types.ts";
import { addDays, parseLocalTime, WallClockReader, type WallClockReading } from "./WallClock.ts";

/** The parts of a contact profile the ranker reads; a full `ContactProfile` fits. */
export type RankingProfile = {
  structured: Pick<ContactProfile["structured"], "preferred_staff_member" | "preferred_appointment_times">;
  special_notes: readonly { concept: string | null }[];
};

/** An inferred habit ("usually Tuesday afternoons"), e.g. PatternMining's weekday/part pattern. */
export interface UsualSlotPattern {
  day: Weekday;
  part: DayPart;
}

export interface RankingInput {
  slots: readonly Slot[];
  schedule: BusinessSchedule;
  now: Date;
  profile?: RankingProfile | null;
  wish?: OneOffWish | null;
  pattern?: UsualSlotPattern | null;
}

const WISH = 10_000;
const STAFF = 1_000;
const ACCOMMODATION = 500;
const TIME = 100;
const PATTERN = 50;
/** How far from a wished-for exact time a slot may be and still count as close (minutes). */
const AT_REACH = 600;

interface Candidate {
  slot: Slot;
  local: WallClockReading;
}

function wishAsksFor(wish: OneOffWish | null | undefined, local: WallClockReading): boolean {
  if (!wish) return false;
  return Boolean(
    wish.days?.includes(local.weekday) ||
      wish.dates?.includes(local.date) ||
      wish.parts?.includes(local.part) ||
      (wish.at !== undefined && wish.at === local.time),
  );
}

/** The slots a customer can be offered at all: hard accommodations, then exclusions. */
function admissible(
  candidates: Candidate[],
  schedule: BusinessSchedule,
  accommodations: Accommodations,
  profile: RankingProfile | null | undefined,
  wish: OneOffWish | null | undefined,
  serviceRooms: (serviceId: string) => Set<string>,
): Candidate[] {
  const staffGender = new Map(schedule.staff.map((s) => [s.id, s.gender ?? null]));
  const roomAttributes = new Map(schedule.rooms.map((r) => [r.id, r.attributes]));
  const genderRule = wish?.staffId ? null : accommodations.staffGender;
  const hardRooms = accommodations.rooms.filter((r) => r.hard).map((r) => r.attribute);
  const times = wish?.urgent ? null : profile?.structured.preferred_appointment_times;
  const notDays = times?.not_days ?? [];
  const notParts = times?.not_parts ?? [];

  return candidates.filter(({ slot, local }) => {
    if (genderRule && staffGender.get(slot.staffId) !== genderRule) return false;
    for (const attribute of hardRooms) {
      // Only when the practice has a room for the service with it; otherwise it is reported as unmet.
      if (!serviceRooms(slot.serviceId).has(attribute)) continue;
      if (!slot.roomId || !roomAttributes.get(slot.roomId)?.includes(attribute)) return false;
    }
    if ((notDays.includes(local.weekday) || notParts.includes(local.part)) && !wishAsksFor(wish, local))
      return false;
    return true;
  });
}

function scoreWish(
  wish: OneOffWish,
  slot: Slot,
  local: WallClockReading,
  gender: string | null,
  reasons: SlotReason[],
) {
  let score = 0;
  if (wish.staffId !== undefined || wish.gender !== undefined) {
    if (wish.staffId === slot.staffId || (wish.staffId === undefined && wish.gender === gender)) {
      score += WISH;
      reasons.push({ kind: "requested", what: "staff" });
    }
  }
  if (wish.dates?.length || wish.days?.length) {
    if (wish.dates?.includes(local.date) || wish.days?.includes(local.weekday)) {
      score += WISH;
      reasons.push({ kind: "requested", what: "day" });
    }
  }
  if (wish.parts?.length && wish.parts.includes(local.part)) {
    score += WISH;
    reasons.push({ kind: "requested", what: "part" });
  }
  const within =
    (wish.after === undefined || local.minutes >= parseLocalTime(wish.after)) &&
    (wish.before === undefined || local.minutes < parseLocalTime(wish.before));
  if ((wish.after !== undefined || wish.before !== undefined) && within) {
    score += WISH;
    reasons.push({ kind: "requested", what: "time" });
  }
  if (wish.at !== undefined) {
    const distance = Math.abs(local.minutes - parseLocalTime(wish.at));
    if (distance === 0) {
      score += WISH;
      reasons.push({ kind: "requested", what: "time" });
    } else if (distance < AT_REACH) {
      // Close to the wished time beats far from it, but never beats another wish that was met.
      score += Math.round((WISH / 2) * (1 - distance / AT_REACH));
    }
  }
  return score;
}

/** The standing preferences with their times parsed once per ranking, not once per slot. */
interface StandingPreferences {
  staff: RankingProfile["structured"]["preferred_staff_member"];
  times: {
    days: readonly Weekday[];
    parts: readonly DayPart[];
    after: { time: string; minutes: number } | null;
    before: { time: string; minutes: number } | null;
  } | null;
  pattern: UsualSlotPattern | null;
}

function standingPreferences(input: RankingInput): StandingPreferences {
  const staff = input.profile?.structured.preferred_staff_member ?? null;
  const times = input.profile?.structured.preferred_appointment_times ?? null;
  // "Any time works" ranks nothing.
  const anyTime =
    times?.flexible && times.days.length + times.parts.length === 0 && !times.after && !times.before;
  return {
    staff,
    times:
      times && !anyTime
        ? {
            days: times.days,
            parts: times.parts,
            after: times.after ? { time: times.after, minutes: parseLocalTime(times.after) } : null,
            before: times.before ? { time: times.before, minutes: parseLocalTime(times.before) } : null,
          }
        : null,
    pattern: input.pattern ?? null,
  };
}

function scoreStanding(
  slot: Slot,
  local: WallClockReading,
  gender: string | null,
  input: StandingPreferences,
  accommodations: Accommodations,
  roomAttributes: Map<string, string[]>,
  reasons: SlotReason[],
): number {
  let score = 0;
  const staff = input.staff;
  if (staff && !staff.none) {
    if (staff.staffId) {
      if (staff.staffId === slot.staffId) {
        score += STAFF;
        reasons.push({ kind: "preferred-staff", staffId: slot.staffId });
      }
    } else if (staff.gender && staff.gender === gender) {
      score += STAFF;
      reasons.push({ kind: "preferred-gender", gender: staff.gender });
    }
  }
  if (
    accommodations.staffGender &&
    accommodations.staffGender === gender &&
    !reasons.some((r) => r.kind === "preferred-gender")
  ) {
    reasons.push({ kind: "preferred-gender", gender: accommodations.staffGender });
  }
  if (slot.roomId && accommodations.rooms.length > 0) {
    const attributes = roomAttributes.get(slot.roomId) ?? [];
    for (const need of accommodations.rooms) {
      if (attributes.includes(need.attribute)) {
        score += ACCOMMODATION;
        reasons.push({ kind: "accommodation", attribute: need.attribute, roomId: slot.roomId });
      }
    }
  }
  const times = input.times;
  if (times) {
    if (times.days.includes(local.weekday)) {
      score += TIME;
      reasons.push({ kind: "preferred-day", day: local.weekday });
    }
    if (times.parts.includes(local.part)) {
      score += TIME;
      reasons.push({ kind: "preferred-part", part: local.part });
    }
    if (times.after && local.minutes >= times.after.minutes) {
      score += TIME;
      reasons.push({ kind: "after", time: times.after.time });
    }
    if (times.before && local.minutes < times.before.minutes) {
      score += TIME;
      reasons.push({ kind: "before", time: times.before.time });
    }
  }
  const pattern = input.pattern;
  if (pattern && pattern.day === local.weekday && pattern.part === local.part) {
    score += PATTERN;
    reasons.push({ kind: "usual-pattern", day: pattern.day, part: pattern.part });
  }
  return score;
}

/** Candidate slots ordered best first, each with its score and the reasons behind it. */
export function rankSlots(input: RankingInput): RankedSlot[] {
  const { schedule, wish, profile } = input;
  const clock = WallClockReader.for(schedule.timezone);
  const accommodations = accommodationsFor(profile?.special_notes ?? []);
  const roomAttributes = new Map(schedule.rooms.map((r) => [r.id, r.attributes]));
  const staffGender = new Map(schedule.staff.map((s) => [s.id, s.gender ?? null]));
  const attributesByService = new Map<string, Set<string>>();
  const serviceRooms = (serviceId: string) => {
    let set = attributesByService.get(serviceId);
    if (!set) {
      set = new Set(
        schedule.rooms
          .filter((r) => r.serviceIds.length === 0 || r.serviceIds.includes(serviceId))
          .flatMap((r) => r.attributes),
      );
      attributesByService.set(serviceId, set);
    }
    return set;
  };

  // Slots usually arrive earliest first (findAvailableSlots); then a stable sort by score keeps
  // "soonest" as the tie-break without comparing dates.
  // Ties at the same start go by the staff's order in the schedule, as availability returns them.
  const staffOrder = new Map(schedule.staff.map((s, i) => [s.id, i]));
  const earlier = (a: Slot, b: Slot) =>
    a.start.getTime() - b.start.getTime() ||
    (staffOrder.get(a.staffId) ?? 0) - (staffOrder.get(b.staffId) ?? 0);
  const inOrder = input.slots.every((slot, i) => i === 0 || earlier(input.slots[i - 1] as Slot, slot) <= 0);
  const slots = inOrder ? input.slots : [...input.slots].sort(earlier);
  let candidates = admissible(
    slots.map((slot) => ({ slot, local: clock.read(slot.start) })),
    schedule,
    accommodations,
    profile,
    wish,
    serviceRooms,
  );

  if (wish?.urgent) {
    const today = clock.read(input.now).date;
    const soon = new Set([today, addDays(today, 1)]);
    const todayOrTomorrow = candidates.filter((c) => soon.has(c.local.date));
    // Nothing today or tomorrow: still the earliest there is, rather than nothing.
    if (todayOrTomorrow.length > 0) candidates = todayOrTomorrow;
  }

  const standing = standingPreferences(input);
  const ranked: RankedSlot[] = candidates.map(({ slot, local }) => {
    const reasons: SlotReason[] = [];
    const gender = staffGender.get(slot.staffId) ?? null;
    let score = 0;
    if (wish?.urgent) {
      // Emergencies: the earliest slot is the point; only the hard accommodations are still explained.
      if (accommodations.staffGender)
        reasons.push({ kind: "preferred-gender", gender: accommodations.staffGender });
      if (slot.roomId) {
        for (const need of accommodations.rooms) {
          if (need.hard && roomAttributes.get(slot.roomId)?.includes(need.attribute)) {
            reasons.push({ kind: "accommodation", attribute: need.attribute, roomId: slot.roomId });
          }
        }
      }
    } else {
      if (wish) score += scoreWish(wish, slot, local, gender, reasons);
      score += scoreStanding(slot, local, gender, standing, accommodations, roomAttributes, reasons);
    }
    return {
      staffId: slot.staffId,
      serviceId: slot.serviceId,
      roomId: slot.roomId,
      start: slot.start,
      end: slot.end,
      score,
      reasons,
      local: { date: local.date, weekday: local.weekday, time: local.time, part: local.part },
    };
  });

  // Before sorting, the first is the earliest.
  ranked[0]?.reasons.push({ kind: "soonest" });
  ranked.sort((a, b) => b.score - a.score);
  return ranked;
}

/**
 * Two or three proposals that are real alternatives, best first: never three adjacent steps of the
 * same morning. First pass: one per local date and part of day; second: at least an hour from any
 * proposal with the same staff member; last: whatever ranks next.
 */
export function pickProposals(ranked: readonly RankedSlot[], n = 3): RankedSlot[] {
  const picked: RankedSlot[] = [];
  const bucket = (s: RankedSlot) =>
    s.local
      ? `${s.local.date}|${s.local.part}`
      : `${s.start.toISOString().slice(0, 10)}|${s.start.getUTCHours() < 12}`;
  const passes: ((candidate: RankedSlot) => boolean)[] = [
    (c) => picked.every((p) => bucket(p) !== bucket(c)),
    (c) =>
      picked.every(
        (p) => Math.abs(p.start.getTime() - c.start.getTime()) >= 3_600_000 || p.staffId !== c.staffId,
      ) && picked.every((p) => p.start.getTime() !== c.start.getTime()),
    () => true,
  ];
  for (const distinct of passes) {
    for (const candidate of ranked) {
      if (picked.length >= n) return picked;
      if (!picked.includes(candidate) && distinct(candidate)) picked.push(candidate);
    }
  }
  return picked;
}
