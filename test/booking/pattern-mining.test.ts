import { describe, expect, it } from "vitest";
import { listBehaviourPatterns, mineBehaviourPatterns } from "../../src/domain/booking/PatternMining.ts";
import type { Appointment, AppointmentStatus } from "../../src/domain/booking/types.ts";
import { addDays } from "../../src/domain/booking/WallClock.ts";
import { appointment, at, ZURICH } from "./bookingHarness.ts";

const NOW = at("2027-06-01", "12:00");

/** A visit on a Zurich date and time. */
function visit(
  date: string,
  time: string,
  fields: Partial<Appointment> & { status?: AppointmentStatus } = {},
): Appointment {
  return appointment({
    start: at(date, time),
    status: "completed",
    staffId: "nina",
    serviceId: "cleaning",
    ...fields,
  });
}

/** Every `everyDays` days from `first`, `count` times. */
function series(
  first: string,
  everyDays: number,
  count: number,
  time: string,
  fields: Partial<Appointment> = {},
) {
  return Array.from({ length: count }, (_, i) => visit(addDays(first, i * everyDays), time, fields));
}

const mine = (history: Appointment[]) => mineBehaviourPatterns(history, ZURICH, { now: NOW });

describe("PatternMining: weekday and part of day", () => {
  it("finds 'Tuesdays at 2pm' from four Tuesday afternoons and one Friday morning", () => {
    // 2027-01-05 is a Tuesday; four of them a fortnight apart, across no DST change.
    const history = [...series("2027-01-05", 14, 4, "14:00"), visit("2027-03-05", "09:00")];
    const patterns = mine(history);
    expect(patterns.weekdayPart).toEqual({
      kind: "weekday-part",
      day: "tue",
      part: "afternoon",
      matching: 4,
      sampleSize: 5,
    });
    expect(patterns.usualTime).toMatchObject({ time: "14:00", matching: 4, sampleSize: 5 });
  });

  it("reads local time across daylight-saving changes: 14:00 in winter and summer is one habit", () => {
    // Tuesdays in February (UTC+1) and April/May (UTC+2).
    const history = [
      visit("2027-02-02", "14:00"),
      visit("2027-04-06", "14:00"),
      visit("2027-05-04", "14:00"),
    ];
    expect(mine(history).weekdayPart).toMatchObject({ day: "tue", part: "afternoon", matching: 3 });
    expect(mine(history).usualTime?.time).toBe("14:00");
  });

  it("finds no pattern in two bookings", () => {
    const patterns = mine(series("2027-01-05", 7, 2, "14:00"));
    expect(patterns.weekdayPart).toBeNull();
    expect(patterns.usualTime).toBeNull();
    expect(patterns.usualStaff).toBeNull();
  });

  it("needs a majority: three Tuesdays among eight bookings is no habit", () => {
    const history = [
      ...series("2027-01-05", 7, 3, "14:00"),
      visit("2027-02-01", "09:00"),
      visit("2027-02-10", "17:30"),
      visit("2027-02-18", "10:00"),
      visit("2027-02-26", "08:00"),
      visit("2027-03-06", "11:00"),
    ];
    expect(mine(history).weekdayPart).toBeNull();
  });

  it("leaves cancelled bookings out and counts kept future bookings in", () => {
    const cancelled = series("2027-01-12", 7, 3, "09:00", { status: "cancelled" });
    const kept = [
      visit("2027-01-05", "14:00"),
      visit("2027-01-19", "14:15"),
      visit("2027-06-08", "14:30", { status: "booked" }),
    ];
    const patterns = mine([...cancelled, ...kept]);
    expect(patterns.weekdayPart).toMatchObject({ day: "tue", part: "afternoon", matching: 3, sampleSize: 3 });
    expect(patterns.usualTime).toMatchObject({ time: "14:15", matching: 3 });
  });

  it("finds the usual staff member with a majority", () => {
    const history = [
      ...series("2027-01-04", 10, 3, "10:00", { staffId: "weber" }),
      visit("2027-03-01", "10:00", { staffId: "schmidt" }),
    ];
    expect(mine(history).usualStaff).toEqual({
      kind: "usual-staff",
      staffId: "weber",
      matching: 3,
      sampleSize: 4,
    });
  });

  it("gives no usual time when times are scattered", () => {
    const history = [
      visit("2027-01-05", "08:00"),
      visit("2027-01-12", "11:00"),
      visit("2027-01-19", "14:00"),
      visit("2027-01-26", "17:00"),
    ];
    expect(mine(history).usualTime).toBeNull();
  });
});

describe("PatternMining: service cadence", () => {
  it("finds 'every ~6 months' and the next due date", () => {
    const history = series("2025-06-02", 182, 4, "10:00");
    const [cadence] = mine(history).cadences;
    expect(cadence).toMatchObject({
      kind: "service-cadence",
      serviceId: "cleaning",
      medianIntervalDays: 182,
      roughly: { every: 6, unit: "month" },
      sampleSize: 3,
    });
    expect(cadence?.lastVisit).toBe(addDays("2025-06-02", 3 * 182));
    expect(cadence?.nextDue).toBe(addDays("2025-06-02", 4 * 182));
    expect(cadence?.upcoming).toBeNull();
  });

  it("uses the median, so one late visit does not move the cadence", () => {
    const dates = ["2026-01-05", "2026-02-02", "2026-03-02", "2026-05-25", "2026-06-22"];
    const [cadence] = mine(dates.map((d) => visit(d, "18:00", { serviceId: "physio" }))).cadences;
    expect(cadence?.medianIntervalDays).toBe(28);
    expect(cadence?.roughly).toEqual({ every: 4, unit: "week" });
  });

  it("keeps services apart and notes a booking already made", () => {
    const history = [
      ...series("2026-01-10", 30, 4, "10:00", { serviceId: "deep-tissue" }),
      visit("2027-06-20", "10:00", { serviceId: "deep-tissue", status: "booked" }),
      ...series("2026-01-11", 180, 2, "10:00"),
    ];
    const { cadences } = mine(history);
    expect(cadences.map((c) => c.serviceId)).toEqual(["deep-tissue"]);
    expect(cadences[0]?.upcoming).toBe("2027-06-20");
  });

  it("needs three visits for a cadence", () => {
    expect(mine(series("2026-01-05", 180, 2, "10:00")).cadences).toEqual([]);
  });

  it("does not count missed appointments as visits", () => {
    const history = [
      ...series("2026-01-05", 60, 3, "10:00"),
      visit("2026-02-05", "10:00", { status: "no_show" }),
    ];
    expect(mine(history).cadences[0]?.medianIntervalDays).toBe(60);
  });
});

describe("PatternMining: reliability", () => {
  it("computes cancellation and late-cancellation rates", () => {
    const start = at("2027-02-10", "10:00");
    const history = [
      ...series("2027-01-05", 7, 6, "10:00"),
      visit("2027-02-10", "10:00", {
        status: "cancelled",
        cancelledAt: new Date(start.getTime() - 3_600_000),
      }),
      visit("2027-02-17", "10:00", { status: "cancelled", cancelledAt: at("2027-02-01", "10:00") }),
      // An open booking in the future is not decided yet.
      visit("2027-07-01", "10:00", { status: "booked" }),
    ];
    const { cancellation } = mine(history);
    expect(cancellation).toEqual({
      kind: "cancellation-rate",
      rate: 2 / 8,
      count: 2,
      sampleSize: 8,
      late: 1,
    });
  });

  it("computes the no-show rate over recorded outcomes", () => {
    const history = [
      ...series("2027-01-05", 7, 3, "10:00"),
      visit("2027-02-01", "10:00", { status: "no_show" }),
      visit("2027-02-08", "10:00", { status: "cancelled" }),
    ];
    expect(mine(history).noShow).toEqual({ kind: "no-show-rate", rate: 1 / 4, count: 1, sampleSize: 4 });
  });

  it("computes punctuality: share on time and median minutes late", () => {
    const history = [
      visit("2027-01-05", "10:00", { status: "arrived", minutesLate: 0 }),
      visit("2027-01-12", "10:00", { status: "arrived" }),
      visit("2027-01-19", "10:00", { status: "late", minutesLate: 10 }),
      visit("2027-01-26", "10:00", { status: "late", minutesLate: 20 }),
      visit("2027-02-02", "10:00", { status: "completed", minutesLate: 3 }),
      // Late without minutes recorded: unknown, left out.
      visit("2027-02-09", "10:00", { status: "late" }),
    ];
    expect(mine(history).punctuality).toEqual({
      kind: "punctuality",
      onTimeShare: 3 / 5,
      medianMinutesLate: 15,
      sampleSize: 5,
    });
  });

  it("gives no rates for fewer than three appointments", () => {
    const patterns = mine([
      visit("2027-01-05", "10:00", { status: "no_show" }),
      visit("2027-01-12", "10:00"),
    ]);
    expect(patterns.cancellation).toBeNull();
    expect(patterns.noShow).toBeNull();
    expect(patterns.punctuality).toBeNull();
    expect(listBehaviourPatterns(patterns)).toEqual([]);
  });

  it("lists every pattern with its sample size", () => {
    const patterns = mine(series("2027-01-05", 14, 4, "14:00", { minutesLate: 0 }));
    const listed = listBehaviourPatterns(patterns);
    expect(listed.map((p) => p.kind)).toEqual([
      "weekday-part",
      "usual-time",
      "usual-staff",
      "service-cadence",
      "cancellation-rate",
      "no-show-rate",
      "punctuality",
    ]);
    expect(listed.every((p) => p.sampleSize >= 3)).toBe(true);
  });

  it("does not depend on the order of the history", () => {
    const history = [...series("2027-01-05", 14, 4, "14:00"), visit("2027-03-05", "09:00")];
    expect(mine([...history].reverse())).toEqual(mine(history));
  });
});
