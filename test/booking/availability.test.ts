import { describe, expect, it } from "vitest";
import {
  BusyIntervals,
  findAvailableSlots,
  indexBusyTimes,
  roomsForService,
} from "../../src/domain/booking/Availability.ts";
import type { Appointment, BusinessSchedule, Slot } from "../../src/domain/booking/types.ts";
import { weekdayOf } from "../../src/domain/booking/WallClock.ts";
import {
  appointment,
  at,
  demoSchedule,
  localDate,
  localTime,
  SMALL_CATALOG,
  smallSchedule,
} from "./bookingHarness.ts";

// Monday 1 March 2027 in Zurich (winter time, UTC+1).
const MONDAY = "2027-03-01";

function slotsOn(
  schedule: BusinessSchedule,
  date: string,
  options: { serviceId?: string; appointments?: Appointment[]; now?: Date; staffIds?: string[] } = {},
): Slot[] {
  return findAvailableSlots(schedule, options.appointments ?? [], {
    serviceId: options.serviceId ?? "checkup",
    from: at(date, "00:00"),
    to: at(date, "23:59"),
    now: options.now ?? at("2027-01-01", "00:00"),
    ...(options.staffIds ? { staffIds: options.staffIds } : {}),
  });
}

const timesOf = (slots: Slot[], staffId = "anna") =>
  slots.filter((s) => s.staffId === staffId).map((s) => localTime(s.start));

describe("Availability: working plans", () => {
  it("steps through the working day and leaves out the lunch break", () => {
    const times = timesOf(slotsOn(smallSchedule(), MONDAY));
    expect(weekdayOf(MONDAY)).toBe("mon");
    expect(times[0]).toBe("08:00");
    expect(times).toContain("11:30"); // 11:30–12:00 still fits before lunch
    expect(times).not.toContain("11:35");
    expect(times.filter((t) => t >= "11:35" && t < "13:00")).toEqual([]);
    expect(times).toContain("13:00");
    expect(times.at(-1)).toBe("16:30");
  });

  it("cuts a staff member's own breaks out of their plan", () => {
    const schedule = smallSchedule({
      staffHours: {
        anna: { days: ["mon"], breaks: [["10:00", "10:30"]], services: ["checkup"] },
        ben: { days: ["mon"], services: ["checkup"] },
      },
    });
    const anna = timesOf(slotsOn(schedule, MONDAY));
    expect(anna).toContain("09:30");
    expect(anna).not.toContain("09:35"); // would run into the break
    expect(anna.filter((t) => t > "09:30" && t < "10:30")).toEqual([]);
    expect(anna).toContain("10:30");
    expect(timesOf(slotsOn(schedule, MONDAY), "ben")).toContain("10:00");
  });

  it("clips staff hours to opening hours and skips days off", () => {
    const schedule = smallSchedule({
      staffHours: {
        anna: { hours: { mon: [["07:00", "19:00"]] }, services: ["checkup"] },
        ben: { days: ["tue"], services: ["checkup"] },
      },
    });
    const slots = slotsOn(schedule, MONDAY);
    expect(timesOf(slots)[0]).toBe("08:00");
    expect(timesOf(slots).at(-1)).toBe("16:30");
    expect(timesOf(slots)).not.toContain("12:15"); // practice closed over lunch
    expect(timesOf(slots, "ben")).toEqual([]);
  });

  it("only offers staff who perform the service, and only the ones asked for", () => {
    const schedule = smallSchedule();
    expect(new Set(slotsOn(schedule, MONDAY, { serviceId: "cleaning" }).map((s) => s.staffId))).toEqual(
      new Set(["anna"]),
    );
    expect(new Set(slotsOn(schedule, MONDAY, { staffIds: ["ben"] }).map((s) => s.staffId))).toEqual(
      new Set(["ben"]),
    );
  });

  it("returns slots earliest first, with the service's duration", () => {
    const slots = slotsOn(smallSchedule(), MONDAY, { serviceId: "cleaning" });
    for (let i = 1; i < slots.length; i++) {
      expect((slots[i] as Slot).start.getTime()).toBeGreaterThanOrEqual(
        (slots[i - 1] as Slot).start.getTime(),
      );
    }
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 60 * 60_000)).toBe(true);
  });
});

describe("Availability: existing appointments and buffers", () => {
  const booked = appointment({ start: at(MONDAY, "09:00"), staffId: "anna" });

  it("never overlaps an existing appointment of the same staff member", () => {
    const times = timesOf(slotsOn(smallSchedule(), MONDAY, { appointments: [booked] }));
    expect(times).toContain("08:30");
    expect(times.filter((t) => t > "08:30" && t < "09:30")).toEqual([]);
    expect(times).toContain("09:30");
    // The other dentist is free at 09:00.
    expect(timesOf(slotsOn(smallSchedule(), MONDAY, { appointments: [booked] }), "ben")).toContain("09:00");
  });

  it("keeps the buffers before and after both appointments free", () => {
    const schedule = smallSchedule({ bufferMinutes: { checkup: { before: 5, after: 10 } } });
    const times = timesOf(slotsOn(schedule, MONDAY, { appointments: [booked] }));
    // New checkup needs 5 before and 10 after; the booked one holds 08:55–09:40.
    expect(times).toContain("08:15"); // 08:10–08:55 incl. buffers
    expect(times).not.toContain("08:20");
    expect(times).not.toContain("09:40"); // its own 5 min before would overlap
    expect(times).toContain("09:45");
  });

  it("reads a bare buffer number as time after the service", () => {
    const schedule = smallSchedule({ bufferMinutes: { default: 10 } });
    const times = timesOf(slotsOn(schedule, MONDAY, { appointments: [booked] }));
    expect(times).toContain("08:20"); // ends 08:50, tidy until 09:00
    expect(times).not.toContain("08:25");
    expect(times).not.toContain("09:35");
    expect(times).toContain("09:40");
  });

  it("ignores cancelled appointments", () => {
    const cancelled = { ...booked, status: "cancelled" as const };
    expect(timesOf(slotsOn(smallSchedule(), MONDAY, { appointments: [cancelled] }))).toContain("09:00");
  });

  it("treats no-shows and arrivals as taken time", () => {
    const noShow = { ...booked, status: "no_show" as const };
    expect(timesOf(slotsOn(smallSchedule(), MONDAY, { appointments: [noShow] }))).not.toContain("09:00");
  });

  it("merges overlapping busy intervals and treats touching ends as free", () => {
    const busy = new BusyIntervals([
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 50, end: 60 },
    ]);
    expect(busy.size).toBe(2);
    expect(busy.overlaps(30, 50)).toBe(false);
    expect(busy.overlaps(0, 10)).toBe(false);
    expect(busy.overlaps(29, 31)).toBe(true);
    expect(busy.overlaps(55, 56)).toBe(true);
    expect(busy.overlaps(60, 70)).toBe(false);
  });
});

describe("Availability: absences, holidays, notice, horizon", () => {
  it("leaves out a staff member's whole-day absence", () => {
    const schedule = smallSchedule({
      absences: [{ staff: "anna", from: MONDAY, to: "2027-03-02", reason: "course" }],
    });
    expect(timesOf(slotsOn(schedule, MONDAY))).toEqual([]);
    expect(timesOf(slotsOn(schedule, "2027-03-02"))).toEqual([]);
    expect(timesOf(slotsOn(schedule, "2027-03-03")).length).toBeGreaterThan(0);
    expect(timesOf(slotsOn(schedule, MONDAY), "ben").length).toBeGreaterThan(0);
  });

  it("leaves out part of a day for a partial absence", () => {
    const schedule = smallSchedule({
      absences: [{ staff: "anna", from: MONDAY, fromTime: "13:00", toTime: "15:00" }],
    });
    const times = timesOf(slotsOn(schedule, MONDAY));
    expect(times).toContain("11:30");
    expect(times.filter((t) => t >= "13:00" && t < "15:00")).toEqual([]);
    expect(times).toContain("15:00");
  });

  it("offers nothing on a closed date", () => {
    const schedule = smallSchedule({ closedDates: [MONDAY] });
    expect(slotsOn(schedule, MONDAY)).toEqual([]);
    expect(slotsOn(schedule, "2027-03-02").length).toBeGreaterThan(0);
  });

  it("keeps the minimum notice", () => {
    const schedule = smallSchedule({ minNoticeHours: 2 });
    const times = timesOf(slotsOn(schedule, MONDAY, { now: at(MONDAY, "08:07") }));
    expect(times[0]).toBe("10:10");
  });

  it("offers nothing beyond the booking horizon", () => {
    const schedule = smallSchedule({ bookingHorizonDays: 7 });
    const now = at(MONDAY, "10:00");
    const slots = findAvailableSlots(schedule, [], {
      serviceId: "checkup",
      from: now,
      to: at("2027-04-01", "00:00"),
      now,
    });
    const last = slots.at(-1) as Slot;
    // Seven days after Monday 10:00 is the next Monday 10:00: its 09:55 is the last start.
    expect(localDate(last.start)).toBe("2027-03-08");
    expect(localTime(last.start)).toBe("09:55");
  });

  it("returns nothing for an empty window", () => {
    const now = at(MONDAY, "07:00");
    expect(
      findAvailableSlots(smallSchedule(), [], { serviceId: "checkup", from: now, to: now, now }),
    ).toEqual([]);
  });
});

describe("Availability: daylight-saving changes in Zurich", () => {
  const sevenDays = smallSchedule({
    openingHours: Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["09:00", "12:00"]]]),
    ),
    staffHours: {
      anna: { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], services: ["checkup"] },
    },
  });
  const firstSlot = (date: string) => slotsOn(sevenDays, date)[0] as Slot;

  it("keeps 09:00 at 09:00 across the last Sunday of March (UTC+1 → UTC+2)", () => {
    expect(weekdayOf("2027-03-28")).toBe("sun");
    expect(firstSlot("2027-03-27").start.toISOString()).toBe("2027-03-27T08:00:00.000Z");
    expect(firstSlot("2027-03-28").start.toISOString()).toBe("2027-03-28T07:00:00.000Z");
    expect(firstSlot("2027-03-29").start.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    const sunday = slotsOn(sevenDays, "2027-03-28");
    expect(localTime(sunday.at(-1)?.start as Date)).toBe("11:30");
    expect(sunday.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
  });

  it("keeps 09:00 at 09:00 across the last Sunday of October (UTC+2 → UTC+1)", () => {
    expect(weekdayOf("2027-10-31")).toBe("sun");
    expect(firstSlot("2027-10-30").start.toISOString()).toBe("2027-10-30T07:00:00.000Z");
    expect(firstSlot("2027-10-31").start.toISOString()).toBe("2027-10-31T08:00:00.000Z");
    expect(firstSlot("2027-11-01").start.toISOString()).toBe("2027-11-01T08:00:00.000Z");
    expect(slotsOn(sevenDays, "2027-10-31").map((s) => localTime(s.start))).toEqual(
      slotsOn(sevenDays, "2027-10-30").map((s) => localTime(s.start)),
    );
  });

  it("finds the same wall-clock slots over a week that spans the change", () => {
    const now = at("2027-03-22", "00:00");
    const slots = findAvailableSlots(sevenDays, [], {
      serviceId: "checkup",
      from: now,
      to: at("2027-04-05", "00:00"),
      now,
    });
    const firsts = new Map<string, string>();
    for (const s of slots)
      if (!firsts.has(localDate(s.start))) firsts.set(localDate(s.start), localTime(s.start));
    expect(firsts.size).toBe(14);
    expect(new Set(firsts.values())).toEqual(new Set(["09:00"]));
  });
});

describe("Availability: rooms", () => {
  const withRooms = (
    rooms: { id: string; name: string; floor?: number; attributes?: string[]; services?: string[] }[],
  ) => smallSchedule({ rooms });

  it("needs a free room: two dentists, one room, one slot at a time", () => {
    const schedule = withRooms([{ id: "r1", name: "Room 1" }]);
    const booked = appointment({ start: at(MONDAY, "09:00"), staffId: "anna", roomId: "r1" });
    const slots = slotsOn(schedule, MONDAY, { appointments: [booked] });
    expect(slots.filter((s) => localTime(s.start) === "09:00")).toEqual([]); // Ben is free, the room is not
    expect(slots.find((s) => s.staffId === "ben" && localTime(s.start) === "09:30")?.roomId).toBe("r1");
  });

  it("assigns another suitable room when one is taken", () => {
    const schedule = withRooms([
      { id: "r1", name: "Room 1" },
      { id: "r2", name: "Room 2" },
    ]);
    const booked = appointment({ start: at(MONDAY, "09:00"), staffId: "anna", roomId: "r1" });
    const ben = slotsOn(schedule, MONDAY, { appointments: [booked] }).find(
      (s) => s.staffId === "ben" && localTime(s.start) === "09:00",
    );
    expect(ben?.roomId).toBe("r2");
  });

  it("only uses rooms for the service, and has no room when no room is for it", () => {
    const schedule = withRooms([{ id: "hyg", name: "Hygiene", services: ["cleaning"] }]);
    expect(slotsOn(schedule, MONDAY, { serviceId: "cleaning" }).every((s) => s.roomId === "hyg")).toBe(true);
    expect(slotsOn(schedule, MONDAY, { serviceId: "checkup" }).every((s) => s.roomId === null)).toBe(true);
  });

  it("keeps the accessible room for those who need it, and gives it to them", () => {
    const schedule = withRooms([
      { id: "ground", name: "Ground floor", floor: 0, attributes: ["wheelchair-accessible"] },
      { id: "upstairs", name: "Upstairs", floor: 1 },
    ]);
    expect(roomsForService(schedule, "checkup").map((r) => r.id)).toEqual(["upstairs", "ground"]);
    expect(slotsOn(schedule, MONDAY)[0]?.roomId).toBe("upstairs");
    const forWheelchair = findAvailableSlots(schedule, [], {
      serviceId: "checkup",
      from: at(MONDAY, "00:00"),
      to: at(MONDAY, "23:59"),
      now: at("2027-01-01", "00:00"),
      preferRoomAttributes: ["wheelchair-accessible"],
    });
    expect(forWheelchair[0]?.roomId).toBe("ground");
  });

  it("uses the demo practice's rooms: dental rooms for dentistry, therapy rooms for massage", () => {
    const schedule = demoSchedule();
    const now = at("2027-03-01", "06:00");
    const window = { from: now, to: at("2027-03-06", "00:00"), now };
    const dental = findAvailableSlots(schedule, [], { serviceId: "checkup", ...window });
    const massage = findAvailableSlots(schedule, [], { serviceId: "deep-tissue", ...window });
    expect(new Set(dental.map((s) => s.roomId))).toEqual(new Set(["dental-2"]));
    expect(new Set(massage.map((s) => s.roomId))).toEqual(new Set(["therapy-2"]));
    expect(SMALL_CATALOG.staff.length).toBe(2);
  });
});

describe("Availability: indexed busy times", () => {
  it("gives the same slots from an index as from raw appointments", () => {
    const schedule = smallSchedule({ bufferMinutes: { default: 10 } });
    const appointments = [
      appointment({ start: at(MONDAY, "09:00") }),
      appointment({ start: at(MONDAY, "14:00"), staffId: "ben" }),
    ];
    const request = {
      serviceId: "checkup",
      from: at(MONDAY, "00:00"),
      to: at(MONDAY, "23:59"),
      now: at(MONDAY, "00:00"),
    };
    expect(findAvailableSlots(schedule, indexBusyTimes(schedule, appointments), request)).toEqual(
      findAvailableSlots(schedule, appointments, request),
    );
  });
});
