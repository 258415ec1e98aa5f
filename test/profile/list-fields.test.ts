import { describe, expect, it } from "vitest";
import { customer, day, inferred, Profile, staff } from "./profileHarness.ts";

const latex = { category: "allergy", concept: "latex-allergy" } as const;
const needles = { category: "fear", concept: "needle-fear" } as const;

describe("special notes", () => {
  it("accumulate", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", latex, "Latex allergy - use latex-free gloves"));
    const change = profile.hear(customer("special_notes", needles, "Terrified of needles"));

    expect(change.outcome).toBe("added");
    expect(profile.withStatus("special_notes", "current").map((fact) => fact.text)).toEqual([
      "Latex allergy - use latex-free gloves",
      "Terrified of needles",
    ]);
  });

  it("are one note per concept, whatever the wording or language: a repeat confirms it", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", latex, "Latex allergy"));
    const change = profile.hear(
      customer("special_notes", latex, "Ich habe eine Latexallergie", { saidAt: day(30) }),
    );

    expect(change.outcome).toBe("confirmed");
    expect(profile.withStatus("special_notes", "current")).toEqual([
      expect.objectContaining({ text: "Latex allergy", confirmations: 1, lastConfirmedAt: day(30) }),
    ]);
  });

  it("written freely by staff are keyed by their wording within the category", () => {
    const profile = new Profile();
    const quiet = { category: "request", concept: null } as const;
    profile.hear(staff("u-anna", "special_notes", quiet, "Prefers quiet music"));
    expect(profile.hear(staff("u-ben", "special_notes", quiet, "prefers  QUIET music")).outcome).toBe(
      "confirmed",
    );
    expect(profile.hear(staff("u-ben", "special_notes", quiet, "Brings her partner")).outcome).toBe("added");
  });

  it("take the customer's corrected wording for the same concept, keeping the old one as history", () => {
    const profile = new Profile();
    const old = profile.hear(customer("special_notes", latex, "Latex allergy")).inserts[0];
    const change = profile.hear(customer("special_notes", latex, "actually it's a severe latex allergy"), {
      correction: true,
    });

    expect(change.outcome).toBe("corrected");
    expect(profile.withStatus("special_notes", "current")).toEqual([
      expect.objectContaining({ text: "actually it's a severe latex allergy", supersedes: old?.id }),
    ]);
  });

  it("take a staff member's rewording of the same concept", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", latex, "latex allergy"));
    const change = profile.hear(staff("u-anna", "special_notes", latex, "Latex allergy (confirmed by GP)"));

    expect(change.outcome).toBe("edited");
    expect(profile.withStatus("special_notes", "current")).toEqual([
      expect.objectContaining({ text: "Latex allergy (confirmed by GP)", editedBy: "u-anna" }),
    ]);
  });
});

describe("preferred services", () => {
  it("accumulate by catalogue id without duplicates", () => {
    const profile = new Profile();
    const cleaning = { serviceIds: ["svc-cleaning"], interest: "requested" as const };
    profile.hear(customer("preferred_services", cleaning, "Dental Cleaning"));
    profile.hear(
      customer("preferred_services", { serviceIds: ["svc-whitening"], interest: "asked" }, "whitening?"),
    );
    const repeat = profile.hear(
      customer("preferred_services", { ...cleaning, interest: "liked" }, "the cleaning"),
    );

    expect(repeat.outcome).toBe("confirmed");
    expect(profile.projection().preferred_services).toEqual(["svc-cleaning", "svc-whitening"]);
  });

  it("key services the catalogue does not know by their normalised name", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_services", { serviceIds: [], interest: "asked" }, "Acupuncture"));
    const repeat = profile.hear(
      customer("preferred_services", { serviceIds: [], interest: "liked" }, " acupuncture "),
    );

    expect(repeat.outcome).toBe("confirmed");
    expect(profile.projection().preferred_services).toEqual(["Acupuncture"]);
  });

  it("confirm a stated service when booking history shows it too", () => {
    const profile = new Profile();
    profile.hear(
      customer("preferred_services", { serviceIds: ["svc-cleaning"], interest: "requested" }, "Cleaning"),
    );
    const change = profile.hear(
      inferred(
        4,
        "preferred_services",
        { serviceIds: ["svc-cleaning"], interest: null },
        "Books every 6 months",
      ),
    );

    expect(change.outcome).toBe("confirmed");
    expect(profile.withStatus("preferred_services", "current")).toEqual([
      expect.objectContaining({ source: "customer", sampleSize: 4 }),
    ]);
  });
});
