/** The panel's language, chosen from the header or the login screen. */
import { LANGUAGES, useI18n } from "../i18n/index.tsx";

export function LanguageSwitcher({ testId }: { testId?: string }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <select
      aria-label={t("layout.language")}
      data-testid={testId}
      value={language}
      onChange={(event) => setLanguage(event.target.value === "de" ? "de" : "en")}
    >
      {LANGUAGES.map((code) => (
        <option key={code} value={code}>
          {code === "de" ? "Deutsch" : "English"}
        </option>
      ))}
    </select>
  );
}
