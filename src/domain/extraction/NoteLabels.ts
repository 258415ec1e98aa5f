/**
 * How a special note reads in each language Rapport reads: the label of its concept, from that
 * language's vocabulary. The stored note text is English (the extractor writes the English label
 * and the customer's word); whoever shows a note to a reader of another language shows the label.
 */
import type { NoteConceptId } from "./concepts.ts";
import type { Language } from "./types.ts";
import { VOCABULARIES } from "./vocabulary/index.ts";

/** The label of a concept in a language; null for a note without a concept or an unknown one. */
export function noteLabel(concept: string | null, language: Language): string | null {
  if (concept === null) return null;
  const labels = VOCABULARIES.find((vocabulary) => vocabulary.code === language)?.notes.labels;
  return labels && Object.hasOwn(labels, concept) ? labels[concept as NoteConceptId] : null;
}

/** The label in every language, for readers who choose their language themselves (the admin panel). */
export function noteLabels(concept: string | null): Record<Language, string> | null {
  if (concept === null) return null;
  const entries = VOCABULARIES.map((vocabulary) => [vocabulary.code, noteLabel(concept, vocabulary.code)]);
  if (entries.some(([, label]) => label === null)) return null;
  return Object.fromEntries(entries) as Record<Language, string>;
}

/** A note as a reader of `language` sees it: its concept's label, or its own text when it has none. */
export function noteText(note: { concept: string | null; text: string }, language: Language): string {
  return noteLabel(note.concept, language) ?? note.text;
}
