import { describe, expect, it } from "vitest";
import { customer, Profile, staff, times } from "./profileHarness.ts";

const latex = { category: "allergy", concept: "latex-allergy" } as const;
const needles = { category: "fear", concept: "needle-fear" } as const;

describe("removing facts", () => {
  it("marks the fact removed, never deletes it, and audits who asked", () => {
    const profile = new Profile();
    const note = profile.hear(customer("special_notes", needles, "Terrified of needles")).inserts[0];
    const change = profile.remove(note?.id ?? "", { kind: "customer", messageId: "msg-remove" });

    expect(change.outcome).toBe("removed");
    expect(profile.facts).toHaveLength(1);
    expect(profile.byId(note?.id ?? "")).toMatchObject({
      status: "removed",
      removedBy: { kind: "customer", messageId: "msg-remove" },
    });
    expect(change.audit[0]?.description).toBe(
      'customer (message msg-remove) removed special notes: "Terrified of needles"',
    );
    expect(profile.projection().special_notes).toEqual([]);
  });

  it("by staff records the staff user", () => {
    const profile = new Profile();
    const fact = profile.hear(customer("email", "marie@email.com", "marie@email.com")).inserts[0];
    profile.remove(fact?.id ?? "", { kind: "staff", userId: "u-anna" });

    expect(profile.byId(fact?.id ?? "").removedBy).toEqual({ kind: "staff", userId: "u-anna" });
    expect(profile.projection().email).toBeNull();
  });

  it("of something already removed, or unknown, changes nothing", () => {
    const profile = new Profile();
    const fact = profile.hear(customer("email", "marie@email.com", "marie@email.com")).inserts[0];
    profile.remove(fact?.id ?? "");

    expect(profile.remove(fact?.id ?? "").outcome).toBe("unchanged");
    expect(profile.remove("no-such-fact").outcome).toBe("unchanged");
  });

  it("does not bring back the value the removed fact superseded", () => {
    const profile = new Profile();
    profile.hear(customer("email", "old@email.com", "old@email.com"));
    const corrected = profile.hear(customer("email", "new@email.com", "new@email.com"), { correction: true });
    profile.remove(corrected.inserts[0]?.id ?? "");

    expect(profile.current("email")).toBeUndefined();
  });

  it("'delete my notes' removes every note, including history, and nothing else", () => {
    const profile = new Profile();
    profile.hear(customer("special_notes", latex, "Latex allergy"));
    profile.hear(customer("special_notes", latex, "severe latex allergy"), { correction: true });
    profile.hear(customer("special_notes", needles, "Scared of needles"));
    profile.hear(customer("preferred_appointment_times", times({ parts: ["morning"] }), "Mornings"));

    const change = profile.removeAll("special_notes");

    expect(change.updates).toHaveLength(3);
    expect(change.audit.map((entry) => entry.description)).toEqual([
      'customer removed special notes: "Latex allergy (superseded)"',
      'customer removed special notes: "severe latex allergy"',
      'customer removed special notes: "Scared of needles"',
    ]);
    expect(profile.facts.filter((fact) => fact.field === "special_notes").map((fact) => fact.status)).toEqual(
      ["removed", "removed", "removed"],
    );
    expect(profile.projection().preferred_appointment_times).toBe("Mornings");
  });

  it("of the whole profile removes every field, candidates included", () => {
    const profile = new Profile();
    profile.hear(customer("name", "Marie", "Marie"));
    profile.hear(customer("email", "marie@email.com", "marie@email.com"));
    profile.hear(staff("u-anna", "special_notes", latex, "Latex allergy"));
    profile.hear(customer("name", "Mia", "Mia"));

    profile.removeAll();

    expect(profile.facts.every((fact) => fact.status === "removed")).toBe(true);
    expect(profile.projection()).toMatchObject({ name: null, email: null, special_notes: [] });
    expect(profile.removeAll().outcome).toBe("unchanged");
  });
});
