/**
 * What the bot answers to one customer message, as a pure function of what happened in the turn:
 * the signals the extractor heard, what the profile store noted, kept as candidate or removed, and
 * the customer's intent. Wording comes from the per-language phrase tables.
 *
 * The policy, turn by turn:
 * - an urgent message gets the urgent answer and nothing else that could delay it: no question;
 * - fears and nervousness are reassured before anything else;
 * - what was noted is acknowledged ("I've noted that you prefer mornings");
 * - at most one question: whether to take a conflicting value over (a candidate), otherwise, when
 *   the message gave us nothing to work with, how we can help; the booking's question outranks both
 *   candidate and policy; the conversation policy's question (a profile question, the health-data
 *   consent, "shall I delete…?") is asked only when the reply asks nothing else, as its last sentence.
 */
import type { BusinessCatalog, Language } from "../business/BusinessCatalog.ts";
import { noteText } from "../extraction/NoteLabels.ts";
import type { Signals } from "../extraction/types.ts";
import type { ContactProfile } from "../profile/ContactProfileProjection.ts";
import type { ProfileFact, SingleValuedField } from "../profile/ProfileFact.ts";
import {
  type BookingChoice,
  type BookingMessage,
  type BookingQuestion,
  formatSlotTime,
} from "./booking/index.ts";
import type { CustomerIntent } from "./CustomerIntent.ts";
import { describeCommunication, describeFactValue, describeTimes } from "./FactWording.ts";
import { type AnswerKind, dontKnowMeansNoPreference } from "./policy/ConversationPolicy.ts";
import { isHealthNote } from "./policy/HealthConsent.ts";
import type { QuestionTopic } from "./policy/QuestionCatalogue.ts";
import { REPLY_PHRASES } from "./replies/index.ts";
import type { ReplyPhrases } from "./replies/ReplyPhrases.ts";

export interface CandidateHeard {
  /** What the profile says now. */
  current: ProfileFact;
  /** The different value heard, kept as a candidate. */
  candidate: ProfileFact;
}

export interface TurnOutcome {
  language: Language;
  catalog: BusinessCatalog;
  signals: Signals;
  intent: CustomerIntent | null;
  /** Facts that became current in this turn (added, combined, corrected). */
  noted: ProfileFact[];
  candidates: CandidateHeard[];
  /** The customer asked for facts to be removed: how many went (null when not asked). */
  removed: { scope: "all" | "notes"; count: number } | null;
  /** The answer to the bot's previous "shall I change it?" question, if this message was one. */
  update: { accepted: boolean; fact: ProfileFact } | null;
  /** The profile after the turn. */
  profile: ContactProfile;
  /** The customer's first message to the business. */
  firstContact: boolean;
  /** A media message without readable words. */
  mediaOnly: boolean;
  /** What the booking said in this turn (proposals, a confirmation…); it carries the turn's question. */
  booking?: BookingMessage | null;
  /** What the conversation policy adds to the turn (answers, consent, rights, its one question). */
  policy?: PolicyTurn | null;
}

/** The conversation policy's part of a turn, decided by the caller; worded here. */
export interface PolicyTurn {
  /** How the message answered the bot's previous profile question. */
  answered?: { topic: QuestionTopic; kind: AnswerKind } | null;
  /** The answer to the health-data consent question. */
  consentAnswer?: { granted: true } | { granted: false; keptUntil: Date | null } | null;
  /** Health notes went under the retention rule in this turn (said, never silent). */
  healthExpired?: boolean;
  /** The customer said no to "shall I delete…?". */
  forgetKept?: boolean;
  /** The customer asked for no more marketing messages. */
  stopped?: boolean;
  /** The previous reply reassured the customer already (it asked what would help). */
  reassured?: boolean;
  /** The start of the customer's next appointment, if any. */
  upcoming?: Date | null;
  /** The question the policy wants asked; only asked when the reply asks nothing else. */
  ask?: PolicyQuestion | null;
}

export type PolicyQuestion =
  | { kind: "profile"; topic: QuestionTopic }
  | { kind: "consent_health"; wording: string }
  | { kind: "confirm_forget"; scope: "all" | "notes" };

/** A question the bot asked, so the next message can be read as its answer. */
export type AskedQuestion =
  | { kind: "update_candidate"; factId: string }
  | { kind: "how_can_i_help" }
  | PolicyQuestion;

export interface ComposedReply {
  text: string;
  question: AskedQuestion | BookingQuestion | null;
  /** Tappable answers (slots, yes/no…), shown as buttons or a list where the channel can. */
  choices: BookingChoice[];
  listButton: string;
}

const UPDATABLE: ReadonlySet<string> = new Set<SingleValuedField>([
  "name",
  "email",
  "phone",
  "preferred_staff_member",
  "preferred_appointment_times",
  "communication_preferences",
]);

export function composeReply(turn: TurnOutcome): ComposedReply {
  const reply = composeText(turn);
  const { booking } = turn;
  const ask = turn.signals.urgent ? null : policyAsk(turn);
  if (!booking || (!booking.text && booking.choices.length === 0)) {
    // One question per reply: the policy's only when nothing else is asked.
    if (ask && reply.question === null) {
      return { text: join(reply.text, ask.text), question: ask.question, choices: [], listButton: "" };
    }
    return { ...reply, choices: [], listButton: "" };
  }
  // The booking's answer is what the customer came for: it goes last, and its question is the one.
  // Beside proposals only: a confirmation names the fear's accommodation itself.
  const empathy =
    fearOnFile(turn) && booking.choices.length > 0 ? REPLY_PHRASES[turn.language].policy.fearOnFile : "";
  const text = [reply.question?.kind === "how_can_i_help" ? "" : reply.text, empathy, booking.text]
    .filter(Boolean)
    .join(" ");
  const merged = {
    text: reply.question?.kind === "how_can_i_help" ? stripHowCanIHelp(text, turn) : text,
    question: booking.question ?? (reply.question?.kind === "how_can_i_help" ? null : reply.question),
    choices: booking.presentation === "none" ? [] : booking.choices,
    listButton: booking.listButton ?? "",
  };
  if (ask && merged.question === null) {
    return { ...merged, text: join(merged.text, ask.text), question: ask.question };
  }
  return merged;
}

function join(...texts: string[]): string {
  return texts.filter(Boolean).join(" ");
}

function policyAsk(turn: TurnOutcome): { text: string; question: PolicyQuestion } | null {
  const ask = turn.policy?.ask;
  if (!ask) return null;
  const phrases = REPLY_PHRASES[turn.language].policy;
  switch (ask.kind) {
    case "profile":
      return ask.topic === "pattern_confirmation"
        ? null
        : { text: phrases.questions[ask.topic], question: ask };
    case "consent_health":
      return { text: ask.wording, question: ask };
    case "confirm_forget":
      return { text: phrases.forgetConfirm[ask.scope], question: ask };
  }
}

/** The profile holds a fear and this message did not already get reassurance: a gentle word. */
function fearOnFile(turn: TurnOutcome): boolean {
  if (turn.signals.anxious || turn.signals.urgent || isBrief(turn)) return false;
  return turn.profile.special_notes.some((note) => note.category === "fear");
}

function isBrief(turn: TurnOutcome): boolean {
  return turn.profile.structured.communication_preferences?.style === "brief";
}

function isDetailed(turn: TurnOutcome): boolean {
  return turn.profile.structured.communication_preferences?.style === "detailed";
}

function when(turn: TurnOutcome, instant: Date): string {
  return formatSlotTime(instant, { business: turn.catalog, language: turn.language });
}

function stripHowCanIHelp(text: string, turn: TurnOutcome): string {
  const greeting = turn.firstContact ? REPLY_PHRASES[turn.language].greeting(turn.catalog.name) : "";
  return greeting && !text.startsWith(greeting) ? `${greeting} ${text}` : text;
}

function composeText(turn: TurnOutcome): { text: string; question: AskedQuestion | null } {
  const phrases = REPLY_PHRASES[turn.language];
  const parts: string[] = [];
  const say = (text: string | null | undefined) => {
    if (text) parts.push(text);
  };

  if (turn.firstContact) say(phrases.greeting(turn.catalog.name));
  if (turn.signals.urgent) {
    say(phrases.urgent);
    say(notedSentence(turn, phrases));
    return { text: parts.join(" "), question: null };
  }

  if (turn.signals.anxious && !turn.policy?.reassured) {
    say(turn.noted.some(isFear) ? phrases.reassureFear : phrases.reassureAnxious);
  }
  if (turn.update) say(updateSentence(turn, phrases, turn.update));
  const policy = turn.policy ?? {};
  if (policy.stopped) say(phrases.policy.stopMarketing);
  if (policy.forgetKept) say(phrases.policy.forgetKept);
  if (policy.consentAnswer) {
    const answer = policy.consentAnswer;
    say(
      answer.granted
        ? phrases.policy.consentGranted
        : answer.keptUntil
          ? phrases.policy.consentRefusedKeptUntil(when(turn, answer.keptUntil))
          : phrases.policy.consentRefusedRemoved,
    );
  }
  if (policy.healthExpired) say(phrases.policy.healthExpired);
  const answered = policy.answered;
  if (answered?.kind === "declined") {
    say(phrases.policy.declinedAck(answered.topic));
    if (policy.upcoming && answered.topic === "email")
      say(phrases.policy.appointmentStands(when(turn, policy.upcoming)));
  } else if (answered?.kind === "dont_know" && !dontKnowMeansNoPreference(answered.topic)) {
    say(phrases.policy.dontKnowAck);
  } else if (answered?.kind === "minimal") {
    say(phrases.policy.minimalAck(policy.upcoming ? when(turn, policy.upcoming) : null));
  }
  if (turn.removed) {
    say(turn.removed.count === 0 ? phrases.removed.nothing : phrases.removed[turn.removed.scope]);
  }
  say(notedSentence(turn, phrases));
  const notedNote = turn.noted.some((fact) => fact.field === "special_notes");
  if (notedNote && isDetailed(turn)) say(phrases.policy.detailedNoted);
  // Something personal was noted: the customer hears they can have it removed (the consent question
  // says so itself when it is asked).
  if (notedNote && policy.ask?.kind !== "consent_health" && !isBrief(turn)) {
    if (!(turn.noted.some(isHealthNote) && policy.consentAnswer)) say(phrases.policy.removableNotice);
  }
  if (turn.intent === "ask_profile") say(profileSummary(turn, phrases));
  if (turn.signals.declined && turn.noted.length === 0 && answered?.kind !== "declined")
    say(phrases.declined);
  if (turn.mediaOnly) say(phrases.mediaReceived);
  if (turn.intent === "thanks" && parts.length === 0) say(phrases.thanksReply);

  const candidate = turn.intent === "ask_profile" ? undefined : askableCandidate(turn);
  if (candidate) {
    say(
      phrases.askToUpdate(
        phrases.fieldNames[candidate.current.field as keyof ReplyPhrases["fieldNames"]],
        describeFactValue(candidate.current, phrases, turn.catalog, turn.language),
        describeFactValue(candidate.candidate, phrases, turn.catalog, turn.language),
      ),
    );
    return { text: parts.join(" "), question: { kind: "update_candidate", factId: candidate.candidate.id } };
  }
  const saidSomething = parts.length > (turn.firstContact ? 1 : 0) || Boolean(policy.ask);
  if (!saidSomething) {
    say(phrases.howCanIHelp);
    return { text: parts.join(" "), question: { kind: "how_can_i_help" } };
  }
  return { text: parts.join(" "), question: null };
}

function isFear(fact: ProfileFact): boolean {
  return fact.field === "special_notes" && fact.value.category === "fear";
}

function askableCandidate(turn: TurnOutcome): CandidateHeard | undefined {
  return turn.candidates.find((heard) => UPDATABLE.has(heard.current.field));
}

function notedSentence(turn: TurnOutcome, phrases: ReplyPhrases): string | null {
  const items = turn.noted.map((fact) => notedItem(fact, phrases, turn));
  const unique = [...new Set(items.filter((item): item is string => item !== null))];
  if (unique.length === 0) return null;
  const intro = phrases.notedIntro.endsWith(":") ? `${phrases.notedIntro} ` : `${phrases.notedIntro} `;
  return `${intro}${phrases.list(unique)}.`;
}

function notedItem(fact: ProfileFact, phrases: ReplyPhrases, turn: TurnOutcome): string | null {
  const described = () => describeFactValue(fact, phrases, turn.catalog, turn.language);
  switch (fact.field) {
    case "name":
      return phrases.noted.name(fact.value);
    case "email":
      return phrases.noted.email(fact.value);
    case "phone":
      return phrases.noted.phone(fact.value);
    case "language":
      return null;
    case "preferred_staff_member":
      if (fact.value.none) return phrases.noted.staffNone;
      if (fact.value.staffId === null && fact.value.name === null && fact.value.gender !== null) {
        return phrases.noted.staffGender(fact.value.gender);
      }
      return phrases.noted.staff(described());
    case "preferred_appointment_times": {
      const t = fact.value;
      const wanted =
        t.days.length + t.parts.length > 0 || t.after !== null || t.before !== null || t.flexible;
      if (!wanted && t.not_days.length + t.not_parts.length > 0) {
        const names = [
          ...t.not_days.map((day) => phrases.days[day]),
          ...t.not_parts.map((part) => phrases.parts[part]),
        ];
        return phrases.noted.timesRuledOut(phrases.list(names));
      }
      return phrases.noted.times(described());
    }
    case "communication_preferences":
      return phrases.noted.communication(described());
    case "preferred_services":
      return phrases.noted.service(described());
    case "special_notes":
      // The display text is English; in another language the customer's own words read better, and
      // without them (a note the customer did not word) the label in their language.
      return phrases.noted.note(
        fact.value.category,
        turn.language === "en"
          ? fact.text
          : (fact.quote ?? noteText({ concept: fact.value.concept, text: fact.text }, turn.language)),
      );
  }
}

function updateSentence(
  turn: TurnOutcome,
  phrases: ReplyPhrases,
  update: { accepted: boolean; fact: ProfileFact },
): string | null {
  const field = phrases.fieldNames[update.fact.field as keyof ReplyPhrases["fieldNames"]];
  if (!field) return null;
  const value = describeFactValue(update.fact, phrases, turn.catalog, turn.language);
  return update.accepted ? phrases.updateConfirmed(field, value) : phrases.updateDeclined(field, value);
}

function profileSummary(turn: TurnOutcome, phrases: ReplyPhrases): string {
  const { profile } = turn;
  const lines: string[] = [];
  const line = (key: keyof ReplyPhrases["summary"]["line"], value: string | null) => {
    if (value) lines.push(`• ${phrases.summary.line[key]}: ${value}`);
  };
  line("name", profile.name);
  line("email", profile.email);
  line("phone", profile.phone);
  const { structured } = profile;
  const staffMember = turn.catalog.staff.find(
    (member) => member.id === structured.preferred_staff_member?.staffId,
  );
  line("preferred_staff_member", staffMember?.name ?? profile.preferred_staff_member);
  line(
    "preferred_appointment_times",
    structured.preferred_appointment_times
      ? describeTimes(structured.preferred_appointment_times, phrases) || profile.preferred_appointment_times
      : null,
  );
  line(
    "communication_preferences",
    structured.communication_preferences
      ? describeCommunication(structured.communication_preferences, phrases) ||
          profile.communication_preferences
      : null,
  );
  line(
    "preferred_services",
    profile.preferred_services.length > 0
      ? phrases.list(profile.preferred_services.map((id) => serviceName(turn, id)))
      : null,
  );
  line(
    "special_notes",
    // The stored text is English: a known concept reads in the customer's language.
    profile.special_notes.length > 0
      ? profile.special_notes.map((note) => noteText(note, turn.language)).join("; ")
      : null,
  );
  if (lines.length === 0) return phrases.summary.empty;
  return `${phrases.summary.intro}\n${lines.join("\n")}\n${phrases.summary.removable}`;
}

function serviceName(turn: TurnOutcome, id: string): string {
  const service = turn.catalog.services.find((candidate) => candidate.id === id);
  return service ? (service.names?.[turn.language] ?? service.name) : id;
}
