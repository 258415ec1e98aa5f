import { describe, expect, it } from "vitest";
import { accommodationsFor, unmetRoomNeeds } from "../../src/domain/booking/Accommodations.ts";
import { findAvailableSlots, indexBusyTimes } from "../../src/domain/booking/Availability.ts";
import { proposeSlots } from "../../src/domain/booking/SlotProposals.ts";
import { pickProposals, type RankingInput, rankSlots } from "../../src/domain/booking/SlotRanker.ts";
import type { OneOffWish, RankedSlot, SlotReason } from "../../src/domain/booking/types.ts";
import {
  appointment,
  at,
  demoSchedule,
  localDate,
  localTime,
  profile,
  smallSchedule,
} from "./bookingHarness.ts";

const schedule = demoSchedule();
// Monday 1 March 2027, 06:00 in Zurich; with two hours' notice the first slots are at 08:00.
const NOW = at("2027-03-01", "06:00");

function candidates(serviceId = "checkup", days = 14, preferRoomAttributes: string[] = []) {
  return findAvailableSlots(schedule, [], {
    serviceId,
    from: NOW,
    to: new Date(NOW.getTime() + days * 86_400_000),
    now: NOW,
    preferRoomAttributes,
  });
}

function rank(input: Partial<RankingInput> & { serviceId?: string } = {}): RankedSlot[] {
  const { serviceId, ...rest } = input;
  return rankSlots({ slots: candidates(serviceId), schedule, now: NOW, ...rest });
}

const kinds = (slot: RankedSlot | undefined) => (slot?.reasons ?? []).map((r) => r.kind);
const has = (slot: RankedSlot | undefined, reason: SlotReason) =>
  (slot?.reasons ?? []).some((r) => JSON.stringify(r) === JSON.stringify(reason));

describe("SlotRanker: without preferences", () => {
  it("puts the soonest first and says so", () => {
    const ranked = rank();
    expect(ranked.length).toBe(candidates().length);
    expect(localDate(ranked[0]?.start as Date)).toBe("2027-03-01");
    expect(localTime(ranked[0]?.start as Date)).toBe("08:00");
    expect(kinds(ranked[0])).toEqual(["soonest"]);
    expect(ranked[0]?.local).toEqual({ date: "2027-03-01", weekday: "mon", time: "08:00", part: "morning" });
  });

  it("ranks shuffled candidates the same as ordered ones", () => {
    const slots = candidates();
    const shuffled = [...slots].reverse();
    const key = (ranked: RankedSlot[]) => ranked.map((s) => `${s.staffId}@${s.start.toISOString()}`);
    const prefs = profile({ times: { parts: ["afternoon"] } });
    expect(key(rankSlots({ slots: shuffled, schedule, now: NOW, profile: prefs }))).toEqual(
      key(rankSlots({ slots, schedule, now: NOW, profile: prefs })),
    );
  });

  it("treats 'no preference' for staff as neutral", () => {
    const neutral = rank({ profile: profile({ staff: { none: true } }) });
    expect(neutral.map((s) => [s.staffId, s.start.getTime()])).toEqual(
      rank().map((s) => [s.staffId, s.start.getTime()]),
    );
  });
});

describe("SlotRanker: standing preferences", () => {
  it("puts the preferred staff member first", () => {
    const ranked = rank({ profile: profile({ staff: { staffId: "schmidt", name: "Dr. Schmidt" } }) });
    expect(ranked.slice(0, 20).every((s) => s.staffId === "schmidt")).toBe(true);
    expect(has(ranked[0], { kind: "preferred-staff", staffId: "schmidt" })).toBe(true);
    expect(ranked.some((s) => s.staffId === "weber")).toBe(true); // others still offered, later
  });

  it("ranks by a gender preference when no person is named", () => {
    const ranked = rank({ profile: profile({ staff: { gender: "male" } }) });
    expect(ranked[0]?.staffId).toBe("schmidt");
    expect(has(ranked[0], { kind: "preferred-gender", gender: "male" })).toBe(true);
    const female = rank({ profile: profile({ staff: { gender: "female" } }) });
    expect(female.slice(0, 50).every((s) => s.staffId === "weber")).toBe(true);
  });

  it("ranks preferred days first", () => {
    const ranked = rank({ profile: profile({ times: { days: ["thu"] } }) });
    expect(ranked[0]?.local?.weekday).toBe("thu");
    expect(ranked[0]?.local?.date).toBe("2027-03-04");
    expect(has(ranked[0], { kind: "preferred-day", day: "thu" })).toBe(true);
  });

  it("ranks preferred parts of the day first", () => {
    const ranked = rank({ profile: profile({ times: { parts: ["afternoon"] } }) });
    expect(ranked[0]?.local?.part).toBe("afternoon");
    expect(localTime(ranked[0]?.start as Date)).toBe("13:30");
    expect(has(ranked[0], { kind: "preferred-part", part: "afternoon" })).toBe(true);
  });

  it("ranks by after and before bounds", () => {
    const after = rank({ profile: profile({ times: { after: "16:00" } }) });
    expect(localTime(after[0]?.start as Date)).toBe("16:00");
    expect(has(after[0], { kind: "after", time: "16:00" })).toBe(true);
    const before = rank({ profile: profile({ times: { before: "09:00" } }), now: NOW });
    expect(localTime(before[0]?.start as Date) < "09:00").toBe(true);
    expect(has(before[0], { kind: "before", time: "09:00" })).toBe(true);
  });

  it("weighs the preferred staff member above preferred times", () => {
    const ranked = rank({ profile: profile({ staff: { staffId: "weber" }, times: { days: ["sat"] } }) });
    // Weber never works Saturdays: her slots still come before Schmidt's Saturday.
    expect(ranked[0]?.staffId).toBe("weber");
    const firstSaturday = ranked.findIndex((s) => s.local?.weekday === "sat");
    const lastWeber = ranked.findLastIndex((s) => s.staffId === "weber");
    expect(firstSaturday).toBeGreaterThan(lastWeber);
  });

  it("drops excluded days and parts of the day", () => {
    const ranked = rank({
      profile: profile({ times: { not_days: ["mon", "tue"], not_parts: ["morning"] } }),
    });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.some((s) => s.local?.weekday === "mon" || s.local?.weekday === "tue")).toBe(false);
    expect(ranked.some((s) => s.local?.part === "morning")).toBe(false);
  });

  it("adds the inferred pattern below anything stated", () => {
    const pattern = { day: "wed" as const, part: "afternoon" as const };
    const onlyPattern = rank({ pattern });
    expect(onlyPattern[0]?.local).toMatchObject({ weekday: "wed", part: "afternoon" });
    expect(has(onlyPattern[0], { kind: "usual-pattern", day: "wed", part: "afternoon" })).toBe(true);
    const stated = rank({ pattern, profile: profile({ times: { parts: ["morning"] } }) });
    expect(stated[0]?.local?.part).toBe("morning");
    // Among mornings, none is a Wednesday afternoon; the first pattern slot comes after all stated ones.
    const firstPattern = stated.findIndex((s) => kinds(s).includes("usual-pattern"));
    expect(stated.slice(0, firstPattern).every((s) => s.local?.part === "morning")).toBe(true);
  });
});

describe("SlotRanker: the one-off wish", () => {
  it("outranks standing preferences for this booking", () => {
    const wish: OneOffWish = { days: ["fri"], parts: ["afternoon"] };
    const ranked = rank({ profile: profile({ times: { parts: ["morning"] } }), wish });
    expect(ranked[0]?.local).toMatchObject({ weekday: "fri", part: "afternoon" });
    expect(has(ranked[0], { kind: "requested", what: "day" })).toBe(true);
    expect(has(ranked[0], { kind: "requested", what: "part" })).toBe(true);
    expect(kinds(ranked[0])).not.toContain("preferred-part");
  });

  it("lets the wish ask for an excluded day", () => {
    const excludingFridays = profile({ times: { not_days: ["fri"] } });
    expect(rank({ profile: excludingFridays }).some((s) => s.local?.weekday === "fri")).toBe(false);
    const ranked = rank({ profile: excludingFridays, wish: { days: ["fri"] } });
    expect(ranked[0]?.local?.weekday).toBe("fri");
  });

  it("lets the wish name a date", () => {
    const ranked = rank({ wish: { dates: ["2027-03-10"] } });
    expect(ranked[0]?.local?.date).toBe("2027-03-10");
  });

  it("puts an exact time first and then the closest", () => {
    const ranked = rank({ wish: { dates: ["2027-03-03"], at: "15:00" } });
    expect(ranked[0]?.local).toMatchObject({ date: "2027-03-03", time: "15:00" });
    expect(has(ranked[0], { kind: "requested", what: "time" })).toBe(true);
    const nextTimes = ranked.slice(2, 6).map((s) => s.local?.time);
    expect(nextTimes.every((t) => t === "14:45" || t === "15:15")).toBe(true);
  });

  it("ranks the requested staff member first, even against a standing preference", () => {
    const ranked = rank({ profile: profile({ staff: { staffId: "weber" } }), wish: { staffId: "schmidt" } });
    expect(ranked[0]?.staffId).toBe("schmidt");
    expect(has(ranked[0], { kind: "requested", what: "staff" })).toBe(true);
  });
});

describe("SlotRanker: accommodations", () => {
  it("keeps female staff only for 'female-staff-only'", () => {
    const ranked = rank({ profile: profile({ concepts: ["female-staff-only"] }) });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((s) => s.staffId === "weber")).toBe(true);
    expect(has(ranked[0], { kind: "preferred-gender", gender: "female" })).toBe(true);
    // Physiotherapy has only Marco: nothing to offer, rather than a man.
    expect(rank({ serviceId: "physio", profile: profile({ concepts: ["female-staff-only"] }) })).toEqual([]);
  });

  it("lets this booking name a person despite a gender rule", () => {
    const ranked = rank({
      profile: profile({ concepts: ["female-staff-only"] }),
      wish: { staffId: "schmidt" },
    });
    expect(ranked[0]?.staffId).toBe("schmidt");
  });

  it("books wheelchair users into the accessible room only", () => {
    const slots = candidates("checkup", 14, ["wheelchair-accessible"]);
    const ranked = rankSlots({ slots, schedule, now: NOW, profile: profile({ concepts: ["wheelchair"] }) });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((s) => s.roomId === "dental-1")).toBe(true);
    expect(
      has(ranked[0], { kind: "accommodation", attribute: "wheelchair-accessible", roomId: "dental-1" }),
    ).toBe(true);
    // Without the room preference availability hands out upstairs rooms, and the ranker refuses them.
    expect(
      rankSlots({ slots: candidates(), schedule, now: NOW, profile: profile({ concepts: ["wheelchair"] }) }),
    ).toEqual([]);
  });

  it("maps mobility to the ground floor", () => {
    const ranked = rankSlots({
      slots: candidates("deep-tissue", 14, ["ground-floor"]),
      schedule,
      now: NOW,
      profile: profile({ concepts: ["mobility"] }),
    });
    expect(ranked.every((s) => s.roomId === "therapy-1")).toBe(true);
    expect(has(ranked[0], { kind: "accommodation", attribute: "ground-floor", roomId: "therapy-1" })).toBe(
      true,
    );
  });

  it("prefers a quiet room for tinnitus without requiring it", () => {
    const booked = appointment({
      start: at("2027-03-02", "14:00"),
      minutes: 45,
      staffId: "lena",
      serviceId: "acupuncture",
      roomId: "therapy-2",
    });
    const slots = findAvailableSlots(schedule, [booked], {
      serviceId: "aroma",
      from: NOW,
      to: at("2027-03-03", "00:00"),
      now: NOW,
      preferRoomAttributes: ["quiet"],
    });
    const ranked = rankSlots({ slots, schedule, now: NOW, profile: profile({ concepts: ["tinnitus"] }) });
    expect(ranked[0]?.roomId).toBe("therapy-2");
    expect(has(ranked[0], { kind: "accommodation", attribute: "quiet", roomId: "therapy-2" })).toBe(true);
    expect(ranked.some((s) => s.roomId === "therapy-1")).toBe(true); // soft: the other room still offered
  });

  it("reports a hard need no room can meet instead of emptying the list", () => {
    const noRooms = smallSchedule();
    const needs = accommodationsFor([
      { concept: "wheelchair" },
      { concept: "latex-allergy" },
      { concept: null },
    ]);
    expect(needs.rooms.map((r) => r.attribute)).toEqual(["wheelchair-accessible"]);
    expect(unmetRoomNeeds(noRooms, "checkup", needs).map((n) => n.attribute)).toEqual([
      "wheelchair-accessible",
    ]);
    expect(unmetRoomNeeds(schedule, "checkup", needs)).toEqual([]);
    const slots = findAvailableSlots(noRooms, [], {
      serviceId: "checkup",
      from: at("2027-03-01", "00:00"),
      to: at("2027-03-02", "00:00"),
      now: at("2027-03-01", "00:00"),
    });
    expect(
      rankSlots({ slots, schedule: noRooms, now: NOW, profile: profile({ concepts: ["wheelchair"] }) })
        .length,
    ).toBe(slots.length);
  });
});

describe("SlotRanker: urgent", () => {
  it("offers the earliest slots today or tomorrow and ignores preferences", () => {
    const ranked = rank({
      wish: { urgent: true },
      profile: profile({ staff: { staffId: "schmidt" }, times: { not_days: ["mon"], parts: ["evening"] } }),
    });
    expect(ranked[0]?.local).toMatchObject({ date: "2027-03-01", time: "08:00" });
    expect(ranked.every((s) => s.local?.date === "2027-03-01" || s.local?.date === "2027-03-02")).toBe(true);
    for (let i = 1; i < ranked.length; i++) {
      expect((ranked[i] as RankedSlot).start >= (ranked[i - 1] as RankedSlot).start).toBe(true);
    }
  });

  it("still keeps the hard accommodations", () => {
    const ranked = rank({ wish: { urgent: true }, profile: profile({ concepts: ["female-staff-only"] }) });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((s) => s.staffId === "weber")).toBe(true);
  });

  it("falls back to the earliest there is when today and tomorrow are full", () => {
    const ranked = rankSlots({
      slots: candidates().filter((s) => localDate(s.start) >= "2027-03-05"),
      schedule,
      now: NOW,
      wish: { urgent: true },
    });
    expect(ranked[0]?.local?.date).toBe("2027-03-05");
  });
});

describe("pickProposals", () => {
  it("never proposes adjacent steps of the same morning", () => {
    const proposals = pickProposals(rank());
    expect(proposals).toHaveLength(3);
    const buckets = proposals.map((p) => `${p.local?.date}|${p.local?.part}`);
    expect(new Set(buckets).size).toBe(3);
    expect(localTime(proposals[0]?.start as Date)).toBe("08:00");
    expect(proposals.map((p) => `${p.local?.weekday} ${p.local?.time}`)).toEqual([
      "mon 08:00",
      "mon 13:30",
      "mon 17:00",
    ]);
  });

  it("keeps the best first", () => {
    const ranked = rank({ profile: profile({ times: { parts: ["afternoon"] } }) });
    const proposals = pickProposals(ranked);
    expect(proposals[0]).toBe(ranked[0]);
    expect(proposals.every((p) => p.local?.part === "afternoon")).toBe(true);
  });

  it("spreads within one morning when the wish allows nothing else", () => {
    const slots = candidates().filter(
      (s) => localDate(s.start) === "2027-03-03" && localTime(s.start) < "12:00",
    );
    const proposals = pickProposals(rankSlots({ slots, schedule, now: NOW }), 3);
    expect(proposals).toHaveLength(3);
    for (const [i, a] of proposals.entries()) {
      for (const b of proposals.slice(i + 1)) {
        const apart = Math.abs(a.start.getTime() - b.start.getTime()) >= 3_600_000;
        expect(apart || a.staffId !== b.staffId).toBe(true);
        expect(a.start.getTime() === b.start.getTime()).toBe(false);
      }
    }
  });

  it("returns fewer when there are fewer, and honours n", () => {
    const ranked = rank();
    expect(pickProposals(ranked.slice(0, 1))).toHaveLength(1);
    expect(pickProposals(ranked, 2)).toHaveLength(2);
    expect(pickProposals([])).toEqual([]);
  });
});

describe("proposeSlots", () => {
  it("passes the room need to availability and returns diverse proposals", () => {
    const busy = indexBusyTimes(schedule, []);
    const result = proposeSlots(schedule, busy, {
      serviceId: "checkup",
      now: NOW,
      profile: profile({ concepts: ["wheelchair"], staff: { staffId: "weber" } }),
    });
    expect(result.proposals.length).toBe(3);
    expect(result.proposals.every((p) => p.roomId === "dental-1" && p.staffId === "weber")).toBe(true);
    expect(result.unmetAccommodations).toEqual([]);
  });

  it("limits an emergency to today and tomorrow", () => {
    const result = proposeSlots(schedule, indexBusyTimes(schedule, []), {
      serviceId: "checkup",
      now: NOW,
      wish: { urgent: true },
    });
    expect(result.ranked.every((s) => s.local?.date === "2027-03-01" || s.local?.date === "2027-03-02")).toBe(
      true,
    );
    expect(result.proposals[0]?.local?.time).toBe("08:00");
  });
});
