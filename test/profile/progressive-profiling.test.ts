/** The seed's Marie Schmidt, over four visits: the profile grows, nothing said earlier is lost. */
import { describe, expect, it } from "vitest";
import { comms, customer, day, inferred, Profile, times } from "./profileHarness.ts";

describe("progressive profiling over four visits", () => {
  const profile = new Profile();

  it("visit 1: basics", () => {
    profile.hear(customer("name", "Marie Schmidt", "Marie Schmidt", { saidAt: day(0) }));
    profile.hear(customer("phone", "+41791234567", "+41 79 123 4567", { saidAt: day(0) }));
    profile.hear(
      customer(
        "preferred_services",
        { serviceIds: ["svc-cleaning"], interest: "requested" },
        "Dental Cleaning",
        {
          saidAt: day(0),
        },
      ),
    );
    profile.hear(customer("language", "de", "German", { saidAt: day(0) }));

    expect(profile.projection()).toMatchObject({
      name: "Marie Schmidt",
      phone: "+41791234567",
      language: "de",
      preferred_services: ["svc-cleaning"],
      preferred_appointment_times: null,
    });
  });

  it("visit 2: preferences, the basics still there", () => {
    profile.hear(
      customer("preferred_appointment_times", times({ parts: ["morning"] }), "Mornings preferred", {
        saidAt: day(60),
      }),
    );
    profile.hear(
      customer("email", "marie.schmidt@email.com", "marie.schmidt@email.com", { saidAt: day(60) }),
    );
    // She gives her name again when greeting: confirmed, not duplicated.
    expect(
      profile.hear(customer("name", "marie schmidt", "marie schmidt", { saidAt: day(60) })).outcome,
    ).toBe("confirmed");

    expect(profile.projection()).toMatchObject({
      name: "Marie Schmidt",
      email: "marie.schmidt@email.com",
      preferred_appointment_times: "Mornings preferred",
    });
  });

  it("visit 3: deeper understanding", () => {
    profile.hear(
      customer("special_notes", { category: "fear", concept: "dental-anxiety" }, "Dental anxiety", {
        saidAt: day(120),
      }),
    );
    profile.hear(
      customer(
        "special_notes",
        { category: "request", concept: "detailed-explanations" },
        "Prefers detailed explanations",
        { saidAt: day(120) },
      ),
    );
    profile.hear(
      customer(
        "preferred_staff_member",
        { staffId: "st-weber", name: "Dr. Weber", gender: "female", none: false },
        "Dr. Weber - gentle approach",
        { saidAt: day(120) },
      ),
    );

    expect(profile.projection()).toMatchObject({
      preferred_staff_member: "Dr. Weber - gentle approach",
      special_notes: [
        { category: "fear", concept: "dental-anxiety", text: "Dental anxiety" },
        { category: "request", concept: "detailed-explanations", text: "Prefers detailed explanations" },
      ],
    });
  });

  it("visit 4: behavioural patterns add to the profile without overriding it", () => {
    profile.hear(
      customer(
        "communication_preferences",
        comms({ style: "brief" }),
        "Prefers brief, to-the-point messages",
        {
          saidAt: day(180),
        },
      ),
    );
    profile.hear(
      inferred(
        3,
        "preferred_services",
        { serviceIds: ["svc-cleaning"], interest: null },
        "Books every 6 months for cleaning",
        day(180),
      ),
    );
    profile.hear(
      inferred(
        3,
        "preferred_appointment_times",
        times({ days: ["tue"], parts: ["afternoon"] }),
        "Tuesdays at 2pm",
        day(180),
      ),
    );

    expect(profile.projection()).toEqual({
      contactId: profile.contactId,
      name: "Marie Schmidt",
      email: "marie.schmidt@email.com",
      phone: "+41791234567",
      language: "de",
      preferred_staff_member: "Dr. Weber - gentle approach",
      preferred_appointment_times: "Mornings preferred",
      special_notes: [
        { category: "fear", concept: "dental-anxiety", text: "Dental anxiety" },
        { category: "request", concept: "detailed-explanations", text: "Prefers detailed explanations" },
      ],
      communication_preferences: "Prefers brief, to-the-point messages",
      preferred_services: ["svc-cleaning"],
      structured: {
        preferred_staff_member: { staffId: "st-weber", name: "Dr. Weber", gender: "female", none: false },
        preferred_appointment_times: times({ parts: ["morning"] }),
        communication_preferences: comms({ style: "brief" }),
      },
    });
    expect(profile.withStatus("preferred_appointment_times", "candidate")).toEqual([
      expect.objectContaining({ text: "Tuesdays at 2pm", source: "behaviour" }),
    ]);
  });

  it("keeps every statement as evidence: nothing was overwritten", () => {
    expect(profile.facts.filter((fact) => fact.status === "superseded" || fact.status === "removed")).toEqual(
      [],
    );
    expect(
      profile.facts.filter((fact) => fact.source === "customer").every((fact) => fact.messageId !== null),
    ).toBe(true);
  });
});
