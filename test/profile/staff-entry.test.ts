import { describe, expect, it } from "vitest";
import { defaultEntryText, recogniseNoteConcept } from "../../src/domain/profile/StaffEntryText.ts";

describe("what staff type into a profile", () => {
  it("recognises a note's concept in either language, only within the category staff chose", () => {
    expect(recogniseNoteConcept("Latex allergy", "allergy")).toBe("latex-allergy");
    expect(recogniseNoteConcept("Allergie auf Latex", "allergy")).toBe("latex-allergy");
    expect(recogniseNoteConcept("Latex allergy", "fear")).toBeNull();
    expect(recogniseNoteConcept("Likes the blinds down", "request")).toBeNull();
  });

  it("words a structured value the way the profile does, and leaves notes to staff's own words", () => {
    const catalog = {
      name: "Praxis",
      timezone: "Europe/Zurich",
      country: "CH",
      languages: ["de" as const, "en" as const],
      staff: [{ id: "weber", name: "Dr. Anna Weber", role: "Dentist" }],
      services: [{ id: "cleaning", name: "Dental Cleaning", minutes: 45 }],
    };
    expect(
      defaultEntryText(
        {
          field: "preferred_staff_member",
          value: { staffId: "weber", name: null, gender: null, none: false },
        },
        catalog,
      ),
    ).toBe("Dr. Anna Weber");
    expect(
      defaultEntryText(
        {
          field: "preferred_staff_member",
          value: { staffId: null, name: null, gender: "female", none: false },
        },
        catalog,
      ),
    ).toBe("a female staff member");
    expect(
      defaultEntryText(
        { field: "preferred_services", value: { serviceIds: ["cleaning"], interest: null } },
        catalog,
      ),
    ).toBe("Dental Cleaning");
    expect(
      defaultEntryText({ field: "special_notes", value: { category: "request", concept: null } }, catalog),
    ).toBeNull();
    expect(defaultEntryText({ field: "email", value: "a@b.ch" }, null)).toBe("a@b.ch");
  });
});
