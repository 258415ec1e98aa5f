import { de } from "./de/index.ts";
import { en } from "./en/index.ts";
import type { LanguageVocabulary } from "./LanguageVocabulary.ts";

/** Every language Rapport reads. Adding one is adding a folder and a line here. */
export const VOCABULARIES: readonly LanguageVocabulary[] = [en, de];
