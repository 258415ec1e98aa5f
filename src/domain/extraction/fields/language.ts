import { franc } from "franc-min";
import { fold } from "../text/fold.ts";
import { ByWord, internWord } from "../text/wordIds.ts";
import { idsOf, type Words } from "../text/words.ts";
import type { Language } from "../types.ts";
import { VOCABULARIES } from "../vocabulary/index.ts";

/** Each language's frequent words, by word number (wordIds.ts). */
const HINTS: ReadonlyMap<Language, ByWord> = new Map(
  // Folded like the message: "für" is "fur", and "i'm" is the two words "i" and "m".
  VOCABULARIES.map((v) => [
    v.code,
    new ByWord(
      v.hints
        .flatMap((h) => fold(h).split(/[^a-z0-9\u00c0-\u024f]+/))
        .filter(Boolean)
        .map((w) => [internWord(w), 1] as const),
    ),
  ]),
);
const FRANC: ReadonlyMap<string, Language> = new Map(VOCABULARIES.map((v) => [v.francCode, v.code]));
/** Below this, franc guesses; the frequent words (or the business's first language) decide. */
const FRANC_MIN_LENGTH = 20;
const FRANC_MAX_LENGTH = 400;

/**
 * The language of a message. Frequent words of each language decide most messages (fast, and
 * right where statistical detectors guess on short texts); when they do not settle it, franc
 * decides among the business's languages; failing both, the business's first language.
 */
export function detectLanguage(words: Words, folded: string, candidates: readonly Language[]): Language {
  const allowed = candidates.length > 0 ? candidates : [...HINTS.keys()];
  const ids = idsOf(words);
  const score = allowed.map((lang) => {
    const hints = HINTS.get(lang);
    let n = 0;
    if (hints) for (const id of ids) if (hints.has(id)) n++;
    return { lang, n };
  });
  // Most first, ties in the business's order. Two languages (the usual case) need no sort()
  // call: V8's allocates a work area each time, on every message.
  if (score.length !== 2) score.sort((a, b) => b.n - a.n);
  else if ((score[1] as { n: number }).n > (score[0] as { n: number }).n) score.reverse();
  const [best, second] = score;
  if (best && best.n > 0 && (!second || best.n >= second.n + 2 || second.n === 0)) return best.lang;
  if (folded.length >= FRANC_MIN_LENGTH) {
    const only = allowed
      .map((l) => VOCABULARIES.find((v) => v.code === l)?.francCode)
      .filter((c): c is string => !!c);
    const guess = FRANC.get(franc(folded.slice(0, FRANC_MAX_LENGTH), { only, minLength: 3 }));
    if (guess && allowed.includes(guess)) return guess;
  }
  if (best && best.n > 0 && (!second || best.n > second.n)) return best.lang;
  return allowed[0] as Language;
}
