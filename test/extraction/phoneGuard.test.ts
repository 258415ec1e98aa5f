import { createRequire } from "node:module";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { MIN_PHONE_DIGITS } from "../../src/domain/extraction/fields/basics.ts";

const require = createRequire(import.meta.url);
type Country = [string, unknown, unknown, number[] | number, ...unknown[]];
const metadata = require("libphonenumber-js/metadata.min.json") as {
  countries: Record<string, Country>;
  nonGeographic?: Record<string, Country>;
};

describe("phone guard", () => {
  it("asks for no more digits than the shortest valid number has", () => {
    const entries = [...Object.values(metadata.countries), ...Object.values(metadata.nonGeographic ?? {})];
    const shortest = Math.min(
      ...entries.map(([code, , , lengths]) => code.length + Math.min(...[lengths].flat())),
    );
    expect(shortest).toBeGreaterThanOrEqual(MIN_PHONE_DIGITS);
  });

  it("is right that the library finds no number in dates and times", () => {
    expect(findPhoneNumbersInText("am 21.3. um 14:30, 2 Wochen, 10 min", { defaultCountry: "CH" })).toEqual(
      [],
    );
  });
});
