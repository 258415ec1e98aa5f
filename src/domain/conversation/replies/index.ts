import type { Language } from "../../business/BusinessCatalog.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";
import type { ReplyPhrases } from "./ReplyPhrases.ts";

export const REPLY_PHRASES: Record<Language, ReplyPhrases> = { en, de };
export type { ReplyPhrases };
