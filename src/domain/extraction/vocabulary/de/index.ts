import type { LanguageVocabulary } from "../LanguageVocabulary.ts";
import { words } from "../words.ts";
import { basics } from "./basics.ts";
import { communication } from "./communication.ts";
import { notes } from "./notes.ts";
import { services } from "./services.ts";
import { signals } from "./signals.ts";
import { staff } from "./staff.ts";
import { times } from "./times.ts";

export const de: LanguageVocabulary = {
  code: "de",
  francCode: "deu",
  // Frequent short words, to tell languages apart in short messages.
  hints: words(`
    in wohne nummer heisse heiße übrigens jeweils gerade bald hier dort heute morgen gestern ihr euch
    uns unser dann denn weil wenn als wie so nur sehr viel viele mehr gut schön bitte entschuldigung
    sorry falsch tschau ciao adieu grüessech merci vielmal gäll nöd nid isch öppis chan ich bin mein
    meine meinen mir mich sie ihnen du dir der die das den dem ein eine einen und ist sind war zu für
    mit bei danke hallo grüezi guten tag habe hätte brauche bräuchte kann könnte möchte nicht kein keine
    ja nein was wann termin wieder lieber am um uhr nach vor bis auch noch schon gerne gern wer egal es
    wir auf vom zum zur im morgens vormittags nachmittags abends liebsten besten passt geht angst
    allergisch leider mal doch oder aber dass wäre würde tschüss grüsse lg
  `),
  clauseBreaks: [
    "aber",
    "jedoch",
    "allerdings",
    "sondern",
    "obwohl",
    "weil",
    "da ich",
    "deshalb",
    "deswegen",
    "daher",
    "also",
    "und zwar",
  ],
  negators: [
    "früher",
    "nicht mehr",
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "nie",
    "niemals",
    "nichts",
    "ohne",
    "weder",
    "noch nie",
    "gar nicht",
    "überhaupt nicht",
    "nicht mehr",
  ],
  postNegators: [
    "(habe|hab|hat|haben|hätte) (ich |er |sie |wir )?(überhaupt |gar )?(keine|kein|keinen|nicht)",
    "gibt es (keine|nicht)",
  ],
  firstPerson: ["ich", "mir", "mich", "ich bin", "ich habe"],
  otherPeople: [
    "(mein|meine|meinen|meinem|meiner|unser|unsere|unseren|unserem) (mann|ehemann|frau|ehefrau|partner|partnerin|sohn|tochter|kind|kinder|kleine|kleiner|baby|mutter|mama|mami|vater|papa|eltern|bruder|schwester|oma|opa|grossmutter|grossvater|enkel|enkelin|freund|freundin|verlobte|verlobter|kollege|kollegin|nachbar|nachbarin|tante|onkel|nichte|neffe|cousin|cousine|mitbewohner|mitbewohnerin|patient|patientin)(s)?",
    "für (meinen|meine|mein|unseren|unsere|unser) (mann|frau|sohn|tochter|kind|kinder|mutter|vater|partner|partnerin|freund|freundin)",
    "(jemand|jemanden) anderes",
  ],
  otherPronouns: [
    "er",
    "sie",
    "ihm",
    "ihr",
    "sein",
    "seine",
    "ihre",
    "er ist",
    "sie ist",
    "er hat",
    "sie hat",
  ],
  times,
  staff,
  notes,
  communication,
  services,
  signals,
  basics,
  sentiment: {
    danke: 2,
    merci: 2,
    toll: 3,
    super: 3,
    prima: 3,
    lieb: 2,
    nett: 2,
    sanft: 2,
    einfühlsam: 2,
    angenehm: 2,
    zufrieden: 2,
    schmerzen: -2,
    weh: -2,
    angst: -2,
    panik: -3,
    nervös: -2,
    schlimm: -2,
    mühsam: -1,
  },
};
