/**
 * The panel's two languages: the tables are data (`en.ts`, `de.ts`, one key set), the choice is the
 * user's (kept in this browser) or else the browser's language. `{name}` in a text is filled from `vars`.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Language } from "../types.ts";
import { de } from "./de.ts";
import { en, type MessageKey } from "./en.ts";

export type { MessageKey };
export const LANGUAGES: readonly Language[] = ["en", "de"];
const TABLES: Record<Language, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = "rapport.language";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** The BCP 47 locale for dates and numbers. */
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "de") return stored;
  const browser = (navigator.languages?.[0] ?? navigator.language ?? "en").toLowerCase();
  return browser.startsWith("de") ? "de" : "en";
}

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>) {
  // A key built from data the tables do not know ("field.something_new") shows its last part.
  const text = TABLES[language][key] ?? en[key] ?? key.slice(key.indexOf(".") + 1);
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      locale: language === "de" ? "de-CH" : "en-GB",
    }),
    [language, setLanguage],
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
