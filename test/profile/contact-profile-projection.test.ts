import { describe, expect, it } from "vitest";
import { projectContactProfile } from "../../src/domain/profile/ContactProfileProjection.ts";
import { comms, customer, day, Profile, staff, times } from "./profileHarness.ts";

function richProfile(): Profile {
  const profile = new Profile();
  profile.hear(
    customer("special_notes", { category: "request", concept: "quiet-music" }, "Quiet music", {
      saidAt: day(1),
    }),
  );
  profile.hear(
    customer("special_notes", { category: "allergy", concept: "latex-allergy" }, "Latex allergy", {
      saidAt: day(2),
    }),
  );
  profile.hear(
    customer("special_notes", { category: "fear", concept: "needle-fear" }, "Needles", { saidAt: day(3) }),
  );
  profile.hear(
    customer("special_notes", { category: "allergy", concept: "fragrance" }, "Strong fragrances", {
      saidAt: day(4),
    }),
  );
  profile.hear(
    customer(
      "preferred_services",
      { serviceIds: ["svc-massage-deep", "svc-massage-classic"], interest: "liked" },
      "massages",
    ),
  );
  profile.hear(
    customer(
      "preferred_services",
      { serviceIds: ["svc-massage-deep"], interest: "requested" },
      "Deep Tissue Massage",
    ),
  );
  profile.hear(customer("preferred_services", { serviceIds: [], interest: "asked" }, "Acupuncture"));
  profile.hear(
    customer(
      "communication_preferences",
      comms({ channels: ["whatsapp"], avoid: ["phone"] }),
      "WhatsApp only, no calls (in meetings)",
    ),
  );
  profile.hear(
    customer(
      "preferred_appointment_times",
      times({ parts: ["evening"] }),
      "Evenings preferred (works during day)",
    ),
  );
  profile.hear(customer("preferred_appointment_times", times({ parts: ["morning"] }), "mornings?"));
  return profile;
}

describe("the contact profile projection", () => {
  it("shows only current facts: no candidates, history or removed facts", () => {
    const profile = richProfile();
    expect(profile.projection().preferred_appointment_times).toBe("Evenings preferred (works during day)");
    expect(profile.projection().structured.preferred_appointment_times).toEqual(
      times({ parts: ["evening"] }),
    );
  });

  it("lists special notes by category (fears first), then in the order they were said", () => {
    expect(richProfile().projection().special_notes).toEqual([
      { category: "fear", concept: "needle-fear", text: "Needles" },
      { category: "allergy", concept: "latex-allergy", text: "Latex allergy" },
      { category: "allergy", concept: "fragrance", text: "Strong fragrances" },
      { category: "request", concept: "quiet-music", text: "Quiet music" },
    ]);
  });

  it("gives preferred services as a JSON array of catalogue ids, or names for unknown services", () => {
    expect(richProfile().projection().preferred_services).toEqual([
      "svc-massage-deep",
      "svc-massage-classic",
      "Acupuncture",
    ]);
  });

  it("is deterministic: the same facts in any order give the same profile", () => {
    const profile = richProfile();
    const reversed = [...profile.facts].reverse();
    expect(projectContactProfile(profile.contactId, reversed)).toEqual(profile.projection());
  });

  it("ignores other contacts' facts", () => {
    const profile = richProfile();
    expect(projectContactProfile("someone-else", profile.facts)).toMatchObject({
      contactId: "someone-else",
      special_notes: [],
      preferred_services: [],
      communication_preferences: null,
    });
  });

  it("shows a staff edit's text and structured value", () => {
    const profile = new Profile();
    profile.hear(
      staff(
        "u-anna",
        "preferred_staff_member",
        { staffId: null, name: null, gender: "female", none: false },
        "Any female therapist",
      ),
    );
    expect(profile.projection()).toMatchObject({
      preferred_staff_member: "Any female therapist",
      structured: { preferred_staff_member: { gender: "female", staffId: null, name: null, none: false } },
    });
  });
});
