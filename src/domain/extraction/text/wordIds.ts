/**
 * One number for every word that some vocabulary knows (terms, sentiment valences, language
 * hints), given when the vocabularies are compiled. A message's words are looked up here once
 * each, and every index keeps what it knows about a word in an array by that number, so that
 * a word costs one hash look-up however many indexes read it.
 *
 * Words are only ever added (a new business catalogue adds its names), never removed; a word
 * the vocabularies do not know has no number (UNKNOWN).
 */
export const UNKNOWN = -1;

const ids = new Map<string, number>();
const spelled: string[] = [];

/** The number of a vocabulary word, given on first sight. */
export function internWord(word: string): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = ids.size;
    ids.set(word, id);
    spelled.push(word);
  }
  return id;
}

/** The number of a word, or UNKNOWN when no vocabulary has it. */
export function wordId(word: string): number {
  return ids.get(word) ?? UNKNOWN;
}

/** How many words have a number: numbers run from 0 to this (exclusive). */
export function wordCount(): number {
  return ids.size;
}

/** The word with a number. */
export function wordOf(id: number): string {
  return spelled[id] as string;
}

/**
 * A value for some numbered words, as an array by word number: one read per word of a message.
 * Build it once the words are numbered; words numbered later have no value.
 */
export class ByWord {
  private readonly values: Float64Array;

  constructor(entries: Iterable<readonly [number, number]>) {
    this.values = new Float64Array(wordCount()).fill(Number.NaN);
    for (const [id, value] of entries) this.values[id] = value;
  }

  /** The word's value, or undefined. */
  get(id: number): number | undefined {
    const value = id >= 0 && id < this.values.length ? (this.values[id] as number) : Number.NaN;
    return Number.isNaN(value) ? undefined : value;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
}
