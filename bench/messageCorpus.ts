/**
 * A deterministic corpus of customer WhatsApp messages for benchmarks: English and German (Swiss
 * spelling for part of the German), built from fragment pools so that thousands of distinct texts
 * come out of one seed. Greetings, bookings, time preferences, fears, allergies, medical notes,
 * staff requests, channels, questions, cancellations, thanks, one-word replies and long rambles,
 * with lower case, typos and emojis the way people actually type on a phone.
 */
import type { BusinessCatalog } from "../src/domain/business/BusinessCatalog.ts";

export type CorpusLanguage = "en" | "de";

export interface CorpusMessage {
  text: string;
  language: CorpusLanguage;
  kind: MessageKind;
}

export type MessageKind = "oneWord" | "short" | "medium" | "long";

export interface CorpusOptions {
  /** How many messages (default 10,000). */
  count?: number;
  /** PRNG seed; the same seed gives the same corpus (default 20260105). */
  seed?: number;
  /** Staff and services to mention; defaults to a dental/massage/physio practice like demo/business.json. */
  business?: Pick<BusinessCatalog, "staff" | "services">;
}

export interface Corpus {
  messages: CorpusMessage[];
  /** How many different texts there are among the messages. */
  distinct: number;
  lengths: LengthProfile;
}

export interface LengthProfile {
  under20: number;
  from20to150: number;
  from150to300: number;
  over300: number;
  max: number;
  median: number;
}

/** mulberry32: small, fast, and good enough to pick fragments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

// ---------------------------------------------------------------------------------------------
// Pools shared by both languages

const FIRST_NAMES = [
  "Marie",
  "Lukas",
  "Sophie",
  "Jonas",
  "Emma",
  "Noah",
  "Mia",
  "Leon",
  "Laura",
  "Tim",
  "Julia",
  "Daniel",
  "Lea",
  "Fabian",
  "Chloe",
  "James",
  "Olivia",
  "Tom",
  "Nadia",
  "Reto",
  "Sandra",
  "Beat",
  "Priya",
  "Mehmet",
  "Ana",
  "Yusuf",
  "Claudia",
  "Urs",
];
const SURNAMES = [
  "Müller",
  "Meier",
  "Schneider",
  "Fischer",
  "Brunner",
  "Smith",
  "Jones",
  "Baumann",
  "Frei",
  "Gerber",
  "Steiner",
  "Moser",
  "Rossi",
  "Yilmaz",
  "Kovač",
  "O'Brien",
  "Zürcher",
  "Nguyen",
];
const EMOJIS = [
  "🙂",
  "😊",
  "🙏",
  "👍",
  "😅",
  "😬",
  "❤️",
  "🦷",
  "💆‍♀️",
  "😷",
  "🤞",
  "😀",
  "🙈",
  "👋",
  "😩",
  "🥲",
];
const MAIL_HOSTS = [
  "gmail.com",
  "bluewin.ch",
  "gmx.ch",
  "outlook.com",
  "hotmail.com",
  "sunrise.ch",
  "web.de",
];

const DEFAULT_STAFF = [
  "Dr. Anna Weber",
  "Dr. Lukas Schmidt",
  "Nina Keller",
  "Sarah Meier",
  "Marco Rossi",
  "Lena Huber",
];
const DEFAULT_SERVICES: { en: string; de: string }[] = [
  { en: "Dental Checkup", de: "Zahnkontrolle" },
  { en: "Dental Cleaning", de: "Dentalhygiene" },
  { en: "Teeth Whitening", de: "Bleaching" },
  { en: "Filling", de: "Füllung" },
  { en: "Deep Tissue Massage", de: "Tiefengewebsmassage" },
  { en: "Aromatherapy Massage", de: "Aromamassage" },
  { en: "Physiotherapy Session", de: "Physiotherapie" },
  { en: "Acupuncture", de: "Akupunktur" },
];
const COLLOQUIAL_SERVICES: Record<CorpusLanguage, string[]> = {
  en: ["checkup", "cleaning", "massage", "physio", "whitening", "filling", "acupuncture", "deep tissue"],
  de: ["Kontrolle", "Dentalhygiene", "Massage", "Physio", "Bleaching", "Akupunktur", "Zahnreinigung"],
};

// ---------------------------------------------------------------------------------------------
// Language pools. "{slot}" is filled by the slot functions below.

interface LanguagePools {
  greetings: string[];
  intros: string[];
  booking: string[];
  when: string[];
  times: string[];
  fears: string[];
  allergies: string[];
  medical: string[];
  staff: string[];
  communication: string[];
  questions: string[];
  cancellations: string[];
  thanks: string[];
  fillers: string[];
  oneWord: string[];
  signOffs: string[];
  days: string[];
  habitualDays: string[];
  parts: string[];
  habitualParts: string[];
  clock: string[];
  hours: string[];
  dates: string[];
  titles: string[];
  joiners: string[];
}

const EN: LanguagePools = {
  greetings: [
    "Hi",
    "Hello",
    "Hey",
    "Hi there",
    "Good morning",
    "Hello!",
    "hey 👋",
    "Hi {staffFirst}",
    "Dear team",
    "Hiya",
    "Good evening",
    "Morning!",
    "Hi, hope you're well",
    "Hello again",
  ],
  intros: ["My name is {name}", "I'm {name}", "this is {name}", "It's {name} here", "{name} here"],
  booking: [
    "I'd like to book a {service}",
    "Can I get an appointment for a {service} {when}?",
    "Do you have anything free {when}?",
    "Is there a slot {when} for a {service}?",
    "I need to book a {service} for me and my daughter",
    "Could you fit me in {when}?",
    "I'd like to make an appointment {when}",
    "book me in for {service} pls",
    "Any chance of a {service} {when}?",
    "I want to come in for a {service}",
    "need an appointment asap, my tooth really hurts",
    "can i come {when}",
    "I'm due for my {service}, could we find a time {when}",
    "do you have availability {when} for {service}",
    "I'd like to book {service} with {staffFirst} {when}",
  ],
  when: [
    "this {day}",
    "next {day}",
    "on {day} at {clock}",
    "tomorrow",
    "tomorrow morning",
    "next week",
    "on the {date}",
    "{day} {part}",
    "at {clock}",
    "sometime next week",
    "before {clock}",
    "after {clock}",
    "today if possible",
    "in the next two weeks",
  ],
  times: [
    "{habitualDays} work best for me",
    "I prefer {habitualParts}",
    "I can only do {habitualParts}",
    "I work until {hour}, so anything after that",
    "mornings are better for me, ideally before {clock}",
    "I'm busy on {habitualDays}",
    "{habitualDays} are impossible for me",
    "any time after {clock} is fine",
    "I'm flexible, any day works",
    "I usually can't make it before {clock}",
    "between {hour} and {hour} would be perfect",
    "I'm free during lunch, 12-2",
    "weekends suit me better",
    "weekday evenings are best",
    "not {habitualDays} please, I have the kids",
    "{habitualDays} or {habitualDays} {habitualParts} ideally",
    "I start work at 9 so early mornings are good",
    "only after work, I finish at {hour}",
  ],
  fears: [
    "I'm really scared of needles",
    "I get very nervous at the dentist",
    "I have a phobia of injections",
    "honestly I'm terrified of the drill",
    "I had a bad experience last time and I'm quite anxious",
    "I faint when I see blood",
    "I'm claustrophobic, so small rooms are hard for me",
    "dental anxiety is a big thing for me",
    "the sound of the drill freaks me out",
    "I'm a bit worried it will hurt",
    "needles make me panic tbh",
  ],
  allergies: [
    "I'm allergic to latex",
    "I have a penicillin allergy",
    "just so you know I'm allergic to nuts",
    "allergic to lavender oil, so no aromatherapy with that please",
    "I react badly to ibuprofen",
    "no known allergies",
    "I don't have any allergies",
    "my son is allergic to latex",
    "I'm not allergic to anything",
    "I'm intolerant to some numbing agents I think",
    "latex gives me a rash",
  ],
  medical: [
    "I'm pregnant, 20 weeks",
    "I'm diabetic (type 1)",
    "I take blood thinners",
    "I have a pacemaker",
    "I had knee surgery in March",
    "I have high blood pressure",
    "bad back, lower back pain for weeks now",
    "I'm on antidepressants",
    "I have epilepsy",
    "I use a wheelchair, is there step-free access?",
    "I'm hard of hearing, please speak clearly",
    "my shoulder has been stiff since a skiing accident",
    "I get migraines quite often",
  ],
  staff: [
    "Can I see {staff} again?",
    "I'd prefer {staffFirst} if possible",
    "I'd rather have a female therapist",
    "please not {staffFirst}, last time was too rough",
    "last time I was with {title} {staffSurname} and it was great",
    "is {staffFirst} available {when}?",
    "Whoever is free is fine",
    "I'd like the same dentist as last time",
    "{staffFirst} was amazing last time, can I book with her/him again",
    "I'd prefer a male physio",
  ],
  communication: [
    "please text me, I can't take calls at work",
    "WhatsApp is best for me",
    "email me the confirmation please: {email}",
    "you can call me on {phone}",
    "don't call please, just message",
    "voice notes are fine",
    "please send a reminder the day before",
    "short messages please 🙂",
    "I prefer English",
    "my number is {phone} if you need it",
    "my email is {email}",
    "SMS reminders would be great",
  ],
  questions: [
    "How much is a {service}?",
    "How long does the {service} take?",
    "Do you take insurance?",
    "Is parking available?",
    "What's the difference between the {service} and the {service}?",
    "Does the {service} hurt?",
    "Are you open on Saturdays?",
    "Do I need to bring anything?",
    "where exactly are you? is it near the station",
    "do you do {service} for kids too?",
    "is there a cancellation fee?",
    "Can I pay by card or twint?",
  ],
  cancellations: [
    "I need to cancel my appointment {when}",
    "sorry, I can't make it {when}",
    "can we move {day} to {clock}?",
    "I have to reschedule, something came up at work",
    "Please cancel, I'm sick",
    "running 10 minutes late, sorry!!",
    "could we push it to {when}?",
    "I won't make it {when}, so sorry",
  ],
  thanks: [
    "Thanks!",
    "thank you so much",
    "Thanks a lot, see you {day}",
    "great, thanks 🙏",
    "perfect, thank you",
    "cheers",
    "see you then",
    "Thank you, that was super helpful",
    "thx",
    "many thanks in advance",
  ],
  fillers: [
    "My friend recommended you",
    "I just moved to the area",
    "work has been crazy lately",
    "it's been ages since my last checkup, probably 3 years",
    "my physio in Bern told me to keep up the treatment",
    "I have two kids so my schedule is a bit all over the place",
    "the last place I went to was not great to be honest",
    "sorry for the long message",
    "I hope that makes sense",
    "let me know what works",
    "I'm a teacher so holidays are easier",
    "I was at your place about a year ago, not sure you still have my details",
    "my partner also wants to come at some point",
    "I'll be travelling for work the week after",
  ],
  oneWord: [
    "ok",
    "Ok",
    "yes",
    "yes please",
    "no",
    "sure",
    "👍",
    "thx",
    "perfect",
    "Tuesday",
    "3pm",
    "morning",
    "great",
    "done",
    "👍👍",
    "cool",
    "k",
    "yep",
    "nope",
    "10am works",
    "Friday?",
    "sounds good",
    "no thanks",
    "lol ok",
  ],
  signOffs: [
    "Best, {name}",
    "Thanks, {name}",
    "Cheers {name}",
    "- {name}",
    "Regards",
    "Kind regards, {name}",
  ],
  days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "monday", "thursday", "fri"],
  habitualDays: ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "weekends", "weekdays"],
  parts: ["morning", "afternoon", "evening", "lunchtime"],
  habitualParts: ["mornings", "afternoons", "evenings", "early mornings", "late afternoons"],
  clock: ["9am", "10:30", "2pm", "3pm", "4.30pm", "5pm", "6 pm", "8am", "11", "17:30", "7:45am", "noon"],
  hours: ["5", "6", "4pm", "5:30", "17:00", "6pm", "3"],
  dates: ["12th", "3rd of May", "21st", "May 5th", "2nd", "15th of June", "28th"],
  titles: ["Dr.", "Dr", "Mrs", "Mr", "Ms"],
  joiners: [". ", ". ", ", ", " and ", "! ", ". Also ", ". Btw ", " - ", "\n", ". Oh and "],
};

const DE: LanguagePools = {
  greetings: [
    "Hallo",
    "Guten Tag",
    "Grüezi",
    "Hoi zäme",
    "Hoi",
    "Sali",
    "Guten Morgen",
    "Liebes Praxisteam",
    "Hallo {staffFirst}",
    "Servus",
    "Moin",
    "Grüß Gott",
    "Guten Abend",
    "Hallo zusammen",
  ],
  intros: ["Ich heiße {name}", "Mein Name ist {name}", "Hier ist {name}", "Ich bin {name}", "hier {name}"],
  booking: [
    "Ich hätte gern einen Termin für eine {service}",
    "Kann ich {when} vorbeikommen?",
    "Haben Sie {when} noch etwas frei?",
    "Ich möchte einen Termin {when} buchen",
    "Gibt es {when} einen freien Termin für {service}?",
    "Ich bräuchte dringend einen Termin, mir tut ein Zahn weh",
    "könnte ich {when} kommen",
    "Termin für {service} bitte",
    "Ich sollte wieder mal zur {service}, geht es {when}?",
    "hätten Sie {when} Zeit für eine {service}",
    "Ich würde gerne {service} bei {staffFirst} buchen, {when}",
    "Wäre {when} etwas möglich?",
  ],
  when: [
    "am {day}",
    "nächsten {day}",
    "diesen {day}",
    "morgen",
    "morgen früh",
    "nächste Woche",
    "am {day} um {clock}",
    "am {date}",
    "{day} {part}",
    "um {clock}",
    "irgendwann nächste Woche",
    "vor {clock}",
    "nach {clock}",
    "heute noch",
    "in den nächsten zwei Wochen",
  ],
  times: [
    "{habitualDays} passen mir am besten",
    "Ich kann nur {habitualParts}",
    "Am liebsten {habitualParts}",
    "Ich arbeite bis {hour}, also erst danach",
    "{habitualDays} geht bei mir gar nicht",
    "Ich bin flexibel",
    "Vormittags wäre ideal, am besten vor {clock}",
    "zwischen {hour} und {hour} wäre super",
    "nicht am Wochenende bitte",
    "unter der Woche abends ist am besten",
    "Über Mittag ginge auch",
    "{habitualDays} und {habitualDays} {habitualParts} wären gut",
    "ab {clock} bin ich immer frei",
    "Ich habe {habitualDays} frei",
    "nur nach der Arbeit, also ab 18 Uhr",
  ],
  fears: [
    "Ich habe große Angst vor Spritzen",
    "Ich bin beim Zahnarzt immer sehr nervös",
    "Ich habe Panik vor dem Bohrer",
    "ehrlich gesagt habe ich eine Spritzenphobie",
    "Ich falle in Ohnmacht, wenn ich Blut sehe",
    "Ich habe Platzangst",
    "Das letzte Mal war schlimm, ich habe jetzt ziemlich Angst",
    "Ich habe Angst, dass es weh tut",
    "das Geräusch vom Bohrer macht mich fertig",
  ],
  allergies: [
    "Ich bin allergisch gegen Latex",
    "Ich habe eine Penicillinallergie",
    "Ich vertrage kein Ibuprofen",
    "Nussallergie!",
    "keine bekannten Allergien",
    "Ich habe keine Allergien",
    "mein Sohn hat eine Latexallergie",
    "bitte kein Lavendelöl, da bin ich allergisch",
    "Ich reagiere auf Latex mit Ausschlag",
    "Heuschnupfen, aber sonst nichts",
  ],
  medical: [
    "Ich bin schwanger (6. Monat)",
    "Ich bin Diabetikerin",
    "Ich nehme Blutverdünner",
    "Ich habe einen Herzschrittmacher",
    "Ich hatte im März eine Knie-OP",
    "Ich habe Bluthochdruck",
    "seit Wochen Rückenschmerzen",
    "Ich bin im Rollstuhl, gibt es einen Lift?",
    "Ich höre schlecht, bitte deutlich sprechen",
    "Ich habe Epilepsie",
    "mein Nacken ist seit dem Skiunfall total verspannt",
    "Ich habe oft Migräne",
  ],
  staff: [
    "Kann ich wieder zu {staff}?",
    "Am liebsten bei {staffFirst}",
    "lieber eine Frau, wenn möglich",
    "bitte nicht {staffFirst}",
    "Letztes Mal war ich bei {title} {staffSurname} und war sehr zufrieden",
    "Ist {staffFirst} {when} da?",
    "egal wer, Hauptsache bald",
    "Ich möchte gerne wieder zur gleichen Zahnärztin",
    "{staffFirst} war super, gerne wieder bei ihr/ihm",
    "lieber einen Mann als Physio",
  ],
  communication: [
    "Bitte per SMS, ich kann bei der Arbeit nicht telefonieren",
    "WhatsApp ist mir am liebsten",
    "Bitte die Bestätigung per Mail an {email}",
    "Sie erreichen mich unter {phone}",
    "bitte nicht anrufen, lieber schreiben",
    "Sprachnachrichten sind ok",
    "bitte einen Tag vorher erinnern",
    "Können wir Deutsch schreiben?",
    "Bitte per Sie",
    "meine Nummer ist {phone}",
    "Mail: {email}",
    "du kannst mich auch duzen",
  ],
  questions: [
    "Was kostet eine {service}?",
    "Wie lange dauert die {service}?",
    "Übernimmt das die Krankenkasse?",
    "Gibt es Parkplätze?",
    "Tut die {service} weh?",
    "Haben Sie samstags offen?",
    "Muss ich etwas mitbringen?",
    "Was ist der Unterschied zwischen {service} und {service}?",
    "Wo genau sind Sie? Ist das beim Bahnhof?",
    "Kann ich mit Twint zahlen?",
    "Gibt es eine Absagegebühr?",
    "Machen Sie auch {service} für Kinder?",
  ],
  cancellations: [
    "Ich muss meinen Termin {when} leider absagen",
    "Ich schaffe es {when} nicht",
    "Können wir {day} auf {clock} verschieben?",
    "Ich muss verschieben, bei der Arbeit ist was dazwischengekommen",
    "Bitte absagen, ich bin krank",
    "Ich komme 10 Minuten später, sorry!",
    "Könnten wir den Termin auf {when} verlegen?",
    "ich kann {when} leider doch nicht",
  ],
  thanks: [
    "Danke!",
    "Vielen Dank",
    "Merci vielmal",
    "Merci!",
    "Super, danke 🙏",
    "Perfekt, bis {day}",
    "Danke schön",
    "Herzlichen Dank für die schnelle Antwort",
    "danke u bis bald",
    "Besten Dank im Voraus",
  ],
  fillers: [
    "Eine Freundin hat Sie empfohlen",
    "Ich bin neu in der Gegend",
    "Bei der Arbeit ist gerade viel los",
    "Mein letzter Kontrolltermin ist schon ewig her",
    "Ich habe zwei Kinder, deshalb ist es manchmal schwierig",
    "Sorry für die lange Nachricht",
    "Ich hoffe, das ist verständlich",
    "Sagen Sie mir einfach, was passt",
    "Mein Physio in Zürich hat mir das empfohlen",
    "Ich war vor einem Jahr schon mal bei Ihnen",
    "Mein Mann möchte auch noch einen Termin",
    "Ich bin die Woche darauf in den Ferien",
    "Ich weiß nicht genau, was ich brauche",
  ],
  oneWord: [
    "ok",
    "Ja",
    "ja gerne",
    "Nein",
    "passt",
    "👍",
    "Danke",
    "perfekt",
    "Dienstag",
    "14 Uhr",
    "morgens",
    "super",
    "gut",
    "Alles klar",
    "jo",
    "gerne",
    "merci",
    "passt 👍",
    "nein danke",
    "geht klar",
    "Freitag?",
  ],
  signOffs: [
    "LG {name}",
    "Liebe Grüße, {name}",
    "Viele Grüße {name}",
    "Freundliche Grüße\n{name}",
    "Gruss {name}",
    "Beste Grüße",
    "Liebe Grüsse",
  ],
  days: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "montag", "freitag", "Di"],
  habitualDays: [
    "Montags",
    "dienstags",
    "Mittwochs",
    "donnerstags",
    "Freitags",
    "am Wochenende",
    "unter der Woche",
  ],
  parts: ["morgen", "nachmittag", "abend", "vormittag", "über Mittag"],
  habitualParts: ["morgens", "vormittags", "nachmittags", "abends", "früh am Morgen"],
  clock: ["9 Uhr", "10:30", "14 Uhr", "17.30 Uhr", "18h", "8 Uhr", "15:00", "halb 3", "11 Uhr", "7.45"],
  hours: ["17 Uhr", "18 Uhr", "16:30", "17", "12 Uhr", "5"],
  dates: ["12.", "3. Mai", "21.3.", "5. Juni", "2.", "15. Juli", "28.10."],
  titles: ["Dr.", "Frau Dr.", "Frau", "Herrn", "Dr"],
  joiners: [". ", ". ", ", ", " und ", "! ", ". Ausserdem ", ". Übrigens ", " - ", "\n", ". Ach ja, "],
};

const POOLS: Record<CorpusLanguage, LanguagePools> = { en: EN, de: DE };

type Theme = keyof Pick<
  LanguagePools,
  | "booking"
  | "times"
  | "fears"
  | "allergies"
  | "medical"
  | "staff"
  | "communication"
  | "questions"
  | "cancellations"
  | "fillers"
>;

/** How often each theme is the subject of a fragment (bookings and times are what people write most). */
const THEME_WEIGHTS: readonly (readonly [Theme, number])[] = [
  ["booking", 22],
  ["times", 18],
  ["cancellations", 10],
  ["questions", 10],
  ["staff", 8],
  ["communication", 8],
  ["fears", 7],
  ["allergies", 6],
  ["medical", 6],
  ["fillers", 5],
];
const THEME_TOTAL = THEME_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

function pickTheme(rng: Rng): Theme {
  let r = rng() * THEME_TOTAL;
  for (const [theme, weight] of THEME_WEIGHTS) {
    r -= weight;
    if (r < 0) return theme;
  }
  return "booking";
}

interface Catalogue {
  staffFull: string[];
  staffFirst: string[];
  staffSurname: string[];
  services: Record<CorpusLanguage, string[]>;
}

function catalogueOf(business: CorpusOptions["business"]): Catalogue {
  const staffNames = business?.staff.map((s) => s.name) ?? DEFAULT_STAFF;
  const bare = staffNames.map((n) =>
    n
      .replace(/\b(?:Dr|Prof)\.?\s+/g, "")
      .trim()
      .split(/\s+/),
  );
  const services =
    business?.services.map((s) => ({ en: s.name, de: s.names?.de ?? s.name })) ?? DEFAULT_SERVICES;
  return {
    staffFull: staffNames,
    staffFirst: bare.map((w) => w[0] ?? ""),
    staffSurname: bare.map((w) => w[w.length - 1] ?? ""),
    services: {
      en: [
        ...services.map((s) => s.en),
        ...services.map((s) => s.en.toLowerCase()),
        ...COLLOQUIAL_SERVICES.en,
      ],
      de: [...services.map((s) => s.de), ...COLLOQUIAL_SERVICES.de],
    },
  };
}

function phone(rng: Rng): string {
  const d = (n: number) => Array.from({ length: n }, () => String(between(rng, 0, 9))).join("");
  switch (between(rng, 0, 3)) {
    case 0:
      return `07${between(rng, 6, 9)} ${d(3)} ${d(2)} ${d(2)}`;
    case 1:
      return `+41 7${between(rng, 6, 9)} ${d(3)} ${d(2)} ${d(2)}`;
    case 2:
      return `+4917${d(1)}${d(7)}`;
    default:
      return `044 ${d(3)} ${d(2)} ${d(2)}`;
  }
}

function email(rng: Rng): string {
  const first = pick(rng, FIRST_NAMES).toLowerCase();
  const last = pick(rng, SURNAMES)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z]/g, "");
  const sep = pick(rng, [".", "_", "", "."]);
  const suffix = chance(rng, 0.3) ? String(between(rng, 1, 99)) : "";
  return `${first}${sep}${last}${suffix}@${pick(rng, MAIL_HOSTS)}`;
}

function fill(template: string, lang: CorpusLanguage, cat: Catalogue, rng: Rng, depth = 0): string {
  const pools = POOLS[lang];
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case "name":
        return chance(rng, 0.4) ? `${pick(rng, FIRST_NAMES)} ${pick(rng, SURNAMES)}` : pick(rng, FIRST_NAMES);
      case "staff":
        return pick(rng, cat.staffFull);
      case "staffFirst":
        return pick(rng, cat.staffFirst);
      case "staffSurname":
        return pick(rng, cat.staffSurname);
      case "service":
        return pick(rng, cat.services[lang]);
      case "when":
        return depth < 2 ? fill(pick(rng, pools.when), lang, cat, rng, depth + 1) : "";
      case "phone":
        return phone(rng);
      case "email":
        return email(rng);
      case "day":
      case "habitualDays":
      case "part":
      case "habitualParts":
      case "clock":
      case "hour":
      case "title": {
        const key =
          slot === "day"
            ? "days"
            : slot === "part"
              ? "parts"
              : slot === "hour"
                ? "hours"
                : slot === "title"
                  ? "titles"
                  : slot;
        return pick(rng, pools[key as "days"]);
      }
      case "date":
        return pick(rng, pools.dates);
      default:
        return slot;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Making a message look typed on a phone

const TYPO_WORD = /[A-Za-zÄÖÜäöüß]{4,}/g;

function withTypo(text: string, rng: Rng): string {
  const words = [...text.matchAll(TYPO_WORD)];
  if (words.length === 0) return text;
  const w = pick(rng, words);
  const at = w.index + between(rng, 1, w[0].length - 2);
  const a = text[at] as string;
  const b = text[at + 1] as string;
  switch (between(rng, 0, 2)) {
    case 0: // swapped letters
      return text.slice(0, at) + b + a + text.slice(at + 2);
    case 1: // dropped letter
      return text.slice(0, at) + text.slice(at + 1);
    default: // doubled letter
      return text.slice(0, at) + a + text.slice(at);
  }
}

/** Swiss German writes "ss" for ß and has its own greetings and thanks. */
function swiss(text: string): string {
  return text
    .replace(/ß/g, "ss")
    .replace(/\bVielen Dank\b/g, "Merci vielmal")
    .replace(/\bGuten Tag\b/g, "Grüezi");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function decapitalise(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function fragment(theme: Theme, lang: CorpusLanguage, cat: Catalogue, rng: Rng): string {
  return fill(pick(rng, POOLS[lang][theme]), lang, cat, rng);
}

function compose(kind: MessageKind, lang: CorpusLanguage, cat: Catalogue, rng: Rng): string {
  const pools = POOLS[lang];
  if (kind === "oneWord") return pick(rng, pools.oneWord);

  const parts: string[] = [];
  const greet = kind === "short" ? 0.25 : kind === "medium" ? 0.6 : 0.85;
  if (chance(rng, greet)) parts.push(fill(pick(rng, pools.greetings), lang, cat, rng));
  if (kind !== "short" && chance(rng, 0.3)) parts.push(fill(pick(rng, pools.intros), lang, cat, rng));

  const fragments = kind === "short" ? 1 : kind === "medium" ? between(rng, 2, 3) : between(rng, 5, 9);
  const cap = kind === "long" ? between(rng, 300, 600) : 180;
  let length = parts.join(", ").length;
  for (let i = 0; i < fragments; i++) {
    const theme = kind === "long" && chance(rng, 0.3) ? "fillers" : pickTheme(rng);
    const f = fragment(theme, lang, cat, rng);
    if (i > 0 && length + f.length > cap) break;
    parts.push(f);
    length += f.length + 2;
  }
  if (kind !== "short" && chance(rng, 0.35)) parts.push(fill(pick(rng, pools.thanks), lang, cat, rng));
  if (kind !== "short" && chance(rng, 0.25)) parts.push(fill(pick(rng, pools.signOffs), lang, cat, rng));
  if (kind === "short" && chance(rng, 0.15)) parts.push(fill(pick(rng, pools.thanks), lang, cat, rng));

  let text = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) {
    let joiner = i === 1 && chance(rng, 0.5) ? ", " : pick(rng, pools.joiners);
    // "…weh?" is not followed by ". " or ", ".
    if (/[.!?]$/.test(text)) joiner = joiner.replace(/^[.!,]/, "");
    const next = parts[i] as string;
    if (/[.!?\n]\s*$/.test(joiner) || joiner.trim() === "") text += joiner + capitalise(next);
    else text += joiner + (/^I\b/.test(next) && lang === "en" ? next : decapitalise(next));
  }
  return text;
}

function styled(text: string, lang: CorpusLanguage, rng: Rng, swissWriter: boolean): string {
  let t = text;
  if (lang === "de" && swissWriter) t = swiss(t);
  if (chance(rng, 0.12)) t = withTypo(t, rng);
  if (chance(rng, 0.05)) t = withTypo(t, rng);
  if (chance(rng, 0.25)) t = t.toLowerCase();
  if (chance(rng, 0.1)) t = t.replace(/[.!]+$/, "");
  else if (chance(rng, 0.08)) t += pick(rng, ["!!", "?", "...", " :)", " !"]);
  if (chance(rng, 0.2)) t += (chance(rng, 0.5) ? " " : "") + pick(rng, EMOJIS);
  if (chance(rng, 0.04)) t = `${pick(rng, EMOJIS)} ${t}`;
  return t;
}

const KINDS: readonly (readonly [MessageKind, number])[] = [
  ["oneWord", 0.1],
  ["short", 0.38],
  ["medium", 0.4],
  ["long", 0.12],
];

function pickKind(rng: Rng): MessageKind {
  let r = rng();
  for (const [kind, p] of KINDS) {
    r -= p;
    if (r < 0) return kind;
  }
  return "medium";
}

function lengthProfile(messages: readonly CorpusMessage[]): LengthProfile {
  const lengths = messages.map((m) => m.text.length).sort((a, b) => a - b);
  return {
    under20: lengths.filter((l) => l < 20).length,
    from20to150: lengths.filter((l) => l >= 20 && l <= 150).length,
    from150to300: lengths.filter((l) => l > 150 && l <= 300).length,
    over300: lengths.filter((l) => l > 300).length,
    max: lengths[lengths.length - 1] ?? 0,
    median: lengths[Math.floor(lengths.length / 2)] ?? 0,
  };
}

/** Generates the corpus; the same options always give the same messages in the same order. */
export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const count = options.count ?? 10_000;
  const rng = seededRandom(options.seed ?? 20260105);
  const cat = catalogueOf(options.business);
  const messages: CorpusMessage[] = [];
  for (let i = 0; i < count; i++) {
    const language: CorpusLanguage = chance(rng, 0.5) ? "en" : "de";
    const kind = pickKind(rng);
    const text = styled(compose(kind, language, cat, rng), language, rng, chance(rng, 0.6));
    messages.push({ text, language, kind });
  }
  return {
    messages,
    distinct: new Set(messages.map((m) => m.text)).size,
    lengths: lengthProfile(messages),
  };
}
