/**
 * The special-note concepts Rapport knows, independent of language. Each language folder
 * gives the words for them (vocabulary/<lang>/notes.ts); the label is how the note reads in
 * the profile. A concept that `needs` a cue only counts when the sentence also has a cue of
 * that kind ("latex" alone is not an allergy; "allergic to latex" is). A `generic` concept
 * stands for the cue itself when no specific concept of its kind was found in the sentence.
 */
import type { NoteCategory } from "./types.ts";

export type NoteCue = "fear" | "allergy" | "medical";

export interface NoteConcept {
  category: NoteCategory;
  label: string;
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
  "fear-needles": { category: "fear", label: "Fear of needles", needs: "fear", anxious: true },
  "fear-drill": { category: "fear", label: "Fear of the drill sound", needs: "fear", anxious: true },
  "fear-pain": { category: "fear", label: "Fear of pain", needs: "fear", anxious: true },
  "fear-blood": { category: "fear", label: "Fear of blood", needs: "fear", anxious: true },
  "fear-dental": { category: "fear", label: "Dental anxiety", needs: "fear", anxious: true },
  "fear-procedure": {
    category: "fear",
    label: "Nervous about procedures",
    needs: "fear",
    anxious: true,
    yieldsTo: ["fear-dental", "dental-anxiety", "fear-needles", "fear-drill"],
  },
  "dental-anxiety": { category: "fear", label: "Dental anxiety", anxious: true },
  claustrophobia: { category: "fear", label: "Claustrophobic (small rooms)", anxious: true },
  "needle-phobia": { category: "fear", label: "Fear of needles", anxious: true },
  "worried-pain": { category: "fear", label: "Worried about pain", anxious: true },
  "fear-gagging": { category: "fear", label: "Strong gag reflex", anxious: true },
  anxiety: { category: "fear", label: "Nervous, needs reassurance", generic: "fear", anxious: true },

  // Physical limitations
  "hard-of-hearing": { category: "limitation", label: "Hard of hearing, speak clearly", safety: true },
  mobility: { category: "limitation", label: "Mobility issues, needs ground floor/lift", safety: true },
  wheelchair: { category: "limitation", label: "Wheelchair user, needs accessible entrance", safety: true },
  "visual-impairment": { category: "limitation", label: "Visual impairment, explain verbally", safety: true },
  "back-problems": { category: "limitation", label: "Back problems, cannot lie flat long", safety: true },
  "cannot-lie-flat": { category: "limitation", label: "Cannot lie flat", safety: true },
  "jaw-problems": { category: "limitation", label: "Jaw problems (TMJ), limited opening" },
  "neck-problems": { category: "limitation", label: "Neck problems" },
  arthritis: { category: "limitation", label: "Arthritis" },
  hypermobility: { category: "limitation", label: "Hypermobile joints, careful with stretching" },
  "cannot-sit-long": { category: "limitation", label: "Cannot sit for long" },
  "speech-impairment": { category: "limitation", label: "Speech impairment" },
  "restricted-movement": { category: "limitation", label: "Restricted movement (head, neck or limbs)" },
  "shoulder-problems": { category: "limitation", label: "Shoulder problems, needs time to undress" },

  // Allergies and sensitivities
  "latex-allergy": {
    category: "allergy",
    label: "Latex allergy - use latex-free gloves",
    needs: "allergy",
    safety: true,
  },
  "penicillin-allergy": { category: "allergy", label: "Penicillin allergy", needs: "allergy", safety: true },
  "antibiotic-allergy": { category: "allergy", label: "Antibiotics allergy", needs: "allergy", safety: true },
  "anaesthetic-allergy": {
    category: "allergy",
    label: "Allergic to anaesthetics",
    needs: "allergy",
    safety: true,
  },
  "fluoride-sensitivity": {
    category: "allergy",
    label: "Cannot tolerate fluoride",
    needs: "allergy",
    safety: true,
  },
  "fragrance-sensitivity": {
    category: "allergy",
    label: "Sensitive to fragrances",
    needs: "allergy",
    safety: true,
  },
  "nut-allergy": { category: "allergy", label: "Nut allergy", needs: "allergy", safety: true },
  "iodine-allergy": { category: "allergy", label: "Iodine allergy", needs: "allergy", safety: true },
  "nickel-allergy": { category: "allergy", label: "Nickel/metal allergy", needs: "allergy", safety: true },
  "nsaid-allergy": {
    category: "allergy",
    label: "Allergic to aspirin/ibuprofen (NSAIDs)",
    needs: "allergy",
    safety: true,
  },
  "chlorhexidine-allergy": {
    category: "allergy",
    label: "Chlorhexidine allergy",
    needs: "allergy",
    safety: true,
  },
  "oil-allergy": {
    category: "allergy",
    label: "Sensitive to massage oils",
    needs: "allergy",
    safety: true,
    // "scented oils" are about the scent
    yieldsTo: ["fragrance-sensitivity"],
  },
  "plaster-allergy": {
    category: "allergy",
    label: "Allergic to plasters/adhesives",
    needs: "allergy",
    safety: true,
  },
  "food-allergy": { category: "allergy", label: "Food allergy", needs: "allergy", safety: true },
  "pollen-allergy": { category: "allergy", label: "Pollen allergy (hay fever)", safety: true },
  "bee-allergy": { category: "allergy", label: "Bee/wasp sting allergy", needs: "allergy", safety: true },
  "skin-sensitivity": { category: "allergy", label: "Sensitive skin", safety: true },
  "sensitive-teeth": { category: "allergy", label: "Sensitive teeth (cold, whitening)" },
  "no-known-allergies": { category: "allergy", label: "No known allergies" },
  allergy: { category: "allergy", label: "Allergy (details to confirm)", generic: "allergy", safety: true },

  // Medical considerations
  pregnancy: { category: "medical", label: "Pregnant - avoid X-rays", safety: true },
  breastfeeding: { category: "medical", label: "Breastfeeding", safety: true },
  diabetes: { category: "medical", label: "Diabetic, may need breaks", safety: true },
  "heart-condition": { category: "medical", label: "Heart condition", safety: true },
  pacemaker: { category: "medical", label: "Pacemaker (heart)", safety: true },
  "no-epinephrine": { category: "medical", label: "No epinephrine (adrenaline)", safety: true },
  "blood-thinners": { category: "medical", label: "Takes blood thinners", safety: true },
  "high-blood-pressure": { category: "medical", label: "High blood pressure", safety: true },
  epilepsy: { category: "medical", label: "Epilepsy", safety: true },
  asthma: { category: "medical", label: "Asthma", safety: true },
  "bleeding-disorder": { category: "medical", label: "Bleeding disorder", safety: true },
  "joint-replacement": { category: "medical", label: "Artificial joint", safety: true },
  osteoporosis: { category: "medical", label: "Osteoporosis / bisphosphonates", safety: true },
  "infectious-disease": { category: "medical", label: "Infectious disease (HIV/hepatitis)", safety: true },
  cancer: { category: "medical", label: "Cancer treatment", safety: true },
  "recent-surgery": { category: "medical", label: "Recent surgery", safety: true },
  "thyroid-condition": { category: "medical", label: "Thyroid condition" },
  "kidney-condition": { category: "medical", label: "Kidney condition", safety: true },
  immunosuppressed: { category: "medical", label: "Immunosuppressed", safety: true },
  migraine: { category: "medical", label: "Migraines" },
  tinnitus: { category: "medical", label: "Tinnitus (avoid loud noise)" },
  "neurological-condition": {
    category: "medical",
    label: "Neurological condition (stroke, Parkinson's, MS, dementia)",
    safety: true,
  },
  coeliac: { category: "allergy", label: "Coeliac disease (gluten)", safety: true },
  anaemia: { category: "medical", label: "Anaemia / dizziness, may need to lie down", safety: true },
  medication: {
    category: "medical",
    label: "Takes regular medication (details to confirm)",
    generic: "medical",
    safety: true,
  },
  "avoid-xray": { category: "medical", label: "Avoid X-rays" },

  // Special requests
  "quiet-music": { category: "request", label: "Prefers quiet music during treatment" },
  "bring-companion": {
    category: "request",
    label: "Likes to bring someone for support",
    involvesOthers: true,
    yieldsTo: ["bring-dog"],
  },
  "extra-time": { category: "request", label: "Needs extra time" },
  "detailed-explanations": {
    category: "request",
    label: "Wants detailed explanations before procedures",
    yieldsTo: ["visual-impairment"],
  },
  "gentle-approach": {
    category: "request",
    label: "Appreciates a gentle approach",
    yieldsTo: ["light-pressure", "dental-anxiety", "fear-dental"],
  },
  "speak-clearly": { category: "request", label: "Please speak clearly", yieldsTo: ["hard-of-hearing"] },
  "ground-floor": {
    category: "request",
    label: "Needs a ground-floor room",
    yieldsTo: ["wheelchair", "mobility"],
  },
  headphones: { category: "request", label: "Would like headphones" },
  "breaks-during-treatment": {
    category: "request",
    label: "Needs short breaks during treatment",
    yieldsTo: ["prayer", "ramadan"],
  },
  "local-anaesthesia": {
    category: "request",
    label: "Requests local anaesthesia",
    yieldsTo: ["anaesthetic-allergy", "sedation"],
  },
  "stop-signal": { category: "request", label: "Wants a stop signal during treatment" },
  sedation: { category: "request", label: "Asks for sedation or laughing gas" },
  "dim-lights": { category: "request", label: "Prefers dimmed lights" },
  "cost-estimate": { category: "request", label: "Wants a cost estimate before treatment" },
  "door-open": { category: "request", label: "Prefers the door left open" },
  "warn-before": { category: "request", label: "Wants to be told before each step" },
  "bring-dog": { category: "request", label: "Brings a dog (assistance or companion)" },
  blanket: { category: "request", label: "Would like a blanket" },
  "no-talking": { category: "request", label: "Prefers little conversation during treatment" },
  "firm-pressure": { category: "request", label: "Prefers firm pressure" },
  "light-pressure": { category: "request", label: "Prefers light pressure" },

  // Cultural and religious
  "female-staff-only": { category: "cultural", label: "Prefers female-only staff" },
  "male-staff-only": { category: "cultural", label: "Prefers male-only staff" },
  ramadan: { category: "cultural", label: "Observes Ramadan, fasting during the day" },
  fasting: { category: "cultural", label: "Religious fasting", yieldsTo: ["ramadan"] },
  prayer: { category: "cultural", label: "Needs prayer breaks" },
  halal: { category: "cultural", label: "Halal requirements" },
  kosher: { category: "cultural", label: "Kosher requirements" },
  sabbath: { category: "cultural", label: "Observes the Sabbath", keepsUnderNegation: true },
  headscarf: { category: "cultural", label: "Keeps headscarf on" },
  "religious-modesty": { category: "cultural", label: "Religious or cultural modesty needs" },
  "no-blood-products": { category: "cultural", label: "Refuses blood products (religious)", safety: true },
  "keep-clothes-on": { category: "cultural", label: "Prefers to stay dressed (cultural)" },
  vegan: { category: "cultural", label: "Vegan: no animal-derived products" },
  chaperone: { category: "cultural", label: "Wants a chaperone present" },
} as const satisfies Record<string, NoteConcept>;

export type NoteConceptId = keyof typeof NOTE_CONCEPTS;

export function noteConcept(id: NoteConceptId): NoteConcept {
  return NOTE_CONCEPTS[id];
}
