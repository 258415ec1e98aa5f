/**
 * The conversation policy: whether this reply may ask the customer something for their profile, and
 * which one question; and how the customer's next message answers it. Pure: the caller passes the
 * turn, the profile and what the customer declined before; nothing is read or written here.
 *
 * Never asks: on a bare greeting or before the customer said what they need; in an urgent or pain
 * turn; when the reply already asks something (a slot choice, a consent, "shall I change it?"); right
 * after a reply that asked a profile question (two in a row); about something already known; about a
 * topic the customer declined (ever) or was asked in this conversation already.
 */

import type { ContactProfile } from "../../profile/ContactProfileProjection.ts";
import {
  type CatalogueQuestion,
  QUESTION_CATALOGUE,
  type QuestionMoment,
  type QuestionTopic,
} from "./QuestionCatalogue.ts";

export interface PolicyInput {
  /** The message is only a greeting ("Hi", "Grüezi"): nothing said yet about what they need. */
  bareGreeting: boolean;
  /** The customer said what they came for (a booking, a question, a fact about themselves). */
  needStated: boolean;
  urgent: boolean;
  anxious: boolean;
  /** The reply already asks a question of its own (booking, consent, update, confirmation). */
  replyAsks: boolean;
  /** The bot's previous reply asked a profile question. */
  previousAskedProfile: boolean;
  /** An appointment was confirmed in this reply; `first` when it is the customer's first ever. */
  booked: { now: boolean; first: boolean };
  /** The visit this conversation is about: 1 + the appointments the customer already had. */
  visit: number;
  profile: ContactProfile;
  /** Topics the customer declined, in any conversation. */
  declined: ReadonlySet<string>;
  /** Topics already asked in this conversation. */
  askedInConversation: ReadonlySet<string>;
}

export function momentsOf(input: Pick<PolicyInput, "anxious" | "booked">): QuestionMoment[] {
  const moments: QuestionMoment[] = [];
  if (input.anxious) moments.push("nervous");
  if (input.booked.now && input.booked.first) moments.push("after_first_booking");
  if (input.booked.now) moments.push("after_booking");
  return moments;
}

/** At most one question for this reply, or null. */
export function chooseQuestion(input: PolicyInput): CatalogueQuestion | null {
  if (input.urgent || input.bareGreeting || !input.needStated) return null;
  if (input.replyAsks || input.previousAskedProfile) return null;
  const moments = momentsOf(input);
  if (moments.length === 0) return null;
  const fitting = QUESTION_CATALOGUE.filter(
    (question) =>
      question.askedBy === "policy" &&
      question.moments.some((moment) => moments.includes(moment)) &&
      input.visit >= question.fromVisit &&
      !input.declined.has(question.topic) &&
      !input.askedInConversation.has(question.topic) &&
      !question.known(input.profile),
  );
  // This visit's own stage first (visit 3: deeper needs before a visit-2 preference still open),
  // then the catalogue's order.
  return [...fitting].sort((a, b) => b.fromVisit - a.fromVisit)[0] ?? null;
}

/** How a message answers the profile question the bot asked before it. */
export type AnswerKind =
  /** The message holds a fact for the asked field: the profile rules store it. */
  | "filled"
  /** "I prefer not to share that", "lieber nicht": recorded, never asked again. */
  | "declined"
  /** "I don't know", "doesn't matter", "egal": accepted; about staff it means no preference. */
  | "dont_know"
  /** "No, I'm fine": accepted, not probed. */
  | "minimal"
  /** Something else entirely: the question is dropped and the customer followed. */
  | "changed_subject";

export interface AnswerInput {
  topic: QuestionTopic;
  text: string;
  /** The extractor's "the customer declines to share" signal. */
  declinedSignal: boolean;
  /** Fields the message's facts fill. */
  fields: readonly string[];
  /** The message asks for something else (a booking, rights, a question). */
  otherRequest: boolean;
}

const DECLINE = [
  /\b(prefer|rather) not\b/,
  /\bnot (share|say|tell|give)\b/,
  /\b(don't|do not) (want|wish) to\b/,
  /\bnone of your business\b/,
  /\blieber nicht\b/,
  /\b(mochte|will) ich (lieber )?nicht\b/,
  /\bbehalte ich (lieber )?fur mich\b/,
  /\bkeine angabe\b/,
];
const DONT_KNOW = [
  /\b(i )?(don't|do not|dont) know\b/,
  /\bno idea\b/,
  /\bnot sure\b/,
  /\b(doesn't|does not|dont|don't) matter\b/,
  /\b(i )?(don't|do not) mind\b/,
  /\bno preference\b/,
  /\bwhatever\b/,
  /\b(any|anyone|anybody|any time|anytime) (is )?(fine|ok|okay)\b/,
  /\begal\b/,
  /\b(weiss|weis) (ich )?nicht\b/,
  /\bkeine ahnung\b/,
  /\bspielt keine rolle\b/,
  /\bist mir gleich\b/,
  /\bkeine vorliebe\b/,
];
const MINIMAL = [
  /^(no|nope|nothing|all good|i'm fine|im fine|i'm good|no thanks|not really)\b/,
  /^(nein|nichts|alles gut|passt( so)?|danke,? (es )?geht|nein danke|eigentlich nicht)\b/,
];

/** The catalogue's entries for a topic (a topic may be asked at several moments). */
function entriesOf(topic: QuestionTopic): CatalogueQuestion[] {
  return QUESTION_CATALOGUE.filter((question) => question.topic === topic);
}

/** Lower case, accents dropped, one kind of apostrophe ("doesn’t" = "doesn't", "möchte" = "mochte"). */
function foldAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

export function readAnswer(input: AnswerInput): AnswerKind {
  const folded = foldAnswer(input.text);
  const entries = entriesOf(input.topic);
  if (input.fields.some((field) => entries.some((entry) => entry.fills === field))) return "filled";
  const declines = [...DECLINE, ...entries.flatMap((entry) => entry.declines)];
  if (input.declinedSignal || declines.some((re) => re.test(folded))) return "declined";
  if (input.otherRequest) return "changed_subject";
  if (DONT_KNOW.some((re) => re.test(folded))) return "dont_know";
  if (MINIMAL.some((re) => re.test(folded))) return "minimal";
  return "changed_subject";
}

const GREETING =
  /^(hi|hello|hey|hallo|hoi|hallo zusammen|gruezi|gruzi|gruessech|grussech|gruss gott|guten (tag|morgen|abend)|good (morning|afternoon|evening)|moin|servus|salut|ciao)( there| zusammen)?[!.,:) ]*$/;

/** Only a greeting: the customer has not said yet what they need. */
export function isBareGreeting(text: string | null): boolean {
  return text !== null && GREETING.test(foldAnswer(text).replace(/ue/g, "u"));
}

/** Whether "doesn't matter" answers the topic as "no preference" (staff), rather than leaving it open. */
export function dontKnowMeansNoPreference(topic: QuestionTopic): boolean {
  return entriesOf(topic).some((entry) => entry.dontKnow === "no_preference");
}
