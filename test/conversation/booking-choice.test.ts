import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Slot } from "../../src/domain/booking/types.ts";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { readServiceChoice, readYesNo } from "../../src/domain/conversation/booking/Answers.ts";
import {
  type BookingContext,
  withoutOneOffTimes,
} from "../../src/domain/conversation/booking/BookingRequest.ts";
import { readSlotChoice, slotChoiceId } from "../../src/domain/conversation/booking/SlotChoice.ts";
import { recogniseIntent } from "../../src/domain/conversation/CustomerIntent.ts";
import { extractFacts } from "../../src/domain/extraction/extractFacts.ts";

const business = JSON.parse(readFileSync("demo/business.json", "utf8")) as BusinessCatalog;
const NOW = new Date("2026-11-25T14:00:00Z");
const en: BookingContext = { business, language: "en", now: NOW };
const de: BookingContext = { business, language: "de", now: NOW };
const slot = (staffId: string, start: string): Slot => ({
  staffId,
  serviceId: "checkup",
  roomId: null,
  start: new Date(start),
  end: new Date(new Date(start).getTime() + 30 * 60_000),
});
/** Shown in this order: Tue 1 Dec 09:00 Dr. Weber, Wed 2 Dec 14:00 Nina, Thu 3 Dec 10:00 Dr. Schmidt. */
const proposals = [
  slot("weber", "2026-12-01T08:00:00Z"),
  slot("nina", "2026-12-02T13:00:00Z"),
  slot("schmidt", "2026-12-03T09:00:00Z"),
];
const choose = (text: string, context = en) => readSlotChoice(text, proposals, context);
const index = (text: string, context = en) => {
  const choice = choose(text, context);
  return choice?.kind === "slot" ? choice.index : choice;
};

describe("choosing a proposed slot", () => {
  it("by the tapped button, and not by a button from older proposals", () => {
    expect(readSlotChoice({ id: slotChoiceId(1, proposals) }, proposals, en)).toMatchObject({ index: 1 });
    expect(readSlotChoice({ id: slotChoiceId(1, proposals.slice(1)) }, proposals, en)).toBeNull();
    expect(readSlotChoice({ id: "slot:other" }, proposals, en)).toMatchObject({ kind: "other", wish: {} });
  });

  it.each([
    ["2", 1],
    ["the second", 1],
    ["the first one please", 0],
    ["Nummer 3", 2],
    ["die zweite", 1],
    ["Den ersten bitte", 0],
    ["option 3", 2],
  ])("by number: %s", (text, expected) => {
    expect(index(text)).toBe(expected);
  });

  it.each([
    ["the Tuesday one", 0],
    ["9 Uhr", 0],
    ["Thursday at 10", 2],
    ["with Nina", 1],
    ["bei Dr. Schmidt", 2],
    ["the later one", 2],
    ["der frühere", 0],
    ["Mittwoch passt", 1],
    ["lieber den Donnerstag", 2],
    ["the afternoon one", 1],
    ["10:00", 2],
    ["the 2pm one", 1],
  ])("in words: %s", (text, expected) => {
    expect(index(text, de)).toBe(expected);
  });

  it("'um 2' is a time, not the second proposal by number", () => {
    expect(index("um 2", de)).toBe(1);
    expect(index("at 9", en)).toBe(0);
  });

  it("an unclear answer is null, not a guess", () => {
    expect(choose("hmm, let me think")).toBeNull();
    expect(choose("not the first one")).toBeNull();
    const twoTuesdays = [proposals[0] as Slot, slot("nina", "2026-12-01T13:00:00Z")];
    expect(readSlotChoice("the Tuesday one", twoTuesdays, en)).toBeNull();
    expect(readSlotChoice("the later Tuesday one", twoTuesdays, en)).toMatchObject({ index: 1 });
  });

  it("none of these carries the new one-off wish", () => {
    expect(choose("none of these")).toEqual({ kind: "other", wish: {}, timesAreOneOff: false });
    expect(choose("no, Friday afternoon instead")).toEqual({
      kind: "other",
      wish: { dates: ["2026-11-27"], parts: ["afternoon"] },
      timesAreOneOff: true,
    });
    expect(choose("Keiner passt, haben Sie etwas am Montag?", de)).toEqual({
      kind: "other",
      wish: { dates: ["2026-11-30"] },
      timesAreOneOff: true,
    });
  });

  it("a new wish in the answer is not stored as a preference", () => {
    const text = "nein, lieber Freitagnachmittag";
    const facts = extractFacts(text, { business, language: "de" }).facts;
    expect(facts.map((f) => f.field)).toContain("preferred_appointment_times");
    const choice = choose(text, de);
    expect(choice).toMatchObject({ kind: "other", wish: { dates: ["2026-11-27"], parts: ["afternoon"] } });
    expect(withoutOneOffTimes(facts, choice?.timesAreOneOff ?? false).map((f) => f.field)).not.toContain(
      "preferred_appointment_times",
    );
  });

  it("a plain yes takes a single proposal", () => {
    expect(readSlotChoice("yes please", proposals.slice(0, 1), en)).toMatchObject({ index: 0 });
    expect(readSlotChoice("ja gerne", proposals.slice(0, 1), de)).toMatchObject({ index: 0 });
    expect(readSlotChoice("nein", proposals.slice(0, 1), de)).toMatchObject({ kind: "other" });
  });
});

describe("yes and no", () => {
  it.each([
    ["yes", "yes"],
    ["ok", "yes"],
    ["sounds good", "yes"],
    ["ja gerne", "yes"],
    ["passt", "yes"],
    ["Passt mir gut", "yes"],
    ["einverstanden", "yes"],
    ["nein", "no"],
    ["lieber nicht", "no"],
    ["passt mir leider nicht", "no"],
    ["no thanks", "no"],
    ["rather not", "no"],
    ["hello", null],
    ["yes, and I'm allergic to latex and nervous about the injection", null],
  ])("%s → %s", (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });

  it("by button", () => {
    expect(readYesNo({ id: "answer:yes" })).toBe("yes");
    expect(readYesNo({ id: "answer:no" })).toBe("no");
    expect(readYesNo({ id: "slot:1" })).toBeNull();
  });
});

describe("which service", () => {
  const massages = ["deep-tissue", "aroma"];
  it("by button, number or name in both languages", () => {
    expect(readServiceChoice({ id: "service:aroma" }, massages, en)).toBe("aroma");
    expect(readServiceChoice("2", massages, en)).toBe("aroma");
    expect(readServiceChoice("Deep Tissue Massage please", massages, en)).toBe("deep-tissue");
    expect(readServiceChoice("Die Aromamassage", massages, de)).toBe("aroma");
    expect(readServiceChoice("egal", massages, de)).toBeNull();
  });
});

describe("thanks stay thanks, not a yes", () => {
  it.each(["Great, thanks!", "Perfect, thank you", "Super, danke!", "Perfekt, merci"])("%s", (text) => {
    expect(recogniseIntent(text)).not.toBe("yes");
  });
  it("'Great, thanks' is still thanks", () => {
    expect(recogniseIntent("Great, thanks!")).toBe("thanks");
  });
});
