import { describe, expect, it } from "vitest";
import {
  combineCommunicationPreferences,
  combineTimePreferences,
} from "../../src/domain/profile/PreferenceCombination.ts";
import { comms, customer, Profile, times } from "./profileHarness.ts";

describe("communication preferences", () => {
  it("combine a compatible addition into the current value: WhatsApp, then brief messages", () => {
    const profile = new Profile();
    const first = profile.hear(
      customer(
        "communication_preferences",
        comms({ channels: ["whatsapp"], avoid: ["phone"] }),
        "WhatsApp only, no calls",
      ),
    ).inserts[0];
    const change = profile.hear(
      customer("communication_preferences", comms({ style: "brief" }), "Brief messages please"),
    );

    expect(change.outcome).toBe("combined");
    expect(profile.current("communication_preferences")).toMatchObject({
      value: comms({ channels: ["whatsapp"], avoid: ["phone"], style: "brief" }),
      text: "WhatsApp only, no calls; Brief messages please",
      supersedes: first?.id,
    });
    expect(profile.byId(first?.id ?? "").status).toBe("superseded");
    expect(profile.withStatus("communication_preferences", "candidate")).toEqual([]);
  });

  it("confirm a statement the current value already covers", () => {
    const profile = new Profile();
    profile.hear(
      customer(
        "communication_preferences",
        comms({ channels: ["whatsapp"], style: "brief" }),
        "WhatsApp, brief",
      ),
    );
    const change = profile.hear(
      customer("communication_preferences", comms({ channels: ["whatsapp"] }), "just WhatsApp"),
    );

    expect(change.outcome).toBe("confirmed");
  });

  it("keep a contradiction as a candidate: wants phone calls vs avoids them", () => {
    const profile = new Profile();
    profile.hear(customer("communication_preferences", comms({ avoid: ["phone"] }), "Don't call me"));
    const change = profile.hear(
      customer("communication_preferences", comms({ channels: ["phone"] }), "Call me for updates"),
    );

    expect(change.outcome).toBe("candidate");
    expect(profile.current("communication_preferences")?.text).toBe("Don't call me");
  });

  it("keep brief vs detailed, and a different channel, as candidates", () => {
    expect(combineCommunicationPreferences(comms({ style: "brief" }), comms({ style: "detailed" }))).toEqual({
      kind: "conflict",
      reasons: ["brief vs detailed messages"],
    });
    expect(
      combineCommunicationPreferences(comms({ channels: ["whatsapp"] }), comms({ channels: ["email"] })),
    ).toEqual({
      kind: "conflict",
      reasons: ["different channels"],
    });
  });

  it("let a correction replace what it mentions and keep the rest", () => {
    const profile = new Profile();
    profile.hear(
      customer(
        "communication_preferences",
        comms({ channels: ["whatsapp"], style: "brief" }),
        "WhatsApp, short",
      ),
    );
    const change = profile.hear(
      customer(
        "communication_preferences",
        comms({ style: "detailed" }),
        "actually I'd like detailed explanations",
      ),
      { correction: true },
    );

    expect(change.outcome).toBe("corrected");
    expect(profile.current("communication_preferences")).toMatchObject({
      value: comms({ channels: ["whatsapp"], style: "detailed" }),
      text: "actually I'd like detailed explanations; WhatsApp",
    });
  });

  it("take a correction on its own when what it would keep contradicts it", () => {
    const profile = new Profile();
    profile.hear(
      customer(
        "communication_preferences",
        comms({ channels: ["phone"], written: true }),
        "Call me, and send it in writing",
      ),
    );
    profile.hear(
      customer("communication_preferences", comms({ avoid: ["phone"] }), "not anymore, no calls please"),
      { correction: true },
    );

    expect(profile.current("communication_preferences")?.value).toEqual(
      comms({ avoid: ["phone"], written: true }),
    );
  });
});

describe("appointment time preferences", () => {
  it("combine the seed's 'mornings, busy after 2pm' told in two messages", () => {
    const profile = new Profile();
    profile.hear(
      customer("preferred_appointment_times", times({ parts: ["morning"] }), "I prefer morning appointments"),
    );
    const change = profile.hear(
      customer("preferred_appointment_times", times({ before: "14:00" }), "I'm usually busy after 2pm"),
    );

    expect(change.outcome).toBe("combined");
    expect(profile.current("preferred_appointment_times")?.value).toEqual(
      times({ parts: ["morning"], before: "14:00" }),
    );
  });

  it("combine days with parts of the day and exclusions", () => {
    expect(
      combineTimePreferences(
        times({ days: ["tue", "thu"] }),
        times({ parts: ["afternoon"], not_days: ["fri"] }),
      ),
    ).toEqual({
      kind: "combined",
      value: times({ days: ["tue", "thu"], parts: ["afternoon"], not_days: ["fri"] }),
    });
  });

  it("confirm a narrower repeat and widen for a wider one", () => {
    expect(combineTimePreferences(times({ days: ["tue", "thu"] }), times({ days: ["tue"] }))).toEqual({
      kind: "same",
    });
    expect(combineTimePreferences(times({ days: ["tue"] }), times({ days: ["tue", "thu"] }))).toEqual({
      kind: "combined",
      value: times({ days: ["tue", "thu"] }),
    });
  });

  it("keep mornings vs not mornings as a candidate", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_appointment_times", times({ parts: ["morning"] }), "Mornings"));
    const change = profile.hear(
      customer("preferred_appointment_times", times({ not_parts: ["morning"] }), "I can't do mornings"),
    );

    expect(change.outcome).toBe("candidate");
    expect(profile.current("preferred_appointment_times")?.text).toBe("Mornings");
  });

  it("treat a different answer to the same question, or a window that excludes it, as a conflict", () => {
    expect(combineTimePreferences(times({ parts: ["morning"] }), times({ parts: ["evening"] }))).toEqual({
      kind: "conflict",
      reasons: ["different times of day"],
    });
    expect(combineTimePreferences(times({ parts: ["morning"] }), times({ after: "17:00" }))).toEqual({
      kind: "conflict",
      reasons: ["morning lies outside 17:00–24:00"],
    });
    expect(combineTimePreferences(times({ after: "15:00" }), times({ before: "14:00" }))).toMatchObject({
      kind: "conflict",
    });
    expect(combineTimePreferences(times({ parts: ["morning"] }), times({ flexible: true }))).toEqual({
      kind: "conflict",
      reasons: ["any time vs specific times"],
    });
  });

  it("let 'ab jetzt nachmittags' replace the part of the day and keep the excluded day", () => {
    const profile = new Profile();
    profile.hear(
      customer(
        "preferred_appointment_times",
        times({ parts: ["morning"], not_days: ["fri"] }),
        "Vormittags, nicht freitags",
      ),
    );
    const change = profile.hear(
      customer("preferred_appointment_times", times({ parts: ["afternoon"] }), "ab jetzt lieber nachmittags"),
      { correction: true },
    );

    expect(change.outcome).toBe("corrected");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      value: times({ parts: ["afternoon"], not_days: ["fri"] }),
      text: "ab jetzt lieber nachmittags; Not Fridays",
    });
  });

  it("let a correction to 'any time' replace everything", () => {
    const profile = new Profile();
    profile.hear(
      customer(
        "preferred_appointment_times",
        times({ parts: ["morning"], days: ["tue"] }),
        "Tuesday mornings",
      ),
    );
    profile.hear(
      customer("preferred_appointment_times", times({ flexible: true }), "actually any time works now"),
      {
        correction: true,
      },
    );

    expect(profile.current("preferred_appointment_times")?.value).toEqual(times({ flexible: true }));
  });
});
