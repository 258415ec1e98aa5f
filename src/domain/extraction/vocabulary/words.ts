/** A word list written as plain text, one or more words a line (duplicates dropped). */
export function words(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter(Boolean))];
}
