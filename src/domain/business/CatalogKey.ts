/**
 * The stable id of a staff member or service ("nina", "deep-tissue"): what profiles, plans and
 * buffers refer to, so it never changes when the display name does. Derived once from the name.
 */

/** Lower-case words of a–z and digits joined by single hyphens. */
export const CATALOG_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const GERMAN_LETTERS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * "Dr. Jürg Müller" → "dr-juerg-mueller", "Massage (60')" → "massage-60". Empty when the name
 * has no letter or digit of the Latin alphabet; the caller then asks for a key.
 */
export function catalogKeyFrom(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => GERMAN_LETTERS[letter] ?? letter)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}
