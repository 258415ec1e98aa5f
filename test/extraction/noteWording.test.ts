import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { extractFacts } from "../../src/domain/extraction/extractFacts.ts";

const business = JSON.parse(readFileSync("demo/business.json", "utf8")) as BusinessCatalog;
const notes = (text: string) =>
  extractFacts(text, { business })
    .facts.filter((fact) => fact.field === "special_notes")
    .map((fact) => fact.value);

it("adds the customer's own word to a note's label only when the label does not already say it", () => {
  expect(notes("I'm allergic to nuts")).toEqual(["Nut allergy"]);
  expect(notes("I'm scared of needles")).toEqual(["Fear of needles"]);
  expect(notes("Ich bin gegen Nüsse allergisch")).toEqual(["Nut allergy (Nüsse)"]);
  expect(notes("Ich habe Angst vor Spritzen")).toEqual(["Fear of needles (Spritzen)"]);
});
