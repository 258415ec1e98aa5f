import type { DayPart, Weekday } from "../../types.ts";

/** How English names standing days and parts of the day ("Tuesdays", "mornings"): one table for every describer. */
export const EN_CALENDAR_WORDS = {
  days: {
    mon: "Mondays",
    tue: "Tuesdays",
    wed: "Wednesdays",
    thu: "Thursdays",
    fri: "Fridays",
    sat: "Saturdays",
    sun: "Sundays",
  } satisfies Record<Weekday, string>,
  parts: { morning: "mornings", afternoon: "afternoons", evening: "evenings" } satisfies Record<
    DayPart,
    string
  >,
} as const;
