import type { SlotReason } from "../../../booking/types.ts";
import { EN_CALENDAR_WORDS } from "../../../extraction/vocabulary/en/calendarWords.ts";
import type { BookingPhrases } from "./BookingPhrases.ts";

const { days: DAYS, parts: PARTS } = EN_CALENDAR_WORDS;
const ROOM_WORDS: Record<string, string> = {
  "ground-floor": "a ground-floor room",
  "wheelchair-accessible": "a wheelchair-accessible room",
  quiet: "a quiet room",
};
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
const alternatives = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;

function lead(reason: SlotReason, staff: (id: string) => string): string {
  switch (reason.kind) {
    case "preferred-staff":
      return `I know you like to see ${staff(reason.staffId)}`;
    case "preferred-gender":
      return reason.gender === "female"
        ? "As you prefer a female practitioner"
        : "As you prefer a male practitioner";
    case "preferred-day":
      return `I see you prefer ${DAYS[reason.day]}`;
    case "preferred-part":
      return `I see you prefer ${PARTS[reason.part]}`;
    case "after":
      return `As times after ${reason.time} suit you best`;
    case "before":
      return `As times before ${reason.time} suit you best`;
    case "accommodation":
      return `I've picked ${ROOM_WORDS[reason.attribute] ?? "a suitable room"} for you`;
    case "requested":
      return "As you asked";
    case "usual-pattern":
      return `You usually come on ${DAYS[reason.day].slice(0, -1)} ${PARTS[reason.part]}`;
    case "soonest":
      return "The earliest I have";
  }
}

function short(reason: SlotReason, staff: (id: string) => string): string {
  switch (reason.kind) {
    case "preferred-staff":
      return `your usual ${staff(reason.staffId)}`;
    case "preferred-gender":
      return reason.gender === "female" ? "female practitioner" : "male practitioner";
    case "preferred-day":
    case "preferred-part":
    case "after":
    case "before":
      return "your preferred time";
    case "accommodation":
      return ROOM_WORDS[reason.attribute] ?? "suitable room";
    case "requested":
      return "as you asked";
    case "usual-pattern":
      return "your usual time";
    case "soonest":
      return "earliest available";
  }
}

export const en: BookingPhrases = {
  locale: "en-GB",
  reasonLead: lead,
  reasonShort: short,
  propose: {
    first: (lead, when, staff) => {
      const slot = staff ? `${when} with ${staff}` : when;
      return lead ? `${lead} — ${staff ? slot : `how about ${slot}`}?` : `How about ${slot}?`;
    },
    more: "Or choose another of these times:",
    typeNumber: "Reply with a number, or tell me another day or time.",
    slotLine: (when, staff) => `${when} with ${staff}`,
    listButton: "Choose a time",
    otherTime: "Another time",
  },
  booked: {
    done: (service, when, staff) => `You're booked: ${service} on ${when} with ${staff}.`,
    asRequested: (staff) => `You're with ${staff} as requested.`,
    genderAsRequested: (g) =>
      g === "female"
        ? "As requested, a female practitioner will see you."
        : "As requested, a male practitioner will see you.",
  },
  accommodations: {
    "latex-allergy": "Reminder: we'll use latex-free gloves.",
    "fragrance-sensitivity": "We'll keep the room free of fragrances.",
    "oil-allergy": "We'll use oil-free or hypoallergenic products.",
    "chlorhexidine-allergy": "The team knows not to use chlorhexidine.",
    "anaesthetic-allergy": "The team has your anaesthetic allergy on file.",
    "penicillin-allergy": "The team has your penicillin allergy on file.",
    allergy: "The team has your allergy on file.",
    "fear-needles": "The team knows about your fear of needles and will take it gently.",
    "dental-anxiety": "The team knows you're nervous and will take it slowly.",
    "fear-dental": "The team knows you're nervous and will take it slowly.",
    anxiety: "The team knows you're nervous and will take it slowly.",
    claustrophobia: "We'll keep the door open for you.",
    "door-open": "We'll keep the door open for you.",
    "hard-of-hearing": "The team will speak clearly and face you.",
    "visual-impairment": "The team will explain each step out loud.",
    "cannot-lie-flat": "We'll keep the chair upright as much as possible.",
    "back-problems": "We'll keep the chair upright as much as possible.",
    "extra-time": "We've allowed extra time for you.",
    "breaks-during-treatment": "We'll plan short breaks during your treatment.",
    "quiet-music": "We'll keep the music quiet.",
    headphones: "Feel free to bring headphones.",
    blanket: "We'll have a blanket ready for you.",
    "dim-lights": "We'll dim the lights for you.",
    "stop-signal": "We'll agree on a stop signal before we start.",
    "warn-before": "We'll tell you before each step.",
    "detailed-explanations": "We'll explain everything before we start.",
    "bring-companion": "You're welcome to bring someone along.",
    chaperone: "A chaperone will be present.",
    "light-pressure": "Your therapist will use light pressure.",
    "firm-pressure": "Your therapist will use firm pressure.",
    pregnancy: "The team knows you're pregnant and will avoid X-rays.",
    "avoid-xray": "The team will avoid X-rays.",
    "no-talking": "We'll keep conversation to a minimum.",
  },
  rooms: {
    "ground-floor": "We've reserved the ground-floor room.",
    "wheelchair-accessible": "We've reserved the wheelchair-accessible room.",
    quiet: "We've reserved the quiet room.",
  },
  usual: (service) => `Would you like to book your usual ${service}?`,
  yes: "Yes",
  no: "No",
  emergency: {
    offer: (when, staff) =>
      `I'm sorry you're in pain. The earliest I can offer is ${when} with ${staff}. Shall I book it for you?`,
    none: "I'm sorry you're in pain. There is no free time today or tomorrow, so I've flagged this as urgent — the team will call you as soon as possible.",
    bookIt: "Book it",
  },
  reschedule: {
    done: (service, from, to, staff) =>
      `Done — your ${service} has moved from ${from} to ${to} with ${staff}.`,
    which: "Which appointment would you like to move?",
  },
  cancel: {
    which: "Which appointment would you like to cancel?",
    ask: (service, when) => `Shall I cancel your ${service} on ${when}?`,
    done: (service, when) =>
      `Your ${service} on ${when} is cancelled. Just write when you'd like a new appointment.`,
    tooLate: (service, when, hours) =>
      `Your ${service} on ${when} is less than ${hours} hours away, so I can't cancel it here. Please call the practice — they'll help you.`,
  },
  upcoming: {
    intro: (n) => (n === 1 ? "You have one upcoming appointment:" : `You have ${n} upcoming appointments:`),
    line: (service, when, staff) => `${service} on ${when} with ${staff}`,
    none: "You have no upcoming appointments. Would you like to book one?",
  },
  slotTaken: "I'm sorry — that time was booked by someone else a moment ago.",
  noSlots: {
    none: (wish) => (wish ? `I couldn't find a free time ${wish}.` : "I couldn't find a free time."),
    alternatives: "The nearest free times are:",
    askOther: "Would another day or time work for you?",
  },
  whichService: (options) => `Which would you like: ${options}?`,
  pattern: (day, part) =>
    `I've noticed you usually book ${DAYS[day].slice(0, -1)} ${PARTS[part]} — shall I keep suggesting those?`,
  wish: {
    on: (date) => `on ${date}`,
    days: (days) => `on ${days}`,
    part: (part) => `in the ${part}`,
    after: (time) => `after ${time}`,
    before: (time) => `before ${time}`,
    at: (time) => `at ${time}`,
    with: (staff) => `with ${staff}`,
    gender: (g) => (g === "female" ? "with a female practitioner" : "with a male practitioner"),
  },
  days: {
    mon: "Monday",
    tue: "Tuesday",
    wed: "Wednesday",
    thu: "Thursday",
    fri: "Friday",
    sat: "Saturday",
    sun: "Sunday",
  },
  list,
  alternatives,
};
