import type { CountryCode } from "libphonenumber-js";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { NOT_NAMES } from "../Lexicon.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import { fold } from "../text/fold.ts";
import type { MessageText } from "../text/MessageText.ts";
import type { BasicFact } from "../types.ts";
import { FIRST_NAMES } from "../vocabulary/shared/firstNames.ts";

const KNOWN_FIRST_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES);
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.[a-z]{2,}/giu;
const NAME_WORD = /^[\p{Lu}][\p{L}'’-]*$/u;
const ANY_WORD = /^[\p{L}][\p{L}'’-]*$/u;

export function extractEmail(msg: MessageText): BasicFact[] {
  if (!msg.raw.includes("@")) return [];
  const facts: BasicFact[] = [];
  for (const m of msg.raw.matchAll(EMAIL)) {
    const value = m[0].replace(/[.-]+$/, "");
    if (isAboutSomeoneElse(msg, m.index)) continue;
    facts.push({
      field: "email",
      value: value.toLowerCase(),
      evidence: msg.evidence(m.index, m.index + value.length),
      confidence: 0.95,
    });
  }
  return facts;
}

export function extractPhone(msg: MessageText, country: string): BasicFact[] {
  // Cheap guard: a phone number has at least seven digits.
  if ((msg.raw.match(/\d/g)?.length ?? 0) < 7) return [];
  const facts: BasicFact[] = [];
  for (const found of findPhoneNumbersInText(msg.raw, { defaultCountry: country as CountryCode })) {
    if (isAboutSomeoneElse(msg, found.startsAt)) continue;
    facts.push({
      field: "phone",
      value: found.number.number,
      evidence: msg.evidence(found.startsAt, found.endsAt),
      confidence: found.number.isValid() ? 0.95 : 0.6,
    });
  }
  return facts;
}

/**
 * "My name is Marie Schmidt", "ich heisse marie", "I'm Marie", sign-offs ("LG, Marie").
 * After a strong introduction any words that are not vocabulary count (and get capitals);
 * after "I'm"/"ich bin" a name must look like one: two capitalised words, or a known first name.
 */
export function extractName(msg: MessageText): BasicFact[] {
  const candidates: { start: number; strong: boolean }[] = [];
  for (const m of msg.hits.all("strongIntro")) candidates.push({ start: m.end, strong: true });
  for (const m of msg.hits.all("weakIntro")) candidates.push({ start: m.end, strong: false });
  for (const m of msg.hits.all("signOff")) candidates.push({ start: m.end, strong: false });
  for (const c of candidates.sort((a, b) => Number(b.strong) - Number(a.strong))) {
    const name = nameAt(msg, c.start, c.strong);
    if (name) return [name];
  }
  return [];
}

function nameAt(msg: MessageText, from: number, strong: boolean): BasicFact | undefined {
  const words: { text: string; start: number; end: number }[] = [];
  const re = /[^\s,.;:!?()]+/gy;
  let pos = from;
  while (words.length < 3) {
    while (pos < msg.raw.length && msg.raw[pos] === " ") pos++;
    re.lastIndex = pos;
    const m = re.exec(msg.raw);
    if (!m) break;
    const text = m[0];
    const folded = fold(text);
    const shaped = strong ? ANY_WORD.test(text) : NAME_WORD.test(text);
    if (!shaped || NOT_NAMES.has(folded) || text.endsWith("'s") || text.endsWith("’s")) break;
    words.push({ text, start: m.index, end: m.index + text.length });
    pos = m.index + text.length;
    // Stop at punctuation: "I'm Marie, Lisa's mum".
    if (/^[,.;:!?]/.test(msg.raw.slice(pos, pos + 1))) break;
  }
  if (words.length === 0) return undefined;
  const first = words[0] as { text: string; start: number; end: number };
  if (!strong) {
    const known = KNOWN_FIRST_NAMES.has(fold(first.text));
    if (!known && words.length < 2) return undefined;
    // "I'm Diabetic Type", two capitalised words that are not names: the first must be a known name
    // or the message must be written in title-case-free style.
    if (!known && msg.has("noteConcept", { start: first.start, end: first.end })) return undefined;
  }
  const last = words[words.length - 1] as { text: string; start: number; end: number };
  const value = words.map((w) => capitalise(w.text)).join(" ");
  return {
    field: "name",
    value,
    evidence: msg.evidence(first.start, last.end),
    confidence: strong ? 0.9 : 0.75,
  };
}

function capitalise(word: string): string {
  return word
    .split("-")
    .map((part) => (part ? (part[0] as string).toUpperCase() + part.slice(1) : part))
    .join("-");
}
