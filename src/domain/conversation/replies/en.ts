import { EN_CALENDAR_WORDS } from "../../extraction/vocabulary/en/calendarWords.ts";
import type { ReplyPhrases } from "./ReplyPhrases.ts";

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

export const en: ReplyPhrases = {
  greeting: (business) => `Hello! This is ${business}.`,
  howCanIHelp: "How can I help you?",
  thanksReply: "You're welcome! Just write if there's anything else.",
  urgent:
    "I'm sorry you're in pain. I've flagged this as urgent and the team will get back to you as soon as possible.",
  declined: "No problem at all.",
  reassureFear:
    "I completely understand — many of our patients feel the same, and our team is experienced and very gentle with nervous patients.",
  reassureAnxious: "Please don't worry — we'll take good care of you and go at your pace.",
  notedIntro: "I've noted",
  noted: {
    name: (name) => `your name, ${name}`,
    email: (email) => `your email ${email}`,
    phone: (phone) => `your number ${phone}`,
    staff: (who) => `that you'd like to see ${who}`,
    staffNone: "that you don't mind who treats you",
    staffGender: (g) =>
      g === "female" ? "that you prefer a female practitioner" : "that you prefer a male practitioner",
    times: (when) => `that you prefer ${when}`,
    timesRuledOut: (what) => `that ${what} don't work for you`,
    communication: (how) => `how you'd like us to reach you: ${how}`,
    service: (service) => `your interest in ${service}`,
    note: (category, words) =>
      category === "request" || category === "cultural"
        ? `your wish (“${words}”) so the team can plan for it`
        : `“${words}” so the team can prepare`,
  },
  mediaReceived: "Thank you, I've received it and passed it on to the team.",
  removed: {
    all: "Done — I've deleted everything I had noted about you.",
    notes: "Done — I've deleted the notes I had for the team.",
    nothing: "There was nothing noted about you to delete.",
  },
  updateConfirmed: (field, value) => `Done — I've updated your ${field}: ${value}.`,
  updateDeclined: (field, value) => `All right, I'll keep ${value} as your ${field}.`,
  askToUpdate: (field, current, heard) =>
    `Until now I had ${current} as your ${field}. Shall I change it to ${heard}?`,
  fieldNames: {
    name: "name",
    email: "email",
    phone: "phone number",
    preferred_staff_member: "preferred team member",
    preferred_appointment_times: "preferred times",
    communication_preferences: "contact preference",
  },
  summary: {
    intro: "Here is what I have noted about you:",
    empty: "I haven't noted anything about you yet, apart from this chat.",
    line: {
      name: "Name",
      email: "Email",
      phone: "Phone",
      preferred_staff_member: "Preferred team member",
      preferred_appointment_times: "Preferred times",
      communication_preferences: "How to reach you",
      preferred_services: "Services",
      special_notes: "Notes for the team",
    },
    removable: "If you'd like me to remove anything, just let me know.",
  },
  days: EN_CALENDAR_WORDS.days,
  parts: EN_CALENDAR_WORDS.parts,
  times: {
    flexible: "any time",
    after: (t) => `after ${t}`,
    before: (t) => `before ${t}`,
    between: (a, b) => `between ${a} and ${b}`,
    not: (what) => `not ${what}`,
    or: " or ",
  },
  channels: {
    whatsapp: "WhatsApp",
    email: "email",
    sms: "SMS",
    phone: "phone calls",
    voice: "voice messages",
  },
  communication: {
    only: (what) => `${what} only`,
    no: (what) => `no ${what}`,
    brief: "brief messages",
    detailed: "detailed messages",
    written: "things in writing",
  },
  policy: {
    questions: {
      email: "By the way, what's your email address? We'll send you a confirmation.",
      comfort_needs: "Is there anything specific that would help you feel more comfortable?",
      preferred_times: "Do you have any time preferences for future appointments?",
      preferred_staff: "Would you like to see someone in particular next time, or doesn't it matter?",
      communication_preference: "How would you like us to keep in touch — brief messages, or more detail?",
    },
    declinedAck: (topic) =>
      topic === "email" ? "No problem! We'll send confirmations via WhatsApp." : "No problem at all.",
    appointmentStands: (when) => `Your appointment on ${when} is confirmed.`,
    dontKnowAck: "No problem — that's completely fine.",
    minimalAck: (when) => (when ? `Great! See you on ${when}.` : "Great!"),
    consentAsk:
      "May I keep health details like this in your profile for future visits? Otherwise I'll keep them only to prepare your next appointment and delete them afterwards. You can ask me to remove them at any time.",
    consentGranted:
      "Thank you — I'll keep your health details on file. You can ask me to remove them at any time.",
    consentRefusedKeptUntil: (when) =>
      `Understood — I won't keep health details on file. So the team is prepared, I'll keep them only for your appointment on ${when} and delete them afterwards.`,
    consentRefusedRemoved: "Understood — I haven't kept your health details.",
    healthExpired:
      "As agreed, I no longer keep your health details on file — if they still apply, please tell me again before your appointment.",
    removableNotice: "If you'd like me to remove anything, just let me know.",
    forgetConfirm: {
      all: "Shall I delete everything I have noted about you? Please answer yes or no.",
      notes:
        "Shall I delete the notes I have for the team (such as allergies or fears)? Please answer yes or no.",
    },
    forgetKept: "All right, I've kept everything as it is.",
    stopMarketing:
      "Understood — you won't receive any marketing messages from us. You'll still get messages about your appointments.",
    fearOnFile: "As noted, we'll take extra care and go gently.",
    detailedNoted: "The team sees your notes before each appointment, so they can prepare.",
  },
  list,
};
