/** What the settings cards share: saving the schedule with its version, and days of a closed range. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../web/src/api.ts";
import { en } from "../../web/src/i18n/en.ts";
import { daysFromTo, saveErrorText, saveSettings } from "../../web/src/screens/settings/scheduleEditing.ts";

const t = (key: keyof typeof en) => en[key];

describe("saving the schedule from a settings card", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the settings it was given with its own part changed, and the version it loaded", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit) => {
        bodies.push(JSON.parse(String(init.body)));
        return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
      }),
    );
    const settings = { openingHours: {}, staffHours: {}, minNoticeHours: 2 };
    await saveSettings("b1", { settings, version: "abc" }, { minNoticeHours: 4 });
    // An older server gave no version: none is sent, and the save works as before.
    await saveSettings("b1", { settings }, { closedDates: ["2026-12-24"] });
    expect(bodies).toEqual([
      { openingHours: {}, staffHours: {}, minNoticeHours: 4, version: "abc" },
      { openingHours: {}, staffHours: {}, minNoticeHours: 2, closedDates: ["2026-12-24"] },
    ]);
  });

  it("says someone else changed the settings on a 409, and passes on other errors", () => {
    expect(saveErrorText(new ApiError(409, "the settings were changed"), t)).toBe(
      en["settings.staleSchedule"],
    );
    expect(saveErrorText(new ApiError(400, "body.rooms: nope"), t)).toBe("body.rooms: nope");
    expect(saveErrorText(new TypeError("fetch failed"), t)).toBe(en["common.networkError"]);
  });
});

describe("a range of closed days", () => {
  it("is each day from the first to the last, across months and a DST change", () => {
    expect(daysFromTo("2026-12-24", "2026-12-26")).toEqual(["2026-12-24", "2026-12-25", "2026-12-26"]);
    expect(daysFromTo("2027-03-27", "2027-03-29")).toEqual(["2027-03-27", "2027-03-28", "2027-03-29"]);
    expect(daysFromTo("2027-02-28", "2027-03-01")).toEqual(["2027-02-28", "2027-03-01"]);
    expect(daysFromTo("2026-12-24", "2026-12-24")).toEqual(["2026-12-24"]);
    expect(daysFromTo("2026-12-26", "2026-12-24")).toEqual([]);
    expect(daysFromTo("", "")).toEqual([]);
  });
});
