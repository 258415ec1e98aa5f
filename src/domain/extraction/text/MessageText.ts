import { type LexiconHits, type LexiconTable, lexicon } from "../Lexicon.ts";
import type { Evidence } from "../types.ts";
import { fold } from "./fold.ts";
import type { TermMatch } from "./TermIndex.ts";
import { splitWords, type Words } from "./words.ts";

export interface Span {
  start: number;
  end: number;
}

// A full stop ends a sentence unless it closes a title or abbreviation ("Dr. Weber", "z.B.").
const SENTENCE_BREAK =
  /(?<!\b(?:dr|prof|hr|fr|nr|ca|st|mr|mrs|ms|bzw|usw|etc|z\.b|e\.g|i\.e|med|dent))\.+(?=\s|$)|[!?;\n]+|\s+-+\s+|\.{3}/g;

/**
 * A customer message prepared once for every field extractor: the original text (for quotes),
 * its folded form (for matching), every vocabulary hit, and its sentences and clauses (for
 * scoping negation, other people and one-off requests).
 */
export class MessageText {
  readonly folded: string;
  readonly hits: LexiconHits;
  readonly words: Words;
  readonly sentences: Span[];
  readonly clauses: Span[];

  constructor(readonly raw: string) {
    this.folded = fold(raw);
    this.words = splitWords(this.folded);
    this.hits = lexicon.scan(this.folded, this.words);
    this.sentences = split(this.folded, SENTENCE_BREAK);
    const breaks = this.hits.all("clauseBreak");
    this.clauses = [];
    for (const s of this.sentences)
      for (const c of splitClauses(this.folded, s, breaks)) this.clauses.push(c);
  }

  sentenceAt(pos: number): Span {
    return containing(this.sentences, pos);
  }

  clauseAt(pos: number): Span {
    return containing(this.clauses, pos);
  }

  clausesOf(sentence: Span): Span[] {
    return this.clauses.filter((c) => c.start >= sentence.start && c.end <= sentence.end);
  }

  /** Hits of a table inside a span. */
  in(table: LexiconTable, span: Span): TermMatch[] {
    return this.hits.in(table, span.start, span.end);
  }

  has(table: LexiconTable, span: Span): boolean {
    return this.hits.has(table, span.start, span.end);
  }

  evidence(start: number, end: number): Evidence {
    return trimmedEvidence(this.raw, start, end);
  }

  /** Evidence widened to the clauses around a match: the customer's own words. */
  clauseEvidence(start: number, end: number): Evidence {
    const a = this.clauseAt(start);
    const b = this.clauseAt(Math.max(start, end - 1));
    return trimmedEvidence(this.raw, Math.min(a.start, start), Math.max(b.end, end));
  }
}

function trimmedEvidence(raw: string, start: number, end: number): Evidence {
  let s = start;
  let e = end;
  while (s < e && /[\s,;:\-–(]/.test(raw[s] ?? "")) s++;
  while (e > s && /[\s,;:\-–]/.test(raw[e - 1] ?? "")) e--;
  return { start: s, end: e, quote: raw.slice(s, e) };
}

function split(text: string, separator: RegExp): Span[] {
  const spans: Span[] = [];
  let start = 0;
  // exec() on the expression itself: matchAll() copies it on every call. Its matches are never empty.
  separator.lastIndex = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index > start) spans.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans.length > 0 ? spans : [{ start: 0, end: text.length }];
}

/** Clauses end at commas, colons, brackets, and before words like "but" and "aber". */
function splitClauses(text: string, sentence: Span, breaks: TermMatch[]): Span[] {
  const cuts: Span[] = [];
  // Runs of clause punctuation, in order.
  for (let i = sentence.start; i < sentence.end; i++) {
    if (!isClausePunctuation(text.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < sentence.end && isClausePunctuation(text.charCodeAt(i + 1))) i++;
    cuts.push({ start, end: i + 1 });
  }
  let words = false;
  for (const b of breaks) {
    if (b.start > sentence.start && b.start < sentence.end) {
      cuts.push({ start: b.start, end: b.start });
      words = true;
    }
  }
  if (words) cuts.sort((a, b) => a.start - b.start);
  const spans: Span[] = [];
  let start = sentence.start;
  for (const cut of cuts) {
    if (cut.start > start && hasNonSpace(text, start, cut.start)) spans.push({ start, end: cut.start });
    start = Math.max(start, cut.end);
  }
  if (start < sentence.end && hasNonSpace(text, start, sentence.end))
    spans.push({ start, end: sentence.end });
  return spans.length > 0 ? spans : [sentence];
}

const SPACE = /\s/;

/** Whether text.slice(from, to).trim() would keep anything (trim() removes what \s matches). */
function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // Printable ASCII and Latin-1 letters: never white space; the rest is asked of \s.
    if ((c > 32 && c < 127) || (c > 160 && c < 0x1680) || !SPACE.test(text[i] as string)) return true;
  }
  return false;
}

/** , : ( ) */
function isClausePunctuation(c: number): boolean {
  return c === 44 || c === 58 || c === 40 || c === 41;
}

function containing(spans: Span[], pos: number): Span {
  let best = spans[0] ?? { start: 0, end: 0 };
  for (const s of spans) {
    if (s.start <= pos) best = s;
    else break;
  }
  return best;
}
