import type { CountryCode } from "libphonenumber-js";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { NOT_NAMES } from "../Lexicon.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import { fold } from "../text/fold.ts";
import type { MessageText } from "../text/MessageText.ts";
import type { BasicFact } from "../types.ts";
import { VOCABULARIES } from "../vocabulary/index.ts";
import { FIRST_NAMES } from "../vocabulary/shared/firstNames.ts";

const KNOWN_FIRST_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES);
const COMMON_WORDS: ReadonlySet<string> = new Set(VOCABULARIES.flatMap((v) => v.hints.map(fold)));
/** Mailboxes of a business, not of a person ("info@praxis-am-see.ch"). */
const ROLE_MAILBOX =
  /^(info|kontakt|contact|office|praxis|hello|hallo|admin|team|termine?|empfang|reception|booking|mail|service|support)@/i;
const PRACTICE_NUMBER =
  /\b(tried (calling|to call|to reach)|called you|your (number|line|phone)|ihre (nummer|telefonnummer)|versucht|angerufen)\b/;
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.[a-z]{2,}/giu;
const NAME_WORD = /^[\p{Lu}][\p{L}'’-]*$/u;
const ANY_WORD = /^[\p{L}][\p{L}'’-]*$/u;

export function extractEmail(msg: MessageText): BasicFact[] {
  if (!msg.raw.includes("@")) return [];
  const facts: BasicFact[] = [];
  for (const m of msg.raw.matchAll(EMAIL)) {
    const value = m[0].replace(/[.-]+$/, "");
    if (isAboutSomeoneElse(msg, m.index)) continue;
    const mine = /\b(my|mine|me|meine?|mir|mich)\b/.test(
      msg.folded.slice(msg.sentenceAt(m.index).start, m.index),
    );
    if (ROLE_MAILBOX.test(value) && !mine) continue;
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
  // Cheap guard: a phone number has at least seven digits (folding keeps every digit).
  let digits = 0;
  for (let i = 0; i < msg.folded.length && digits < 7; i++) {
    const c = msg.folded.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 7 || !mayHoldPhoneNumber(msg.raw)) return [];
  const facts: BasicFact[] = [];
  for (const found of findPhoneNumbersInText(msg.raw, { defaultCountry: country as CountryCode })) {
    if (isAboutSomeoneElse(msg, found.startsAt)) continue;
    // "Bitte rufen Sie mich nicht auf dem Festnetz an (044 …), das ist bei meinen Eltern".
    const clause = msg.clauseAt(found.startsAt);
    const avoided = msg.in("channel", clause).some((c) => c.key === "phone") && msg.has("negator", clause);
    if (avoided || msg.has("otherPeople", msg.sentenceAt(found.startsAt))) continue;
    // "I tried calling +41 44 380 12 00": the practice's number, not the customer's.
    if (PRACTICE_NUMBER.test(msg.folded.slice(clause.start, found.startsAt))) continue;
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
 * What libphonenumber-js can read as one number: digits with spaces, dashes, dots, slashes,
 * brackets, tildes and plus signs between them (its VALID_PUNCTUATION, PLUS_CHARS and opening
 * brackets; here any white space too). An extension after a number ("ext. 12", ", 12") is not
 * part of the number it validates.
 */
const NUMBER_RUN =
  /[\p{Nd}\s\-\u2010-\u2015\u2212\u30fc\uff0d\uff0f/\uff0e.\xad\u200b\u2060()\uff08\uff09\uff3b\uff3d[\]~\u2053\u223c\uff5e+\uff0b]+/gu;
const DIGIT = /\p{Nd}/u;
/**
 * The fewest digits a valid number has: a two-digit calling code and a four-digit national
 * number (Austria, Germany, Iran); test/extraction checks this against the library's metadata.
 */
export const MIN_PHONE_DIGITS = 6;

/** Whether a run of number characters holds enough digits for a valid number: dates and times rarely do. */
function mayHoldPhoneNumber(raw: string): boolean {
  for (const m of raw.matchAll(NUMBER_RUN)) {
    let digits = 0;
    for (const ch of m[0]) if (DIGIT.test(ch) && ++digits >= MIN_PHONE_DIGITS) return true;
  }
  return false;
}

/**
 * "My name is Marie Schmidt", "ich heisse marie", "I'm Marie", "Mark Jensen here", sign-offs
 * ("LG, Marie"). After a strong introduction any words that are not vocabulary count (and get
 * capitals); after "I'm"/"ich bin" a name must look like one: two capitalised words, or a known
 * first name (then in any case: "hey this is jonas brunner").
 */
export function extractName(msg: MessageText): BasicFact[] {
  const candidates: { start: number; strong: boolean }[] = [];
  for (const m of msg.hits.all("strongIntro")) candidates.push({ start: m.end, strong: true });
  for (const m of msg.hits.all("weakIntro")) candidates.push({ start: m.end, strong: false });
  for (const m of msg.hits.all("signOff")) candidates.push({ start: m.end, strong: false });
  if (candidates.length > 1) candidates.sort((a, b) => Number(b.strong) - Number(a.strong));
  for (const c of candidates) {
    const name = nameAt(msg, skipFillers(msg, c.start), c.strong);
    if (name) return [name];
  }
  for (const m of msg.hits.all("nameFirst")) {
    const name = nameBefore(msg, m.start);
    if (name) return [name];
  }
  return [];
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function skipFillers(msg: MessageText, from: number): number {
  let pos = from;
  for (const f of msg.hits.all("nameFiller")) {
    if (f.start >= pos && msg.folded.slice(pos, f.start).trim() === "") pos = f.end;
  }
  return pos;
}

function nameAt(msg: MessageText, from: number, strong: boolean): BasicFact | undefined {
  const words: Word[] = [];
  const re = /[^\s,.;:!?()]+/y;
  let pos = from;
  while (words.length < 3) {
    while (pos < msg.raw.length && msg.raw[pos] === " ") pos++;
    re.lastIndex = pos;
    const m = re.exec(msg.raw);
    if (!m) break;
    // Swiss German puts an article before names: "bin d'Melanie".
    const article = /^d['’]/i.exec(m[0]);
    const text = article ? m[0].slice(article[0].length) : m[0];
    const folded = fold(text);
    const known = words.length === 0 && KNOWN_FIRST_NAMES.has(folded);
    const lowerSurname = !strong && words.length === 1 && KNOWN_FIRST_NAMES.has(fold(words[0]?.text ?? ""));
    const shaped = strong || known || lowerSurname ? ANY_WORD.test(text) : NAME_WORD.test(text);
    // A capitalised surname may be a word too ("I'm Lea Frei", "Beat Keller").
    const endsHere = /^\s*([,.;:!?]|$)/.test(msg.raw.slice(m.index + m[0].length));
    const surnameAfterName =
      endsHere &&
      words.length === 1 &&
      NAME_WORD.test(text) &&
      KNOWN_FIRST_NAMES.has(fold(words[0]?.text ?? ""));
    if (!shaped || (NOT_NAMES.has(folded) && !surnameAfterName) || text.endsWith("'s") || text.endsWith("’s"))
      break;
    // A lower-case word after a known first name is a surname only where the name ends: "jonas brunner,".
    if (!strong && words.length > 0 && !NAME_WORD.test(text)) {
      const next = msg.raw.slice(m.index + text.length).trimStart();
      const endsName = next === "" || /^[,.;:!?]/.test(next);
      if (!endsName || COMMON_WORDS.has(folded) || folded.length < 3) break;
    }
    const at = m.index + (article ? article[0].length : 0);
    words.push({ text, start: at, end: at + text.length });
    pos = at + text.length;
    // Stop at punctuation: "I'm Marie, Lisa's mum".
    if (/^[,.;:!?]/.test(msg.raw.slice(pos, pos + 1))) break;
  }
  const first = words[0];
  if (!first) return undefined;
  if (!strong) {
    const known = KNOWN_FIRST_NAMES.has(fold(first.text));
    if (!known && words.length < 2) return undefined;
    if (!known && msg.has("noteConcept", { start: first.start, end: first.end })) return undefined;
  }
  return nameFact(msg, words, strong ? 0.9 : 0.75);
}

/** "Mark Jensen here", "Beat Müller hier": one or two capitalised words before, the first a known name. */
function nameBefore(msg: MessageText, end: number): BasicFact | undefined {
  const before = msg.raw.slice(0, end);
  const m = /(?:^|[\s,.!?])((\p{L}[\p{L}'’-]*)(?:\s+(\p{Lu}[\p{L}'’-]*))?)\s+$/u.exec(before);
  if (!m) return undefined;
  const firstText = m[2] as string;
  if (!KNOWN_FIRST_NAMES.has(fold(firstText)) || NOT_NAMES.has(fold(firstText))) return undefined;
  const start = end - m[0].length + m[0].indexOf(m[1] as string);
  const words: Word[] = [{ text: firstText, start, end: start + firstText.length }];
  if (m[3]) {
    const lastStart = start + (m[1] as string).lastIndexOf(m[3]);
    words.push({ text: m[3], start: lastStart, end: lastStart + m[3].length });
  }
  return nameFact(msg, words, 0.75);
}

function nameFact(msg: MessageText, words: Word[], confidence: number): BasicFact {
  const first = words[0] as Word;
  const last = words[words.length - 1] as Word;
  return {
    field: "name",
    value: words.map((w) => capitalise(w.text)).join(" "),
    evidence: msg.evidence(first.start, last.end),
    confidence,
  };
}

function capitalise(word: string): string {
  return word
    .split("-")
    .map((part) => (part ? (part[0] as string).toUpperCase() + part.slice(1) : part))
    .join("-");
}
