/**
 * The vocabularies of every language, compiled once into a single TermIndex. Every table
 * merges all languages: customers mix them ("Termin am Tuesday"), and one pass finds all.
 */
import { NOTE_CONCEPTS, type NoteConceptId } from "./concepts.ts";
import { type TermHits, TermIndex } from "./text/TermIndex.ts";
import { withTypos } from "./text/typoVariants.ts";
import { CHANNELS, DAY_PARTS, WEEKDAYS } from "./types.ts";
import { VOCABULARIES } from "./vocabulary/index.ts";
import type { LanguageVocabulary } from "./vocabulary/LanguageVocabulary.ts";

type Pick = (v: LanguageVocabulary) => readonly string[] | undefined;

const all = (pick: Pick) => VOCABULARIES.flatMap((v) => pick(v) ?? []);
const single = (key: string, pick: Pick): [string, string[]][] => [[key, all(pick)]];
const keyed = <K extends string>(
  keys: readonly K[],
  pick: (v: LanguageVocabulary, key: K) => readonly string[] | undefined,
) => keys.map((k) => [k, VOCABULARIES.flatMap((v) => pick(v, k) ?? [])] as [K, string[]]);

const tables = {
  negator: single("negator", (v) => v.negators),
  postNegator: single("postNegator", (v) => v.postNegators),
  firstPerson: single("me", (v) => v.firstPerson),
  otherPeople: single("other", (v) => v.otherPeople),
  otherPronoun: single("pronoun", (v) => v.otherPronouns),
  clauseBreak: single("break", (v) => v.clauseBreaks),

  dayOnce: keyed(WEEKDAYS, (v, d) => v.times.weekdays[d].once),
  dayHabitual: keyed(WEEKDAYS, (v, d) => v.times.weekdays[d].habitual),
  weekendOnce: single("weekend", (v) => v.times.weekend.once),
  weekendHabitual: single("weekend", (v) => v.times.weekend.habitual),
  workdays: single("workdays", (v) => v.times.workdays.habitual),
  partOnce: keyed(DAY_PARTS, (v, p) => v.times.parts[p].once),
  partHabitual: keyed(DAY_PARTS, (v, p) => v.times.parts[p].habitual),
  lunch: single("lunch", (v) => v.times.lunch),
  beforeWork: single("beforeWork", (v) => v.times.beforeWork),
  afterWork: single("afterWork", (v) => v.times.afterWork),
  busyDaytime: single("busyDaytime", (v) => v.times.busyDaytime),
  bound: [
    ["after", all((v) => v.times.boundAfter)],
    ["before", all((v) => v.times.boundBefore)],
  ] as [string, string[]][],
  rangeStart: single("range", (v) => v.times.rangeStart),
  timePreference: single("preference", (v) => v.times.preference),
  timeHabit: single("habit", (v) => v.times.habit),
  unavailable: single("unavailable", (v) => v.times.unavailable),
  oneOff: single("oneOff", (v) => v.times.oneOff),
  flexible: single("flexible", (v) => v.times.flexible),
  relativeTime: [
    ["before", all((v) => v.times.relativeBefore)],
    ["after", all((v) => v.times.relativeAfter)],
  ] as [string, string[]][],

  staffRequest: single("request", (v) => v.staff.request),
  staffPraise: single("praise", (v) => v.staff.praise),
  staffAgainst: single("against", (v) => v.staff.against),
  staffGender: [
    ["female", all((v) => v.staff.female)],
    ["male", all((v) => v.staff.male)],
  ] as [string, string[]][],
  staffNone: single("none", (v) => v.staff.noPreference),
  staffSame: single("same", (v) => v.staff.sameAsLastTime),

  noteCue: [
    ["fear", all((v) => v.notes.cues.fear)],
    ["allergy", all((v) => v.notes.cues.allergy)],
  ] as [string, string[]][],
  noteConcept: (Object.keys(NOTE_CONCEPTS) as NoteConceptId[]).map(
    (id) => [id, all((v) => v.notes.concepts[id])] as [NoteConceptId, string[]],
  ),
  noAllergies: single("none", (v) => v.notes.noAllergies),

  channel: keyed(CHANNELS, (v, c) => v.communication.channels[c]),
  channelWant: single("want", (v) => v.communication.want),
  channelAvoid: single("avoid", (v) => v.communication.avoid),
  addressOnly: single("address", (v) => v.communication.addressOnly),
  style: [
    ["brief", all((v) => v.communication.style.brief)],
    ["detailed", all((v) => v.communication.style.detailed)],
  ] as [string, string[]][],
  written: single("written", (v) => v.communication.written),

  serviceFamily: [...new Set(VOCABULARIES.flatMap((v) => Object.keys(v.services.families)))].map(
    (f) => [f, all((v) => v.services.families[f])] as [string, string[]],
  ),
  serviceInterest: [
    ["requested", all((v) => v.services.requested)],
    ["liked", all((v) => v.services.liked)],
    ["asked", all((v) => v.services.asked)],
  ] as [string, string[]][],
  serviceAgainst: single("against", (v) => v.services.against),

  urgent: single("urgent", (v) => v.signals.urgent),
  notUrgent: single("notUrgent", (v) => v.signals.notUrgent),
  anxious: single("anxious", (v) => v.signals.anxious),
  declined: single("declined", (v) => v.signals.declined),
  correction: single("correction", (v) => v.signals.correction),

  strongIntro: single("intro", (v) => v.basics.strongIntro),
  weakIntro: single("intro", (v) => v.basics.weakIntro),
  signOff: single("signOff", (v) => v.basics.signOff),
  nameFiller: single("filler", (v) => v.basics.fillers),
  nameFirst: single("nameFirst", (v) => v.basics.nameFirst),
  channelInstead: single("instead", (v) => v.communication.insteadOf),
};

export type LexiconTable = keyof typeof tables;
export type LexiconHits = TermHits<LexiconTable>;

// Tables whose words carry the facts that must not be missed for a typo ("alergic", "needels").
const TYPO_TOLERANT: LexiconTable[] = [
  "noteConcept",
  "noteCue",
  "anxious",
  "urgent",
  "channel",
  "dayHabitual",
  "partHabitual",
  "staffPraise",
];
const spelled = new Set([
  ...Object.values(tables).flatMap((t) => (t as [string, string[]][]).flatMap(([, terms]) => terms)),
  ...VOCABULARIES.flatMap((v) => v.hints),
]);
for (const name of TYPO_TOLERANT) {
  (tables as Record<string, [string, string[]][]>)[name] = withTypos(
    tables[name] as [string, string[]][],
    spelled,
  );
}

export const lexicon = new TermIndex<LexiconTable>(tables);

/** Words that are not names, from every language (for name and staff-name candidates). */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  VOCABULARIES.flatMap((v) => [...v.basics.notNames, ...v.staff.notNames]),
);
