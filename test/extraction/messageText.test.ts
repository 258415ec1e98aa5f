import { describe, expect, it } from "vitest";
import { clockAt } from "../../src/domain/extraction/fields/clockTime.ts";
import { detectLanguage } from "../../src/domain/extraction/fields/language.ts";
import { sentimentScore } from "../../src/domain/extraction/fields/sentiment.ts";
import { fold } from "../../src/domain/extraction/text/fold.ts";
import { MessageText } from "../../src/domain/extraction/text/MessageText.ts";
import { splitWords } from "../../src/domain/extraction/text/words.ts";

const language = (text: string, languages: ("de" | "en")[]) => {
  const folded = fold(text);
  return detectLanguage(splitWords(folded), folded, languages);
};
const sentiment = (text: string, lang: "de" | "en") => sentimentScore(splitWords(fold(text)), text, lang);

const clauses = (text: string) => {
  const m = new MessageText(text);
  return m.clauses.map((c) => m.raw.slice(c.start, c.end).trim());
};

describe("sentences and clauses", () => {
  it("do not break after a title", () => {
    const m = new MessageText("Can I see Dr. Weber? She was great.");
    expect(m.sentences).toHaveLength(2);
  });

  it("break at commas, brackets and words like but/aber", () => {
    expect(clauses("I'm not scared of needles but I have a latex allergy")).toEqual([
      "I'm not scared of needles",
      "but I have a latex allergy",
    ]);
    expect(clauses("Am liebsten vormittags, nachmittags arbeite ich")).toEqual([
      "Am liebsten vormittags",
      "nachmittags arbeite ich",
    ]);
    expect(clauses("Early mornings (7-9am) before work")).toEqual(["Early mornings", "7-9am", "before work"]);
  });

  it("give evidence as offsets into the original text", () => {
    const m = new MessageText("Hallo! Ich heiße Jürgen, bitte nur WhatsApp");
    const at = m.raw.indexOf("bitte");
    const e = m.clauseEvidence(at, at + 5);
    expect(e.quote).toBe("bitte nur WhatsApp");
    expect(m.raw.slice(e.start, e.end)).toBe(e.quote);
  });
});

describe("clock times", () => {
  const at = (text: string) => clockAt(fold(text), 0)?.time;
  it("read am/pm, 24h and German Uhr", () => {
    expect(at("3pm")).toBe("15:00");
    expect(at("7:30 am")).toBe("07:30");
    expect(at("15 Uhr")).toBe("15:00");
    expect(at("17.30")).toBe("17:30");
  });
  it("read a bare hour as a working-hours time", () => {
    expect(at("5")).toBe("17:00");
    expect(at("9")).toBe("09:00");
  });
  it("ignore what is not a time", () => {
    expect(at("99 bottles")).toBeUndefined();
    expect(at("soon")).toBeUndefined();
  });
});

describe("language", () => {
  it("tells German from English in short messages", () => {
    expect(language("Hi", ["de", "en"])).toBe("en");
    expect(language("Danke, bis Dienstag!", ["de", "en"])).toBe("de");
    expect(language("Mornings only please", ["de", "en"])).toBe("en");
    expect(language("Grüezi mitenand, wäre am Donnschtig öppis frei?", ["de", "en"])).toBe("de");
  });
  it("keeps to the business's languages", () => {
    expect(language("Merci vielmal", ["de"])).toBe("de");
  });
});

describe("sentiment", () => {
  it("is positive for praise and negative for pain, in both languages", () => {
    expect(sentiment("Sarah was amazing, thank you so much!", "en")).toBeGreaterThan(0.3);
    expect(sentiment("Das war furchtbar, ich habe starke Schmerzen", "de")).toBeLessThan(-0.3);
    expect(sentiment("Vielen Dank, alles super!", "de")).toBeGreaterThan(0.3);
  });
  it("flips with a negation and stays within [-1, 1]", () => {
    expect(sentiment("not good", "en")).toBeLessThan(0);
    const s = sentiment("awful terrible horrible disgusting pain ".repeat(20), "en");
    expect(s).toBeGreaterThanOrEqual(-1);
    expect(s).toBeLessThan(-0.9);
  });
});
