/**
 * How a practice works, as its owner writes it down (demo/practice.json), and the pure step that
 * turns that plus the catalogue (who works there, what it offers) into the `BusinessSchedule`
 * availability computes from. The schema validates each value; `buildBusinessSchedule` checks what
 * only the catalogue can tell (unknown staff or service ids) and reports every problem at once.
 */
import { z } from "zod";
import type { BusinessCatalog } from "../business/BusinessCatalog.ts";
import { CATALOG_KEY_PATTERN } from "../business/CatalogKey.ts";
import { WEEKDAYS } from "../extraction/types.ts";
import { BOOKING_RULE_DEFAULTS, RULE_BOUNDS, SLOT_STEPS } from "./BookingRuleLimits.ts";
import { intersect, type MinuteSpan, normalise, subtract, toLocalSpans } from "./MinuteSpans.ts";
import type {
  Absence,
  BusinessSchedule,
  LocalSpan,
  Room,
  ScheduledService,
  ScheduledStaff,
  Weekday,
  WeeklyPlan,
} from "./types.ts";
import { addDays, assertTimezone, parseLocalTime, wallClockToInstant } from "./WallClock.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "times are HH:MM");
/** A day of the calendar: "2026-02-31" matches the pattern but is no day, and is refused. */
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are YYYY-MM-DD")
  .refine((date) => {
    const day = new Date(`${date}T12:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === date;
  }, "no such day in the calendar");
const weekday = z.enum(WEEKDAYS);

/** ["08:00", "12:00"]: a span of one day, start before end. */
const span = z.tuple([hhmm, hhmm]).refine(([start, end]) => start < end, "a span must end after it starts");

/** The spans of one day, in order and not overlapping ("08:00–12:00, 13:30–18:00"). */
const daySpans = z
  .array(span)
  .refine(
    (spans) => spans.every((s, i) => i === 0 || (spans[i - 1] as [string, string])[1] <= s[0]),
    "spans must be in order and must not overlap",
  );

/** A week of spans; a missing or empty day means closed / not working. */
const weeklySpans = z.partialRecord(weekday, daySpans);

/** Minutes of preparation before and tidying after a service; a bare number is the time after. */
const buffer = z.union([
  z.number().int().nonnegative(),
  z.object({
    before: z.number().int().nonnegative().default(0),
    after: z.number().int().nonnegative().default(0),
  }),
]);

const staffSettings = z
  .object({
    /** Shorthand: works on these days during opening hours, optionally only from/to a time. */
    days: z.array(weekday).optional(),
    from: hhmm.optional(),
    to: hhmm.optional(),
    /** Explicit hours per weekday; wins over `days`/`from`/`to` for the days it lists. */
    hours: weeklySpans.optional(),
    /** Breaks on every working day (lunch), cut out of the hours. */
    breaks: z.array(span).default([]),
    /** Catalogue service ids this person performs. Missing or empty: not bookable online. */
    services: z.array(z.string().min(1)).default([]),
  })
  .refine((s) => s.days !== undefined || s.hours !== undefined, "give `days` or `hours`");

const roomSettings = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** 0 is the ground floor; rooms on it get the "ground-floor" attribute without saying so. */
  floor: z.number().int().optional(),
  /** "wheelchair-accessible", "quiet", …: what accommodations can ask for. */
  attributes: z.array(z.string().min(1)).default([]),
  /** Services done in this room; empty means any service. */
  services: z.array(z.string().min(1)).default([]),
});

const absenceSettings = z
  .object({
    staff: z.string().min(1),
    /** First day away. */
    from: localDate,
    /** Last day away (inclusive); defaults to `from`. */
    to: localDate.optional(),
    /** Part of a day: away from `fromTime` on the first day until `toTime` on the last. */
    fromTime: hhmm.optional(),
    toTime: hhmm.optional(),
    reason: z.string().optional(),
  })
  .refine((a) => a.to === undefined || a.to >= a.from, "an absence must end on or after its first day");

/** The scheduling part of a practice file. Keys predating rooms and breaks keep their meaning. */
export const practiceSettingsShape = {
  /** When the doors are open; staff hours are clipped to these. */
  openingHours: weeklySpans,
  staffHours: z.record(z.string(), staffSettings).default({}),
  /** Public holidays and other days the whole practice is closed. */
  closedDates: z.array(localDate).default([]),
  /** Per service id, plus "default" for the rest. */
  bufferMinutes: z.record(z.string(), buffer).default({}),
  rooms: z.array(roomSettings).default([]),
  absences: z.array(absenceSettings).default([]),
  slotStepMinutes: z.number().int().positive().default(BOOKING_RULE_DEFAULTS.slotStepMinutes),
  minNoticeHours: z.number().nonnegative().default(BOOKING_RULE_DEFAULTS.minNoticeHours),
  bookingHorizonDays: z.number().int().positive().default(BOOKING_RULE_DEFAULTS.bookingHorizonDays),
  cancellationNoticeHours: z.number().nonnegative().default(BOOKING_RULE_DEFAULTS.cancellationNoticeHours),
};

export const practiceSettingsSchema = z.object(practiceSettingsShape);

/**
 * What the admin API checks beyond the schema when the settings are saved, for the values that
 * change only: the booking rules within sensible bounds, the slot step from `SLOT_STEPS`, notice
 * shorter than the horizon, rooms with slug ids and attributes ("wheelchair-accessible"). A value already stored (practice.json, an older server) is kept as it is,
 * so saving one card never fails over another's old value. Each issue names its key.
 */
export function settingsChangeIssues(next: PracticeSettings, stored: PracticeSettings | null): string[] {
  const issues: string[] = [];
  const changed = (key: keyof PracticeSettings) =>
    stored === null || JSON.stringify(stored[key]) !== JSON.stringify(next[key]);
  for (const [key, { max, unit }] of Object.entries(RULE_BOUNDS) as [
    keyof typeof RULE_BOUNDS,
    { max: number; unit: string },
  ][]) {
    if (changed(key) && next[key] > max) issues.push(`${key}: at most ${max} ${unit}`);
  }
  if (changed("slotStepMinutes") && !(SLOT_STEPS as readonly number[]).includes(next.slotStepMinutes)) {
    issues.push(`slotStepMinutes: must be one of ${SLOT_STEPS.join(", ")}`);
  }
  if (
    (changed("minNoticeHours") || changed("bookingHorizonDays")) &&
    next.minNoticeHours >= next.bookingHorizonDays * 24
  ) {
    issues.push("minNoticeHours: must be shorter than the booking horizon, or nothing is bookable");
  }
  const storedRooms = new Map((stored?.rooms ?? []).map((room) => [room.id, JSON.stringify(room)]));
  for (const room of next.rooms) {
    if (storedRooms.get(room.id) === JSON.stringify(room)) continue;
    const where = `rooms.${room.id}`;
    if (!CATALOG_KEY_PATTERN.test(room.id)) {
      issues.push(`${where}: the id must be lower-case letters, digits and single hyphens, e.g. room-2`);
    }
    if (room.name.trim() === "" || room.name.length > 200)
      issues.push(`${where}: a name of 1 to 200 characters`);
    if (room.floor !== undefined && (room.floor < -5 || room.floor > 200)) {
      issues.push(`${where}: the floor must be from -5 to 200`);
    }
    for (const attribute of room.attributes) {
      if (!CATALOG_KEY_PATTERN.test(attribute) || attribute.length > 60) {
        issues.push(`${where}: the attribute "${attribute}" must be lower-case words joined by hyphens`);
      }
    }
  }
  return issues;
}

export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;
/** What a caller may write: defaults filled in by the schema. */
export type PracticeSettingsInput = z.input<typeof practiceSettingsSchema>;

export class BusinessSetupError extends Error {
  constructor(readonly issues: string[]) {
    super(`business setup: ${issues.join("; ")}`);
    this.name = "BusinessSetupError";
  }
}

/** Validates raw settings (e.g. parsed JSON from the admin API); throws with every problem listed. */
export function parsePracticeSettings(raw: unknown): PracticeSettings {
  const parsed = practiceSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new BusinessSetupError([z.prettifyError(parsed.error)]);
  return parsed.data;
}

const toSpans = (pairs: readonly (readonly [string, string])[] | undefined): MinuteSpan[] =>
  normalise(
    (pairs ?? []).map(([start, end]) => ({ start: parseLocalTime(start), end: parseLocalTime(end) })),
  );

function weeklyPlan(byDay: (day: Weekday) => MinuteSpan[]): WeeklyPlan {
  const plan: WeeklyPlan = {};
  for (const day of WEEKDAYS) {
    const spans = byDay(day);
    if (spans.length > 0) plan[day] = toLocalSpans(spans);
  }
  return plan;
}

/** One person's working plan: explicit hours, or opening hours on their days between from/to; minus breaks. */
function staffPlan(
  settings: z.infer<typeof staffSettings>,
  opening: PracticeSettings["openingHours"],
): WeeklyPlan {
  const breaks = toSpans(settings.breaks);
  return weeklyPlan((day) => {
    const explicit = settings.hours?.[day];
    let spans: MinuteSpan[];
    if (explicit !== undefined) spans = toSpans(explicit);
    else if (settings.days?.includes(day)) {
      const window = {
        start: settings.from ? parseLocalTime(settings.from) : 0,
        end: settings.to ? parseLocalTime(settings.to) : 24 * 60,
      };
      spans = intersect(toSpans(opening[day]), [window]);
    } else spans = [];
    return subtract(spans, breaks);
  });
}

function serviceBuffers(settings: PracticeSettings, serviceId: string): { before: number; after: number } {
  const value = settings.bufferMinutes[serviceId] ?? settings.bufferMinutes.default ?? 0;
  return typeof value === "number" ? { before: 0, after: value } : value;
}

/**
 * The schedule availability works from: catalogue staff and services with the practice's hours,
 * breaks, buffers, rooms, holidays and absences. Pure; throws `BusinessSetupError` listing every
 * id the catalogue does not know, so a typo in practice.json fails at start-up.
 */
export function buildBusinessSchedule(
  catalog: BusinessCatalog,
  settings: PracticeSettings,
): BusinessSchedule {
  const issues: string[] = [];
  try {
    assertTimezone(catalog.timezone);
  } catch {
    issues.push(`unknown timezone "${catalog.timezone}"`);
  }
  const staffIds = new Set(catalog.staff.map((s) => s.id));
  const serviceIds = new Set(catalog.services.map((s) => s.id));
  // Retired staff and services are known, not typos: what names them is left out below.
  const knownStaff = new Set([...staffIds, ...(catalog.retired?.staffIds ?? [])]);
  const knownServices = new Set([...serviceIds, ...(catalog.retired?.serviceIds ?? [])]);
  const checkService = (id: string, where: string) => {
    if (!knownServices.has(id)) issues.push(`${where}: unknown service "${id}"`);
  };
  const offered = (ids: readonly string[]) => ids.filter((id) => serviceIds.has(id));

  for (const [id, hours] of Object.entries(settings.staffHours)) {
    if (!knownStaff.has(id)) issues.push(`staffHours: unknown staff member "${id}"`);
    for (const service of hours.services) checkService(service, `staffHours.${id}.services`);
  }
  for (const id of Object.keys(settings.bufferMinutes)) {
    if (id !== "default") checkService(id, "bufferMinutes");
  }
  const roomIds = new Set<string>();
  for (const room of settings.rooms) {
    if (roomIds.has(room.id)) issues.push(`rooms: "${room.id}" appears twice`);
    roomIds.add(room.id);
    for (const service of room.services) checkService(service, `rooms.${room.id}.services`);
  }
  for (const absence of settings.absences) {
    if (!knownStaff.has(absence.staff)) issues.push(`absences: unknown staff member "${absence.staff}"`);
  }
  if (issues.length > 0) throw new BusinessSetupError(issues);

  const staff: ScheduledStaff[] = catalog.staff.map((member) => {
    const hours = settings.staffHours[member.id];
    return {
      id: member.id,
      name: member.name,
      ...(member.gender ? { gender: member.gender } : {}),
      serviceIds: offered(hours?.services ?? []),
      plan: hours ? staffPlan(hours, settings.openingHours) : {},
    };
  });

  const services: ScheduledService[] = catalog.services.map((service) => {
    const { before, after } = serviceBuffers(settings, service.id);
    return {
      id: service.id,
      name: service.name,
      minutes: service.minutes,
      bufferBeforeMinutes: before,
      bufferAfterMinutes: after,
    };
  });

  const rooms: Room[] = settings.rooms
    // A room for retired services only is not a room for every service (what no services means).
    .filter((room) => room.services.length === 0 || offered(room.services).length > 0)
    .map((room) => ({
      id: room.id,
      name: room.name,
      attributes: [...new Set([...(room.floor === 0 ? ["ground-floor"] : []), ...room.attributes])],
      serviceIds: offered(room.services),
    }));

  const absences: Absence[] = settings.absences
    .filter((a) => staffIds.has(a.staff))
    .map((a) => {
      const lastDay = a.to ?? a.from;
      return {
        staffId: a.staff,
        start: wallClockToInstant(a.from, a.fromTime ? parseLocalTime(a.fromTime) : 0, catalog.timezone),
        end: a.toTime
          ? wallClockToInstant(lastDay, parseLocalTime(a.toTime), catalog.timezone)
          : wallClockToInstant(addDays(lastDay, 1), 0, catalog.timezone),
        ...(a.reason ? { reason: a.reason } : {}),
      };
    });

  return {
    timezone: catalog.timezone,
    openingHours: weeklyPlan((day) => toSpans(settings.openingHours[day])),
    closedDates: [...settings.closedDates].sort(),
    staff,
    services,
    rooms,
    absences,
    slotStepMinutes: settings.slotStepMinutes,
    minNoticeMinutes: Math.round(settings.minNoticeHours * 60),
    horizonDays: settings.bookingHorizonDays,
  };
}

/** A weekly plan as the JSON shape practice.json uses, e.g. for the admin API to show. */
export function weeklyPlanAsPairs(plan: WeeklyPlan): Partial<Record<Weekday, [string, string][]>> {
  const out: Partial<Record<Weekday, [string, string][]>> = {};
  for (const [day, spans] of Object.entries(plan) as [Weekday, LocalSpan[]][]) {
    out[day] = spans.map((s) => [s.start, s.end]);
  }
  return out;
}
