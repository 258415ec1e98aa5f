/**
 * Everything one language contributes to the extractor, as plain data. Terms follow the
 * syntax described in text/TermSet.ts. To add a language, add a folder with one of these
 * and register it in vocabulary/index.ts; no extractor changes.
 */
import type { NoteConceptId, NoteCue } from "../concepts.ts";
import type { Channel, DayPart, Language, MessageStyle, Weekday } from "../types.ts";

/** Singular forms ("Tuesday") may be one-off; habitual forms ("Tuesdays", "dienstags") are standing. */
export interface TimeWords {
  once: string[];
  habitual: string[];
}

export interface TimeVocabulary {
  weekdays: Record<Weekday, TimeWords>;
  weekend: TimeWords;
  workdays: TimeWords;
  parts: Record<DayPart, TimeWords>;
  /** Lunchtime: a window, not one of the three parts. */
  lunch: string[];
  /** "before work" → morning, "after work" → evening. */
  beforeWork: string[];
  afterWork: string[];
  /** Working or busy during the day: implies evenings. */
  busyDaytime: string[];
  /** Words that introduce a lower bound ("after 3pm", "ab 15 Uhr") or an upper bound ("before 2pm", "bis 17 Uhr"). */
  boundAfter: string[];
  boundBefore: string[];
  /** "between 9 and 11", "von 7 bis 9". */
  rangeStart: string[];
  rangeJoin: string[];
  /** Words that make a time standing: prefer, usually, always, best, only, am liebsten… */
  preference: string[];
  /** Strong habitual cues that keep a preference even next to a one-off cue. */
  habit: string[];
  /** Busy, working, impossible, can't… : turns the times of a clause into exclusions. */
  unavailable: string[];
  /** Move, reschedule, this Friday, tomorrow, see you…: a one-off, not a preference. */
  oneOff: string[];
  flexible: string[];
  /** "um 17 Uhr … also bitte vorher": a clock time and a word for before or after it. */
  relativeBefore: string[];
  relativeAfter: string[];
  /** Units of a duration: "vor 3 Jahren", "nach 2 Wochen", "5 minutes before" are not clock times. */
  durationUnits: string[];
}

export interface StaffVocabulary {
  /** Titles that may precede a surname: dr, frau, herr, mr, mrs… */
  titles: string[];
  /** Requests and praise that make a mention a preference. */
  request: string[];
  praise: string[];
  /** "not with", "didn't like": a mention that is not a preference. */
  against: string[];
  female: string[];
  male: string[];
  noPreference: string[];
  /** "the same person as last time": a preference for whoever it was. */
  sameAsLastTime: string[];
  /** Words for staff roles, keyed by the role as a business names it ("massage therapist"). */
  roles: Record<string, string[]>;
  /** Words after "with"/"mit" that are not people (for names not on the staff list). */
  notNames: string[];
  /** Words that introduce a person: with, mit, bei, see… */
  withWords: string[];
}

export interface NoteVocabulary {
  /** How each note reads in this language, for every concept ("Fear of needles", "Angst vor Spritzen"). */
  labels: Record<NoteConceptId, string>;
  cues: Record<NoteCue, string[]>;
  concepts: Partial<Record<NoteConceptId, string[]>>;
  /** "not allergic to anything", "keine Allergien". */
  noAllergies: string[];
}

export interface CommunicationVocabulary {
  channels: Record<Channel, string[]>;
  /** Cues that a channel is wanted: just, only, prefer, best, please… */
  want: string[];
  /** Cues that a channel is avoided besides plain negation: hate, can't answer… */
  avoid: string[];
  /** "SMS rather than WhatsApp", "lieber SMS als WhatsApp": the channel after these is avoided. */
  insteadOf: string[];
  /** A channel named only as an address ("my email is") is not a preference. */
  addressOnly: string[];
  style: Record<MessageStyle, string[]>;
  written: string[];
}

export interface ServiceVocabulary {
  /** Words for service families, matched against the business's catalogue by any shared word. */
  families: Record<string, string[]>;
  requested: string[];
  liked: string[];
  asked: string[];
  against: string[];
}

export interface SignalVocabulary {
  urgent: string[];
  notUrgent: string[];
  anxious: string[];
  declined: string[];
  correction: string[];
}

export interface BasicsVocabulary {
  /** Introductions that are followed by a name even in lower case: "my name is", "ich heisse". */
  strongIntro: string[];
  /** "I'm", "ich bin", "this is": a name only if it looks like one. */
  weakIntro: string[];
  /** Sign-offs before a name: "best,", "liebe Grüsse". */
  signOff: string[];
  /** Words that may stand between an introduction and the name ("ich heisse übrigens …", "ich bin die Mia"). */
  fillers: string[];
  /** Words after a name that introduce it: "Mark Jensen here", "Beat hier". */
  nameFirst: string[];
  /** Words that can follow an introduction but are not names. */
  notNames: string[];
}

export interface LanguageVocabulary {
  code: Language;
  /** franc's ISO 639-3 code. */
  francCode: string;
  /** Short, frequent words of the language (for telling languages apart in short messages). */
  hints: string[];
  clauseBreaks: string[];
  negators: string[];
  /** Negation after the words it negates: "Allergien habe ich keine", "pain I have none". */
  postNegators: string[];
  firstPerson: string[];
  otherPeople: string[];
  /** Third-person subjects: refer to someone else only after another person was named. */
  otherPronouns: string[];
  times: TimeVocabulary;
  staff: StaffVocabulary;
  notes: NoteVocabulary;
  communication: CommunicationVocabulary;
  services: ServiceVocabulary;
  signals: SignalVocabulary;
  basics: BasicsVocabulary;
  /** Sentiment words missing from the lexicon library, on its -5..5 scale. */
  sentiment: Record<string, number>;
}
