/**
 * Rapport's listening: one customer message in, profile facts and signals out.
 * Pure and deterministic: no I/O, no clock, no network. Every fact carries the customer's own
 * words as evidence; what becomes part of the profile is decided by the profile rules.
 */
import type { BusinessCatalog, Language } from "../business/BusinessCatalog.ts";
import { businessTerms } from "./BusinessTerms.ts";
import { extractEmail, extractName, extractPhone } from "./fields/basics.ts";
import { extractCommunicationPreference } from "./fields/communicationPreference.ts";
import { detectLanguage } from "./fields/language.ts";
import { sentimentScore } from "./fields/sentiment.ts";
import { extractServicePreferences } from "./fields/servicePreference.ts";
import { hasDeclined, isCorrection, isUrgent, soundsAnxious } from "./fields/signals.ts";
import { extractSpecialNotes, isAnxiousNote } from "./fields/specialNotes.ts";
import { extractStaffPreference } from "./fields/staffPreference.ts";
import { extractTimePreference } from "./fields/timePreference.ts";
import { MessageText } from "./text/MessageText.ts";
import type { ExtractedFact, Extraction } from "./types.ts";

export interface ExtractionContext {
  business: BusinessCatalog;
  /** The message's language when the channel already knows it. */
  language?: Language;
}

/** Longer messages are cut: nobody tells a booking assistant their history in 10,000 characters. */
export const MAX_MESSAGE_LENGTH = 4096;

export function extractFacts(text: string, context: ExtractionContext): Extraction {
  const msg = new MessageText(text.length > MAX_MESSAGE_LENGTH ? text.slice(0, MAX_MESSAGE_LENGTH) : text);
  const terms = businessTerms(context.business);
  const businessHits = terms.index.scan(msg.folded, msg.words);
  const language = context.language ?? detectLanguage(msg.words, msg.folded, context.business.languages);

  const names = extractName(msg);
  const notes = extractSpecialNotes(msg);
  const facts = ([] as ExtractedFact[]).concat(
    names,
    extractEmail(msg),
    extractPhone(msg, context.business.country),
    extractStaffPreference(msg, businessHits, context.business, names[0]?.evidence),
    extractTimePreference(msg),
    notes,
    extractCommunicationPreference(msg),
    extractServicePreferences(msg, businessHits, terms, context.business, notes),
  );

  return {
    facts,
    signals: {
      language,
      urgent: isUrgent(msg),
      anxious: notes.some(isAnxiousNote) || soundsAnxious(msg),
      declined: hasDeclined(msg),
      sentiment: sentimentScore(msg.words, msg.raw, language),
      correction: isCorrection(msg),
    },
  };
}
