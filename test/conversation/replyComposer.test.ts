import { describe, expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { recogniseIntent } from "../../src/domain/conversation/CustomerIntent.ts";
import { composeReply, type TurnOutcome } from "../../src/domain/conversation/ReplyComposer.ts";
import type { Signals } from "../../src/domain/extraction/types.ts";
import { projectContactProfile } from "../../src/domain/profile/ContactProfileProjection.ts";
import type { ProfileFact } from "../../src/domain/profile/ProfileFact.ts";

const catalog: BusinessCatalog = {
  name: "Praxis am See",
  timezone: "Europe/Zurich",
  country: "CH",
  languages: ["de", "en"],
  staff: [{ id: "weber", name: "Dr. Anna Weber", role: "dentist", gender: "female" }],
  services: [],
};
const calm: Signals = {
  language: "en",
  urgent: false,
  anxious: false,
  declined: false,
  sentiment: 0,
  correction: false,
};

function fact(partial: Partial<ProfileFact> & Pick<ProfileFact, "field" | "value" | "text">): ProfileFact {
  return {
    id: `f-${Math.random()}`,
    contactId: "c1",
    source: "customer",
    messageId: "m1",
    quote: partial.text,
    saidAt: new Date(),
    recordedAt: new Date(),
    confidence: 0.9,
    status: "current",
    supersedes: null,
    supersededBy: null,
    editedBy: null,
    sampleSize: null,
    lastConfirmedAt: null,
    confirmations: 0,
    removedAt: null,
    removedBy: null,
    ...partial,
  } as ProfileFact;
}

const mornings = fact({
  field: "preferred_appointment_times",
  text: "Mornings",
  value: {
    days: [],
    not_days: [],
    parts: ["morning"],
    not_parts: [],
    after: null,
    before: null,
    flexible: false,
  },
});
const evenings = fact({
  field: "preferred_appointment_times",
  text: "Evenings",
  status: "candidate",
  value: {
    days: [],
    not_days: [],
    parts: ["evening"],
    not_parts: [],
    after: null,
    before: null,
    flexible: false,
  },
});
const fear = fact({
  field: "special_notes",
  text: "Fear of needles",
  value: { category: "fear", concept: "needles" },
});

function turn(overrides: Partial<TurnOutcome>): TurnOutcome {
  const noted = overrides.noted ?? [];
  return {
    language: "en",
    catalog,
    signals: calm,
    intent: null,
    noted,
    candidates: [],
    removed: null,
    update: null,
    profile: projectContactProfile("c1", noted),
    firstContact: false,
    mediaOnly: false,
    ...overrides,
  };
}

const questions = (text: string) => (text.match(/\?/g) ?? []).length;

describe("composeReply", () => {
  it("acknowledges what it noted, in the customer's language", () => {
    expect(composeReply(turn({ noted: [mornings] })).text).toBe("I've noted that you prefer mornings.");
    expect(composeReply(turn({ language: "de", noted: [mornings] })).text).toBe(
      "Ich habe notiert: dass Ihnen vormittags am besten passt.",
    );
  });

  it("words times that were only ruled out as what does not work, not as a preference", () => {
    const ruledOut = fact({
      field: "preferred_appointment_times",
      text: "Not Fridays, not mornings",
      value: {
        days: [],
        not_days: ["fri"],
        parts: [],
        not_parts: ["morning"],
        after: null,
        before: null,
        flexible: false,
      },
    });
    expect(composeReply(turn({ noted: [ruledOut] })).text).toContain(
      "I've noted that Fridays and mornings don't work for you.",
    );
    expect(composeReply(turn({ noted: [ruledOut], language: "de" })).text).toContain(
      "dass Ihnen freitags und vormittags nicht passt",
    );
  });

  it("reassures a fearful customer before anything else", () => {
    const reply = composeReply(turn({ noted: [fear], signals: { ...calm, anxious: true } })).text;
    expect(reply.startsWith("I completely understand")).toBe(true);
    expect(reply).toContain("Fear of needles");
  });

  it("asks whether to take over a conflicting value, and nothing else", () => {
    const reply = composeReply(turn({ candidates: [{ current: mornings, candidate: evenings }] }));
    expect(reply.text).toBe(
      "Until now I had mornings as your preferred times. Shall I change it to evenings?",
    );
    expect(reply.question).toEqual({ kind: "update_candidate", factId: evenings.id });
  });

  it("asks no question in an urgent message, even with a candidate pending", () => {
    const reply = composeReply(
      turn({ signals: { ...calm, urgent: true }, candidates: [{ current: mornings, candidate: evenings }] }),
    );
    expect(questions(reply.text)).toBe(0);
    expect(reply.question).toBeNull();
  });

  it("never asks more than one question", () => {
    for (const firstContact of [true, false]) {
      for (const candidates of [[], [{ current: mornings, candidate: evenings }]]) {
        expect(questions(composeReply(turn({ firstContact, candidates })).text)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("sums up the profile when asked what it knows", () => {
    const reply = composeReply(
      turn({ intent: "ask_profile", profile: projectContactProfile("c1", [mornings, fear]) }),
    ).text;
    expect(reply).toContain("Here is what I have noted about you:");
    expect(reply).toContain("Preferred times: mornings");
    expect(reply).toContain("Notes for the team: Fear of needles");
  });

  describe("notes in the customer's language", () => {
    const needles = fact({
      field: "special_notes",
      text: "Fear of needles (Spritze)",
      quote: "Ich habe grosse Angst vor der Spritze",
      value: { category: "fear", concept: "fear-needles" },
    });
    const latex = fact({
      field: "special_notes",
      text: "Latex allergy - use latex-free gloves",
      quote: "I'm allergic to latex",
      value: { category: "allergy", concept: "latex-allergy" },
    });
    // Typed by staff, without a concept: it reads as it was written.
    const staffNote = fact({
      field: "special_notes",
      text: "Blutdruck vorher messen",
      source: "staff",
      quote: null,
      value: { category: "medical", concept: null },
    });
    const summary = (language: "en" | "de") =>
      composeReply(
        turn({
          language,
          intent: "ask_profile",
          profile: projectContactProfile("c1", [needles, latex, staffNote]),
        }),
      ).text;

    it("sums up a German customer's notes in German, with no English label in it", () => {
      const reply = summary("de");
      expect(reply).toContain("Das habe ich über Sie notiert:");
      expect(reply).toContain(
        "Hinweise für das Team: Angst vor Spritzen; Latexallergie – latexfreie Handschuhe verwenden; Blutdruck vorher messen",
      );
      expect(reply).not.toMatch(/Fear of|allergy|gloves/);
    });

    it("sums up an English customer's notes in English", () => {
      expect(summary("en")).toContain(
        "Notes for the team: Fear of needles; Latex allergy - use latex-free gloves; Blutdruck vorher messen",
      );
    });

    it("acknowledges a German note without the customer's words by its German label", () => {
      const unquoted = { ...needles, quote: null };
      const reply = composeReply(turn({ language: "de", noted: [unquoted] })).text;
      expect(reply).toContain("«Angst vor Spritzen»");
      expect(reply).not.toContain("Fear of");
      // With the customer's words, those words.
      expect(composeReply(turn({ language: "de", noted: [needles] })).text).toContain(
        "«Ich habe grosse Angst vor der Spritze»",
      );
    });
  });
});

describe("recogniseIntent", () => {
  it.each([
    ["what do you know about me?", "ask_profile"],
    ["Was wissen Sie über mich?", "ask_profile"],
    ["Please delete all my data", "forget_all"],
    ["Bitte löschen Sie meine Hinweise", "forget_notes"],
    ["yes please", "yes"],
    ["Nein danke", "no"],
    ["I prefer mornings", null],
  ])("%s → %s", (text, intent) => {
    expect(recogniseIntent(text)).toBe(intent);
  });
});
