/**
 * The questions the bot may ask to build a profile over visits, as data (the seed's "Ask
 * Strategically" and "Never Interrogate"): the topic, the moments it may be asked in, from which visit
 * on, what in the profile means it is already known, and what answers it.
 *
 * Visits follow the seed's progressive profiling: visit 1 the basics (email after the first booking;
 * comfort when nervous), visit 2 preferences (times, staff), visit 3 deeper needs (comfort), visit 4
 * how they like to be kept informed. A returning customer's habit ("pattern confirmation") is asked
 * by the booking itself, which knows the history; it is listed so its declines share this table.
 */
import type { ContactProfile } from "../../profile/ContactProfileProjection.ts";

export const QUESTION_TOPICS = [
  "email",
  "comfort_needs",
  "preferred_times",
  "preferred_staff",
  "communication_preference",
  "pattern_confirmation",
] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

/**
 * When a question fits the conversation:
 * - "after_first_booking": the customer's first appointment was just confirmed;
 * - "after_booking": an appointment was just confirmed (any visit);
 * - "nervous": the customer sounds nervous while asking for something;
 * - "returning": a returning customer books again (asked by the booking from the history).
 */
export type QuestionMoment = "after_first_booking" | "after_booking" | "nervous" | "returning";

export interface CatalogueQuestion {
  topic: QuestionTopic;
  moments: readonly QuestionMoment[];
  /** The visit (1 = the customer's first appointment) from which on the question may be asked. */
  fromVisit: number;
  /** The profile field an answer fills. */
  fills:
    | "email"
    | "special_notes"
    | "preferred_appointment_times"
    | "preferred_staff_member"
    | "communication_preferences";
  /** Already known: the question is not asked. */
  known: (profile: ContactProfile) => boolean;
  /** Who asks it: the conversation policy, or the booking (which knows the history). */
  askedBy: "policy" | "booking";
  /**
   * What counts as a decline for this topic, besides the general ones ("I prefer not to share that",
   * "lieber nicht"): matched on the lower-cased answer without accents.
   */
  declines: readonly RegExp[];
  /** What "I don't know" / "doesn't matter" / "egal" means here: accepted, or a no-preference answer. */
  dontKnow: "accepted" | "no_preference";
}

/** Fears that say "nervous" without saying what would help: they do not answer the comfort question. */
const GENERIC_FEARS: ReadonlySet<string> = new Set([
  "anxiety",
  "dental-anxiety",
  "fear-dental",
  "fear-procedure",
]);

/** In order of preference when several fit the same moment. */
export const QUESTION_CATALOGUE: readonly CatalogueQuestion[] = [
  {
    topic: "comfort_needs",
    moments: ["nervous"],
    fromVisit: 1,
    fills: "special_notes",
    known: (profile) =>
      profile.special_notes.some(
        (note) =>
          note.category === "request" ||
          ((note.category === "fear" || note.category === "limitation") &&
            note.concept !== null &&
            !GENERIC_FEARS.has(note.concept)),
      ),
    askedBy: "policy",
    declines: [/\b(i'?d )?rather not (talk|go into)\b/, /\bdaruber (mochte|will) ich nicht\b/],
    dontKnow: "accepted",
  },
  {
    topic: "email",
    moments: ["after_first_booking"],
    fromVisit: 1,
    fills: "email",
    known: (profile) => profile.email !== null,
    askedBy: "policy",
    declines: [
      /\b(i )?(don't|do not) (have|use) (an )?e-?mail\b/,
      /\bno e-?mail\b/,
      /\bkeine e-?mail\b/,
      /\bwhatsapp is enough\b/,
      /\bwhatsapp reicht\b/,
    ],
    dontKnow: "accepted",
  },
  {
    topic: "preferred_times",
    moments: ["after_booking"],
    fromVisit: 2,
    fills: "preferred_appointment_times",
    known: (profile) => profile.structured.preferred_appointment_times !== null,
    askedBy: "policy",
    declines: [],
    dontKnow: "accepted",
  },
  {
    topic: "preferred_staff",
    moments: ["after_booking"],
    fromVisit: 2,
    fills: "preferred_staff_member",
    known: (profile) => profile.structured.preferred_staff_member !== null,
    askedBy: "policy",
    declines: [],
    dontKnow: "no_preference",
  },
  {
    topic: "comfort_needs",
    moments: ["after_booking"],
    fromVisit: 3,
    fills: "special_notes",
    known: (profile) => profile.special_notes.length > 0,
    askedBy: "policy",
    declines: [/\b(i'?d )?rather not (talk|go into)\b/, /\bdaruber (mochte|will) ich nicht\b/],
    dontKnow: "accepted",
  },
  {
    topic: "communication_preference",
    moments: ["after_booking"],
    fromVisit: 4,
    fills: "communication_preferences",
    known: (profile) => profile.structured.communication_preferences !== null,
    askedBy: "policy",
    declines: [],
    dontKnow: "accepted",
  },
  {
    topic: "pattern_confirmation",
    moments: ["returning"],
    fromVisit: 2,
    fills: "preferred_appointment_times",
    known: (profile) => profile.structured.preferred_appointment_times !== null,
    askedBy: "booking",
    declines: [],
    dontKnow: "accepted",
  },
];
