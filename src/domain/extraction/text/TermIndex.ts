/**
 * Finds every vocabulary term of every table in one pass over a message.
 *
 * A single regular expression with hundreds of alternatives costs milliseconds per message,
 * so terms are indexed by the first letters (up to three) they can start with, and only the few terms
 * filed under a word's first letters are tried there (as sticky expressions). Leading optional
 * groups ("(a |any )?female …") are expanded so that each variant is filed under its own letters.
 * Terms that may start inside a word ("*allergie") are kept apart and searched everywhere.
 */
import { expandTerm, type TermWord } from "./termExpansion.ts";
import { termSource, WORD_CHAR } from "./termSource.ts";
import { splitWords, type Words } from "./words.ts";

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
}

interface WordSequence {
  table: number;
  key: string;
  words: TermWord[];
}

interface InWordTerm {
  table: number;
  key: string;
  re: RegExp;
  /** Letters every match contains ("allergie"): a cheap test before the expression. */
  needle: string;
}

export type TermTables = Record<string, Iterable<readonly [string, readonly string[]]>>;

export class TermIndex<T extends string = string> {
  private readonly tableIds = new Map<string, number>();
  /** prefix (1–3 letters, or "" for terms that may start with anything) → buckets. */
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly inWord: InWordTerm[] = [];
  /** Spelled-out terms by their first word, and those starting with a stem by its first three letters. */
  private readonly byFirstWord = new Map<string, WordSequence[]>();
  private readonly byFirstTwoWords = new Map<string, Map<string, WordSequence[]>>();
  private readonly byFirstStem = new Map<string, WordSequence[]>();
  /** First characters of the regex buckets' prefixes: most words need no regex at all. */
  private readonly bucketInitials = new Set<string>();

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
            for (const words of sequences) this.addSequence({ table, key, words });
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
        });
      }
      this.buckets.set(prefix, buckets);
      this.bucketInitials.add(prefix.slice(0, 1));
    }
  }

  private addSequence(seq: WordSequence): void {
    const [first, second] = seq.words as [TermWord, TermWord | undefined];
    // Phrases are filed under their first two words, so a common first word ("i", "nicht") does
    // not bring hundreds of phrases to try.
    let map: Map<string, WordSequence[]>;
    let key: string;
    if (first.stem) [map, key] = [this.byFirstStem, first.text.slice(0, 3)];
    else if (second && !second.stem) {
      map = this.byFirstTwoWords.get(first.text) ?? new Map();
      this.byFirstTwoWords.set(first.text, map);
      key = second.text;
    } else [map, key] = [this.byFirstWord, first.text];
    const list = map.get(key);
    if (list) list.push(seq);
    else map.set(key, [seq]);
  }

  scan(folded: string, words: Words = splitWords(folded)): TermHits<T> {
    // Most tables have no hit in a message: their lists are made only when needed.
    const raw: (TermMatch[] | undefined)[] = new Array(this.tableIds.size);
    const found = (table: number, match: TermMatch) => {
      const list = raw[table];
      if (list) list.push(match);
      else raw[table] = [match];
    };
    this.scanWords(folded, words, found);
    const starts = words.starts;
    const anywhere = this.buckets.get("");
    for (let k = 0; k < starts.length; k++) {
      const i = starts[k] as number;
      const word = words.text[k] as string;
      if (!anywhere && !this.bucketInitials.has(word[0] as string)) continue;
      // Words of three letters or more give the key directly; shorter ones need the space after them.
      const key = word.length >= 3 ? word.slice(0, 3) : prefixKey(folded, i);
      this.tryBuckets(this.buckets.get(key), folded, i, found);
      if (key.length > 2) this.tryBuckets(this.buckets.get(key.slice(0, 2)), folded, i, found);
      if (key.length > 1) this.tryBuckets(this.buckets.get(key.slice(0, 1)), folded, i, found);
      if (anywhere) this.tryBuckets(anywhere, folded, i, found);
    }
    if (this.inWord.length > 0) {
      for (const t of this.inWord) {
        if (t.needle && !folded.includes(t.needle)) continue;
        t.re.lastIndex = 0;
        for (const m of folded.matchAll(t.re)) {
          if (m[0].length > 0) found(t.table, { key: t.key, start: m.index, end: m.index + m[0].length });
        }
      }
    }
    for (let t = 0; t < raw.length; t++) {
      const list = raw[t];
      if (list && list.length > 1) raw[t] = longestFirst(list);
    }
    return new TermHits(this.tableIds, raw);
  }

  /** Spelled-out terms: look each word (and word pair) up. */
  private scanWords(folded: string, w: Words, found: (table: number, m: TermMatch) => void): void {
    const { text: words, starts, ends } = w;
    for (let k = 0; k < words.length; k++) {
      const word = words[k] as string;
      const single = this.byFirstWord.get(word);
      if (single) this.trySequences(single, k, words, starts, ends, folded, found);
      if (k + 1 < words.length) {
        const pair = this.byFirstTwoWords.get(word)?.get(words[k + 1] as string);
        if (pair) this.trySequences(pair, k, words, starts, ends, folded, found);
      }
      if (word.length >= 3) {
        const stems = this.byFirstStem.get(word.slice(0, 3));
        if (stems) this.trySequences(stems, k, words, starts, ends, folded, found);
      }
    }
  }

  private trySequences(
    sequences: WordSequence[],
    at: number,
    words: string[],
    starts: number[],
    ends: number[],
    folded: string,
    found: (table: number, m: TermMatch) => void,
  ): void {
    next: for (const seq of sequences) {
      const n = seq.words.length;
      if (at + n > words.length) continue;
      for (let w = 0; w < n; w++) {
        const expected = seq.words[w] as TermWord;
        const actual = words[at + w] as string;
        if (expected.stem ? !actual.startsWith(expected.text) : actual !== expected.text) continue next;
        // Words of a term stand apart only by spaces, hyphens, apostrophes or a full stop ("Dr. Weber").
        if (w > 0 && !SEPARATOR.test(folded.slice(ends[at + w - 1] as number, starts[at + w] as number)))
          continue next;
      }
      found(seq.table, { key: seq.key, start: starts[at] as number, end: ends[at + n - 1] as number });
    }
  }

  private tryBuckets(
    buckets: Bucket[] | undefined,
    folded: string,
    at: number,
    found: (table: number, m: TermMatch) => void,
  ): void {
    if (!buckets) return;
    for (const b of buckets) {
      b.re.lastIndex = at;
      const m = b.re.exec(folded);
      if (!m || m[0].length === 0) continue;
      let g = 1;
      while (m[g] === undefined && g < m.length) g++;
      found(b.table, { key: b.keys[g - 1] as string, start: at, end: at + m[0].length });
    }
  }
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
const SEPARATOR = /^(?:[\s\-']+|\.\s*|\s*\.\s+)$/;

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
    const all = this.all(table);
    if (all.length === 0) return NO_MATCHES;
    return all.filter((m) => m.start >= from && m.end <= to);
  }

  has(table: T, from = 0, to = Number.POSITIVE_INFINITY): boolean {
    for (const m of this.all(table)) if (m.start >= from && m.end <= to) return true;
    return false;
  }

  first(table: T, from = 0, to = Number.POSITIVE_INFINITY): TermMatch | undefined {
    return this.all(table).find((m) => m.start >= from && m.end <= to);
  }
}

function longestFirst(matches: TermMatch[]): TermMatch[] {
  if (matches.length < 2) return matches;
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
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
  let s = src.startsWith("(?<") ? src.slice(closingParen(src, 0) + 1) : src;
  while (s.startsWith("(?:")) {
    const close = closingParen(s, 0);
    if (close < 0 || /^[?*+{]/.test(s.slice(close + 1))) return "";
    const inner = s.slice(3, close);
    if (splitTopLevel(inner).length > 1) return "";
    s = inner + s.slice(close + 1);
  }
  let out = "";
  for (let i = 0; i < s.length && out.length < 3; i++) {
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
