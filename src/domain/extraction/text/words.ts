import { UNKNOWN, wordCount, wordId, wordIdAt } from "./wordIds.ts";

/** The words of a folded message (letters and digits), with their offsets: split once, used by every pass. */
export interface Words {
  text: string[];
  starts: number[];
  ends: number[];
  /** Each word's number among the vocabularies' words (wordIds.ts), or UNKNOWN: see idsOf(). */
  ids: number[];
  /** How many words were numbered when `ids` were looked up. */
  idsAsOf: number;
}

/** Letters and digits (folded text is lower case; anything beyond Latin-1 punctuation counts as a letter). */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c >= 0xc0;
}

export function splitWords(folded: string): Words {
  const text: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const ids: number[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const word = i < folded.length && isWordChar(folded.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      text.push(folded.slice(start, i));
      starts.push(start);
      ends.push(i);
      ids.push(wordIdAt(folded, start, i));
      start = -1;
    }
  }
  return { text, starts, ends, ids, idsAsOf: wordCount() };
}

/**
 * The words' numbers, looked up again for the words that had none when the vocabularies have
 * numbered more words since (an index compiled after the message was split).
 */
export function idsOf(words: Words): number[] {
  const count = wordCount();
  if (words.idsAsOf !== count) {
    for (let k = 0; k < words.ids.length; k++)
      if (words.ids[k] === UNKNOWN) words.ids[k] = wordId(words.text[k] as string);
    words.idsAsOf = count;
  }
  return words.ids;
}
