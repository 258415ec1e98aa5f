import { franc } from "franc-min";
import type { Language } from "../types.ts";
import { VOCABULARIES } from "../vocabulary/index.ts";
import type { LanguageVocabulary } from "../vocabulary/LanguageVocabulary.ts";

const HINTS: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  VOCABULARIES.map((v: LanguageVocabulary) => [v.code, new Set(v.hints)]),
);
const FRANC: ReadonlyMap<string, Language> = new Map(VOCABULARIES.map((v) => [v.francCode, v.code]));
const WORD = /[\p{L}']+/gu;

/**
 * The language of a message. Short messages are decided by frequent words of each language
 * (fast, and right where statistical detectors guess); when those do not settle it, franc
 * decides among the business's languages; failing both, the business's first language.
 */
export function detectLanguage(folded: string, candidates: readonly Language[]): Language {
  const allowed = candidates.length > 0 ? candidates : [...HINTS.keys()];
  const score = new Map<Language, number>(allowed.map((l) => [l, 0]));
  for (const m of folded.matchAll(WORD)) {
    for (const lang of allowed) if (HINTS.get(lang)?.has(m[0])) score.set(lang, (score.get(lang) ?? 0) + 1);
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best && best[1] > 0 && (!second || best[1] >= second[1] + 2 || second[1] === 0)) return best[0];
  const only = allowed
    .map((l) => VOCABULARIES.find((v) => v.code === l)?.francCode)
    .filter((c): c is string => !!c);
  const guess = FRANC.get(franc(folded, { only, minLength: 3 }));
  if (guess && allowed.includes(guess)) return guess;
  if (best && best[1] > 0 && (!second || best[1] > second[1])) return best[0];
  return allowed[0] as Language;
}
