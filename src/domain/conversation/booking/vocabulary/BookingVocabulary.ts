/**
 * The words of booking in one language, as plain data: what asks to book, move, cancel or list
 * appointments, relative days, and how a customer points at one of the proposed slots. Terms are
 * regular-expression sources matched as whole words on folded text (lower case, umlauts folded:
 * write "nächste" or "nachste", both work). Weekday and part-of-day words are the extractor's
 * (extraction/vocabulary/<lang>/times.ts) and are not repeated here.
 */
import type { Language } from "../../../business/BusinessCatalog.ts";

export interface BookingVocabulary {
  code: Language;
  intent: {
    book: string[];
    reschedule: string[];
    cancel: string[];
    list: string[];
  };
  /** Questions about the business rather than a request ("how much is", "are you open"). */
  notARequest: string[];
  days: {
    today: string[];
    tomorrow: string[];
    dayAfterTomorrow: string[];
    thisWeek: string[];
    nextWeek: string[];
  };
  /** Words before a clock time that make it the time asked for: "at 3pm", "um 9 Uhr". */
  at: string[];
  /** Looser words that do so only before an unmistakable time: "for 3pm", "around 9:30" (not "for 2 weeks"). */
  atIfClock: string[];
  /**
   * Clock words relative to an hour: [words, hours to add to the hour named, minute]. "halb drei" is
   * half an hour before three ([-1, 30]); "quarter past two" is [0, 15]; "dreiviertel drei" is [-1, 45].
   */
  relativeClock: [string, number, number][];
  /** A day or time that is past or a farewell, not a request: "yesterday", "see you", "bis morgen". */
  notAWish: string[];
  /** Before a weekday: the customer cannot come then ("not on Friday", "ausser Freitag"). */
  excludeDay: string[];
  /** Compounds naming an appointment by its weekday: "Dienstagstermin". */
  weekdayAppointment: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", string[]>>;
  /** Hour words for "halb drei", "at three": index = hour. */
  hourWords: Record<number, string[]>;
  /** Between the appointment to move and its new time: "to", "auf", "instead". */
  moveTo: string[];
  /** Words that start the named appointment of a reschedule: "from", "vom". */
  moveFrom: string[];
  choice: {
    /** Ordinal words for the proposed slots, by position (1-based); numbers and number words are the hour words and digits. */
    ordinals: Record<number, string[]>;
    /** Words that make a bare number a position: "number", "Nummer", "option". */
    numberCue: string[];
    last: string[];
    later: string[];
    earlier: string[];
    /** None of these, something else, no: a new wish instead of a choice. */
    other: string[];
    /** "rather", "lieber": a new wish, unless it names one of the proposals ("lieber den Donnerstag"). */
    rather: string[];
  };
  /** "I always…", "from now on": the times said are standing, not one-off. */
  standing: string[];
}
