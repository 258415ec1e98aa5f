import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { practiceSchema } from "../../src/adapters/db/businessSeed.ts";
import {
  BusinessSetupError,
  buildBusinessSchedule,
  parsePracticeSettings,
  weeklyPlanAsPairs,
} from "../../src/domain/booking/BusinessSetup.ts";
import { demoCatalog, demoSchedule, localTime, SMALL_CATALOG, ZURICH } from "./bookingHarness.ts";

const staffMember = (id: string) => demoSchedule().staff.find((s) => s.id === id);

describe("BusinessSetup: the demo practice", () => {
  it("reads demo/practice.json with the seed's schema", () => {
    const raw = JSON.parse(readFileSync(new URL("../../demo/practice.json", import.meta.url), "utf8"));
    const parsed = practiceSchema.parse(raw);
    expect(parsed.key).toBe("praxis-am-see");
    expect(parsed.rooms.length).toBeGreaterThan(0);
  });

  it("gives each person the services they perform", () => {
    expect(staffMember("weber")?.serviceIds).toEqual(["checkup", "filling", "whitening"]);
    expect(staffMember("nina")?.serviceIds).toEqual(["cleaning", "whitening"]);
    expect(staffMember("sarah")?.serviceIds).toEqual(["deep-tissue", "aroma"]);
    expect(staffMember("marco")?.serviceIds).toEqual(["physio"]);
    expect(staffMember("lena")?.serviceIds).toEqual(["acupuncture"]);
    expect(staffMember("weber")?.gender).toBe("female");
  });

  it("clips shorthand hours to opening hours, so lunch is a break", () => {
    expect(weeklyPlanAsPairs(staffMember("weber")?.plan ?? {})).toMatchObject({
      mon: [
        ["08:00", "12:00"],
        ["13:30", "18:00"],
      ],
    });
    expect(staffMember("weber")?.plan.sat).toBeUndefined();
    // Sarah starts at 10:00; Lena only works Tuesday and Thursday afternoons.
    expect(staffMember("sarah")?.plan.mon?.[0]).toEqual({ start: "10:00", end: "12:00" });
    expect(Object.keys(staffMember("lena")?.plan ?? {})).toEqual(["tue", "thu"]);
    expect(staffMember("lena")?.plan.thu).toEqual([{ start: "13:30", end: "20:00" }]);
  });

  it("cuts personal breaks out of explicit hours", () => {
    expect(staffMember("marco")?.plan.mon).toEqual([
      { start: "08:00", end: "12:00" },
      { start: "13:30", end: "15:00" },
      { start: "15:15", end: "18:00" },
    ]);
  });

  it("reads buffers: a bare number is time after, an object gives both", () => {
    const services = new Map(demoSchedule().services.map((s) => [s.id, s]));
    expect(services.get("checkup")).toMatchObject({
      minutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
    });
    expect(services.get("cleaning")).toMatchObject({
      minutes: 60,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 15,
    });
  });

  it("gives ground-floor rooms the attribute and keeps the others", () => {
    const rooms = new Map(demoSchedule().rooms.map((r) => [r.id, r]));
    expect(rooms.get("dental-1")?.attributes).toEqual(["ground-floor", "wheelchair-accessible"]);
    expect(rooms.get("dental-2")?.attributes).toEqual([]);
    expect(rooms.get("therapy-2")?.attributes).toEqual(["quiet"]);
  });

  it("turns absences on local dates into instants on the wall clock", () => {
    const [absence] = demoSchedule().absences;
    expect(absence?.staffId).toBe("weber");
    expect(absence?.start.toISOString()).toBe("2027-02-14T23:00:00.000Z");
    expect(absence?.end.toISOString()).toBe("2027-02-19T23:00:00.000Z");
  });

  it("converts notice and horizon", () => {
    const schedule = demoSchedule();
    expect(schedule.minNoticeMinutes).toBe(120);
    expect(schedule.horizonDays).toBe(90);
    expect(schedule.slotStepMinutes).toBe(15);
    expect(schedule.timezone).toBe(ZURICH);
    expect(schedule.closedDates).toContain("2026-12-25");
  });
});

describe("BusinessSetup: validation", () => {
  const base = {
    openingHours: { mon: [["08:00", "12:00"]] },
    staffHours: { anna: { days: ["mon"], services: ["checkup"] } },
  };

  it("keeps the old practice.json shape working", () => {
    const legacy = parsePracticeSettings({
      openingHours: { mon: [["08:00", "12:00"]], sun: [] },
      staffHours: { anna: { days: ["mon"], from: "09:00" } },
      bufferMinutes: { default: 10 },
      minNoticeHours: 2,
      bookingHorizonDays: 90,
    });
    const schedule = buildBusinessSchedule(SMALL_CATALOG, legacy);
    expect(schedule.staff.find((s) => s.id === "anna")?.plan.mon).toEqual([{ start: "09:00", end: "12:00" }]);
    expect(schedule.rooms).toEqual([]);
  });

  it("rejects overlapping spans, spans that end before they start, and bad times", () => {
    expect(() => parsePracticeSettings({ openingHours: { mon: [["12:00", "08:00"]] } })).toThrow(
      BusinessSetupError,
    );
    expect(() =>
      parsePracticeSettings({
        openingHours: {
          mon: [
            ["08:00", "12:00"],
            ["11:00", "14:00"],
          ],
        },
      }),
    ).toThrow(/overlap/);
    expect(() => parsePracticeSettings({ openingHours: { mon: [["8:00", "12:00"]] } })).toThrow(/HH:MM/);
    expect(() => parsePracticeSettings({ ...base, staffHours: { anna: { services: ["checkup"] } } })).toThrow(
      /days/,
    );
  });

  it("lists every id the catalogue does not know", () => {
    const settings = parsePracticeSettings({
      ...base,
      staffHours: { anna: { days: ["mon"], services: ["checkup", "massage"] }, zoe: { days: ["mon"] } },
      bufferMinutes: { botox: 5 },
      rooms: [{ id: "r1", name: "Room", services: ["laser"] }],
      absences: [{ staff: "max", from: "2027-01-04" }],
    });
    try {
      buildBusinessSchedule(SMALL_CATALOG, settings);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BusinessSetupError);
      const issues = (error as BusinessSetupError).issues.join("\n");
      for (const id of ["massage", "zoe", "botox", "laser", "max"]) expect(issues).toContain(`"${id}"`);
    }
  });

  it("rejects an unknown timezone", () => {
    expect(() =>
      buildBusinessSchedule({ ...SMALL_CATALOG, timezone: "Europe/Atlantis" }, parsePracticeSettings(base)),
    ).toThrow(/timezone/);
  });

  it("reads partial-day absences", () => {
    const schedule = buildBusinessSchedule(
      SMALL_CATALOG,
      parsePracticeSettings({
        ...base,
        absences: [{ staff: "anna", from: "2027-07-05", fromTime: "13:00", toTime: "15:30" }],
      }),
    );
    const [absence] = schedule.absences;
    expect(localTime(absence?.start as Date)).toBe("13:00");
    expect(localTime(absence?.end as Date)).toBe("15:30");
    expect(absence?.start.toISOString()).toBe("2027-07-05T11:00:00.000Z");
  });

  it("leaves staff without settings unbookable", () => {
    const schedule = buildBusinessSchedule(demoCatalog(), parsePracticeSettings({ openingHours: {} }));
    expect(schedule.staff.every((s) => s.serviceIds.length === 0 && Object.keys(s.plan).length === 0)).toBe(
      true,
    );
  });
});
