/**
 * Common slips of the thumb, as extra spellings of long vocabulary words: a letter left out
 * ("alergic", "pregant"), two letters swapped ("needels", "wheelchiar") or doubled ("nervouss").
 * Only whole words of seven letters or more get them, and never a spelling that is itself a word
 * of the vocabulary ("tuesday" is not a slip of "tuesdays"): short words have too many real
 * neighbours ("latex"/"later").
 */
const PLAIN_WORD = /^[a-zäöüß]+$/;
export const MIN_TYPO_LENGTH = 7;

export function typoVariants(word: string): string[] {
  if (!PLAIN_WORD.test(word) || word.length < MIN_TYPO_LENGTH) return [];
  const out = new Set<string>();
  for (let i = 1; i < word.length; i++) {
    // Keep the first letter (people rarely miss it, and the index files by it) and the last one
    // (dropping it makes another form of the word: "morgens" → "morgen").
    if (i < word.length - 1) out.add(word.slice(0, i) + word.slice(i + 1));
    if (i < word.length - 1 && word[i] !== word[i + 1])
      out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    if (word[i] !== word[i - 1]) out.add(word.slice(0, i) + word[i] + word.slice(i));
  }
  out.delete(word);
  return [...out];
}

/** Adds slips to every plain long word of a table, except spellings in `taken`. */
export function withTypos<K extends string>(
  table: readonly (readonly [K, readonly string[]])[],
  taken: ReadonlySet<string>,
): [K, string[]][] {
  return table.map(([key, terms]) => {
    const extra = terms.flatMap((t) => typoVariants(t)).filter((v) => !taken.has(v));
    return [key, [...terms, ...extra]];
  });
}
