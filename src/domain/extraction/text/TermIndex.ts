/**
 * Finds every vocabulary term of every table in one pass over a message.
 *
 * Most terms spell out to a few word sequences (termExpansion.ts): those are found by looking
 * each word of the message up once, by its number (wordIds.ts), in a table of what may start
 * there: sequences that start with the word, or with the word and the next one, or with a stem
 * it begins with.
 * The other terms stay regular expressions. A single one with hundreds of alternatives costs
 * milliseconds per message, so they are indexed by the first letters (up to three) they can
 * start with, and only the few terms filed under a word's first letters are tried there (as
 * sticky expressions). Leading optional groups ("(a |any )?female …") are expanded so that each
 * variant is filed under its own letters. Terms that may start inside a word ("*allergie") are
 * kept apart and searched everywhere.
 */
import { expandTerm, type TermWord } from "./termExpansion.ts";
import { termSource, WORD_CHAR } from "./termSource.ts";
import { internWord, UNKNOWN, wordCount, wordOf } from "./wordIds.ts";
import { idsOf, splitWords, type Words } from "./words.ts";

export interface TermMatch<K extends string = string> {
  key: K;
  start: number;
  end: number;
}

/** All terms of one table filed under one prefix, as one sticky alternation (longest source first). */
interface Bucket {
  table: number;
  re: RegExp;
  keys: string[];
  /** Letters every match starts with ("freundliche" under "fre"): checked before the expression runs. */
  required: string;
}

interface WordSequence {
  table: number;
  key: string;
  words: TermWord[];
  /** The words' numbers; STEM for a stem, which is compared by its letters. */
  ids: number[];
}

const STEM = -2;

interface InWordTerm {
  table: number;
  key: string;
  re: RegExp;
  /** Letters every match contains ("allergie"): a cheap test before the expression. */
  needle: string;
}

/** What may start at one word of the vocabularies, gathered from the maps below when first needed. */
interface WordEntry {
  /** Sequences that start with this word (alone, or followed by a stem). */
  sequences: WordSequence[] | undefined;
  /** Sequences that start with this word and the next one, by the next word's number. */
  pairs: Map<number, WordSequence[]> | undefined;
  /** Sequences that start with a stem this word begins with. */
  stems: WordSequence[] | undefined;
  /** The expressions to try at this word (words of three letters or more: shorter ones depend on what follows). */
  buckets: Bucket[] | undefined;
  /** The in-word terms whose needle this word contains. */
  needles: number[] | undefined;
  /** For a word under three letters: whether an expression's prefix fits it ("am " for "am"). */
  short: boolean;
}

const NOTHING: WordEntry = {
  sequences: undefined,
  pairs: undefined,
  stems: undefined,
  buckets: undefined,
  needles: undefined,
  short: false,
};

export type TermTables = Record<string, Iterable<readonly [string, readonly string[]]>>;

type Found = (TermMatch[] | undefined)[];

export class TermIndex<T extends string = string> {
  private readonly tableIds = new Map<string, number>();
  /** prefix (1–3 letters, or "" for terms that may start with anything) → buckets. */
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly inWord: InWordTerm[] = [];
  /** Spelled-out terms by their first word, and those starting with a stem by its first three letters. */
  private readonly byFirstWord = new Map<string, WordSequence[]>();
  private readonly byFirstTwoWords = new Map<string, Map<number, WordSequence[]>>();
  private readonly byFirstStem = new Map<string, WordSequence[]>();
  /** First characters of the regex buckets' prefixes: most words need no regex at all. */
  private readonly bucketInitials = new Set<string>();
  /**
   * By word number: what the maps above hold for that word, gathered on first use. Kept as long
   * as there are numbered words (undefined until used): assigned at scattered numbers, V8 would
   * keep the array as a hash table.
   */
  private readonly entries: (WordEntry | undefined)[] = [];

  constructor(tables: Record<T, Iterable<readonly [string, readonly string[]]>>) {
    const pending = new Map<string, Map<number, { key: string; source: string }[]>>();
    for (const [name, entries] of Object.entries(tables) as [
      string,
      Iterable<readonly [string, readonly string[]]>,
    ][]) {
      const table = this.tableIds.size;
      this.tableIds.set(name, table);
      for (const [key, terms] of entries) {
        for (const term of new Set(terms)) {
          const sequences = expandTerm(term);
          if (sequences) {
            for (const words of sequences) this.addSequence(table, key, words);
            continue;
          }
          const source = termSource(term);
          if (!source.startsWith(WORD_START)) {
            // Open start: may begin inside a word ("*allergie").
            this.inWord.push({ table, key, re: new RegExp(source, "g"), needle: needleOf(term) });
            continue;
          }
          for (const variant of leadingVariants(source.slice(WORD_START.length)).flatMap((v) =>
            prefixVariants(v),
          )) {
            const prefix = literalPrefix(variant);
            const byTable = pending.get(prefix) ?? new Map<number, { key: string; source: string }[]>();
            pending.set(prefix, byTable);
            const list = byTable.get(table) ?? [];
            byTable.set(table, list);
            list.push({ key, source: variant });
          }
        }
      }
    }
    for (const [prefix, byTable] of pending) {
      const buckets: Bucket[] = [];
      for (const [table, list] of byTable) {
        list.sort((a, b) => b.source.length - a.source.length);
        buckets.push({
          table,
          re: new RegExp(list.map((t) => `(${nonCapturing(t.source)})`).join("|"), "y"),
          keys: list.map((t) => t.key),
          // The literal letters up to the first space run, common to every term of the bucket.
          required: commonPrefix(
            list.map((t) => leadingLiteral(t.source, Number.POSITIVE_INFINITY).split(" ")[0] ?? ""),
          ),
        });
      }
      this.buckets.set(prefix, buckets);
      this.bucketInitials.add(prefix.slice(0, 1));
    }
  }

  private addSequence(table: number, key: string, words: TermWord[]): void {
    const seq: WordSequence = {
      table,
      key,
      words,
      ids: words.map((w) => (w.stem ? STEM : internWord(w.text))),
    };
    const [first, second] = words as [TermWord, TermWord | undefined];
    // Phrases are filed under their first two words, so a common first word ("i", "nicht") does
    // not bring hundreds of phrases to try.
    if (first.stem) fileUnder(this.byFirstStem, first.text.slice(0, 3), seq);
    else if (second && !second.stem) {
      const map = this.byFirstTwoWords.get(first.text) ?? new Map<number, WordSequence[]>();
      this.byFirstTwoWords.set(first.text, map);
      fileUnder(map, seq.ids[1] as number, seq);
    } else fileUnder(this.byFirstWord, first.text, seq);
  }

  /** What may start at the word with this number, gathered once. */
  private entry(id: number): WordEntry {
    const word = wordOf(id);
    const long = word.length >= 3;
    let buckets: Bucket[] | undefined;
    if (long && (this.buckets.has("") || this.bucketInitials.has(word[0] as string))) {
      const key = word.slice(0, 3);
      const lists = [key, key.slice(0, 2), key.slice(0, 1), ""].map((p) => this.buckets.get(p) ?? []);
      buckets = lists.flat();
      if (buckets.length === 0) buckets = undefined;
    }
    const needles = this.needlesIn(word);
    const found: WordEntry = {
      sequences: this.byFirstWord.get(word),
      pairs: this.byFirstTwoWords.get(word),
      stems: long ? this.byFirstStem.get(word.slice(0, 3)) : undefined,
      buckets,
      needles: needles.length > 0 ? needles : undefined,
      short:
        !long && [...this.buckets.keys()].some((p) => p === "" || word.startsWith(p) || p.startsWith(word)),
    };
    const empty =
      !found.sequences && !found.pairs && !found.stems && !found.buckets && !found.needles && !found.short;
    const entry = empty ? NOTHING : found;
    this.entries[id] = entry;
    return entry;
  }

  /** The in-word terms whose needle is in a word (a needle is letters: it never spans two words). */
  private needlesIn(word: string): number[] {
    const out: number[] = [];
    for (let t = 0; t < this.inWord.length; t++)
      if (hasNeedle(this.inWord[t] as InWordTerm, word)) out.push(t);
    return out;
  }

  scan(folded: string, words: Words = splitWords(folded)): TermHits<T> {
    // Most tables have no hit in a message: their lists are made only when needed.
    const found: Found = new Array(this.tableIds.size);
    const ids = idsOf(words);
    while (this.entries.length < wordCount()) this.entries.push(undefined);
    const text = words.text;
    const starts = words.starts;
    const anywhere = this.buckets.has("");
    // In-word terms to search: those without a needle, and those whose needle a word contains.
    const inWord = this.inWord.map((t) => !t.needle);
    for (let k = 0; k < text.length; k++) {
      const id = ids[k] as number;
      const word = text[k] as string;
      if (id !== UNKNOWN) {
        const e = this.entries[id] ?? this.entry(id);
        if (e !== NOTHING) {
          if (e.sequences) this.trySequences(e.sequences, k, words, ids, folded, found);
          if (e.pairs && k + 1 < text.length) {
            const pair = e.pairs.get(ids[k + 1] as number);
            if (pair) this.trySequences(pair, k, words, ids, folded, found);
          }
          if (e.stems) this.trySequences(e.stems, k, words, ids, folded, found);
          if (e.buckets) this.tryBuckets(e.buckets, folded, starts[k] as number, found);
          if (e.needles) for (const t of e.needles) inWord[t] = true;
          // Words under three letters give their key with the space after them ("am ", "tl").
          if (e.short)
            this.tryPrefix(prefixKey(folded, starts[k] as number), folded, starts[k] as number, found);
        }
      } else if (word.length >= 3) {
        // A word no vocabulary spells out: only stems and expressions can start there.
        const key = word.slice(0, 3);
        const stems = this.byFirstStem.get(key);
        if (stems) this.trySequences(stems, k, words, ids, folded, found);
        if (anywhere || this.bucketInitials.has(word[0] as string))
          this.tryPrefix(key, folded, starts[k] as number, found);
      }
      if (id === UNKNOWN) {
        for (let t = 0; t < this.inWord.length; t++)
          inWord[t] ||= hasNeedle(this.inWord[t] as InWordTerm, word);
        if (word.length < 3 && (anywhere || this.bucketInitials.has(word[0] as string)))
          this.tryPrefix(prefixKey(folded, starts[k] as number), folded, starts[k] as number, found);
      }
    }
    for (let i = 0; i < this.inWord.length; i++) {
      if (inWord[i]) {
        const t = this.inWord[i] as InWordTerm;
        t.re.lastIndex = 0;
        for (const m of folded.matchAll(t.re)) {
          if (m[0].length > 0)
            add(found, t.table, { key: t.key, start: m.index, end: m.index + m[0].length });
        }
      }
    }
    for (let t = 0; t < found.length; t++) {
      const list = found[t];
      if (list && list.length > 1) found[t] = longestFirst(list);
    }
    return new TermHits(this.tableIds, found);
  }

  private trySequences(
    sequences: WordSequence[],
    at: number,
    words: Words,
    ids: number[],
    folded: string,
    found: Found,
  ): void {
    const { text, starts, ends } = words;
    next: for (const seq of sequences) {
      const n = seq.ids.length;
      if (at + n > text.length) continue;
      for (let w = 0; w < n; w++) {
        const expected = seq.ids[w] as number;
        if (
          expected === STEM
            ? !(text[at + w] as string).startsWith((seq.words[w] as TermWord).text)
            : ids[at + w] !== expected
        )
          continue next;
      }
      // Words of a term stand apart only by spaces, hyphens, apostrophes or a full stop ("Dr. Weber").
      for (let w = 1; w < n; w++)
        if (!separatesTermWords(folded, ends[at + w - 1] as number, starts[at + w] as number)) continue next;
      add(found, seq.table, { key: seq.key, start: starts[at] as number, end: ends[at + n - 1] as number });
    }
  }

  /** The expressions filed under a prefix, under its first two letters, its first, and under none. */
  private tryPrefix(key: string, folded: string, at: number, found: Found): void {
    this.tryBuckets(this.buckets.get(key), folded, at, found);
    if (key.length > 2) this.tryBuckets(this.buckets.get(key.slice(0, 2)), folded, at, found);
    if (key.length > 1) this.tryBuckets(this.buckets.get(key.slice(0, 1)), folded, at, found);
    this.tryBuckets(this.buckets.get(""), folded, at, found);
  }

  private tryBuckets(buckets: Bucket[] | undefined, folded: string, at: number, found: Found): void {
    if (!buckets) return;
    for (const b of buckets) {
      if (!folded.startsWith(b.required, at)) continue;
      b.re.lastIndex = at;
      const m = b.re.exec(folded);
      if (!m || m[0].length === 0) continue;
      let g = 1;
      while (m[g] === undefined && g < m.length) g++;
      add(found, b.table, { key: b.keys[g - 1] as string, start: at, end: at + m[0].length });
    }
  }
}

function commonPrefix(texts: string[]): string {
  let prefix = texts[0] ?? "";
  for (const t of texts) while (!t.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function hasNeedle(term: InWordTerm, word: string): boolean {
  return term.needle !== "" && word.length >= term.needle.length && word.includes(term.needle);
}

function add(found: Found, table: number, match: TermMatch): void {
  const list = found[table];
  if (list) list.push(match);
  else found[table] = [match];
}

function fileUnder<K>(map: Map<K, WordSequence[]>, key: K, seq: WordSequence): void {
  const list = map.get(key);
  if (list) list.push(seq);
  else map.set(key, [seq]);
}

const SEPARATOR = /^(?:[\s\-']+|\.\s*|\s*\.\s+)$/;

/** Whether the text between two words of a term keeps them one term: one space, nearly always. */
function separatesTermWords(folded: string, from: number, to: number): boolean {
  if (to - from === 1 && folded.charCodeAt(from) === 32) return true;
  return SEPARATOR.test(folded.slice(from, to));
}

const WORD_START = `(?<!${WORD_CHAR})`;

/** Makes every group of a term non-capturing, so that group n of a bucket is its term n. */
function nonCapturing(src: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === "\\") {
      out += ch + (src[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(" && src[i + 1] !== "?") {
      out += "(?:";
      continue;
    }
    out += ch;
  }
  return out;
}

const NO_MATCHES: TermMatch[] = [];

/**
 * Plain letters every match of a term contains, for a quick includes() before its expression:
 * the longest run of a-z outside optional parts, groups, umlauts and "ss" (spelled several ways).
 */
function needleOf(term: string): string {
  const required = term.replace(/\([^()]*\)\??/g, " ").replace(/.\?/g, " ");
  const runs = required.match(/[a-z]+/g) ?? [];
  const pieces = runs.flatMap((r) => r.split("ss"));
  return pieces.sort((a, b) => b.length - a.length)[0] ?? "";
}

/** The matches of one message, per table: in order, without overlaps (the longest wins). */
export class TermHits<T extends string = string> {
  constructor(
    private readonly tableIds: Map<string, number>,
    private readonly matches: readonly (TermMatch[] | undefined)[],
  ) {}

  all(table: T): TermMatch[] {
    const id = this.tableIds.get(table);
    return (id === undefined ? undefined : this.matches[id]) ?? NO_MATCHES;
  }

  in(table: T, from: number, to: number): TermMatch[] {
    return within(this.all(table), from, to);
  }

  has(table: T, from = 0, to = Number.POSITIVE_INFINITY): boolean {
    return anyWithin(this.all(table), from, to);
  }

  first(table: T, from = 0, to = Number.POSITIVE_INFINITY): TermMatch | undefined {
    return this.all(table).find((m) => m.start >= from && m.end <= to);
  }
}

/** The matches that lie within from..to. */
export function within(matches: TermMatch[], from: number, to: number): TermMatch[] {
  if (matches.length === 0) return NO_MATCHES;
  return matches.filter((m) => m.start >= from && m.end <= to);
}

/** Whether a match lies within from..to. */
export function anyWithin(matches: readonly TermMatch[], from: number, to: number): boolean {
  for (const m of matches) if (m.start >= from && m.end <= to) return true;
  return false;
}

function longestFirst(matches: TermMatch[]): TermMatch[] {
  if (matches.length < 2) return matches;
  // By start, the longest first. Matches come nearly in order and are few: an insertion sort
  // (stable, as sort() is) does it without the work area V8's sort() allocates.
  for (let i = 1; i < matches.length; i++) {
    const m = matches[i] as TermMatch;
    let j = i;
    for (; j > 0; j--) {
      const before = matches[j - 1] as TermMatch;
      if (before.start < m.start || (before.start === m.start && before.end >= m.end)) break;
      matches[j] = before;
    }
    matches[j] = m;
  }
  const out: TermMatch[] = [];
  let reach = -1;
  for (const m of matches) {
    if (m.start >= reach) {
      out.push(m);
      reach = m.end;
    }
  }
  return out;
}

/** The index of the parenthesis closing the group that opens at `open`. */
function closingParen(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(src.slice(start));
  return parts;
}

/** Expands a leading group (and a top-level alternation) so that every variant starts with its own letters. */
export function leadingVariants(src: string, depth = 0): string[] {
  if (depth > 6) return [src];
  const top = splitTopLevel(src);
  if (top.length > 1) return top.flatMap((alt) => leadingVariants(alt, depth + 1));
  if (src.startsWith("(?<!") || src.startsWith("(?<=")) return [src];
  if (!src.startsWith("(")) return [src];
  const close = closingParen(src, 0);
  if (close < 0) return [src];
  const innerStart = src.startsWith("(?:") ? 3 : 1;
  const inner = src.slice(innerStart, close);
  let rest = src.slice(close + 1);
  const optional = rest.startsWith("?");
  if (optional) rest = rest.slice(1);
  if (/^[*+{]/.test(rest)) return [src];
  // One alternative of a group followed by the rest is the same pattern without the group.
  const variants = splitTopLevel(inner).map((alt) => alt + rest);
  if (optional) variants.push(rest);
  return variants.flatMap((v) => leadingVariants(v, depth + 1));
}

const SPACE_RUN = "[\\s-]+";

/** The first three characters at `at`, a run of spaces or hyphens read as one space (as terms are filed). */
function prefixKey(text: string, at: number): string {
  let key = "";
  for (let i = at; i < text.length && key.length < 3; i++) {
    const ch = text[i] as string;
    if (ch === " " || ch === "-" || ch === "\t" || ch === "\n") {
      if (key.endsWith(" ")) continue;
      key += " ";
    } else key += ch;
  }
  return key;
}

/**
 * Spells out what stands in the way of a three-letter prefix: an optional letter ("i'?m" ->
 * "i'm", "im"), a group ("m(?:o|oe)chte" -> "mochte", "moechte"), a digit class, a leading
 * lookbehind. Terms filed under three letters are tried only where those letters stand.
 */
export function prefixVariants(src: string, depth = 0): string[] {
  const prefix = literalPrefix(src);
  if (prefix.length >= 3 || depth > 3) return [src];
  const lookbehind = src.startsWith("(?<") ? closingParen(src, 0) + 1 : 0;
  const at = positionAfterPrefix(src, lookbehind, prefix);
  if (at < 0) return [src];
  const head = src.slice(0, at);
  const rest = src.slice(at);
  let variants: string[] | undefined;
  const optionalChar = /^([\p{L}\d'])\?/u.exec(rest);
  if (optionalChar) variants = [head + optionalChar[1] + rest.slice(2), head + rest.slice(2)];
  else if (rest.startsWith("\\d{1,2}"))
    variants = "0123456789".split("").map((d) => `${head}${d}\\d?${rest.slice(7)}`);
  else if (rest.startsWith("\\d") && !/^\\d[*+?{]/.test(rest))
    variants = "0123456789".split("").map((d) => head + d + rest.slice(2));
  else if (
    rest.startsWith("(") &&
    !rest.startsWith("(?<") &&
    !rest.startsWith("(?=") &&
    !rest.startsWith("(?!")
  ) {
    const close = closingParen(rest, 0);
    const after = rest.slice(close + 1);
    if (close > 0 && !/^[*+{]/.test(after)) {
      const inner = rest.slice(rest.startsWith("(?:") ? 3 : 1, close);
      const tail = after.startsWith("?") ? after.slice(1) : after;
      variants = splitTopLevel(inner).map((alt) => head + alt + tail);
      if (after.startsWith("?")) variants.push(head + tail);
    }
  }
  if (!variants || variants.length > 12) return [src];
  return variants.flatMap((v) => prefixVariants(v, depth + 1));
}

/** Where the literal prefix of `src` (after an optional lookbehind at `from`) ends in the source. */
function positionAfterPrefix(src: string, from: number, prefix: string): number {
  let i = from;
  for (let taken = 0; taken < prefix.length; taken++) {
    if (prefix[taken] === " " && src.startsWith(SPACE_RUN, i)) i += SPACE_RUN.length;
    else i++;
  }
  return i <= src.length ? i : -1;
}

/** Up to three characters every match of `src` must start with ("" when it cannot be known); " " stands for a run of spaces. */
export function literalPrefix(src: string): string {
  return leadingLiteral(src, 3);
}

/** Up to `max` characters every match of `src` must start with, read as literalPrefix() does. */
function leadingLiteral(src: string, max: number): string {
  let s = src.startsWith("(?<") ? src.slice(closingParen(src, 0) + 1) : src;
  while (s.startsWith("(?:")) {
    const close = closingParen(s, 0);
    if (close < 0 || /^[?*+{]/.test(s.slice(close + 1))) return "";
    const inner = s.slice(3, close);
    if (splitTopLevel(inner).length > 1) return "";
    s = inner + s.slice(close + 1);
  }
  let out = "";
  for (let i = 0; i < s.length && out.length < max; i++) {
    if (s.startsWith(SPACE_RUN, i) && out.length > 0) {
      if (s[i + SPACE_RUN.length] === "?" || s[i + SPACE_RUN.length] === "*") break;
      out += " ";
      i += SPACE_RUN.length - 1;
      continue;
    }
    const ch = s[i] as string;
    if (!/[\p{L}\d']/u.test(ch)) break;
    const next = s[i + 1];
    if (next === "?" || next === "*" || next === "{") break;
    out += ch;
  }
  return out;
}
