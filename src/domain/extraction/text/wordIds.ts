/**
 * One number for every word that some vocabulary knows (terms, sentiment valences, language
 * hints), given when the vocabularies are compiled. A message's words are looked up here once
 * each, and every index keeps what it knows about a word in an array by that number, so that
 * a word costs one look-up however many indexes read it.
 *
 * Words are only ever added (a new business catalogue adds its names), never removed; a word
 * the vocabularies do not know has no number (UNKNOWN).
 *
 * The look-up runs for every word of every message, and a Map of twenty thousand strings
 * touches four or five places in memory that are rarely still in the cache (bucket, entry,
 * key string, chain). Here words are filed by their own hash in slots of one cache line each
 * (64 bytes: hash, number, length and the first 26 characters), probed linearly: finding a
 * word, or finding that it is unknown, nearly always reads one slot.
 */
export const UNKNOWN = -1;

const ids = new Map<string, number>();
const spelled: string[] = [];

/** Int32s per slot: hash, number + 1 (0 for an empty slot), length, then characters two by two. */
const SLOT = 16;
const INLINE_CHARS = (SLOT - 3) * 2;
let slots = new Int32Array(SLOT * 1024);
let mask = 1023;

/** The number of a vocabulary word, given on first sight. */
export function internWord(word: string): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = ids.size;
    ids.set(word, id);
    spelled.push(word);
    // At most half the slots are taken, so that probes stay short.
    if (ids.size * 2 > mask + 1) grow();
    else file(id);
  }
  return id;
}

/** The number of a word, or UNKNOWN when no vocabulary has it. */
export function wordId(word: string): number {
  return wordIdAt(word, 0, word.length);
}

/** The number of the word text.slice(start, end), without making the string. */
export function wordIdAt(text: string, start: number, end: number): number {
  const length = end - start;
  const hash = hashOf(text, start, end);
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    const idPlusOne = slots[at + 1] as number;
    if (idPlusOne === 0) return UNKNOWN;
    if (slots[at] === hash && slots[at + 2] === length && sameWord(text, start, length, at, idPlusOne - 1))
      return idPlusOne - 1;
  }
}

function sameWord(text: string, start: number, length: number, at: number, id: number): boolean {
  if (length > INLINE_CHARS) return text.startsWith(spelled[id] as string, start);
  for (let i = 0; i < length; i += 2) {
    const low = text.charCodeAt(start + i);
    const high = i + 1 < length ? text.charCodeAt(start + i + 1) : 0;
    if (slots[at + 3 + (i >> 1)] !== (low | (high << 16))) return false;
  }
  return true;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function file(id: number): void {
  const word = spelled[id] as string;
  const hash = hashOf(word, 0, word.length);
  let slot = hash & mask;
  while (slots[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
  const at = slot * SLOT;
  slots[at] = hash;
  slots[at + 1] = id + 1;
  slots[at + 2] = word.length;
  for (let i = 0; i < word.length && i < INLINE_CHARS; i += 2) {
    const high = i + 1 < word.length ? word.charCodeAt(i + 1) : 0;
    slots[at + 3 + (i >> 1)] = word.charCodeAt(i) | (high << 16);
  }
}

function grow(): void {
  const size = (mask + 1) * 2;
  slots = new Int32Array(SLOT * size);
  mask = size - 1;
  for (let id = 0; id < spelled.length; id++) file(id);
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
