/** Schedules, appointments and profiles for the booking tests, on Zurich's wall clock. */

import { readFileSync } from "node:fs";
import {
  buildBusinessSchedule,
  type PracticeSettingsInput,
  parsePracticeSettings,
} from "../../src/domain/booking/BusinessSetup.ts";
import type { RankingProfile } from "../../src/domain/booking/SlotRanker.ts";
import type { Appointment, AppointmentStatus, BusinessSchedule } from "../../src/domain/booking/types.ts";
import { readWallClock, wallClockToInstant } from "../../src/domain/booking/WallClock.ts";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import type { TimePreference } from "../../src/domain/extraction/types.ts";
import { EMPTY_TIME_PREFERENCE } from "../../src/domain/profile/PreferenceCombination.ts";
import type { StaffPreference } from "../../src/domain/profile/ProfileFact.ts";

export const ZURICH = "Europe/Zurich";

const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../demo/${name}`, import.meta.url), "utf8"));

export function demoCatalog(): BusinessCatalog {
  return readJson("business.json") as BusinessCatalog;
}

/** The demo practice (Praxis am See) as availability sees it. */
export function demoSchedule(): BusinessSchedule {
  return buildBusinessSchedule(demoCatalog(), parsePracticeSettings(readJson("practice.json")));
}

/** A tiny practice: two dentists, Mon–Fri 08:00–12:00 and 13:00–17:00, 5-minute steps, no notice. */
export const SMALL_CATALOG: BusinessCatalog = {
  name: "Test Praxis",
  timezone: ZURICH,
  country: "CH",
  languages: ["en"],
  staff: [
    { id: "anna", name: "Dr. Anna", role: "dentist", gender: "female" },
    { id: "ben", name: "Dr. Ben", role: "dentist", gender: "male" },
  ],
  services: [
    { id: "checkup", name: "Checkup", minutes: 30 },
    { id: "cleaning", name: "Cleaning", minutes: 60 },
  ],
};

export function smallSchedule(overrides: Partial<PracticeSettingsInput> = {}): BusinessSchedule {
  const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;
  return buildBusinessSchedule(
    SMALL_CATALOG,
    parsePracticeSettings({
      openingHours: Object.fromEntries(
        weekdays.map((d) => [
          d,
          [
            ["08:00", "12:00"],
            ["13:00", "17:00"],
          ],
        ]),
      ),
      staffHours: {
        anna: { days: [...weekdays], services: ["checkup", "cleaning"] },
        ben: { days: [...weekdays], services: ["checkup"] },
      },
      bufferMinutes: { default: 0 },
      slotStepMinutes: 5,
      minNoticeHours: 0,
      bookingHorizonDays: 365,
      ...overrides,
    }),
  );
}

/** An instant from Zurich wall-clock date and time. */
export function at(date: string, time: string): Date {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return wallClockToInstant(date, h * 60 + m, ZURICH);
}

/** "HH:MM" of an instant in Zurich. */
export function localTime(instant: Date): string {
  return readWallClock(instant, ZURICH).time;
}

export function localDate(instant: Date): string {
  return readWallClock(instant, ZURICH).date;
}

let sequence = 0;

export function appointment(
  fields: Partial<Appointment> & { start: Date; minutes?: number; staffId?: string },
): Appointment {
  const { minutes = 30, ...rest } = fields;
  sequence += 1;
  return {
    id: `appt-${sequence}`,
    contactId: "contact-1",
    staffId: "anna",
    serviceId: "checkup",
    roomId: null,
    end: new Date(fields.start.getTime() + minutes * 60_000),
    status: "booked" as AppointmentStatus,
    createdAt: new Date(fields.start.getTime() - 7 * 86_400_000),
    ...rest,
  };
}

export const NO_TIMES: TimePreference = EMPTY_TIME_PREFERENCE;

export function profile(
  options: { staff?: Partial<StaffPreference>; times?: Partial<TimePreference>; concepts?: string[] } = {},
): RankingProfile {
  return {
    structured: {
      preferred_staff_member: options.staff
        ? { staffId: null, name: null, gender: null, none: false, ...options.staff }
        : null,
      preferred_appointment_times: options.times ? { ...NO_TIMES, ...options.times } : null,
    },
    special_notes: (options.concepts ?? []).map((concept) => ({ concept })),
  };
}
