/**
 * What a customer's special notes mean for where and with whom they can be booked. The concept ids
 * are the extractor's (src/domain/extraction/concepts.ts); the room attributes are the ones a
 * practice gives its rooms in practice.json ("ground-floor" comes with floor 0).
 *
 * Hard needs filter slots out; soft ones only rank. A wheelchair user cannot be sent upstairs, and
 * "female staff only" is a cultural or religious boundary, not a taste, so both are hard. A hard
 * room need the practice cannot meet for a service (no room has the attribute) does not empty the
 * list: it is reported as unmet so the conversation can hand over to staff.
 */
import type { BusinessSchedule, Gender } from "./types.ts";

export interface RoomNeed {
  attribute: string;
  hard: boolean;
  /** The concepts that asked for it. */
  concepts: string[];
}

export interface Accommodations {
  rooms: RoomNeed[];
  /** Only staff of this gender (from "female-staff-only" / "male-staff-only"). */
  staffGender: Gender | null;
}

/** Concept id → what it asks of the room or the staff. */
export const ACCOMMODATION_BY_CONCEPT: Readonly<
  Record<string, { room: string; hard: boolean } | { staffGender: Gender }>
> = {
  wheelchair: { room: "wheelchair-accessible", hard: true },
  mobility: { room: "ground-floor", hard: true },
  "ground-floor": { room: "ground-floor", hard: true },
  "restricted-movement": { room: "ground-floor", hard: false },
  tinnitus: { room: "quiet", hard: false },
  "quiet-music": { room: "quiet", hard: false },
  "female-staff-only": { staffGender: "female" },
  "male-staff-only": { staffGender: "male" },
};

/** The room attributes customers' notes can ask for: what a practice should give its rooms. */
export const ROOM_ATTRIBUTES_ASKED_FOR: readonly string[] = [
  ...new Set(Object.values(ACCOMMODATION_BY_CONCEPT).flatMap((need) => ("room" in need ? [need.room] : []))),
];

/** The accommodations behind a profile's special notes (notes without a known concept are ignored). */
export function accommodationsFor(notes: readonly { concept: string | null }[]): Accommodations {
  const rooms = new Map<string, RoomNeed>();
  let staffGender: Gender | null = null;
  for (const { concept } of notes) {
    const need = concept ? ACCOMMODATION_BY_CONCEPT[concept] : undefined;
    if (!need || !concept) continue;
    if ("staffGender" in need) {
      staffGender = need.staffGender;
      continue;
    }
    const known = rooms.get(need.room);
    if (known) {
      known.hard ||= need.hard;
      known.concepts.push(concept);
    } else rooms.set(need.room, { attribute: need.room, hard: need.hard, concepts: [concept] });
  }
  return { rooms: [...rooms.values()], staffGender };
}

/** Room attributes to ask availability to prefer, hard needs first. */
export function preferredRoomAttributes(accommodations: Accommodations): string[] {
  return [...accommodations.rooms].sort((a, b) => Number(b.hard) - Number(a.hard)).map((r) => r.attribute);
}

/** Hard room needs no room for this service can meet: the conversation should tell staff. */
export function unmetRoomNeeds(
  schedule: BusinessSchedule,
  serviceId: string,
  accommodations: Accommodations,
): RoomNeed[] {
  const rooms = schedule.rooms.filter((r) => r.serviceIds.length === 0 || r.serviceIds.includes(serviceId));
  return accommodations.rooms.filter(
    (need) => need.hard && !rooms.some((r) => r.attributes.includes(need.attribute)),
  );
}
