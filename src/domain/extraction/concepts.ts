/**
 * The special-note concepts Rapport knows, independent of language. Each language folder
 * gives the words for them and their label, how the note reads in that language
 * (vocabulary/<lang>/notes.ts, read through NoteLabels.ts). A concept that `needs` a cue only
 * counts when the sentence also has a cue of that kind ("latex" alone is not an allergy;
 * "allergic to latex" is). A `generic` concept stands for the cue itself when no specific
 * concept of its kind was found in the sentence.
 */
import type { NoteCategory } from "./types.ts";

export type NoteCue = "fear" | "allergy" | "medical";

export interface NoteConcept {
  category: NoteCategory;
  needs?: NoteCue;
  generic?: NoteCue;
  /** Notes the team must see before treatment (shown as alerts). */
  safety?: true;
  /** Fear and nervousness make the customer anxious. */
  anxious?: true;
  /** The other person named is part of the wish, not its owner ("can my daughter come along?"). */
  involvesOthers?: true;
  /** A "no" near it is part of the practice, not a denial ("no appointments on shabbat"). */
  keepsUnderNegation?: true;
  /** Dropped when one of these concepts was found in the same sentence (it explains the words better). */
  yieldsTo?: readonly string[];
}

export const NOTE_CONCEPTS = {
  // Fears and anxieties
  "fear-needles": { category: "fear", needs: "fear", anxious: true },
  "fear-drill": { category: "fear", needs: "fear", anxious: true },
  "fear-pain": { category: "fear", needs: "fear", anxious: true },
  "fear-blood": { category: "fear", needs: "fear", anxious: true },
  "fear-dental": { category: "fear", needs: "fear", anxious: true },
  "fear-procedure": {
    category: "fear",
    needs: "fear",
    anxious: true,
    yieldsTo: ["fear-dental", "dental-anxiety", "fear-needles", "fear-drill"],
  },
  "dental-anxiety": { category: "fear", anxious: true },
  claustrophobia: { category: "fear", anxious: true },
  "needle-phobia": { category: "fear", anxious: true },
  "worried-pain": { category: "fear", anxious: true },
  "fear-gagging": { category: "fear", anxious: true },
  anxiety: { category: "fear", generic: "fear", anxious: true },

  // Physical limitations
  "hard-of-hearing": { category: "limitation", safety: true },
  mobility: { category: "limitation", safety: true },
  wheelchair: { category: "limitation", safety: true },
  "visual-impairment": { category: "limitation", safety: true },
  "back-problems": { category: "limitation", safety: true },
  "cannot-lie-flat": { category: "limitation", safety: true },
  "jaw-problems": { category: "limitation" },
  "neck-problems": { category: "limitation" },
  arthritis: { category: "limitation" },
  hypermobility: { category: "limitation" },
  "cannot-sit-long": { category: "limitation" },
  "speech-impairment": { category: "limitation" },
  "restricted-movement": { category: "limitation" },
  "shoulder-problems": { category: "limitation" },

  // Allergies and sensitivities
  "latex-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "penicillin-allergy": { category: "allergy", needs: "allergy", safety: true },
  "antibiotic-allergy": { category: "allergy", needs: "allergy", safety: true },
  "anaesthetic-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "fluoride-sensitivity": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "fragrance-sensitivity": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "nut-allergy": { category: "allergy", needs: "allergy", safety: true },
  "iodine-allergy": { category: "allergy", needs: "allergy", safety: true },
  "nickel-allergy": { category: "allergy", needs: "allergy", safety: true },
  "nsaid-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "chlorhexidine-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "oil-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
    // "scented oils" are about the scent
    yieldsTo: ["fragrance-sensitivity"],
  },
  "plaster-allergy": {
    category: "allergy",
    needs: "allergy",
    safety: true,
  },
  "food-allergy": { category: "allergy", needs: "allergy", safety: true },
  "pollen-allergy": { category: "allergy", safety: true },
  "bee-allergy": { category: "allergy", needs: "allergy", safety: true },
  "skin-sensitivity": { category: "allergy", safety: true },
  "sensitive-teeth": { category: "allergy" },
  "no-known-allergies": { category: "allergy" },
  allergy: { category: "allergy", generic: "allergy", safety: true },

  // Medical considerations
  pregnancy: { category: "medical", safety: true },
  breastfeeding: { category: "medical", safety: true },
  diabetes: { category: "medical", safety: true },
  "heart-condition": { category: "medical", safety: true },
  pacemaker: { category: "medical", safety: true },
  "no-epinephrine": { category: "medical", safety: true },
  "blood-thinners": { category: "medical", safety: true },
  "high-blood-pressure": { category: "medical", safety: true },
  epilepsy: { category: "medical", safety: true },
  asthma: { category: "medical", safety: true },
  "bleeding-disorder": { category: "medical", safety: true },
  "joint-replacement": { category: "medical", safety: true },
  osteoporosis: { category: "medical", safety: true },
  "infectious-disease": { category: "medical", safety: true },
  cancer: { category: "medical", safety: true },
  "recent-surgery": { category: "medical", safety: true },
  "thyroid-condition": { category: "medical" },
  "kidney-condition": { category: "medical", safety: true },
  immunosuppressed: { category: "medical", safety: true },
  migraine: { category: "medical" },
  tinnitus: { category: "medical" },
  "neurological-condition": {
    category: "medical",
    safety: true,
  },
  coeliac: { category: "allergy", safety: true },
  anaemia: { category: "medical", safety: true },
  medication: {
    category: "medical",
    generic: "medical",
    safety: true,
  },
  "avoid-xray": { category: "medical" },

  // Special requests
  "quiet-music": { category: "request" },
  "bring-companion": {
    category: "request",
    involvesOthers: true,
    yieldsTo: ["bring-dog"],
  },
  "extra-time": { category: "request" },
  "detailed-explanations": {
    category: "request",
    yieldsTo: ["visual-impairment"],
  },
  "gentle-approach": {
    category: "request",
    yieldsTo: ["light-pressure", "dental-anxiety", "fear-dental"],
  },
  "speak-clearly": { category: "request", yieldsTo: ["hard-of-hearing"] },
  "ground-floor": {
    category: "request",
    yieldsTo: ["wheelchair", "mobility"],
  },
  headphones: { category: "request" },
  "breaks-during-treatment": {
    category: "request",
    yieldsTo: ["prayer", "ramadan"],
  },
  "local-anaesthesia": {
    category: "request",
    yieldsTo: ["anaesthetic-allergy", "sedation"],
  },
  "stop-signal": { category: "request" },
  sedation: { category: "request" },
  "dim-lights": { category: "request" },
  "cost-estimate": { category: "request" },
  "door-open": { category: "request" },
  "warn-before": { category: "request" },
  "bring-dog": { category: "request" },
  blanket: { category: "request" },
  "no-talking": { category: "request" },
  "firm-pressure": { category: "request" },
  "light-pressure": { category: "request" },

  // Cultural and religious
  "female-staff-only": { category: "cultural" },
  "male-staff-only": { category: "cultural" },
  ramadan: { category: "cultural" },
  fasting: { category: "cultural", yieldsTo: ["ramadan"] },
  prayer: { category: "cultural" },
  halal: { category: "cultural" },
  kosher: { category: "cultural" },
  sabbath: { category: "cultural", keepsUnderNegation: true },
  headscarf: { category: "cultural" },
  "religious-modesty": { category: "cultural" },
  "no-blood-products": { category: "cultural", safety: true },
  "keep-clothes-on": { category: "cultural" },
  vegan: { category: "cultural" },
  chaperone: { category: "cultural" },
} as const satisfies Record<string, NoteConcept>;

export type NoteConceptId = keyof typeof NOTE_CONCEPTS;

export function noteConcept(id: NoteConceptId): NoteConcept {
  return NOTE_CONCEPTS[id];
}
