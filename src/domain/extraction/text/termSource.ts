/**
 * How a vocabulary term becomes a regular expression.
 *
 * Terms are written as a person would type them, lower case, with a little pattern syntax:
 * - a leading or trailing `*` lets the word continue ("allerg*" → allergic, Allergie;
 *   "*allergie" → Latexallergie); otherwise a term matches whole words only;
 * - a space matches spaces or a hyphen ("blood thinner" → "blood-thinner"), " ?" also nothing;
 * - umlauts also match their two-letter spelling and "ss"/"ß" match each other
 *   ("schwerhörig" → "schwerhoerig", "heisse" → "heiße");
 * - a `*` after a letter inside a term also continues the word ("vision (impair*|loss)");
 * - regular-expression groups, alternation, `?`, classes and `\d` may be used for variants.
 * Matching runs on folded text (see fold.ts), so terms never need upper case or accents.
 */
import { fold } from "./fold.ts";

const UMLAUT: Record<string, string> = { ä: "(?:a|ae)", ö: "(?:o|oe)", ü: "(?:u|ue)", ß: "ss?" };

/**
 * A letter of folded text. Folding leaves lower-case Latin letters (accents removed), so a plain
 * class does, and the expressions need no Unicode mode (which costs V8 a third of the speed).
 */
export const LETTER = "[a-z\\u00c0-\\u024f]";
export const WORD_CHAR = "[a-z\\d\\u00c0-\\u024f]";

export function termSource(term: string): string {
  // Lower-case the words, not the escapes ("\\p{L}" must keep its capital).
  let t = term
    .trim()
    .replace(/\\p\{[^}]*\}|\\.|[^\\]+/g, (part) => (part.startsWith("\\") ? part : part.toLowerCase()));
  const openStart = t.startsWith("*");
  const openEnd = t.endsWith("*") && !t.endsWith("\\*");
  if (openStart) t = t.slice(1);
  if (openEnd) t = t.slice(0, -1);
  let body = "";
  let inClass = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i] as string;
    const prev = t[i - 1];
    if (ch === "\\") {
      // An escape is copied as it is; "\\p{L}" (a letter) becomes the folded letter class.
      const letter = /^\\p\{L\}/i.exec(t.slice(i))?.[0];
      const escaped = letter ?? t.slice(i, i + 2);
      body += letter ? LETTER : escaped;
      i += escaped.length - 1;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      body += ch === " " ? "\\s" : ch;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      body += ch;
    } else if (UMLAUT[ch]) body += UMLAUT[ch];
    else if (ch === "s" && t[i + 1] === "s" && t[i + 2] !== "?") {
      body += "ss?";
      i++;
    } else if (ch === " " && t[i + 1] === "?") {
      body += "[\\s-]*";
      i++;
    } else if (ch === " ") body += "[\\s-]+";
    else if (ch === "'")
      body += "'?"; // fold() turns the curly apostrophes into this one
    else if (ch === "*" && prev !== undefined && /\p{L}/u.test(prev)) body += `${LETTER}*`;
    else {
      const f = fold(ch);
      body += f === ch ? ch : f;
    }
  }
  const head = openStart ? "" : `(?<!${WORD_CHAR})`;
  const tail = openEnd ? `${LETTER}*` : `(?!${WORD_CHAR})`;
  return `${head}(?:${body})${tail}`;
}
