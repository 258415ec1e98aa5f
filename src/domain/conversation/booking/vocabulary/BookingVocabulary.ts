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
  /** "halb drei" = 14:30: the half hour before the hour named (German only). */
  halfBefore: string[];
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
