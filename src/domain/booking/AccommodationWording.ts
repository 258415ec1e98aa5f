/**
 * What an appointment must provide, in the team's words (calendar): the rooms and the staff gender
 * that `accommodationsFor` reads from the customer's notes. Wording is data in English and German.
 */
import type { StaffWording } from "../profile/SafetyAlerts.ts";
import type { Accommodations } from "./Accommodations.ts";

export const ROOM_WORDING: Readonly<Record<string, StaffWording>> = {
  "wheelchair-accessible": { en: "Wheelchair-accessible room", de: "Rollstuhlgängiger Raum" },
  "ground-floor": { en: "Ground-floor room", de: "Raum im Erdgeschoss" },
  quiet: { en: "Quiet room", de: "Ruhiger Raum" },
};

export const STAFF_GENDER_WORDING: Readonly<Record<"female" | "male", StaffWording>> = {
  female: { en: "Female staff only", de: "Nur weibliches Personal" },
  male: { en: "Male staff only", de: "Nur männliches Personal" },
};

/** Hard needs first; a room attribute without wording shows its id. */
export function describeAccommodations(accommodations: Accommodations): StaffWording[] {
  const rooms = [...accommodations.rooms]
    .sort((a, b) => Number(b.hard) - Number(a.hard))
    .map((room) => ROOM_WORDING[room.attribute] ?? { en: room.attribute, de: room.attribute });
  return [
    ...rooms,
    ...(accommodations.staffGender ? [STAFF_GENDER_WORDING[accommodations.staffGender]] : []),
  ];
}
