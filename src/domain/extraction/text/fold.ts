/**
 * Folds a message to a same-length, lower-case, accent-free form, so that patterns see
 * "Rontgen", "Röntgen" and "RÖNTGEN" alike and every offset still points into the original.
 * ß folds to a single "s" (length is kept); vocabulary terms compile "ss" to "ss?" to meet it.
 */
const FOLD: Record<string, string> = {
  ä: "a",
  ö: "o",
  ü: "u",
  ß: "s",
  à: "a",
  á: "a",
  â: "a",
  é: "e",
  è: "e",
  ê: "e",
  ë: "e",
  ï: "i",
  î: "i",
  í: "i",
  ó: "o",
  ô: "o",
  ú: "u",
  û: "u",
  ç: "c",
  ñ: "n",
  "\u2019": "'",
  "\u2018": "'",
  "\u00b4": "'",
  "`": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u00a0": " ",
};

const FOLDABLE = new RegExp(`[${Object.keys(FOLD).join("")}]`, "g");

export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: lower-casing kept every offset (true for nearly every message).
  if (lower.length === text.length) return hasFoldable(lower) ? lower.replace(FOLDABLE, foldChar) : lower;
  return foldByCharacter(text);
}

const foldChar = (ch: string) => FOLD[ch] ?? ch;

/** The ASCII characters that fold ("`"): any other one is beyond ASCII. */
const ASCII_FOLDABLE = new Uint8Array(0x80);
for (const ch of Object.keys(FOLD)) if (ch.charCodeAt(0) < 0x80) ASCII_FOLDABLE[ch.charCodeAt(0)] = 1;

/** Whether any character may need folding (most messages are plain ASCII). */
function hasFoldable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || ASCII_FOLDABLE[c] === 1) return true;
  }
  return false;
}

function foldByCharacter(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const single = lower.length === ch.length ? lower : ch;
    const folded = FOLD[single] ?? single;
    // Astral characters (emoji) are two UTF-16 units: keep them as they are so offsets match.
    out += folded.length === single.length ? folded : single;
  }
  return out;
}
