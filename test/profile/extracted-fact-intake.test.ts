import { describe, expect, it } from "vitest";
import type { ExtractedFact } from "../../src/domain/extraction/types.ts";
import { factFromExtraction } from "../../src/domain/profile/ExtractedFactIntake.ts";
import { CONTACT, MONDAY, Profile, times } from "./profileHarness.ts";

const origin = { contactId: CONTACT, messageId: "wamid-1", saidAt: MONDAY };

function evidence(quote: string) {
  return { start: 0, end: quote.length, quote };
}

describe("facts from the extractor", () => {
  it("carry the message, the quote and the extractor's confidence", () => {
    const extracted: ExtractedFact = {
      field: "preferred_appointment_times",
      value: "Mornings, before 14:00",
      slots: times({ parts: ["morning"], before: "14:00" }),
      evidence: evidence("I prefer morning appointments, I'm usually busy after 2pm"),
      confidence: 0.85,
    };

    expect(factFromExtraction(extracted, origin)).toEqual({
      field: "preferred_appointment_times",
      value: times({ parts: ["morning"], before: "14:00" }),
      contactId: CONTACT,
      text: "Mornings, before 14:00",
      saidAt: MONDAY,
      confidence: 0.85,
      source: "customer",
      messageId: "wamid-1",
      quote: "I prefer morning appointments, I'm usually busy after 2pm",
    });
  });

  it("name a staff member only when a person was named", () => {
    const base = { field: "preferred_staff_member", evidence: evidence("x"), confidence: 0.9 } as const;
    const weber = factFromExtraction(
      { ...base, value: "Dr. Weber", staffId: "st-weber", gender: "female" },
      origin,
    );
    const anyWoman = factFromExtraction({ ...base, value: "Any female therapist", gender: "female" }, origin);
    const anyone = factFromExtraction({ ...base, value: "No preference", none: true }, origin);

    expect(weber.value).toEqual({ staffId: "st-weber", name: "Dr. Weber", gender: "female", none: false });
    expect(anyWoman.value).toEqual({ staffId: null, name: null, gender: "female", none: false });
    expect(anyone.value).toEqual({ staffId: null, name: null, gender: null, none: true });
  });

  it("feed the merge rules directly", () => {
    const profile = new Profile();
    profile.hear(
      factFromExtraction(
        {
          field: "special_notes",
          category: "allergy",
          concept: "latex-allergy",
          value: "Latex allergy",
          evidence: evidence("I'm allergic to latex"),
          confidence: 0.95,
        },
        origin,
      ),
    );
    expect(profile.projection().special_notes).toEqual([
      { category: "allergy", concept: "latex-allergy", text: "Latex allergy" },
    ]);
  });
});
