/**
 * The booking vocabularies compiled once into whole-word expressions over folded text. Every
 * language is tried on every message: customers mix them ("Termin am Tuesday?").
 */
import { fold } from "../../extraction/text/fold.ts";
import { BOOKING_VOCABULARIES, type BookingVocabulary } from "./vocabulary/index.ts";

export interface WordMatch {
  start: number;
  end: number;
  text: string;
}

/** A list of terms as one expression: longest first, whole words only, umlauts and ß folded. */
export function compileTerms(terms: readonly string[]): RegExp {
  const sources = [...new Set(terms.map((t) => fold(t).replace(/ss/g, "ss?")))].sort(
    (a, b) => b.length - a.length,
  );
  if (sources.length === 0) return /$^/g;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

const cache = new Map<string, RegExp>();

/** Terms picked from every language's vocabulary, compiled once per pick. */
export function termsOf(key: string, pick: (v: BookingVocabulary) => readonly string[]): RegExp {
  let re = cache.get(key);
  if (!re) {
    re = compileTerms(Object.values(BOOKING_VOCABULARIES).flatMap(pick));
    cache.set(key, re);
  }
  return re;
}

export function findAll(re: RegExp, folded: string, from = 0, to = folded.length): WordMatch[] {
  const out: WordMatch[] = [];
  const slice = folded.slice(0, to);
  re.lastIndex = from;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

export function has(re: RegExp, folded: string): boolean {
  return findAll(re, folded).length > 0;
}
