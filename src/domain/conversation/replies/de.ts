import { DE_CALENDAR_WORDS } from "../../extraction/vocabulary/de/calendarWords.ts";
import type { ReplyPhrases } from "./ReplyPhrases.ts";

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} und ${items[items.length - 1]}`;

/** German, formal "Sie" by default, Swiss spelling (ss, no ß). */
export const de: ReplyPhrases = {
  greeting: (business) => `Grüezi! Hier ist ${business}.`,
  howCanIHelp: "Wie kann ich Ihnen helfen?",
  thanksReply: "Gern geschehen! Schreiben Sie einfach, wenn Sie noch etwas brauchen.",
  urgent:
    "Das tut mir leid, dass Sie Schmerzen haben. Ich habe Ihre Nachricht als dringend markiert, das Team meldet sich so schnell wie möglich bei Ihnen.",
  declined: "Kein Problem.",
  reassureFear:
    "Das verstehe ich sehr gut – vielen unserer Patientinnen und Patienten geht es ähnlich. Unser Team hat viel Erfahrung mit ängstlichen Patienten und geht sehr behutsam vor.",
  reassureAnxious: "Machen Sie sich bitte keine Sorgen – wir nehmen uns Zeit und gehen in Ihrem Tempo vor.",
  notedIntro: "Ich habe notiert:",
  noted: {
    name: (name) => `Ihren Namen, ${name}`,
    email: (email) => `Ihre E-Mail-Adresse ${email}`,
    phone: (phone) => `Ihre Nummer ${phone}`,
    staff: (who) => `dass Sie gerne zu ${who} möchten`,
    staffNone: "dass es Ihnen egal ist, wer Sie behandelt",
    staffGender: (g) =>
      g === "female"
        ? "dass Sie lieber von einer Frau behandelt werden"
        : "dass Sie lieber von einem Mann behandelt werden",
    times: (when) => `dass Ihnen ${when} am besten passt`,
    timesRuledOut: (what) => `dass Ihnen ${what} nicht passt`,
    communication: (how) => `wie wir Sie erreichen sollen: ${how}`,
    service: (service) => `Ihr Interesse an ${service}`,
    note: (category, words) =>
      category === "request" || category === "cultural"
        ? `Ihren Wunsch («${words}»), damit das Team darauf eingehen kann`
        : `«${words}», damit sich das Team darauf vorbereiten kann`,
  },
  mediaReceived: "Vielen Dank, ich habe es erhalten und an das Team weitergegeben.",
  removed: {
    all: "Erledigt – ich habe alles gelöscht, was ich über Sie notiert hatte.",
    notes: "Erledigt – ich habe die Hinweise für das Team gelöscht.",
    nothing: "Es war nichts über Sie notiert, das ich löschen könnte.",
  },
  updateConfirmed: (field, value) => `Erledigt – bei ${field} steht jetzt «${value}».`,
  updateDeclined: (field, value) => `Gut, ich lasse bei ${field} «${value}» stehen.`,
  askToUpdate: (field, current, heard) =>
    `Bisher hatte ich bei ${field} «${current}». Soll ich das auf «${heard}» ändern?`,
  fieldNames: {
    name: "Ihrem Namen",
    email: "Ihrer E-Mail-Adresse",
    phone: "Ihrer Telefonnummer",
    preferred_staff_member: "Ihrer Wunschperson",
    preferred_appointment_times: "Ihren Wunschzeiten",
    communication_preferences: "Ihrer Kontaktart",
  },
  summary: {
    intro: "Das habe ich über Sie notiert:",
    empty: "Ich habe mir ausser diesem Chat noch nichts über Sie notiert.",
    line: {
      name: "Name",
      email: "E-Mail",
      phone: "Telefon",
      preferred_staff_member: "Wunschperson",
      preferred_appointment_times: "Wunschzeiten",
      communication_preferences: "Kontakt",
      preferred_services: "Behandlungen",
      special_notes: "Hinweise für das Team",
    },
    removable: "Wenn ich etwas davon löschen soll, sagen Sie es mir einfach.",
  },
  days: DE_CALENDAR_WORDS.days,
  parts: DE_CALENDAR_WORDS.parts,
  times: {
    flexible: "jederzeit",
    after: (t) => `ab ${t} Uhr`,
    before: (t) => `vor ${t} Uhr`,
    between: (a, b) => `zwischen ${a} und ${b} Uhr`,
    not: (what) => `nicht ${what}`,
    or: " oder ",
  },
  channels: {
    whatsapp: "WhatsApp",
    email: "E-Mail",
    sms: "SMS",
    phone: "Anrufe",
    voice: "Sprachnachrichten",
  },
  communication: {
    only: (what) => `nur ${what}`,
    no: (what) => `keine ${what}`,
    brief: "kurze Nachrichten",
    detailed: "ausführliche Nachrichten",
    written: "alles schriftlich",
  },
  policy: {
    questions: {
      email: "Übrigens: Wie lautet Ihre E-Mail-Adresse? Dann senden wir Ihnen eine Bestätigung.",
      comfort_needs: "Gibt es etwas Bestimmtes, das Ihnen helfen würde, sich wohler zu fühlen?",
      preferred_times: "Haben Sie für künftige Termine bevorzugte Zeiten?",
      preferred_staff: "Möchten Sie nächstes Mal zu jemand Bestimmtem, oder ist es Ihnen egal?",
      communication_preference: "Wie sollen wir Sie informieren – lieber kurz und knapp oder ausführlicher?",
    },
    declinedAck: (topic) =>
      topic === "email" ? "Kein Problem! Wir senden Ihnen die Bestätigungen per WhatsApp." : "Kein Problem.",
    appointmentStands: (when) => `Ihr Termin am ${when} ist bestätigt.`,
    dontKnowAck: "Kein Problem – das ist völlig in Ordnung.",
    minimalAck: (when) => (when ? `Sehr gut! Bis ${when}.` : "Sehr gut!"),
    consentAsk:
      "Darf ich Gesundheitsangaben wie diese für künftige Besuche in Ihrem Profil behalten? Sonst bewahre ich sie nur zur Vorbereitung Ihres nächsten Termins auf und lösche sie danach. Sie können jederzeit verlangen, dass ich sie entferne.",
    consentGranted:
      "Vielen Dank – ich behalte Ihre Gesundheitsangaben im Profil. Sie können jederzeit verlangen, dass ich sie entferne.",
    consentRefusedKeptUntil: (when) =>
      `Verstanden – ich behalte keine Gesundheitsangaben im Profil. Damit das Team vorbereitet ist, bewahre ich sie nur für Ihren Termin am ${when} auf und lösche sie danach.`,
    consentRefusedRemoved: "Verstanden – ich habe Ihre Gesundheitsangaben nicht behalten.",
    healthExpired:
      "Wie vereinbart habe ich Ihre Gesundheitsangaben nicht mehr im Profil – falls sie noch zutreffen, teilen Sie sie mir bitte vor Ihrem Termin nochmals mit.",
    removableNotice: "Wenn ich etwas davon entfernen soll, sagen Sie es mir einfach.",
    forgetConfirm: {
      all: "Soll ich alles löschen, was ich über Sie notiert habe? Bitte antworten Sie mit Ja oder Nein.",
      notes:
        "Soll ich die Hinweise für das Team löschen (zum Beispiel Allergien oder Ängste)? Bitte antworten Sie mit Ja oder Nein.",
    },
    forgetKept: "In Ordnung, ich habe alles so belassen.",
    stopMarketing:
      "Verstanden – Sie erhalten von uns keine Werbenachrichten mehr. Nachrichten zu Ihren Terminen bekommen Sie weiterhin.",
    fearOnFile: "Wie notiert, gehen wir besonders behutsam vor.",
    detailedNoted: "Das Team sieht Ihre Hinweise vor jedem Termin und kann sich so vorbereiten.",
  },
  list,
};
