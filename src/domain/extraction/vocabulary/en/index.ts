import type { LanguageVocabulary } from "../LanguageVocabulary.ts";
import { words } from "../words.ts";
import { basics } from "./basics.ts";
import { communication } from "./communication.ts";
import { notes } from "./notes.ts";
import { services } from "./services.ts";
import { signals } from "./signals.ts";
import { staff } from "./staff.ts";
import { times } from "./times.ts";

export const en: LanguageVocabulary = {
  code: "en",
  francCode: "eng",
  // Frequent short words, to tell languages apart in short messages.
  hints: words(`
    sorry wrong chat oops thx pls please ok okay yeah yep nope guys what's where who why which will
    would should could shall may might must been being were they them their there here from into over
    under again also only just then than too much many more most other some such very own same so can't
    won't don't didn't doesn't isn't aren't wasn't i'd i'll i've we we're you're you'll i i'm im me my
    you your the a an and is are was to of for with can thanks thank hi hello hey need have has it this
    that be not no yes what when how do does appointment prefer book time morning mornings afternoon
    evening evenings after before any really about see last next week day work it's get like love great
    good am at on in if possible best fine sure whoever free afraid scared allergic call email
  `),
  clauseBreaks: [
    "but",
    "however",
    "though",
    "although",
    "except that",
    "whereas",
    "so",
    "because",
    "since",
    "as long as",
    "and also",
    "plus",
  ],
  negators: [
    "used to",
    "no more",
    "not anymore",
    "not",
    "no",
    "never",
    "n't",
    "don't",
    "dont",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "won't",
    "can't",
    "cant",
    "cannot",
    "nothing",
    "none",
    "neither",
    "nor",
    "without",
    "no longer",
    "hardly",
    "wouldn't",
    "shouldn't",
  ],
  postNegators: ["i have none", "i don't have any", "none at all", "i have no"],
  // "i'm" must keep its apostrophe here: without it, it is the German "im" ("Mein Mann sitzt im Rollstuhl").
  firstPerson: ["i", "i\\'m", "i\\'ve", "i\\'d", "i\\'ll", "me", "myself"],
  otherPeople: [
    "my (husband|wife|partner|son|daughter|child|kid|kids|children|boy|girl|baby|mum|mom|mother|dad|father|parents?|brother|sister|grandma|grandmother|grandpa|grandfather|grandson|granddaughter|friend|boyfriend|girlfriend|fiance|fiancee|colleague|neighbou?r|aunt|uncle|niece|nephew|cousin|flatmate|roommate|client|patient|spouse|stepson|stepdaughter|toddler|teen(ager)?)('s)?",
    "for (my|our) (son|daughter|child|kid|kids|children|husband|wife|partner|mum|mom|mother|dad|father|parents?|friend|grandma|grandpa)",
    "our (son|daughter|child|kid|kids|children|baby)",
    "booking for (someone|somebody) else",
    "(someone|somebody) else",
  ],
  otherPronouns: ["he", "she", "they", "he's", "she's", "they're", "his", "her", "their", "him", "them"],
  times,
  staff,
  notes,
  communication,
  services,
  signals,
  basics,
  sentiment: {
    gentle: 2,
    patient: 1,
    kind: 2,
    helpful: 2,
    relaxing: 2,
    thanks: 2,
    painful: -2,
    hurts: -2,
    worried: -2,
    nervous: -2,
    rude: -3,
  },
};
