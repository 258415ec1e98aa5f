import { describe, expect, it } from "vitest";
import { accommodationsFor } from "../../src/domain/booking/Accommodations.ts";
import { describeAccommodations } from "../../src/domain/booking/AccommodationWording.ts";
import { profileCompleteness } from "../../src/domain/profile/ProfileCompleteness.ts";
import { safetyAlerts } from "../../src/domain/profile/SafetyAlerts.ts";
import { customer, Profile, staff, times } from "./profileHarness.ts";

describe("safety alerts", () => {
  it("puts allergies and medical notes first, then limitations and fears, then requests", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", { category: "request", concept: "blanket" }, "Likes a blanket"));
    profile.hear(customer("special_notes", { category: "fear", concept: "fear-needles" }, "Fear of needles"));
    profile.hear(
      customer(
        "special_notes",
        { category: "allergy", concept: "latex-allergy" },
        "Latex allergy - use latex-free gloves",
      ),
    );
    const alerts = safetyAlerts(profile.facts);
    expect(alerts.map((a) => [a.severity, a.concept])).toEqual([
      ["critical", "latex-allergy"],
      ["warning", "fear-needles"],
      ["info", "blanket"],
    ]);
    // The panel shows the label in its own language; the note's text stays as it was said.
    expect(alerts[1]?.labels).toEqual({ en: "Fear of needles", de: "Angst vor Spritzen" });
    expect(alerts[0]).toMatchObject({
      text: "Latex allergy - use latex-free gloves",
      labels: {
        en: "Latex allergy - use latex-free gloves",
        de: "Latexallergie – latexfreie Handschuhe verwenden",
      },
      action: { en: "use latex-free gloves", de: "latexfreie Handschuhe verwenden" },
      quote: "Latex allergy - use latex-free gloves",
    });
  });

  it("leaves out removed notes and shows a staff note without a concept with no action", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", { category: "allergy", concept: "nut-allergy" }, "Nut allergy"));
    const nut = profile.current("special_notes");
    if (!nut) throw new Error("no note");
    profile.remove(nut.id);
    profile.hear(
      staff("sara", "special_notes", { category: "medical", concept: null }, "Check blood pressure first"),
    );
    expect(safetyAlerts(profile.facts)).toEqual([
      expect.objectContaining({
        severity: "critical",
        concept: null,
        text: "Check blood pressure first",
        labels: null,
        action: null,
        quote: null,
      }),
    ]);
  });

  it("words the accommodations for the calendar, hard needs first", () => {
    const wording = describeAccommodations(
      accommodationsFor([
        { concept: "tinnitus" },
        { concept: "wheelchair" },
        { concept: "female-staff-only" },
      ]),
    );
    expect(wording.map((w) => w.en)).toEqual([
      "Wheelchair-accessible room",
      "Quiet room",
      "Female staff only",
    ]);
    expect(wording[0]?.de).toBe("Rollstuhlgängiger Raum");
  });
});

describe("profile completeness", () => {
  it("counts the six fields, a stated 'no preference' as filled", () => {
    const profile = new Profile();
    expect(profileCompleteness(profile.projection())).toMatchObject({ score: 0, filled: [] });
    profile.hear(customer("name", "Marie Huber", "Marie Huber"));
    profile.hear(
      customer(
        "preferred_staff_member",
        { staffId: null, name: null, gender: null, none: true },
        "No preference",
      ),
    );
    profile.hear(customer("preferred_appointment_times", times({ parts: ["morning"] }), "Mornings"));
    const completeness = profileCompleteness(profile.projection());
    expect(completeness).toEqual({
      score: 50,
      filled: ["name", "preferred_staff_member", "preferred_appointment_times"],
      missing: ["email", "communication_preferences", "preferred_services"],
    });
  });
});
