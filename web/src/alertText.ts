/** How an alert's note reads in the panel's language. */
import type { Alert, Language } from "./types.ts";

/** The concept's label in the panel's language ("Latexallergie"); the note's own text without one. */
export function alertText(alert: Alert, language: Language): string {
  return alert.labels?.[language] ?? alert.text;
}
