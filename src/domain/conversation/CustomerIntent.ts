/**
 * What a customer asks of the bot itself, beyond the facts the extractor hears: "what do you know
 * about me?", "delete my data", a yes or no to the bot's question, thanks. Patterns per language, as
 * data; every language's patterns are tried (customers switch languages mid-conversation).
 */
import type { Language } from "../business/BusinessCatalog.ts";

export type CustomerIntent =
  | "ask_profile"
  | "forget_all"
  | "forget_notes"
  | "stop_marketing"
  | "yes"
  | "no"
  | "thanks";

type IntentPatterns = Record<CustomerIntent, RegExp[]>;

const en: IntentPatterns = {
  ask_profile: [
    /\bwhat (do|did) you (know|have|remember|keep|store)( (noted|saved|stored|on file))? (about|on|of) me\b/,
    /\bwhat (information|info|data|details) (do|did) you (have|keep|store|hold)\b/,
    /\bwhat have you (noted|saved|stored|written down)\b/,
    /\bwhat do you know\b/,
  ],
  forget_all: [
    /\b(delete|remove|erase|forget|wipe)\b.{0,20}\b(all|everything|my data|my profile|my details|my information|what you know)\b/,
    /\bforget (about )?me\b/,
  ],
  forget_notes: [/\b(delete|remove|erase|forget)\b.{0,20}\b(notes?|allerg\w*|fears?|health)\b/],
  stop_marketing: [
    /^(stop|unsubscribe|opt out)[.!]*$/,
    /\b(stop|no more) (sending me )?(marketing|offers|promotions|advertising|newsletters?|ads)\b/,
    /\b(unsubscribe|opt out) (me )?from\b/,
  ],
  yes: [
    /^(yes|yeah|yep|yup|sure|ok|okay|please do|please change it|correct|that's right|right)\b/,
    /^(sounds good|perfect|great|fine|alright|all right|go ahead|book it|that works|works for me|deal)\b(?!,? (but|except|thanks|thank you|cheers))/,
  ],
  no: [/^(no|nope|no thanks|keep it|leave it|don't|rather not|not really|better not)\b/],
  thanks: [/^(thanks|thank you|thx|cheers|great,? thanks)\b/],
};

const de: IntentPatterns = {
  ask_profile: [
    /\bwas (wissen|weisst|wisst|haben|habt|hast) (sie|du|ihr) (alles )?(uber|von) mir\b/,
    /\bwas (wissen|weisst|wisst) (sie|du|ihr) (alles )?uber mich\b/,
    /\bwelche (daten|informationen|infos|angaben) (haben|habt|hast|speichern|speichert) (sie|ihr|du)\b/,
    /\bwas (haben|habt|hast) (sie|ihr|du) (uber mich )?(notiert|gespeichert)\b/,
  ],
  forget_all: [
    /\b(losch\w*|entfern\w*|vergess\w*|vergiss)\b.{0,25}\b(alles|alle (meine )?daten|meine daten|mein profil|meine angaben)\b/,
    /\b(vergessen sie|vergiss|vergesst) mich\b/,
  ],
  forget_notes: [
    /\b(losch\w*|entfern\w*|vergess\w*|vergiss)\b.{0,25}\b(notiz\w*|hinweis\w*|allergie\w*|angst)\b/,
  ],
  stop_marketing: [
    /^(stopp?|abmelden)[.!]*$/,
    /\bkeine (werbung|werbenachrichten|angebote|newsletter|aktionen)\b/,
    /\b(abmelden|austragen) (vom|von|aus) (newsletter|werbung|marketing)\b/,
  ],
  yes: [
    /^(ja|jawohl|jo|gerne|gern|genau|stimmt|bitte andern|ja bitte|ok|okay|klar)\b/,
    // "passt", "passt mir", "in Ordnung", "einverstanden"; "passt nicht" is a no.
    /^(passt|geht|perfekt|super|einverstanden|in ordnung|abgemacht|sehr gut|gut so|machen wir so)\b(?!,? (mir |uns |leider |es )*(nicht|schlecht|gar nicht|nie|danke|merci|vielen dank))/,
  ],
  no: [
    /^(nein|nei|lieber nicht|nicht andern|bitte nicht|nein danke|eher nicht|besser nicht|doch nicht)\b/,
    /^(passt|geht) (mir |uns |leider |es )*(nicht|schlecht|gar nicht)\b/,
  ],
  thanks: [/^(danke|merci|vielen dank|besten dank|herzlichen dank)\b/],
};

export const INTENT_PATTERNS: Record<Language, IntentPatterns> = { en, de };

/** Lower case, umlauts and ß folded ("löschen" = "loeschen" = "loschen"), so patterns stay simple. */
export function foldForIntent(text: string): string {
  return text
    .toLowerCase()
    .replace(/ae/g, "a")
    .replace(/oe/g, "o")
    .replace(/ue/g, "u")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’']/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** Checked in this order: a request to delete outranks a question, both outrank a yes or no. */
const ORDER: CustomerIntent[] = [
  "forget_notes",
  "forget_all",
  "stop_marketing",
  "ask_profile",
  "yes",
  "no",
  "thanks",
];

/** Yes, no and thanks only count in a short message: "yes, and I'm afraid of needles" is more than a yes. */
const SHORT_ONLY: ReadonlySet<CustomerIntent> = new Set(["yes", "no", "thanks"]);
const SHORT_MESSAGE = 40;

export function recogniseIntent(text: string): CustomerIntent | null {
  const folded = foldForIntent(text);
  for (const intent of ORDER) {
    if (SHORT_ONLY.has(intent) && folded.length > SHORT_MESSAGE) continue;
    for (const patterns of Object.values(INTENT_PATTERNS)) {
      if (patterns[intent].some((pattern) => pattern.test(folded))) return intent;
    }
  }
  return null;
}
