/**
 * The conversation policy as pure functions: the catalogue's rules, how answers are read, the
 * health-consent retention rule, and property tests over a few hundred random turns (seeded, so a
 * failure replays): never more than one question per reply, never a declined topic, never a question
 * in an urgent turn, never about something known, never two profile questions in a row.
 */
import { describe, expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import type { BookingMessage } from "../../src/domain/conversation/booking/index.ts";
import {
  chooseQuestion,
  isBareGreeting,
  type PolicyInput,
  readAnswer,
} from "../../src/domain/conversation/policy/ConversationPolicy.ts";
import {
  healthNotesToRemove,
  UNANSWERED_GRACE_MS,
} from "../../src/domain/conversation/policy/HealthConsent.ts";
import {
  QUESTION_CATALOGUE,
  QUESTION_TOPICS,
  type QuestionTopic,
} from "../../src/domain/conversation/policy/QuestionCatalogue.ts";
import {
  composeReply,
  type PolicyQuestion,
  type TurnOutcome,
} from "../../src/domain/conversation/ReplyComposer.ts";
import { REPLY_PHRASES } from "../../src/domain/conversation/replies/index.ts";
import type { NoteCategory } from "../../src/domain/extraction/types.ts";
import {
  type ContactProfile,
  projectContactProfile,
} from "../../src/domain/profile/ContactProfileProjection.ts";
import type { ProfileFact } from "../../src/domain/profile/ProfileFact.ts";

/** mulberry32: a small seeded generator, so every random conversation can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    bool: (p = 0.5) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Random = ReturnType<typeof random>;

const catalog: BusinessCatalog = {
  name: "Praxis am See",
  timezone: "Europe/Zurich",
  country: "CH",
  languages: ["de", "en"],
  staff: [{ id: "weber", name: "Dr. Anna Weber", role: "dentist", gender: "female" }],
  services: [],
};

function emptyProfile(): ContactProfile {
  return projectContactProfile("c1", []);
}

function randomProfile(r: Random): ContactProfile {
  const profile = emptyProfile();
  if (r.bool()) profile.email = "a@b.ch";
  if (r.bool()) {
    profile.structured.preferred_appointment_times = {
      days: [],
      not_days: [],
      parts: ["morning"],
      not_parts: [],
      after: null,
      before: null,
      flexible: false,
    };
    profile.preferred_appointment_times = "Mornings";
  }
  if (r.bool()) {
    profile.structured.preferred_staff_member = { staffId: "weber", name: null, gender: null, none: false };
    profile.preferred_staff_member = "Dr. Weber";
  }
  if (r.bool()) {
    profile.structured.communication_preferences = {
      channels: [],
      avoid: [],
      style: r.pick(["brief", "detailed", null] as const),
      written: false,
    };
    profile.communication_preferences = "x";
  }
  const categories: NoteCategory[] = ["fear", "allergy", "request", "limitation"];
  const concepts = ["anxiety", "fear-needles", "latex-allergy", "quiet-music", null];
  for (let i = r.int(3); i > 0; i--) {
    profile.special_notes.push({ category: r.pick(categories), concept: r.pick(concepts), text: "note" });
  }
  return profile;
}

function randomInput(r: Random): PolicyInput {
  const declined = new Set(QUESTION_TOPICS.filter(() => r.bool(0.25)));
  const asked = new Set(QUESTION_TOPICS.filter(() => r.bool(0.15)));
  const bookedNow = r.bool(0.5);
  return {
    bareGreeting: r.bool(0.15),
    needStated: r.bool(0.8),
    urgent: r.bool(0.2),
    anxious: r.bool(0.3),
    replyAsks: r.bool(0.3),
    previousAskedProfile: r.bool(0.2),
    booked: { now: bookedNow, first: bookedNow && r.bool(0.5) },
    visit: 1 + r.int(6),
    profile: randomProfile(r),
    declined,
    askedInConversation: asked,
  };
}

const base: PolicyInput = {
  bareGreeting: false,
  needStated: true,
  urgent: false,
  anxious: false,
  replyAsks: false,
  previousAskedProfile: false,
  booked: { now: true, first: true },
  visit: 1,
  profile: emptyProfile(),
  declined: new Set(),
  askedInConversation: new Set(),
};

describe("the question catalogue", () => {
  it("is data: every topic has its moments, visit stage, the field its answer fills and its declines", () => {
    for (const question of QUESTION_CATALOGUE) {
      expect(QUESTION_TOPICS).toContain(question.topic);
      expect(question.moments.length).toBeGreaterThan(0);
      expect(question.fromVisit).toBeGreaterThanOrEqual(1);
      expect(question.known(emptyProfile())).toBe(false);
    }
    // Every topic the policy asks has its wording in both languages.
    for (const topic of QUESTION_TOPICS.filter((t) => t !== "pattern_confirmation")) {
      expect(
        REPLY_PHRASES.en.policy.questions[topic as Exclude<QuestionTopic, "pattern_confirmation">],
      ).toMatch(/\?/);
      expect(
        REPLY_PHRASES.de.policy.questions[topic as Exclude<QuestionTopic, "pattern_confirmation">],
      ).toMatch(/\?/);
    }
  });
});

describe("chooseQuestion", () => {
  it("asks for the email after the first booking, and not after a later one", () => {
    expect(chooseQuestion(base)?.topic).toBe("email");
    expect(chooseQuestion({ ...base, booked: { now: true, first: false } })).toBeNull();
  });

  it("asks what would help when the customer is nervous, before anything else", () => {
    expect(chooseQuestion({ ...base, anxious: true })?.topic).toBe("comfort_needs");
    expect(chooseQuestion({ ...base, booked: { now: false, first: false }, anxious: true })?.topic).toBe(
      "comfort_needs",
    );
  });

  it("follows the visits: preferences at visit 2, deeper needs at 3, communication at 4", () => {
    const later = { ...base, booked: { now: true, first: false } };
    expect(chooseQuestion({ ...later, visit: 1 })).toBeNull();
    expect(chooseQuestion({ ...later, visit: 2 })?.topic).toBe("preferred_times");
    expect(chooseQuestion({ ...later, visit: 3 })?.topic).toBe("comfort_needs");
    expect(chooseQuestion({ ...later, visit: 4 })?.topic).toBe("communication_preference");
    // A visit-2 question still open comes once the later stages are known or declined.
    expect(
      chooseQuestion({ ...later, visit: 4, declined: new Set(["communication_preference", "comfort_needs"]) })
        ?.topic,
    ).toBe("preferred_times");
  });

  it("never on a greeting, before the need, when urgent, two in a row, or beside another question", () => {
    expect(chooseQuestion({ ...base, bareGreeting: true })).toBeNull();
    expect(chooseQuestion({ ...base, needStated: false })).toBeNull();
    expect(chooseQuestion({ ...base, urgent: true })).toBeNull();
    expect(chooseQuestion({ ...base, previousAskedProfile: true })).toBeNull();
    expect(chooseQuestion({ ...base, replyAsks: true })).toBeNull();
  });

  it("never about something known, declined, or already asked in this conversation", () => {
    expect(chooseQuestion({ ...base, profile: { ...emptyProfile(), email: "x@y.ch" } })).toBeNull();
    expect(chooseQuestion({ ...base, declined: new Set(["email"]) })).toBeNull();
    expect(chooseQuestion({ ...base, askedInConversation: new Set(["email"]) })).toBeNull();
  });

  it("a generic fear does not answer the comfort question; a specific one does", () => {
    const nervous = { ...base, anxious: true };
    const withNote = (concept: string) => ({
      ...nervous,
      profile: { ...emptyProfile(), special_notes: [{ category: "fear" as const, concept, text: "x" }] },
    });
    expect(chooseQuestion(withNote("dental-anxiety"))?.topic).toBe("comfort_needs");
    expect(chooseQuestion(withNote("fear-needles"))?.topic).not.toBe("comfort_needs");
  });

  it("property: over 600 random turns, its question respects every rule", () => {
    const r = random(20261201);
    let asked = 0;
    for (let i = 0; i < 600; i++) {
      const input = randomInput(r);
      const question = chooseQuestion(input);
      if (question === null) continue;
      asked++;
      expect(input.urgent).toBe(false);
      expect(input.bareGreeting).toBe(false);
      expect(input.needStated).toBe(true);
      expect(input.replyAsks || input.previousAskedProfile).toBe(false);
      expect(input.declined.has(question.topic)).toBe(false);
      expect(input.askedInConversation.has(question.topic)).toBe(false);
      expect(question.known(input.profile)).toBe(false);
      expect(input.visit).toBeGreaterThanOrEqual(question.fromVisit);
      expect(question.askedBy).toBe("policy");
    }
    // The generator reaches the asking branch often enough for the property to mean something.
    expect(asked).toBeGreaterThan(20);
  });
});

describe("readAnswer", () => {
  const read = (
    text: string,
    topic: QuestionTopic = "email",
    extra: Partial<Parameters<typeof readAnswer>[0]> = {},
  ) => readAnswer({ topic, text, declinedSignal: false, fields: [], otherRequest: false, ...extra });
  it.each([
    ["I prefer not to share that", "declined"],
    ["I'd rather not", "declined"],
    ["Lieber nicht", "declined"],
    ["Das möchte ich nicht sagen", "declined"],
    ["I don't know", "dont_know"],
    ["Doesn't matter", "dont_know"],
    ["doesn’t matter", "dont_know"],
    ["egal", "dont_know"],
    ["Ist mir egal", "dont_know"],
    ["Keine Ahnung", "dont_know"],
    ["No, I'm fine", "minimal"],
    ["Nein, alles gut", "minimal"],
    ["What are your opening hours?", "changed_subject"],
    ["I don't have an email", "declined"],
    ["Keine E-Mail, WhatsApp reicht", "declined"],
  ] as const)("%s → %s", (text, kind) => {
    expect(read(text)).toBe(kind);
  });
  it("a fact for the asked field fills it; a new request changes the subject; a decline signal declines", () => {
    expect(read("a@b.ch", "email", { fields: ["email"] })).toBe("filled");
    expect(read("Actually, can I reschedule this one?", "preferred_times", { otherRequest: true })).toBe(
      "changed_subject",
    );
    expect(read("hmm", "email", { declinedSignal: true })).toBe("declined");
  });
  it("recognises a bare greeting", () => {
    for (const text of ["Hi", "Hello!", "Grüezi", "Grüezi zusammen", "Guten Tag", "hoi"]) {
      expect(isBareGreeting(text), text).toBe(true);
    }
    for (const text of ["Hi, I need an appointment", "Hallo, ich bin nervös"]) {
      expect(isBareGreeting(text), text).toBe(false);
    }
  });
});

describe("health consent retention", () => {
  const now = new Date("2026-12-10T10:00:00Z");
  const note = (category: NoteCategory, saidAt: Date, status: ProfileFact["status"] = "current") =>
    ({
      id: `n-${category}-${saidAt.getTime()}`,
      contactId: "c1",
      field: "special_notes",
      value: { category, concept: null },
      text: category,
      status,
      saidAt,
    }) as unknown as ProfileFact;
  const old = new Date(now.getTime() - 3 * UNANSWERED_GRACE_MS);
  const fresh = new Date(now.getTime() - 60 * 60 * 1000);

  it("keeps everything with consent", () => {
    expect(healthNotesToRemove([note("allergy", old)], { granted: true, at: old }, null, now)).toEqual([]);
  });
  it("keeps health notes without consent while an appointment is ahead — the allergy for tomorrow stays", () => {
    const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect(healthNotesToRemove([note("allergy", old)], { granted: false, at: old }, tomorrow, now)).toEqual(
      [],
    );
    expect(
      healthNotesToRemove([note("allergy", old)], { granted: false, at: old }, tomorrow, now, {
        refusedNow: true,
      }),
    ).toEqual([]);
  });
  it("removes them once no appointment is ahead: at once on 'no', after the grace period when unanswered", () => {
    const notes = [note("allergy", fresh), note("medical", old), note("request", old)];
    expect(healthNotesToRemove(notes, { granted: null, at: null }, null, now).map((n) => n.value)).toEqual([
      { category: "medical", concept: null },
    ]);
    expect(
      healthNotesToRemove(notes, { granted: false, at: now }, null, now, { refusedNow: true }).map(
        (n) => n.text,
      ),
    ).toEqual(["allergy", "medical"]);
  });
  it("a note said after a 'no' waits for its booking; one said before does not", () => {
    const refusedAt = new Date(now.getTime() - 2 * 60 * 60 * 1000);
    const before = note("allergy", new Date(refusedAt.getTime() - 1000));
    const after = note("fear", fresh);
    expect(healthNotesToRemove([before, after], { granted: false, at: refusedAt }, null, now)).toEqual([
      before,
    ]);
  });
  it("never touches removed or superseded notes", () => {
    expect(
      healthNotesToRemove([note("allergy", old, "removed")], { granted: false, at: old }, null, now),
    ).toEqual([]);
  });
});

describe("composeReply with the policy", () => {
  const calm = {
    language: "en" as const,
    urgent: false,
    anxious: false,
    declined: false,
    sentiment: 0,
    correction: false,
  };
  const ALL_ASKS = [
    ...Object.values(REPLY_PHRASES).flatMap((p) => Object.values(p.policy.questions)),
    ...Object.values(REPLY_PHRASES).map((p) => p.policy.consentAsk),
    ...Object.values(REPLY_PHRASES).flatMap((p) => Object.values(p.policy.forgetConfirm)),
  ];
  const bookingMessage = (asks: boolean): BookingMessage => ({
    text: asks ? "Tue 1 Dec, 09:00 with Dr. Weber?" : "You're booked: Tue 1 Dec, 09:00.",
    choices: asks ? [{ id: "slot:1:x", title: "Tue 1 Dec, 09:00" }] : [],
    presentation: asks ? "buttons" : "none",
    plainText: "",
    question: asks ? { kind: "choose_slot", proposalsKey: "x" } : null,
  });

  it("property: over 400 random turns, at most one question, never in an urgent turn", () => {
    const r = random(5);
    for (let i = 0; i < 400; i++) {
      const language = r.pick(["en", "de"] as const);
      const urgent = r.bool(0.2);
      const askKinds: Array<PolicyQuestion | null> = [
        null,
        {
          kind: "profile",
          topic: r.pick(["email", "comfort_needs", "preferred_times", "preferred_staff"] as const),
        },
        { kind: "consent_health", wording: REPLY_PHRASES[language].policy.consentAsk },
        { kind: "confirm_forget", scope: r.pick(["all", "notes"] as const) },
      ];
      const ask = r.pick(askKinds);
      const booking = r.bool(0.5) ? bookingMessage(r.bool()) : null;
      const turn: TurnOutcome = {
        language,
        catalog,
        signals: { ...calm, language, urgent, anxious: r.bool(0.3) },
        intent: r.pick([null, "thanks", "ask_profile", "yes"] as const),
        noted: [],
        candidates: [],
        removed: null,
        update: null,
        profile: randomProfile(r),
        firstContact: r.bool(0.3),
        mediaOnly: false,
        booking,
        policy: { ask, upcoming: r.bool() ? new Date("2026-12-03T08:00:00Z") : null },
      };
      const reply = composeReply(turn);
      const asks = ALL_ASKS.filter((text) => reply.text.includes(text)).length;
      const bookingAsks = booking?.question ? 1 : 0;
      const label = JSON.stringify({ i, ask, urgent, booking: booking?.question ?? null, text: reply.text });
      expect(asks + bookingAsks, label).toBeLessThanOrEqual(1);
      if (urgent) expect(asks, label).toBe(0);
      if (asks === 1) expect(reply.question, label).toEqual(ask);
      if (booking?.question) expect(reply.question, label).toEqual(booking.question);
      // A question is the reply's last sentence: nothing is said after it.
      if (asks === 1 && ask?.kind === "profile") {
        expect(reply.text.endsWith(REPLY_PHRASES[language].policy.questions[ask.topic as "email"])).toBe(
          true,
        );
      }
    }
  });
});
