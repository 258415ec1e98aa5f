import type { BusinessCatalog } from "../../business/BusinessCatalog.ts";
import type { BusinessHits } from "../BusinessTerms.ts";
import { NOT_NAMES } from "../Lexicon.ts";
import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import { fold } from "../text/fold.ts";
import type { MessageText, Span } from "../text/MessageText.ts";
import { internWord } from "../text/wordIds.ts";
import { idsOf } from "../text/words.ts";
import type { Gender, StaffPreferenceFact } from "../types.ts";
import { FIRST_NAMES } from "../vocabulary/shared/firstNames.ts";

const KNOWN_FIRST_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES);
/** "with", "mit", …: by word number (wordIds.ts), as a message's words are looked up. */
const WITH_WORDS: ReadonlySet<number> = new Set(
  ["with", "see", "by", "mit", "bei", "zu", "von"].map((w) => internWord(w)),
);
const UPPER = /\p{Lu}/u;
const PRONOUN = /\b(she|he|her|him|sie|er|ihr|ihm|ihn|ihre|seine)\b/;
/** The customer wants someone else next time: no named person is a preference then. */
const SOMEONE_ELSE = /\b(someone|somebody) (else|different)|jemand(en)? (anders|anderes|anderen)\b/;
const OTHER_NAME =
  /(?:\b(?:with|see|by|mit|bei|zu|von)\s+)((?:(?:Dr|Frau|Herr|Herrn|Mr|Mrs|Ms|Prof)\.?\s+)+)?(\p{Lu}[\p{L}'’-]+)(\s+\p{Lu}[\p{L}'’-]+)?/gu;

/**
 * Who the customer wants to see: a staff member by name or by a role only one person has
 * (asked for again, or praised), a gender, "whoever is free", or the same person as last time.
 * A mention counts only with a request or praise in the same sentence, and not when the
 * customer is against that person or speaks about someone else.
 */
export function extractStaffPreference(
  msg: MessageText,
  business: BusinessHits,
  catalog: BusinessCatalog,
  ownName: Span | undefined,
): StaffPreferenceFact[] {
  const mentioned =
    business.all("staffName").length +
    business.all("staffFirstName").length +
    business.all("staffSurname").length +
    business.all("staffRole").length +
    msg.hits.all("staffGender").length +
    msg.hits.all("staffNone").length +
    msg.hits.all("staffSame").length +
    msg.hits.all("staffRequest").length;
  if (mentioned === 0) return [];
  const facts: StaffPreferenceFact[] = [];
  const seen = new Set<string>();
  const add = (fact: StaffPreferenceFact, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    facts.push(fact);
  };
  const cue = (s: Span) =>
    msg.has("staffRequest", s) || msg.has("staffPraise", s) || msg.has("timePreference", s);
  const wanted = (span: Span) => {
    const sentence = msg.sentenceAt(span.start);
    // Against this person: said in the same clause ("…, nicht bei einer Frau" is about the other one).
    if (msg.has("staffAgainst", msg.clauseAt(span.start)) || SOMEONE_ELSE.test(msg.folded)) return false;
    if (isNegated(msg, span.start) || isAboutSomeoneElse(msg, span.start)) return false;
    if (cue(sentence)) return true;
    // "Is Nina in on Tuesday? She always does my cleaning so well": the next sentence speaks of her.
    const next = msg.sentences[msg.sentences.indexOf(sentence) + 1];
    return (
      !!next &&
      PRONOUN.test(msg.folded.slice(next.start, next.end)) &&
      cue(next) &&
      !msg.has("staffAgainst", next)
    );
  };
  const insideOwnName = (span: Span) =>
    ownName !== undefined && span.start >= ownName.start && span.end <= ownName.end;

  const staffMentions = [
    ...business.all("staffName"),
    ...business.all("staffFirstName"),
    ...business.all("staffSurname").filter((m) => !followsAnotherFirstName(msg, m.start)),
  ].sort((a, b) => a.start - b.start);
  for (const m of staffMentions) {
    if (insideOwnName(m) || !wanted(m)) continue;
    const member = catalog.staff.find((s) => s.id === m.key);
    if (!member) continue;
    add(
      {
        field: "preferred_staff_member",
        value: member.name,
        staffId: member.id,
        evidence: msg.clauseEvidence(m.start, m.end),
        confidence: 0.9,
      },
      member.id,
    );
  }

  for (const m of business.all("staffRole")) {
    const sentence = msg.sentenceAt(m.start);
    const again = /\b(again|wieder|same|gleiche|dieselbe|derselbe)\b/.test(
      msg.folded.slice(sentence.start, sentence.end),
    );
    const praised = msg.hits.all("staffPraise").length > 0 || msg.has("staffSame", sentence) || again;
    if (!praised || !wanted(m)) continue;
    const member = catalog.staff.find((s) => s.id === m.key);
    if (!member) continue;
    add(
      {
        field: "preferred_staff_member",
        value: member.name,
        staffId: member.id,
        evidence: msg.clauseEvidence(m.start, m.end),
        confidence: 0.7,
      },
      member.id,
    );
  }

  const asked = msg.hits.all("staffRequest").length > 0 || msg.hits.all("staffPraise").length > 0;
  if (facts.length === 0 && asked) {
    for (const other of otherNames(msg, catalog)) {
      if (insideOwnName(other) || !wanted(other)) continue;
      add(
        {
          field: "preferred_staff_member",
          value: other.name,
          evidence: msg.clauseEvidence(other.start, other.end),
          confidence: 0.7,
        },
        fold(other.name),
      );
    }
  }

  for (const m of msg.hits.all("staffGender")) {
    if (!wanted(m)) continue;
    const gender = m.key as Gender;
    add(
      {
        field: "preferred_staff_member",
        value: gender === "female" ? "any female staff member" : "any male staff member",
        gender,
        evidence: msg.clauseEvidence(m.start, m.end),
        confidence: 0.8,
      },
      `gender:${gender}`,
    );
  }

  for (const m of msg.hits.all("staffNone")) {
    if (isNegated(msg, m.start) || isAboutSomeoneElse(msg, m.start)) continue;
    add(
      {
        field: "preferred_staff_member",
        value: "no preference",
        none: true,
        evidence: msg.clauseEvidence(m.start, m.end),
        confidence: 0.85,
      },
      "none",
    );
  }

  for (const m of msg.hits.all("staffSame")) {
    if (facts.some((f) => f.staffId) || isNegated(msg, m.start) || isAboutSomeoneElse(msg, m.start)) continue;
    add(
      {
        field: "preferred_staff_member",
        value: "same staff member as last visit",
        sameAsLastVisit: true,
        evidence: msg.clauseEvidence(m.start, m.end),
        confidence: 0.7,
      },
      "same",
    );
  }
  return facts;
}

/** "Marie Schmidt" is not Dr. Schmidt: a surname right after another capitalised first name. */
function followsAnotherFirstName(msg: MessageText, start: number): boolean {
  const before = msg.raw.slice(Math.max(0, start - 30), start);
  const m = /(\p{Lu}[\p{L}'’-]+)\s+$/u.exec(before);
  if (!m) return false;
  const word = fold(m[1] as string).replace(/\.$/, "");
  return !["dr", "frau", "herr", "herrn", "mr", "mrs", "ms", "prof", "doktor", "doctor"].includes(word);
}

const STAFF_WORDS = new WeakMap<BusinessCatalog, ReadonlySet<string>>();

/** The folded words of the staff's names, once per catalogue. */
function staffWordsOf(catalog: BusinessCatalog): ReadonlySet<string> {
  let words = STAFF_WORDS.get(catalog);
  if (!words) {
    words = new Set(catalog.staff.flatMap((s) => fold(s.name).split(/\s+/)));
    STAFF_WORDS.set(catalog, words);
  }
  return words;
}

/** Names that are not on the staff list: "with Thomas", "bei Frau Müller". */
function otherNames(
  msg: MessageText,
  catalog: BusinessCatalog,
): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  // Cheap first: a "with"/"mit"/… followed by a capital letter somewhere.
  const ids = idsOf(msg.words);
  const starts = msg.words.starts;
  let candidate = false;
  for (let k = 0; k < ids.length && !candidate; k++)
    candidate = WITH_WORDS.has(ids[k] as number) && UPPER.test(msg.raw[starts[k + 1] ?? -1] ?? "");
  if (!candidate) return out;
  const staffWords = staffWordsOf(catalog);
  for (const m of msg.raw.matchAll(OTHER_NAME)) {
    const title = m[1]?.trim();
    const first = m[2] as string;
    const folded = fold(first);
    if (NOT_NAMES.has(folded) || staffWords.has(folded)) continue;
    if (!title && !KNOWN_FIRST_NAMES.has(folded)) continue;
    const name = [title, first, m[3]?.trim()].filter(Boolean).join(" ");
    const start = m.index + m[0].indexOf(title ?? first);
    out.push({ name, start, end: m.index + m[0].length });
  }
  return out;
}
