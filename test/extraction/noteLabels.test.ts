import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { NOTE_CONCEPTS } from "../../src/domain/extraction/concepts.ts";
import { extractFacts } from "../../src/domain/extraction/extractFacts.ts";
import { noteLabel, noteLabels, noteText } from "../../src/domain/extraction/NoteLabels.ts";
import { VOCABULARIES } from "../../src/domain/extraction/vocabulary/index.ts";

const CONCEPTS = Object.keys(NOTE_CONCEPTS);
const business = JSON.parse(
  readFileSync(new URL("../../demo/business.json", import.meta.url), "utf8"),
) as BusinessCatalog;

describe("note labels", () => {
  it.each(VOCABULARIES.map((vocabulary) => [vocabulary.code, vocabulary] as const))(
    "has a label for every concept in %s, and none for a concept that does not exist",
    (code, vocabulary) => {
      const missing = CONCEPTS.filter((concept) => !noteLabel(concept, code)?.trim());
      expect(missing).toEqual([]);
      expect(Object.keys(vocabulary.notes.labels).sort()).toEqual([...CONCEPTS].sort());
    },
  );

  it("writes German the Swiss way, and in German", () => {
    const german = CONCEPTS.map((concept) => noteLabel(concept, "de") ?? "");
    expect(german.filter((label) => label.includes("ß"))).toEqual([]);
    expect(noteLabel("fear-needles", "de")).toBe("Angst vor Spritzen");
    expect(noteLabel("latex-allergy", "de")).toMatch(/^Latexallergie/);
    expect(noteLabel("wheelchair", "de")).toMatch(/Rollstuhl/);
    // Only words that are the same in both languages may read the same.
    const same = CONCEPTS.filter((concept) => noteLabel(concept, "de") === noteLabel(concept, "en"));
    expect(same).toEqual(["arthritis", "asthma"]);
  });

  it("gives every language's label for the panel, and the note's own text without a concept", () => {
    expect(noteLabels("fear-needles")).toEqual({ en: "Fear of needles", de: "Angst vor Spritzen" });
    expect(noteLabels(null)).toBeNull();
    expect(noteLabels("no-such-concept")).toBeNull();
    expect(noteLabel("toString", "de")).toBeNull();
    expect(noteText({ concept: null, text: "Bitte Blutdruck messen" }, "en")).toBe("Bitte Blutdruck messen");
    expect(noteText({ concept: "fear-needles", text: "Fear of needles (Spritze)" }, "de")).toBe(
      "Angst vor Spritzen",
    );
  });

  it("still stores the English label and the customer's word, whatever the language", () => {
    const notes = extractFacts("Ich habe grosse Angst vor der Spritze", { business }).facts.filter(
      (fact) => fact.field === "special_notes",
    );
    expect(notes.map((fact) => fact.value)).toEqual(["Fear of needles (Spritze)"]);
  });
});
