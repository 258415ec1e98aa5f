import type { DayPart, Weekday } from "../../types.ts";

/** How German names standing days and parts of the day ("dienstags", "vormittags"), Swiss spelling. */
export const DE_CALENDAR_WORDS = {
  days: {
    mon: "montags",
    tue: "dienstags",
    wed: "mittwochs",
    thu: "donnerstags",
    fri: "freitags",
    sat: "samstags",
    sun: "sonntags",
  } satisfies Record<Weekday, string>,
  parts: { morning: "vormittags", afternoon: "nachmittags", evening: "abends" } satisfies Record<
    DayPart,
    string
  >,
} as const;
