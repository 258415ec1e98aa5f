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
  days: {
    mon: "Mondays",
    tue: "Tuesdays",
    wed: "Wednesdays",
    thu: "Thursdays",
    fri: "Fridays",
    sat: "Saturdays",
    sun: "Sundays",
  },
  parts: { morning: "mornings", afternoon: "afternoons", evening: "evenings" },
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
  list,
};
