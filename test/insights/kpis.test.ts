import { describe, expect, it } from "vitest";
import { changeRefusal, creationRefusal } from "../../src/domain/access/UserAdministration.ts";
import { periodsBetween } from "../../src/domain/insights/InsightPeriods.ts";
import { composeInsights, ratio } from "../../src/domain/insights/Kpis.ts";

describe("insight periods", () => {
  it("covers the range with whole UTC weeks from Monday, or whole months", () => {
    const weeks = periodsBetween(new Date("2026-11-04T12:00:00Z"), new Date("2026-11-10T00:00:00Z"), "week");
    expect(weeks.map((p) => [p.start.toISOString(), p.end.toISOString()])).toEqual([
      ["2026-11-02T00:00:00.000Z", "2026-11-09T00:00:00.000Z"],
      ["2026-11-09T00:00:00.000Z", "2026-11-16T00:00:00.000Z"],
    ]);
    const months = periodsBetween(
      new Date("2026-12-15T00:00:00Z"),
      new Date("2027-01-02T00:00:00Z"),
      "month",
    );
    expect(months.map((p) => p.start.toISOString())).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
  });

  it("refuses more buckets than one answer holds", () => {
    expect(() => periodsBetween(new Date("2020-01-01"), new Date("2026-01-01"), "week")).toThrow(RangeError);
  });
});

describe("KPI maths", () => {
  it("gives a rate over nothing as null, not 0", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });

  it("fills periods without data and totals the trends", () => {
    const periods = periodsBetween(
      new Date("2026-11-02T00:00:00Z"),
      new Date("2026-11-16T00:00:00Z"),
      "week",
    );
    const second = periods[1]?.start.toISOString() ?? "";
    const insights = composeInsights({
      periods,
      completeness: {
        customers: 2,
        filled: {
          name: 2,
          email: 1,
          preferred_staff_member: 0,
          preferred_appointment_times: 0,
          communication_preferences: 0,
          preferred_services: 0,
        },
      },
      completenessTrend: new Map(),
      repeat: {
        withPreferences: { customers: 0, repeat: 0 },
        withoutPreferences: { customers: 3, repeat: 1 },
      },
      sentiment: new Map(),
      noShow: new Map([[second, { appointments: 4, noShows: 1 }]]),
      questionsNotAsked: new Map([[second, 5]]),
    });
    expect(insights.completeness.average).toBe(25);
    expect(insights.completeness.byField.name).toBe(1);
    expect(insights.repeatBooking.withPreferences.rate).toBeNull();
    expect(insights.repeatBooking.withoutPreferences.rate).toBe(0.3333);
    expect(insights.noShow).toMatchObject({ rate: 0.25, appointments: 4 });
    expect(insights.noShow.trend[0]).toEqual({
      period: periods[0]?.start.toISOString(),
      rate: null,
      appointments: 0,
    });
    expect(insights.timeSaved).toMatchObject({ questionsNotAsked: 5, minutesSaved: 10 });
  });
});

describe("user administration rules", () => {
  it("lets only owners create, change or promote owners", () => {
    expect(creationRefusal("admin", "owner")).toMatch(/only an owner/);
    expect(creationRefusal("admin", "staff")).toBeNull();
    expect(creationRefusal("owner", "owner")).toBeNull();
    expect(changeRefusal("admin", { role: "owner", disabled: false }, { password: "x" }, 2)).toMatch(
      /only an owner/,
    );
    expect(changeRefusal("admin", { role: "staff", disabled: false }, { role: "owner" }, 1)).toMatch(
      /only an owner/,
    );
    expect(changeRefusal("admin", { role: "staff", disabled: false }, { disabled: true }, 1)).toBeNull();
  });

  it("never leaves a business without an enabled owner", () => {
    const owner = { role: "owner" as const, disabled: false };
    expect(changeRefusal("owner", owner, { disabled: true }, 1)).toMatch(/last owner/);
    expect(changeRefusal("owner", owner, { role: "admin" }, 1)).toMatch(/last owner/);
    expect(changeRefusal("owner", owner, { role: "admin" }, 2)).toBeNull();
    expect(changeRefusal("owner", owner, { password: "new one" }, 1)).toBeNull();
    // A disabled owner is not one of the enabled owners: enabling one is always fine.
    expect(changeRefusal("owner", { role: "owner", disabled: true }, { disabled: false }, 1)).toBeNull();
  });
});
