import type { SlotReason } from "../../../booking/types.ts";
import { DE_CALENDAR_WORDS } from "../../../extraction/vocabulary/de/calendarWords.ts";
import type { BookingPhrases } from "./BookingPhrases.ts";

/** German, formal "Sie", Swiss spelling (ss, no ß). */
const PART_NOUNS = { morning: "Vormittag", afternoon: "Nachmittag", evening: "Abend" } as const;
const { days: DAYS, parts: PARTS } = DE_CALENDAR_WORDS;
const ROOM_WORDS: Record<string, string> = {
  "ground-floor": "einen Raum im Erdgeschoss",
  "wheelchair-accessible": "einen rollstuhlgängigen Raum",
  quiet: "einen ruhigen Raum",
};
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} und ${items[items.length - 1]}`;
const alternatives = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} oder ${items[items.length - 1]}`;

function lead(reason: SlotReason, staff: (id: string) => string): string {
  switch (reason.kind) {
    case "preferred-staff":
      return `Sie möchten gern zu ${staff(reason.staffId)}`;
    case "preferred-gender":
      return reason.gender === "female"
        ? "Sie werden lieber von einer Frau behandelt"
        : "Sie werden lieber von einem Mann behandelt";
    case "preferred-day":
      return `Sie kommen am liebsten ${DAYS[reason.day]}`;
    case "preferred-part":
      return `Sie kommen am liebsten ${PARTS[reason.part]}`;
    case "after":
      return `Ihnen passt es ab ${reason.time} Uhr am besten`;
    case "before":
      return `Ihnen passt es vor ${reason.time} Uhr am besten`;
    case "accommodation":
      return `Ich habe ${ROOM_WORDS[reason.attribute] ?? "einen passenden Raum"} für Sie ausgewählt`;
    case "requested":
      return "Wie gewünscht";
    case "usual-pattern":
      return `Sie kommen meistens ${DAYS[reason.day]} ${PARTS[reason.part]}`;
    case "soonest":
      return "Der früheste freie Termin";
  }
}

function short(reason: SlotReason, staff: (id: string) => string): string {
  switch (reason.kind) {
    case "preferred-staff":
      return `wie gewohnt bei ${staff(reason.staffId)}`;
    case "preferred-gender":
      return reason.gender === "female" ? "Behandlerin" : "Behandler";
    case "preferred-day":
    case "preferred-part":
    case "after":
    case "before":
      return "Ihre Wunschzeit";
    case "accommodation":
      return ROOM_WORDS[reason.attribute]?.replace(/^einen /, "") ?? "passender Raum";
    case "requested":
      return "wie gewünscht";
    case "usual-pattern":
      return "Ihre übliche Zeit";
    case "soonest":
      return "frühester Termin";
  }
}

export const de: BookingPhrases = {
  locale: "de-CH",
  reasonLead: lead,
  reasonShort: short,
  propose: {
    first: (lead, when, staff) => {
      const slot = staff ? `${when} bei ${staff}` : when;
      return lead ? `${lead} – passt Ihnen ${slot}?` : `Passt Ihnen ${slot}?`;
    },
    more: "Oder wählen Sie einen dieser Termine:",
    typeNumber: "Antworten Sie mit der Nummer oder nennen Sie mir einen anderen Tag oder eine andere Zeit.",
    slotLine: (when, staff) => `${when} bei ${staff}`,
    listButton: "Termin wählen",
    otherTime: "Andere Zeit",
  },
  booked: {
    done: (service, when, staff) => `Ihr Termin ist gebucht: ${service} am ${when} bei ${staff}.`,
    asRequested: (staff) => `Wie gewünscht sind Sie bei ${staff}.`,
    genderAsRequested: (g) =>
      g === "female"
        ? "Wie gewünscht werden Sie von einer Frau behandelt."
        : "Wie gewünscht werden Sie von einem Mann behandelt.",
  },
  accommodations: {
    "latex-allergy": "Zur Erinnerung: Wir verwenden latexfreie Handschuhe.",
    "fragrance-sensitivity": "Wir halten den Raum frei von Duftstoffen.",
    "oil-allergy": "Wir verwenden ölfreie oder hypoallergene Produkte.",
    "chlorhexidine-allergy": "Das Team weiss, dass kein Chlorhexidin verwendet werden darf.",
    "anaesthetic-allergy": "Das Team kennt Ihre Allergie auf Betäubungsmittel.",
    "penicillin-allergy": "Das Team kennt Ihre Penicillin-Allergie.",
    allergy: "Das Team kennt Ihre Allergie.",
    "fear-needles": "Das Team weiss von Ihrer Angst vor Spritzen und geht behutsam vor.",
    "dental-anxiety": "Das Team weiss, dass Sie nervös sind, und nimmt sich Zeit.",
    "fear-dental": "Das Team weiss, dass Sie nervös sind, und nimmt sich Zeit.",
    anxiety: "Das Team weiss, dass Sie nervös sind, und nimmt sich Zeit.",
    claustrophobia: "Wir lassen die Tür für Sie offen.",
    "door-open": "Wir lassen die Tür für Sie offen.",
    "hard-of-hearing": "Das Team spricht deutlich und schaut Sie dabei an.",
    "visual-impairment": "Das Team erklärt Ihnen jeden Schritt.",
    "cannot-lie-flat": "Wir lassen den Stuhl so aufrecht wie möglich.",
    "back-problems": "Wir lassen den Stuhl so aufrecht wie möglich.",
    "extra-time": "Wir haben mehr Zeit für Sie eingeplant.",
    "breaks-during-treatment": "Wir planen kurze Pausen während der Behandlung ein.",
    "quiet-music": "Wir halten die Musik leise.",
    headphones: "Bringen Sie gern Kopfhörer mit.",
    blanket: "Eine Decke liegt für Sie bereit.",
    "dim-lights": "Wir dimmen das Licht für Sie.",
    "stop-signal": "Wir vereinbaren vor Beginn ein Stopp-Zeichen.",
    "warn-before": "Wir sagen Ihnen vor jedem Schritt Bescheid.",
    "detailed-explanations": "Wir erklären Ihnen alles, bevor wir beginnen.",
    "bring-companion": "Sie dürfen gern eine Begleitperson mitbringen.",
    chaperone: "Eine Begleitperson des Teams ist anwesend.",
    "light-pressure": "Ihre Therapeutin oder Ihr Therapeut massiert mit leichtem Druck.",
    "firm-pressure": "Ihre Therapeutin oder Ihr Therapeut massiert mit festem Druck.",
    pregnancy: "Das Team weiss von Ihrer Schwangerschaft und verzichtet auf Röntgenbilder.",
    "avoid-xray": "Das Team verzichtet auf Röntgenbilder.",
    "no-talking": "Wir halten das Gespräch während der Behandlung kurz.",
  },
  rooms: {
    "ground-floor": "Wir haben den Raum im Erdgeschoss für Sie reserviert.",
    "wheelchair-accessible": "Wir haben den rollstuhlgängigen Raum für Sie reserviert.",
    quiet: "Wir haben den ruhigen Raum für Sie reserviert.",
  },
  usual: (service) => `Möchten Sie wie üblich einen Termin für ${service} buchen?`,
  yes: "Ja",
  no: "Nein",
  emergency: {
    offer: (when, staff) =>
      `Das tut mir leid, dass Sie Schmerzen haben. Der früheste Termin ist ${when} bei ${staff}. Soll ich ihn für Sie buchen?`,
    none: "Das tut mir leid, dass Sie Schmerzen haben. Heute und morgen ist leider nichts mehr frei – ich habe Ihre Nachricht als dringend markiert, das Team ruft Sie so schnell wie möglich an.",
    bookIt: "Buchen",
  },
  reschedule: {
    done: (service, from, to, staff) =>
      `Erledigt – Ihr Termin für ${service} ist von ${from} auf ${to} bei ${staff} verschoben.`,
    which: "Welchen Termin möchten Sie verschieben?",
  },
  cancel: {
    which: "Welchen Termin möchten Sie absagen?",
    ask: (service, when) => `Soll ich Ihren Termin für ${service} am ${when} absagen?`,
    done: (service, when) =>
      `Ihr Termin für ${service} am ${when} ist abgesagt. Schreiben Sie einfach, wenn Sie einen neuen Termin möchten.`,
    tooLate: (service, when, hours) =>
      `Ihr Termin für ${service} am ${when} ist in weniger als ${hours} Stunden, deshalb kann ich ihn hier nicht mehr absagen. Bitte rufen Sie die Praxis an – wir helfen Ihnen gern.`,
  },
  upcoming: {
    intro: (n) =>
      n === 1 ? "Sie haben einen bevorstehenden Termin:" : `Sie haben ${n} bevorstehende Termine:`,
    line: (service, when, staff) => `${service} am ${when} bei ${staff}`,
    none: "Sie haben keine bevorstehenden Termine. Möchten Sie einen buchen?",
  },
  slotTaken: "Das tut mir leid – dieser Termin wurde gerade eben von jemand anderem gebucht.",
  noSlots: {
    none: (wish) =>
      wish
        ? `Ich habe ${wish} leider keinen freien Termin gefunden.`
        : "Ich habe leider keinen freien Termin gefunden.",
    alternatives: "Die nächsten freien Termine sind:",
    askOther: "Passt Ihnen ein anderer Tag oder eine andere Zeit?",
  },
  whichService: (options) => `Was möchten Sie buchen: ${options}?`,
  pattern: (day, part) =>
    `Mir ist aufgefallen, dass Sie meistens ${DAYS[day]} ${PARTS[part]} buchen – soll ich Ihnen weiterhin solche Termine vorschlagen?`,
  wish: {
    on: (date) => `am ${date}`,
    days: (days) => days,
    part: (part) => `am ${PART_NOUNS[part]}`,
    after: (time) => `ab ${time} Uhr`,
    before: (time) => `vor ${time} Uhr`,
    at: (time) => `um ${time} Uhr`,
    with: (staff) => `bei ${staff}`,
    gender: (g) => (g === "female" ? "bei einer Behandlerin" : "bei einem Behandler"),
  },
  days: {
    mon: "Montag",
    tue: "Dienstag",
    wed: "Mittwoch",
    thu: "Donnerstag",
    fri: "Freitag",
    sat: "Samstag",
    sun: "Sonntag",
  },
  list,
  alternatives,
};
