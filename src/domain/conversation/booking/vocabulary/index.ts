import type { Language } from "../../../business/BusinessCatalog.ts";
import type { BookingVocabulary } from "./BookingVocabulary.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";

/** Every language the booking conversation reads. Adding one is adding a file and a line here. */
export const BOOKING_VOCABULARIES: Record<Language, BookingVocabulary> = { en, de };
export type { BookingVocabulary };
