import { describe, expect, it } from "vitest";
import { customer, day, inferred, Profile, staff, times } from "./profileHarness.ts";

const mornings = times({ parts: ["morning"] });
const tuesdayAfternoons = times({ days: ["tue"], parts: ["afternoon"] });
const evenings = times({ parts: ["evening"] });

describe("staff edits", () => {
  it("always supersede, recording the editor", () => {
    const profile = new Profile();
    const stated = profile.hear(customer("preferred_appointment_times", mornings, "Mornings preferred"))
      .inserts[0];
    const change = profile.hear(
      staff("u-anna", "preferred_appointment_times", evenings, "Evenings (told us on the phone)"),
    );

    expect(change.outcome).toBe("edited");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      source: "staff",
      editedBy: "u-anna",
      messageId: null,
      supersedes: stated?.id,
      text: "Evenings (told us on the phone)",
    });
    expect(profile.byId(stated?.id ?? "").status).toBe("superseded");
    expect(change.audit[0]?.description).toBe(
      'staff u-anna edited preferred appointment times: "Mornings preferred" → "Evenings (told us on the phone)"',
    );
  });

  it("replace a structured value whole instead of combining it", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_appointment_times", mornings, "Mornings"));
    profile.hear(staff("u-anna", "preferred_appointment_times", times({ days: ["fri"] }), "Fridays"));

    expect(profile.current("preferred_appointment_times")?.value).toEqual(times({ days: ["fri"] }));
  });

  it("to the value already on file only confirm it", () => {
    const profile = new Profile();
    profile.hear(customer("email", "marie@email.com", "marie@email.com"));
    const change = profile.hear(staff("u-anna", "email", "MARIE@email.com", "MARIE@email.com"));

    expect(change.outcome).toBe("confirmed");
    expect(change.audit[0]?.actor).toEqual({ kind: "staff", userId: "u-anna" });
  });
});

describe("facts inferred from booking history", () => {
  it("fill an empty field", () => {
    const profile = new Profile();
    const change = profile.hear(
      inferred(3, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"),
    );

    expect(change.outcome).toBe("added");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      source: "behaviour",
      sampleSize: 3,
    });
    expect(change.audit[0]?.description).toBe(
      'booking history added preferred appointment times: "Tuesdays at 2pm"',
    );
  });

  it("never override what the customer said: they stay candidates", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_appointment_times", mornings, "I prefer mornings"));
    const change = profile.hear(
      inferred(4, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"),
    );

    expect(change.outcome).toBe("candidate");
    expect(profile.current("preferred_appointment_times")?.text).toBe("I prefer mornings");
    expect(profile.withStatus("preferred_appointment_times", "candidate")).toEqual([
      expect.objectContaining({ source: "behaviour", sampleSize: 4 }),
    ]);
  });

  it("never override what staff typed, nor combine into it", () => {
    const profile = new Profile();
    profile.hear(staff("u-anna", "preferred_appointment_times", mornings, "Mornings"));
    const change = profile.hear(
      inferred(
        5,
        "preferred_appointment_times",
        times({ parts: ["morning"], days: ["tue"] }),
        "Tuesday mornings",
      ),
    );

    expect(change.outcome).toBe("candidate");
    expect(profile.current("preferred_appointment_times")?.value).toEqual(mornings);
  });

  it("confirm a stated fact they agree with, without taking it over", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_appointment_times", mornings, "Mornings"));
    const change = profile.hear(
      inferred(6, "preferred_appointment_times", mornings, "Always books mornings"),
    );

    expect(change.outcome).toBe("confirmed");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      source: "customer",
      confirmations: 1,
    });
  });

  it("replace an older inference", () => {
    const profile = new Profile();
    const older = profile.hear(
      inferred(3, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"),
    ).inserts[0];
    const change = profile.hear(
      inferred(6, "preferred_appointment_times", evenings, "Evenings lately", day(90)),
    );

    expect(change.outcome).toBe("replaced");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      text: "Evenings lately",
      supersedes: older?.id,
    });
  });

  it("replace an older inferred candidate instead of piling up beside it", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_appointment_times", mornings, "Mornings"));
    const older = profile.hear(
      inferred(3, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"),
    ).inserts[0];
    profile.hear(inferred(6, "preferred_appointment_times", evenings, "Evenings lately"));

    expect(profile.withStatus("preferred_appointment_times", "candidate").map((fact) => fact.text)).toEqual([
      "Evenings lately",
    ]);
    expect(profile.byId(older?.id ?? "").status).toBe("superseded");
  });

  it("update the sample size when the same pattern is seen again", () => {
    const profile = new Profile();
    profile.hear(inferred(3, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"));
    profile.hear(inferred(5, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"));

    expect(profile.current("preferred_appointment_times")).toMatchObject({ sampleSize: 5, confirmations: 1 });
  });

  it("give way to what the customer says, even without a correction", () => {
    const profile = new Profile();
    profile.hear(inferred(3, "preferred_appointment_times", tuesdayAfternoons, "Tuesdays at 2pm"));
    const change = profile.hear(
      customer("preferred_appointment_times", evenings, "Evenings work best for me"),
    );

    expect(change.outcome).toBe("replaced");
    expect(profile.current("preferred_appointment_times")).toMatchObject({
      source: "customer",
      text: "Evenings work best for me",
    });
  });
});
