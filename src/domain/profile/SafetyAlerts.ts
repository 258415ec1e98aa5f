/**
 * The alert banner staff see on a contact, in the calendar and beside a conversation: one alert per
 * current special note, most severe first, with what to do about it in the team's words ("use
 * latex-free gloves"). Severity follows the note's category (an allergy can harm, a fear needs care,
 * a request is good service); the actions are data per concept in English and German, written for
 * staff (the booking conversation has the customer-facing wording of the same reminders).
 */
import type { Language } from "../business/BusinessCatalog.ts";
import { noteLabels } from "../extraction/NoteLabels.ts";
import type { NoteCategory } from "../extraction/types.ts";
import type { ProfileFact } from "./ProfileFact.ts";

export type AlertSeverity = "critical" | "warning" | "info";

export interface StaffWording {
  en: string;
  de: string;
}

export interface SafetyAlert {
  severity: AlertSeverity;
  category: NoteCategory;
  concept: string | null;
  /** The note's display text ("Latex allergy - use latex-free gloves"). */
  text: string;
  /** The concept's label in each language, for a panel in either (null without a known concept). */
  labels: Record<Language, string> | null;
  action: StaffWording | null;
  /** The customer's own words, when the note came from them. */
  quote: string | null;
  saidAt: Date | null;
}

export const SEVERITY_BY_CATEGORY: Readonly<Record<NoteCategory, AlertSeverity>> = {
  allergy: "critical",
  medical: "critical",
  limitation: "warning",
  fear: "warning",
  request: "info",
  cultural: "info",
};

const SEVERITY_ORDER: readonly AlertSeverity[] = ["critical", "warning", "info"];

/** What the team does about a concept. Concepts without an entry show their note text only. */
export const STAFF_ACTIONS: Readonly<Record<string, StaffWording>> = {
  "latex-allergy": { en: "use latex-free gloves", de: "latexfreie Handschuhe verwenden" },
  "penicillin-allergy": { en: "no penicillin", de: "kein Penicillin" },
  "antibiotic-allergy": {
    en: "check antibiotics before prescribing",
    de: "Antibiotika vor Verschreibung prüfen",
  },
  "anaesthetic-allergy": {
    en: "check the anaesthetic before use",
    de: "Betäubungsmittel vor Gebrauch prüfen",
  },
  "fluoride-sensitivity": { en: "no fluoride", de: "kein Fluorid" },
  "fragrance-sensitivity": { en: "keep the room fragrance-free", de: "Raum frei von Duftstoffen halten" },
  "nut-allergy": { en: "no nut-based products", de: "keine nusshaltigen Produkte" },
  "iodine-allergy": { en: "no iodine disinfectant", de: "kein jodhaltiges Desinfektionsmittel" },
  "nickel-allergy": { en: "avoid nickel instruments and jewellery", de: "Nickel vermeiden" },
  "nsaid-allergy": { en: "no aspirin or ibuprofen", de: "kein Aspirin oder Ibuprofen" },
  "chlorhexidine-allergy": { en: "no chlorhexidine", de: "kein Chlorhexidin" },
  "oil-allergy": {
    en: "use oil-free or hypoallergenic products",
    de: "ölfreie oder hypoallergene Produkte verwenden",
  },
  "plaster-allergy": { en: "use hypoallergenic plasters", de: "hypoallergene Pflaster verwenden" },
  "bee-allergy": { en: "ask whether they carry an adrenaline pen", de: "nach Notfall-Adrenalinpen fragen" },
  coeliac: { en: "gluten-free only", de: "nur glutenfrei" },
  allergy: {
    en: "ask what the allergy is before treatment",
    de: "vor der Behandlung nach der Allergie fragen",
  },
  pregnancy: { en: "avoid X-rays", de: "keine Röntgenbilder" },
  "avoid-xray": { en: "avoid X-rays", de: "keine Röntgenbilder" },
  pacemaker: { en: "no electrotherapy or magnets", de: "keine Elektrotherapie, keine Magnete" },
  "no-epinephrine": { en: "no epinephrine in the anaesthetic", de: "kein Adrenalin im Betäubungsmittel" },
  "blood-thinners": { en: "expect longer bleeding", de: "mit längerer Blutung rechnen" },
  "bleeding-disorder": { en: "expect longer bleeding", de: "mit längerer Blutung rechnen" },
  diabetes: { en: "allow breaks; keep sugar at hand", de: "Pausen einplanen, Zucker bereithalten" },
  epilepsy: { en: "avoid flashing lights", de: "Flackerlicht vermeiden" },
  asthma: { en: "keep their inhaler within reach", de: "Inhalator bereithalten" },
  anaemia: { en: "let them lie down if dizzy", de: "bei Schwindel hinlegen lassen" },
  wheelchair: { en: "book the wheelchair-accessible room", de: "rollstuhlgängigen Raum buchen" },
  mobility: { en: "book the ground floor", de: "im Erdgeschoss buchen" },
  "hard-of-hearing": { en: "speak clearly and face them", de: "deutlich und zugewandt sprechen" },
  "visual-impairment": { en: "explain each step out loud", de: "jeden Schritt erklären" },
  "back-problems": { en: "keep the chair upright", de: "Stuhl aufrecht lassen" },
  "cannot-lie-flat": { en: "keep the chair upright", de: "Stuhl aufrecht lassen" },
  "fear-needles": { en: "take it gently with needles", de: "bei Spritzen behutsam vorgehen" },
  "dental-anxiety": { en: "take it slowly and explain", de: "langsam vorgehen und erklären" },
  "fear-dental": { en: "take it slowly and explain", de: "langsam vorgehen und erklären" },
  anxiety: { en: "take it slowly and reassure", de: "langsam vorgehen und beruhigen" },
  claustrophobia: { en: "keep the door open", de: "Tür offen lassen" },
  "fear-gagging": {
    en: "warn before working at the back of the mouth",
    de: "vor Arbeiten hinten im Mund vorwarnen",
  },
  "female-staff-only": { en: "female staff only", de: "nur weibliches Personal" },
  "male-staff-only": { en: "male staff only", de: "nur männliches Personal" },
};

/** The note facts to alert on: current special notes (candidates are not yet what the customer holds). */
export function safetyAlerts(facts: readonly ProfileFact[]): SafetyAlert[] {
  const alerts: SafetyAlert[] = [];
  for (const fact of facts) {
    if (fact.field !== "special_notes" || fact.status !== "current") continue;
    const { category, concept } = fact.value;
    alerts.push({
      severity: SEVERITY_BY_CATEGORY[category],
      category,
      concept,
      text: fact.text,
      labels: noteLabels(concept),
      action: concept ? (STAFF_ACTIONS[concept] ?? null) : null,
      quote: fact.quote || null,
      saidAt: fact.saidAt,
    });
  }
  // Stable: within a severity, in the order the notes came.
  return alerts.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
