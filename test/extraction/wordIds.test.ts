import { describe, expect, it } from "vitest";
import { internWord, UNKNOWN, wordId, wordIdAt, wordOf } from "../../src/domain/extraction/text/wordIds.ts";

describe("word numbers", () => {
  it("find every numbered word, short or long, and no other", () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${"x".repeat(i % 40)}`);
    const ids = words.map(internWord);
    expect(words.map(wordId)).toEqual(ids);
    expect(ids.map(wordOf)).toEqual(words);
    expect(wordId("w0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(UNKNOWN);
    expect(wordId("w")).toBe(UNKNOWN);
    expect(wordId("")).toBe(UNKNOWN);
  });

  it("look a word up inside a text without cutting it out", () => {
    const id = internWord("zahnarztangst");
    expect(wordIdAt("meine zahnarztangst!", 6, 19)).toBe(id);
    expect(wordIdAt("meine zahnarztangst!", 6, 18)).toBe(wordId("zahnarztangs"));
    expect(internWord("zahnarztangst")).toBe(id);
  });
});
