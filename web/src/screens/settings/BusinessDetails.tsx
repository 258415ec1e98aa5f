/** The business's own name, time zone and languages: editable by owners and admins, text for the rest. */
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { api, errorText } from "../../api.ts";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Business, Language } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";

const LANGUAGES: readonly Language[] = ["de", "en"];

export function BusinessDetails() {
  const { t } = useI18n();
  const session = useSession();
  const { business } = session;
  const editable = session.can("schedule.write");
  const initial = () => ({
    name: business.name,
    timezone: business.timezone,
    languages: business.languages?.length ? business.languages : [...LANGUAGES],
  });
  const [form, setForm] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved business changes.
  useEffect(() => setForm(initial()), [business]);
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);

  if (!editable) {
    return (
      <div className="card" data-testid="business-settings">
        <h2>{t("settings.business")}</h2>
        <dl className="glance">
          <dt>{t("settings.businessName")}</dt>
          <dd data-testid="business-name">{business.name}</dd>
          <dt>{t("settings.timezone")}</dt>
          <dd data-testid="business-timezone">{business.timezone}</dd>
          <dt>{t("settings.languages")}</dt>
          <dd>{form.languages.map((language) => t(`settings.language.${language}`)).join(", ")}</dd>
        </dl>
      </div>
    );
  }

  const toggle = (language: Language, on: boolean) =>
    setForm({
      ...form,
      languages: LANGUAGES.filter((l) => (l === language ? on : form.languages.includes(l))),
    });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (form.languages.length === 0) {
      setMessage({ ok: false, text: t("settings.languagesRequired") });
      return;
    }
    setMessage(null);
    try {
      const saved = await api<{ business: Business }>(`/api/businesses/${business.id}`, {
        method: "PATCH",
        body: { name: form.name.trim(), timezone: form.timezone.trim(), languages: form.languages },
      });
      setMessage({ ok: true, text: t("settings.saved") });
      session.businessChanged(saved.business);
    } catch (error) {
      setMessage({ ok: false, text: errorText(error, t("common.networkError")) });
    }
  };

  return (
    <form className="card" onSubmit={(event) => void save(event)} data-testid="business-settings">
      <h2>{t("settings.business")}</h2>
      <p className="sub">{t("settings.businessHint")}</p>
      <div className="form-rows">
        <label>
          {t("settings.businessName")}
          <input
            data-testid="business-name"
            required
            maxLength={200}
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        </label>
        <label>
          {t("settings.timezone")}
          <input
            data-testid="business-timezone"
            required
            list="time-zones"
            value={form.timezone}
            onChange={(event) => setForm({ ...form, timezone: event.target.value })}
          />
          <datalist id="time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <fieldset className="checks">
          <legend>{t("settings.languages")}</legend>
          {LANGUAGES.map((language) => (
            <label key={language} className="check">
              <input
                type="checkbox"
                data-testid="business-language"
                data-language={language}
                checked={form.languages.includes(language)}
                onChange={(event) => toggle(language, event.target.checked)}
              />
              {t(`settings.language.${language}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <SaveNoticeLine notice={message} />
      <button type="submit" className="primary" data-testid="business-save">
        {t("common.save")}
      </button>
    </form>
  );
}
