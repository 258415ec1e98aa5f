/**
 * The extractor against labelled messages written from the field definitions (test/extraction/cases/*.jsonl).
 * Each case is judged like the contract's scorer judges a record: every gold item found, no prediction
 * that matches neither the gold nor its allowed extras, the three signals exactly, and the language.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { extractFacts } from "../../src/domain/extraction/extractFacts.ts";
import { caseProblems, GOLD_KEYS, loadCaseFiles } from "./caseMatching.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const business = JSON.parse(readFileSync(join(here, "../../demo/business.json"), "utf8")) as BusinessCatalog;
const caseFiles = loadCaseFiles(join(here, "cases"));

describe("labelled cases are well formed", () => {
  const all = caseFiles.flatMap(({ file, cases }) => cases.map((c) => ({ file, ...c })));

  it("has ids that are unique across files", () => {
    const seen = new Map<string, string>();
    const duplicates = all.filter((c) => {
      const before = seen.get(c.id);
      seen.set(c.id, c.file);
      return before !== undefined;
    });
    expect(duplicates.map((c) => c.id)).toEqual([]);
  });

  it("uses only the gold format's keys, a language and a text", () => {
    const malformed = all
      .filter(
        (c) =>
          typeof c.id !== "string" ||
          typeof c.text !== "string" ||
          !["en", "de"].includes(c.lang) ||
          typeof c.gold !== "object" ||
          Object.keys(c.gold).some((k) => !GOLD_KEYS.has(k)),
      )
      .map((c) => c.id);
    expect(malformed).toEqual([]);
  });
});

for (const { file, cases } of caseFiles) {
  describe(file, () => {
    for (const c of cases) {
      it(`${c.id}: ${c.text}`, () => {
        const extraction = extractFacts(c.text, { business });
        const problems = caseProblems(c.lang, c.gold, extraction);
        const heard = JSON.stringify(extraction.facts.map(({ evidence: _e, ...fact }) => fact));
        expect(problems.join("; "), `heard ${heard}`).toBe("");
      });
    }
  });
}
