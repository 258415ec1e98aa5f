import { describe, expect, it } from "vitest";
import { CONTACT, customer, day, Profile } from "./profileHarness.ts";

const weber = { staffId: "st-weber", name: "Dr. Weber", gender: "female", none: false } as const;
const sarah = { staffId: "st-sarah", name: "Sarah", gender: "female", none: false } as const;

describe("a single-valued field", () => {
  it("takes the first value it hears as current", () => {
    const profile = new Profile();
    const change = profile.hear(customer("email", "marie.schmidt@email.com", "marie.schmidt@email.com"));

    expect(change.outcome).toBe("added");
    expect(profile.current("email")).toMatchObject({
      contactId: CONTACT,
      value: "marie.schmidt@email.com",
      source: "customer",
      status: "current",
      supersedes: null,
      quote: "marie.schmidt@email.com",
    });
  });

  it("confirms the same value heard again instead of storing it twice, ignoring case and spacing", () => {
    const profile = new Profile();
    profile.hear(customer("name", "Marie Schmidt", "Marie Schmidt"));
    const change = profile.hear(customer("name", "  marie   SCHMIDT ", "marie schmidt", { saidAt: day(7) }));

    expect(change.outcome).toBe("confirmed");
    expect(change.inserts).toEqual([]);
    expect(profile.facts).toHaveLength(1);
    expect(profile.current("name")).toMatchObject({
      value: "Marie Schmidt",
      confirmations: 1,
      lastConfirmedAt: day(7),
    });
  });

  it("compares emails without case and phone numbers without formatting", () => {
    const profile = new Profile();
    profile.hear(customer("email", "Marie.Schmidt@Email.com", "Marie.Schmidt@Email.com"));
    profile.hear(customer("phone", "+41 79 123 45 67", "+41 79 123 45 67"));

    expect(profile.hear(customer("email", "marie.schmidt@email.com", "same")).outcome).toBe("confirmed");
    expect(profile.hear(customer("phone", "+41791234567", "same")).outcome).toBe("confirmed");
  });

  it("treats the same staff member by catalogue id, or by name when there is none, as the same preference", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_staff_member", weber, "Dr. Weber"));

    const byName = { staffId: null, name: "dr weber", gender: "female", none: false } as const;
    expect(profile.hear(customer("preferred_staff_member", weber, "Dr Weber again")).outcome).toBe(
      "confirmed",
    );
    expect(profile.hear(customer("preferred_staff_member", byName, "dr weber")).outcome).toBe("confirmed");
  });

  it("keeps a different value said without a correction as a candidate; the current value stays", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_staff_member", weber, "Dr. Weber - gentle approach"));
    const change = profile.hear(customer("preferred_staff_member", sarah, "Sarah was amazing"));

    expect(change.outcome).toBe("candidate");
    expect(profile.current("preferred_staff_member")?.text).toBe("Dr. Weber - gentle approach");
    expect(profile.withStatus("preferred_staff_member", "candidate")).toEqual([
      expect.objectContaining({ text: "Sarah was amazing", supersedes: null }),
    ]);
    expect(profile.projection().preferred_staff_member).toBe("Dr. Weber - gentle approach");
  });

  it("confirms a candidate heard again rather than adding another one", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_staff_member", weber, "Dr. Weber"));
    profile.hear(customer("preferred_staff_member", sarah, "Sarah"));
    const change = profile.hear(
      customer("preferred_staff_member", sarah, "sarah please", { saidAt: day(14) }),
    );

    expect(change.outcome).toBe("candidate");
    expect(change.inserts).toEqual([]);
    expect(profile.withStatus("preferred_staff_member", "candidate")).toEqual([
      expect.objectContaining({ text: "Sarah", confirmations: 1, lastConfirmedAt: day(14) }),
    ]);
    expect(profile.current("preferred_staff_member")?.text).toBe("Dr. Weber");
  });

  it("lets a correction supersede the current value and keeps the old one as history", () => {
    const profile = new Profile();
    const first = profile.hear(customer("email", "marie@old.ch", "marie@old.ch"));
    const change = profile.hear(customer("email", "marie@new.ch", "actually it's marie@new.ch now"), {
      correction: true,
    });

    const old = first.inserts[0];
    const corrected = change.inserts[0];
    expect(change.outcome).toBe("corrected");
    expect(corrected).toMatchObject({ status: "current", value: "marie@new.ch", supersedes: old?.id });
    expect(profile.byId(old?.id ?? "")).toMatchObject({ status: "superseded", supersededBy: corrected?.id });
    expect(profile.facts).toHaveLength(2);
    expect(change.audit[0]?.description).toBe(
      `customer (message ${corrected?.messageId}) corrected email: "marie@old.ch" → "actually it's marie@new.ch now"`,
    );
  });

  it("settles a candidate the customer later confirms with a correction", () => {
    const profile = new Profile();
    profile.hear(customer("preferred_staff_member", weber, "Dr. Weber"));
    const candidate = profile.hear(customer("preferred_staff_member", sarah, "Sarah")).inserts[0];
    const change = profile.hear(customer("preferred_staff_member", sarah, "from now on Sarah please"), {
      correction: true,
    });

    expect(change.outcome).toBe("corrected");
    expect(profile.current("preferred_staff_member")?.text).toBe("from now on Sarah please");
    expect(profile.byId(candidate?.id ?? "")).toMatchObject({
      status: "superseded",
      supersededBy: change.inserts[0]?.id,
    });
    expect(profile.withStatus("preferred_staff_member", "candidate")).toEqual([]);
  });

  it("fills a field again after its value was removed, even with a correction flag", () => {
    const profile = new Profile();
    const first = profile.hear(customer("language", "de", "German"));
    profile.remove(first.inserts[0]?.id ?? "");

    const change = profile.hear(customer("language", "en", "English please"), { correction: true });
    expect(change.outcome).toBe("added");
    expect(profile.current("language")?.value).toBe("en");
  });
});
