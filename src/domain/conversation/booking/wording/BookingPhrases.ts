/**
 * Everything the booking conversation says, in one language: a table like replies/<lang>.ts.
 * Values come in already formatted ("Tue 1 Dec, 09:00", "Dr. Weber"); a table only words them.
 */
import type { DayPart, Gender, SlotReason, Weekday } from "../../../booking/types.ts";
import type { NoteConceptId } from "../../../extraction/concepts.ts";

export interface BookingPhrases {
  /** Intl locale for dates and times: "en-GB", "de-CH". */
  locale: string;
  /** The lead-in for a proposal, from the top reason: "I see you prefer mornings". */
  reasonLead: (reason: SlotReason, staffName: (id: string) => string) => string;
  /** A few words for a list row: "your preferred time". */
  reasonShort: (reason: SlotReason, staffName: (id: string) => string) => string;
  propose: {
    /**
     * "I see you prefer mornings — Tue 1 Dec, 09:00 with Dr. Weber?"; `staff` is null when the lead
     * already names the person ("I know you like to see Dr. Weber — how about Tue 1 Dec, 09:00?").
     */
    first: (lead: string | null, when: string, staff: string | null) => string;
    /** After the first: how to answer when there are more choices. */
    more: string;
    /** Plain-text fallback: what to type. */
    typeNumber: string;
    slotLine: (when: string, staff: string) => string;
    listButton: string;
    otherTime: string;
  };
  booked: {
    done: (service: string, when: string, staff: string) => string;
    asRequested: (staff: string) => string;
    genderAsRequested: (gender: Gender) => string;
  };
  /** Reminders for notes on the profile, by concept: "Reminder: we'll use latex-free gloves." */
  accommodations: Partial<Record<NoteConceptId, string>>;
  /** A reserved room's attribute: "We've reserved the ground-floor room." */
  rooms: Record<string, string>;
  usual: (service: string) => string;
  yes: string;
  no: string;
  emergency: {
    offer: (when: string, staff: string) => string;
    none: string;
    bookIt: string;
  };
  reschedule: {
    done: (service: string, from: string, to: string, staff: string) => string;
    which: string;
  };
  cancel: {
    which: string;
    ask: (service: string, when: string) => string;
    done: (service: string, when: string) => string;
    tooLate: (service: string, when: string, hours: number) => string;
  };
  upcoming: {
    intro: (count: number) => string;
    line: (service: string, when: string, staff: string) => string;
    none: string;
  };
  /** Someone else booked the chosen time a moment earlier. */
  slotTaken: string;
  noSlots: {
    /** "I couldn't find a free time on Fri 27 Nov in the afternoon." */
    none: (wish: string | null) => string;
    alternatives: string;
    askOther: string;
  };
  whichService: (options: string) => string;
  pattern: (day: Weekday, part: DayPart) => string;
  /** Describing a wish: "on Fri 27 Nov", "in the afternoon", "after 17:00", "at 09:00", "with Nina". */
  wish: {
    on: (date: string) => string;
    days: (days: string) => string;
    part: (part: DayPart) => string;
    after: (time: string) => string;
    before: (time: string) => string;
    at: (time: string) => string;
    with: (staff: string) => string;
    gender: (gender: Gender) => string;
  };
  days: Record<Weekday, string>;
  list: (items: string[]) => string;
  /** "A, B or C": options to choose from. */
  alternatives: (items: string[]) => string;
}
