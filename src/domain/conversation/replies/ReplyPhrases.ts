import type { DayPart, NoteCategory, Weekday } from "../../extraction/types.ts";
import type { QuestionTopic } from "../policy/QuestionCatalogue.ts";

/** Everything the bot says, in one language. Adding a language is adding one of these. */
export interface ReplyPhrases {
  greeting: (business: string) => string;
  howCanIHelp: string;
  thanksReply: string;
  urgent: string;
  declined: string;
  reassureFear: string;
  reassureAnxious: string;
  notedIntro: string;
  noted: {
    name: (name: string) => string;
    email: (email: string) => string;
    phone: (phone: string) => string;
    staff: (who: string) => string;
    staffNone: string;
    staffGender: (gender: "female" | "male") => string;
    times: (when: string) => string;
    /** Only exclusions were said ("Fridays are impossible"): `what` lists the days and parts ruled out. */
    timesRuledOut: (what: string) => string;
    communication: (how: string) => string;
    service: (service: string) => string;
    note: (category: NoteCategory, words: string) => string;
  };
  /** A photo, voice message or file without words we could read. */
  mediaReceived: string;
  removed: { all: string; notes: string; nothing: string };
  /** Answers to the bot's "shall I change it?" question. */
  updateConfirmed: (field: string, value: string) => string;
  updateDeclined: (field: string, value: string) => string;
  /** Something different from what the profile says, without "actually": ask before changing it. */
  askToUpdate: (field: string, current: string, heard: string) => string;
  fieldNames: Record<
    | "name"
    | "email"
    | "phone"
    | "preferred_staff_member"
    | "preferred_appointment_times"
    | "communication_preferences",
    string
  >;
  summary: {
    intro: string;
    empty: string;
    line: Record<
      | "name"
      | "email"
      | "phone"
      | "preferred_staff_member"
      | "preferred_appointment_times"
      | "communication_preferences"
      | "preferred_services"
      | "special_notes",
      string
    >;
    removable: string;
  };
  days: Record<Weekday, string>;
  parts: Record<DayPart, string>;
  times: {
    flexible: string;
    after: (t: string) => string;
    before: (t: string) => string;
    between: (a: string, b: string) => string;
    not: (what: string) => string;
    or: string;
  };
  channels: Record<"whatsapp" | "email" | "sms" | "phone" | "voice", string>;
  communication: {
    only: (what: string) => string;
    no: (what: string) => string;
    brief: string;
    detailed: string;
    written: string;
  };
  list: (items: string[]) => string;
  /** The conversation policy: profile questions, answers to them, consent and the customer's rights. */
  policy: {
    questions: Record<Exclude<QuestionTopic, "pattern_confirmation">, string>;
    declinedAck: (topic: QuestionTopic) => string;
    appointmentStands: (when: string) => string;
    dontKnowAck: string;
    minimalAck: (when: string | null) => string;
    /** Asked on the first health detail; its exact wording is what the consent row records. */
    consentAsk: string;
    consentGranted: string;
    consentRefusedKeptUntil: (when: string) => string;
    consentRefusedRemoved: string;
    healthExpired: string;
    removableNotice: string;
    forgetConfirm: { all: string; notes: string };
    forgetKept: string;
    stopMarketing: string;
    /** Extra empathy beside a booking when the profile holds a fear. */
    fearOnFile: string;
    /** For customers who like detailed messages: what happens with what was noted. */
    detailedNoted: string;
  };
}
