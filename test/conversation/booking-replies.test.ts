import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Appointment, RankedSlot } from "../../src/domain/booking/types.ts";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import {
  askPatternConfirmation,
  askToCancel,
  askWhichService,
  canCancel,
  cancelTooLate,
  confirmBooking,
  confirmCancellation,
  confirmReschedule,
  formatSlotTime,
  listUpcoming,
  noSlotsFound,
  offerEmergencySlot,
  offerUsualService,
  proposeSlots,
  type ReplyContext,
} from "../../src/domain/conversation/booking/BookingReplies.ts";
import { readSlotChoice } from "../../src/domain/conversation/booking/SlotChoice.ts";

const business = JSON.parse(readFileSync("demo/business.json", "utf8")) as BusinessCatalog;
const en: ReplyContext = { business, language: "en" };
const de: ReplyContext = { business, language: "de" };
const ranked = (staffId: string, start: string, reasons: RankedSlot["reasons"]): RankedSlot => ({
  staffId,
  serviceId: "cleaning",
  roomId: null,
  start: new Date(start),
  end: new Date(new Date(start).getTime() + 3_600_000),
  score: 1,
  reasons,
});
const tue = ranked("weber", "2026-12-01T08:00:00Z", [{ kind: "preferred-part", part: "morning" }]);
const wed = ranked("nina", "2026-12-02T09:30:00Z", [{ kind: "preferred-staff", staffId: "nina" }]);
const thu = ranked("schmidt", "2026-12-03T07:00:00Z", [{ kind: "soonest" }]);
const appointment: Appointment = {
  id: "a1",
  contactId: "c1",
  staffId: "weber",
  serviceId: "cleaning",
  roomId: null,
  start: new Date("2026-12-01T08:00:00Z"),
  end: new Date("2026-12-01T09:00:00Z"),
  status: "booked",
  createdAt: new Date("2026-11-20T10:00:00Z"),
};

describe("dates and times", () => {
  it("are formatted per language in the business timezone, across DST", () => {
    expect(formatSlotTime(new Date("2026-12-01T08:00:00Z"), en)).toBe("Tue 1 Dec, 09:00");
    expect(formatSlotTime(new Date("2026-12-01T08:00:00Z"), de)).toBe("Di., 1. Dez., 09:00");
    // Monday after the spring-forward weekend: 07:00 UTC is 09:00 CEST.
    expect(formatSlotTime(new Date("2027-03-29T07:00:00Z"), en)).toBe("Mon 29 Mar, 09:00");
    expect(formatSlotTime(new Date("2027-03-26T08:00:00Z"), de)).toBe("Fr., 26. März, 09:00");
  });
});

describe("proposals", () => {
  it("lead with the top reason and come as reply buttons within WhatsApp's limits", () => {
    const message = proposeSlots([tue, wed], en);
    expect(message.text).toMatch(/^I see you prefer mornings — Tue 1 Dec, 09:00 with Dr\. Weber\?/);
    expect(message.presentation).toBe("buttons");
    expect(message.choices.map((c) => c.title)).toEqual([
      "Tue 1 Dec, 09:00",
      "Wed 2 Dec, 10:30",
      "Another time",
    ]);
    expect(message.choices.every((c) => c.title.length <= 20 && c.description === undefined)).toBe(true);
    expect(message.question).toMatchObject({ kind: "choose_slot" });
  });

  it("German, formal Sie, with the staff reason", () => {
    const message = proposeSlots([wed, tue, thu], de);
    expect(message.text).toMatch(
      /^Sie möchten gern zu Nina Keller – passt Ihnen Mi\., 2\. Dez\., 10:30\? Oder wählen Sie/,
    );
    expect(message.presentation).toBe("buttons");
    expect(message.choices).toHaveLength(3);
  });

  it("have a numbered plain-text fallback that readSlotChoice understands", () => {
    const message = proposeSlots([tue, wed, thu], en);
    expect(message.plainText).toContain("1. Tue 1 Dec, 09:00 – Dr. Weber · your preferred time");
    expect(message.plainText).toContain("3. Thu 3 Dec, 08:00 – Dr. Schmidt · earliest available");
    const now = new Date("2026-11-25T14:00:00Z");
    expect(readSlotChoice("3", [tue, wed, thu], { business, language: "en", now })).toMatchObject({
      index: 2,
    });
    expect(
      readSlotChoice({ id: message.choices[1]?.id ?? "" }, [tue, wed, thu], {
        business,
        language: "en",
        now,
      }),
    ).toMatchObject({ index: 1 });
  });

  it("become a list with descriptions when there are more than three", () => {
    const many = [
      tue,
      wed,
      thu,
      ranked("marco", "2026-12-04T10:00:00Z", [{ kind: "preferred-gender", gender: "male" }]),
    ];
    const message = proposeSlots(many, de);
    expect(message.presentation).toBe("list");
    expect(message.listButton).toBe("Termin wählen");
    expect(message.choices).toHaveLength(5);
    expect(message.choices.every((c) => c.title.length <= 24 && (c.description?.length ?? 0) <= 72)).toBe(
      true,
    );
    expect(message.choices[3]?.description).toBe("Marco Rossi · Behandler");
  });

  it("fall back to a list when a German date is too long for a button title", () => {
    const september = ranked("weber", "2027-09-29T07:00:00Z", [{ kind: "soonest" }]);
    const message = proposeSlots([september], de);
    expect(message.choices[0]?.title).toBe("Mi., 29. Sept., 09:00");
    expect(message.presentation).toBe("list");
    expect(proposeSlots([september], en).presentation).toBe("buttons");
  });

  it("word every reason kind in both languages", () => {
    const reasons: RankedSlot["reasons"] = [
      { kind: "preferred-staff", staffId: "weber" },
      { kind: "preferred-gender", gender: "female" },
      { kind: "preferred-day", day: "tue" },
      { kind: "preferred-part", part: "afternoon" },
      { kind: "after", time: "17:00" },
      { kind: "before", time: "10:00" },
      { kind: "accommodation", attribute: "ground-floor", roomId: "r1" },
      { kind: "requested", what: "day" },
      { kind: "usual-pattern", day: "tue", part: "morning" },
      { kind: "soonest" },
    ];
    const leads = (ctx: ReplyContext) =>
      reasons.map((r) => proposeSlots([ranked("weber", "2026-12-01T08:00:00Z", [r])], ctx).text);
    expect(leads(en)).toEqual([
      "I know you like to see Dr. Weber — how about Tue 1 Dec, 09:00?",
      expect.stringMatching(/^As you prefer a female practitioner — /),
      expect.stringMatching(/^I see you prefer Tuesdays — /),
      expect.stringMatching(/^I see you prefer afternoons — /),
      expect.stringMatching(/^As times after 17:00 suit you best — /),
      expect.stringMatching(/^As times before 10:00 suit you best — /),
      expect.stringMatching(/^I've picked a ground-floor room for you — /),
      expect.stringMatching(/^As you asked — /),
      expect.stringMatching(/^You usually come on Tuesday mornings — /),
      expect.stringMatching(/^The earliest I have — /),
    ]);
    expect(leads(de)).toEqual([
      expect.stringMatching(/^Sie möchten gern zu Dr\. Weber – /),
      expect.stringMatching(/^Sie werden lieber von einer Frau behandelt – /),
      expect.stringMatching(/^Sie kommen am liebsten dienstags – /),
      expect.stringMatching(/^Sie kommen am liebsten nachmittags – /),
      expect.stringMatching(/^Ihnen passt es ab 17:00 Uhr am besten – /),
      expect.stringMatching(/^Ihnen passt es vor 10:00 Uhr am besten – /),
      expect.stringMatching(/^Ich habe einen Raum im Erdgeschoss für Sie ausgewählt – /),
      expect.stringMatching(/^Wie gewünscht – /),
      expect.stringMatching(/^Sie kommen meistens dienstags vormittags – /),
      expect.stringMatching(/^Der früheste freie Termin – /),
    ]);
    for (const text of leads(de)) expect(text).not.toContain("ß");
  });
});

describe("confirmations", () => {
  const booked = {
    slot: {
      ...tue,
      roomId: "r1",
      reasons: [
        { kind: "preferred-staff", staffId: "weber" },
        { kind: "accommodation", attribute: "ground-floor", roomId: "r1" },
      ] as RankedSlot["reasons"],
    },
    noteConcepts: ["latex-allergy", "fear-needles", "unknown-concept"],
  };

  it("mention the staff preference, the room and the accommodations", () => {
    expect(confirmBooking(booked, en).text).toBe(
      "You're booked: Dental Cleaning on Tue 1 Dec, 09:00 with Dr. Weber. You're with Dr. Weber as requested. We've reserved the ground-floor room. Reminder: we'll use latex-free gloves. The team knows about your fear of needles and will take it gently.",
    );
    const german = confirmBooking(booked, de).text;
    expect(german).toContain("Ihr Termin ist gebucht: Dentalhygiene am Di., 1. Dez., 09:00 bei Dr. Weber.");
    expect(german).toContain("Wie gewünscht sind Sie bei Dr. Weber.");
    expect(german).toContain("Wir haben den Raum im Erdgeschoss für Sie reserviert.");
    expect(german).toContain("Zur Erinnerung: Wir verwenden latexfreie Handschuhe.");
  });

  it("say nothing about a preference that was not there", () => {
    expect(confirmBooking({ slot: { ...thu, reasons: [{ kind: "soonest" }] } }, en).text).toBe(
      "You're booked: Dental Cleaning on Thu 3 Dec, 08:00 with Dr. Schmidt.",
    );
  });

  it("reschedule and cancel", () => {
    expect(confirmReschedule(appointment, thu, en).text).toBe(
      "Done — your Dental Cleaning has moved from Tue 1 Dec, 09:00 to Thu 3 Dec, 08:00 with Dr. Schmidt.",
    );
    expect(confirmReschedule(appointment, thu, de).text).toContain(
      "von Di., 1. Dez., 09:00 auf Do., 3. Dez., 08:00",
    );
    expect(askToCancel(appointment, de)).toMatchObject({
      text: "Soll ich Ihren Termin für Dentalhygiene am Di., 1. Dez., 09:00 absagen?",
      presentation: "buttons",
      question: { kind: "confirm_cancel", appointmentId: "a1" },
    });
    expect(confirmCancellation(appointment, en).text).toMatch(
      /^Your Dental Cleaning on Tue 1 Dec, 09:00 is cancelled\./,
    );
  });

  it("too late to cancel, given the notice in hours", () => {
    expect(canCancel(appointment, new Date("2026-11-30T07:59:00Z"), 24)).toBe(true);
    expect(canCancel(appointment, new Date("2026-11-30T08:01:00Z"), 24)).toBe(false);
    expect(cancelTooLate(appointment, 24, en).text).toContain("is less than 24 hours away");
    expect(cancelTooLate(appointment, 24, de).text).toContain("in weniger als 24 Stunden");
  });
});

describe("offers and questions", () => {
  it("the usual service for returning customers, with yes/no buttons", () => {
    expect(offerUsualService("cleaning", en)).toMatchObject({
      text: "Would you like to book your usual Dental Cleaning?",
      choices: [
        { id: "answer:yes", title: "Yes" },
        { id: "answer:no", title: "No" },
      ],
      plainText: "Would you like to book your usual Dental Cleaning?",
      question: { kind: "book_usual", serviceId: "cleaning" },
    });
    expect(offerUsualService("cleaning", de).text).toBe(
      "Möchten Sie wie üblich einen Termin für Dentalhygiene buchen?",
    );
  });

  it("emergency: the earliest slot and only the booking question", () => {
    const today = ranked("schmidt", "2026-11-25T15:30:00Z", [{ kind: "soonest" }]);
    const message = offerEmergencySlot(today, en);
    expect(message.text).toBe(
      "I'm sorry you're in pain. The earliest I can offer is Wed 25 Nov, 16:30 with Dr. Schmidt. Shall I book it for you?",
    );
    expect(message.question).toEqual({ kind: "confirm_emergency_slot" });
    expect(offerEmergencySlot(null, de)).toMatchObject({ question: null, choices: [] });
    expect(offerEmergencySlot(null, de).text).toContain("dringend");
  });

  it("lists upcoming appointments, soonest first, or offers to book", () => {
    const later = {
      ...appointment,
      id: "a2",
      serviceId: "checkup",
      staffId: "schmidt",
      start: new Date("2027-01-05T13:00:00Z"),
    };
    expect(listUpcoming([later, appointment], en).text).toBe(
      "You have 2 upcoming appointments:\n• Dental Cleaning on Tue 1 Dec, 09:00 with Dr. Weber\n• Dental Checkup on Tue 5 Jan, 14:00 with Dr. Schmidt",
    );
    expect(listUpcoming([appointment], de).text).toBe(
      "Sie haben einen bevorstehenden Termin:\n• Dentalhygiene am Di., 1. Dez., 09:00 bei Dr. Weber",
    );
    expect(listUpcoming([], de).text).toBe(
      "Sie haben keine bevorstehenden Termine. Möchten Sie einen buchen?",
    );
  });

  it("no slots: says what was looked for and offers alternatives or asks for another time", () => {
    const wish = { dates: ["2026-11-27"], parts: ["afternoon" as const], staffId: "nina" };
    expect(noSlotsFound(wish, [], en)).toMatchObject({
      text: "I couldn't find a free time on Fri 27 Nov in the afternoon with Nina Keller. Would another day or time work for you?",
      question: { kind: "other_time" },
    });
    const message = noSlotsFound(wish, [tue], de);
    expect(message.text).toBe(
      "Ich habe am Fr., 27. Nov. am Nachmittag bei Nina Keller leider keinen freien Termin gefunden. Die nächsten freien Termine sind:",
    );
    expect(message.choices[0]?.title).toBe("Di., 1. Dez., 09:00");
    expect(noSlotsFound({ gender: "female", after: "17:00" }, [], en).text).toMatch(
      /^I couldn't find a free time after 17:00 with a female practitioner\./,
    );
  });

  it("which service, when the words meant several", () => {
    const message = askWhichService(["deep-tissue", "aroma"], en);
    expect(message.text).toBe("Which would you like: Deep Tissue Massage or Aromatherapy Massage?");
    expect(message.presentation).toBe("buttons");
    expect(askWhichService(["deep-tissue", "aroma"], de).text).toBe(
      "Was möchten Sie buchen: Tiefengewebsmassage oder Aromamassage?",
    );
    expect(message.choices.map((c) => c.id)).toEqual(["service:deep-tissue", "service:aroma"]);
  });

  it("asks once to confirm a pattern", () => {
    expect(askPatternConfirmation({ day: "tue", part: "morning" }, en)).toMatchObject({
      text: "I've noticed you usually book Tuesday mornings — shall I keep suggesting those?",
      question: { kind: "confirm_pattern", day: "tue", part: "morning" },
    });
    expect(askPatternConfirmation({ day: "tue", part: "morning" }, de).text).toBe(
      "Mir ist aufgefallen, dass Sie meistens dienstags vormittags buchen – soll ich Ihnen weiterhin solche Termine vorschlagen?",
    );
  });

  it("never more than one question per reply", () => {
    const all = [
      proposeSlots([tue, wed], en),
      offerUsualService("cleaning", de),
      offerEmergencySlot(tue, en),
      askWhichService(["deep-tissue", "aroma"], de),
      askPatternConfirmation({ day: "tue", part: "morning" }, en),
    ];
    for (const message of all) expect(message.text.split("?").length - 1).toBeLessThanOrEqual(1);
  });
});
