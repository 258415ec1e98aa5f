import { describe, expect, it } from "vitest";
import {
  addDays,
  dayPartOf,
  LocalDay,
  readWallClock,
  WallClockReader,
  wallClockToInstant,
  weekdayOf,
} from "../../src/domain/booking/WallClock.ts";
import { ZURICH } from "./bookingHarness.ts";

describe("WallClock", () => {
  it("converts Zurich wall-clock times in winter and summer", () => {
    expect(wallClockToInstant("2027-01-15", 9 * 60, ZURICH).toISOString()).toBe("2027-01-15T08:00:00.000Z");
    expect(wallClockToInstant("2027-07-15", 9 * 60, ZURICH).toISOString()).toBe("2027-07-15T07:00:00.000Z");
  });

  it("moves a time in the spring-forward gap forward, as clocks do", () => {
    // 02:30 on 28 March 2027 does not exist in Zurich; 03:30 summer time is 01:30Z.
    expect(wallClockToInstant("2027-03-28", 2 * 60 + 30, ZURICH).toISOString()).toBe(
      "2027-03-28T01:30:00.000Z",
    );
  });

  it("reads instants back the same way, fast reader and Intl alike, across both changes", () => {
    const reader = new WallClockReader(ZURICH);
    for (const from of ["2027-03-27", "2027-10-30"]) {
      const start = wallClockToInstant(from, 0, ZURICH).getTime();
      for (let t = start; t < start + 3 * 86_400_000; t += 15 * 60_000) {
        expect(reader.read(t)).toEqual(readWallClock(new Date(t), ZURICH));
      }
    }
  });

  it("knows which days change offset", () => {
    expect(new LocalDay("2027-03-28", ZURICH).steady).toBe(false);
    expect(new LocalDay("2027-10-31", ZURICH).steady).toBe(false);
    expect(new LocalDay("2027-03-29", ZURICH).steady).toBe(true);
    expect(LocalDay.of(Date.UTC(2027, 2, 28), ZURICH).instantMs(9 * 60)).toBe(Date.UTC(2027, 2, 28, 7));
  });

  it("counts calendar days and parts of the day", () => {
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(addDays("2027-10-30", 2)).toBe("2027-11-01");
    expect(weekdayOf("2027-03-01")).toBe("mon");
    expect([
      dayPartOf(11 * 60 + 59),
      dayPartOf(12 * 60),
      dayPartOf(16 * 60 + 59),
      dayPartOf(17 * 60),
    ]).toEqual(["morning", "afternoon", "afternoon", "evening"]);
  });
});
