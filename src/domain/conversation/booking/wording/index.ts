import type { Language } from "../../../business/BusinessCatalog.ts";
import type { BookingPhrases } from "./BookingPhrases.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";

export const BOOKING_PHRASES: Record<Language, BookingPhrases> = { en, de };
export type { BookingPhrases };
