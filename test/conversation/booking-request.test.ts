import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import {
  type BookingContext,
  isOneOffTimeWish,
  readBookingRequest,
  withoutOneOffTimes,
} from "../../src/domain/conversation/booking/BookingRequest.ts";
import { extractFacts } from "../../src/domain/extraction/extractFacts.ts";

const business = JSON.parse(readFileSync("demo/business.json", "utf8")) as BusinessCatalog;
/** Wednesday 25 November 2026, 15:00 in Zurich. */
const NOW = new Date("2026-11-25T14:00:00Z");
const en: BookingContext = { business, language: "en", now: NOW };
const de: BookingContext = { business, language: "de", now: NOW };
const read = (text: string, context: BookingContext = en) => readBookingRequest(text, context);

describe("booking intent", () => {
  it.each([
    ["I'd like to book a Dental Cleaning", "book"],
    ["Ich hätte gerne einen Termin für Dentalhygiene", "book"],
    ["Do you have anything tomorrow afternoon?", "book"],
    ["Haben Sie übermorgen etwas frei?", "book"],
    ["Notfall! Ich habe starke Zahnschmerzen", "book"],
    ["move my Tuesday appointment to Thursday", "reschedule"],
    ["can we move Tuesday to 3pm?", "reschedule"],
    ["Können wir den Termin vom Dienstag auf Donnerstag verschieben?", "reschedule"],
    ["I need to cancel my appointment tomorrow", "cancel"],
    ["Ich muss meinen Termin am Freitag leider absagen", "cancel"],
    ["When is my next appointment?", "list"],
    ["Welche Termine habe ich?", "list"],
    ["Hello!", "none"],
    ["Grüezi mitenand", "none"],
    ["I prefer mornings", "none"],
    ["Ich komme am liebsten vormittags", "none"],
    ["How much is a cleaning?", "none"],
    ["Thanks, see you then", "none"],
    ["See you tomorrow!", "none"],
    ["Bis morgen!", "none"],
    ["I was there yesterday at 3pm", "none"],
    ["Habt ihr am Samstag offen?", "none"],
    ["Hi, I'm Anna and I'm nervous about dentists", "none"],
    ["Do you do teeth whitening?", "none"],
    ["I'd like teeth whitening", "book"],
    ["I can't make it on Tuesday, could we do Thursday instead?", "reschedule"],
    ["Please cancel my appointment with Dr. Weber", "cancel"],
  ])("%s → %s", (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe("the one-off wish", () => {
  it("reads service, day and part of day in English", () => {
    expect(read("I'd like to book a Dental Cleaning tomorrow afternoon").wish).toEqual({
      serviceId: "cleaning",
      dates: ["2026-11-26"],
      parts: ["afternoon"],
    });
  });

  it("reads the German service name and a weekday as the next such date", () => {
    expect(read("Ich hätte gerne einen Termin für Dentalhygiene am Freitag", de).wish).toEqual({
      serviceId: "cleaning",
      dates: ["2026-11-27"],
    });
  });

  it("leaves an ambiguous service open and lists the options to ask about", () => {
    const request = read("Can I get a massage next Tuesday after 5?");
    expect(request.wish.serviceId).toBeUndefined();
    expect(request.serviceOptions).toEqual(["deep-tissue", "aroma"]);
    expect(request.wish).toMatchObject({ dates: ["2026-12-01"], after: "17:00" });
  });

  it("reads übermorgen, um 9 Uhr and vor 10 Uhr", () => {
    expect(read("Haben Sie übermorgen um 9 Uhr etwas frei?", de).wish).toEqual({
      dates: ["2026-11-27"],
      at: "09:00",
    });
    expect(read("Morgen vor 10 Uhr bitte", de).wish).toEqual({ dates: ["2026-11-26"], before: "10:00" });
  });

  it("takes 'vor 18h' as before 6 pm, not as a date 18 hours ago, and no past day as a wish", () => {
    expect(read("Haben Sie morgen vor 18h noch etwas frei?", de).wish).toEqual({
      dates: ["2026-11-26"],
      before: "18:00",
    });
    expect(read("Haben Sie vor 18h noch etwas frei?", de).wish).toEqual({ before: "18:00" });
    expect(read("Vor 2 Tagen war ich noch verreist, geht es in 2 Tagen?", de).wish).toEqual({
      dates: ["2026-11-27"],
    });
    // A number of weeks, months or years is no clock time either.
    expect(read("Ich war vor 6 Monaten zuletzt da, geht es morgen?", de).wish).toEqual({
      dates: ["2026-11-26"],
    });
  });

  it("reads a German date with a month name, halb drei as 14:30 and the staff member", () => {
    expect(read("Termin am 3. Dezember um halb drei bei Dr. Weber", de).wish).toEqual({
      dates: ["2026-12-03"],
      at: "14:30",
      staffId: "weber",
    });
    expect(read("Geht es morgen um halb zwei?", de).wish.at).toBe("13:30");
    expect(read("Geht es morgen um halb neun?", de).wish.at).toBe("08:30");
  });

  it("reads an exact time and a gender wish", () => {
    expect(read("I'd like to see a female therapist on Thursday at 10").wish).toEqual({
      gender: "female",
      dates: ["2026-11-26"],
      at: "10:00",
    });
    expect(read("Can I come in on December 3 at 3pm with Nina?").wish).toEqual({
      dates: ["2026-12-03"],
      at: "15:00",
      staffId: "nina",
    });
  });

  it("reads next week as its dates and 'Dienstag nächste Woche' as that Tuesday", () => {
    expect(read("Something next week please, before 10").wish).toEqual({
      dates: [
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
        "2026-12-03",
        "2026-12-04",
        "2026-12-05",
        "2026-12-06",
      ],
      before: "10:00",
    });
    expect(read("Termin Dienstag nächste Woche am Nachmittag?", de).wish).toEqual({
      dates: ["2026-12-01"],
      parts: ["afternoon"],
    });
  });

  it("marks emergencies urgent in both languages", () => {
    expect(read("I'm in severe pain, can you help?").wish.urgent).toBe(true);
    expect(read("Notfall! Ich habe starke Zahnschmerzen", de).wish.urgent).toBe(true);
    expect(read("I'd like a checkup tomorrow").wish.urgent).toBeUndefined();
  });

  it("does not read 'guten Morgen' as tomorrow, but 'morgen früh' is tomorrow morning", () => {
    expect(read("Guten Morgen, ich hätte gern einen Termin", de).wish).toEqual({});
    expect(read("Haben Sie morgen früh etwas?", de).wish).toEqual({
      dates: ["2026-11-26"],
      parts: ["morning"],
    });
  });
});

describe("more ways to say when", () => {
  it.each([
    ["um viertel nach 3", { at: "15:15" }],
    ["Geht es um viertel vor 9?", { at: "08:45" }],
    ["morgen zwischen 14 und 16 Uhr", { dates: ["2026-11-26"], after: "14:00", before: "16:00" }],
    ["Can I come in at half past two tomorrow?", { at: "14:30", dates: ["2026-11-26"] }],
    ["Friday 10am?", { dates: ["2026-11-27"], at: "10:00" }],
    ["I'd like to book a cleaning for the 3rd", { serviceId: "cleaning", dates: ["2026-12-03"] }],
    ["Termin am 3. bitte", { dates: ["2026-12-03"] }],
    ["nicht am Freitag, lieber Montag", { dates: ["2026-11-30"] }],
    [
      "Tuesday or Wednesday morning for a checkup",
      { dates: ["2026-12-01", "2026-12-02"], parts: ["morning"], serviceId: "checkup" },
    ],
    ["Ich brauche einen Termin bei der Dentalhygienikerin", { staffId: "nina" }],
    ["Tuesday 9:30?", { dates: ["2026-12-01"], at: "09:30" }],
    ["Haben Sie am Montag, 7. Dezember etwas?", { dates: ["2026-12-07"] }],
    ["Ich möchte am 24.12. kommen", { dates: ["2026-12-24"] }],
    ["Can I book for 2 weeks from now?", { dates: ["2026-12-09"] }],
    ["Something in the evening after 6?", { parts: ["evening"], after: "18:00" }],
    ["Kann ich zu Sarah zur Massage kommen?", { staffId: "sarah" }],
    ["Anything this afternoon?", { dates: ["2026-11-25"], parts: ["afternoon"] }],
  ])("%s", (text, wish) => {
    expect(read(text, de).wish).toEqual(wish);
  });
});

describe("reschedule and cancel point at an appointment", () => {
  it("'instead' marks the new time when there is no 'to'", () => {
    const request = read("I can't make it on Tuesday, could we do Thursday instead?");
    expect(request.appointment).toEqual({ days: ["tue"] });
    expect(request.wish).toEqual({ dates: ["2026-11-26"] });
  });

  it("a weekday compound names the appointment: 'Dienstagstermin'", () => {
    expect(read("Ich möchte meinen Dienstagstermin verschieben", de)).toMatchObject({
      intent: "reschedule",
      appointment: { days: ["tue"] },
      wish: {},
    });
  });

  it("moves from the named day to the new one", () => {
    const request = read("move my Tuesday appointment to Thursday");
    // Whichever Tuesday the appointment is on; the new date is the next Thursday.
    expect(request.appointment).toEqual({ days: ["tue"] });
    expect(request.wish).toEqual({ dates: ["2026-11-26"] });
  });

  it("keeps the day when only a new time is asked for", () => {
    const request = read("can we move Tuesday to 3pm?");
    expect(request.intent).toBe("reschedule");
    expect(request.appointment).toEqual({ days: ["tue"] });
    expect(request.wish).toEqual({ dates: ["2026-12-01"], at: "15:00" });
    expect(request.keepsAppointmentDay).toBe(true);
    expect(read("move my Tuesday appointment to Thursday").keepsAppointmentDay).toBe(false);
  });

  it("reads 'vom Dienstag auf Donnerstag'", () => {
    const request = read("Können wir den Termin vom Dienstag auf Donnerstag verschieben?", de);
    expect(request.appointment).toEqual({ days: ["tue"] });
    expect(request.wish).toEqual({ dates: ["2026-11-26"] });
  });

  it("a reschedule without a named appointment has none", () => {
    const request = read("Could I reschedule to Friday afternoon?");
    expect(request.appointment).toBeNull();
    expect(request.wish).toEqual({ dates: ["2026-11-27"], parts: ["afternoon"] });
  });

  it("a cancellation names its appointment and carries no wish", () => {
    expect(read("I need to cancel my massage tomorrow")).toMatchObject({
      intent: "cancel",
      wish: {},
      appointment: { dates: ["2026-11-26"], serviceIds: ["deep-tissue", "aroma"] },
    });
    expect(read("Ich muss meinen Termin am Freitag absagen", de).appointment).toEqual({ days: ["fri"] });
    expect(read("Bitte den Termin am 3. Dezember stornieren", de).appointment).toEqual({
      dates: ["2026-12-03"],
    });
  });
});

describe("dates in the business timezone", () => {
  it("on the DST Sunday just after midnight in Zurich (still Saturday in UTC), today is Sunday", () => {
    const now = new Date("2027-03-27T23:30:00Z");
    expect(read("Anything today?", { ...en, now }).wish.dates).toEqual(["2027-03-28"]);
    expect(read("Haben Sie morgen um 9 Uhr etwas frei?", { ...de, now }).wish).toEqual({
      dates: ["2027-03-29"],
      at: "09:00",
    });
    expect(read("next Tuesday please", { ...en, now }).wish.dates).toEqual(["2027-03-30"]);
  });

  it("across the year boundary a date without a year is next year's", () => {
    const now = new Date("2026-12-29T10:00:00Z");
    expect(read("Termin am 3. Januar?", { ...de, now }).wish.dates).toEqual(["2027-01-03"]);
    expect(read("book me in on 2 Jan", { ...en, now }).wish.dates).toEqual(["2027-01-02"]);
    expect(read("nächsten Dienstag?", { ...de, now }).wish.dates).toEqual(["2027-01-05"]);
    expect(read("tomorrow?", { ...en, now }).wish.dates).toEqual(["2026-12-30"]);
  });

  it("just after midnight on New Year's Day in Zurich, heute is the new year", () => {
    const now = new Date("2026-12-31T23:30:00Z");
    expect(read("Haben Sie heute einen Notfalltermin?", { ...de, now }).wish.dates).toEqual(["2027-01-01"]);
  });
});

describe("one-off times are not preferences", () => {
  it.each([
    ["Ich möchte einen Termin, am besten Freitag Nachmittag", de],
    ["Book me in for Friday afternoon, that would be ideal", en],
  ] as const)("%s: one-off; the extractor's time preference is dropped", (text, context) => {
    const facts = extractFacts(text, { business, language: context.language }).facts;
    // The extractor alone hears a preference here…
    expect(facts.some((f) => f.field === "preferred_appointment_times")).toBe(true);
    // …but it is this booking's wish.
    expect(isOneOffTimeWish(text, context)).toBe(true);
    expect(withoutOneOffTimes(facts, isOneOffTimeWish(text, context)).map((f) => f.field)).not.toContain(
      "preferred_appointment_times",
    );
  });

  it("standing words keep the preference even inside a booking", () => {
    expect(isOneOffTimeWish("Book me a cleaning please — I always prefer mornings", en)).toBe(false);
    expect(isOneOffTimeWish("Book me with Nina for a cleaning, Tuesdays work best for me", en)).toBe(false);
  });

  it("a preference alone is not a booking and not one-off", () => {
    expect(isOneOffTimeWish("I prefer mornings", en)).toBe(false);
    const facts = [{ field: "preferred_appointment_times" }, { field: "name" }];
    expect(withoutOneOffTimes(facts, false)).toEqual(facts);
  });
});
