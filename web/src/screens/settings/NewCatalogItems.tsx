/** Forms that add a staff member or a service (POST …/staff, …/services); the server derives the key. */
import { type FormEvent, useState } from "react";
import { api, errorText } from "../../api.ts";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";

/** Posts to the business's `kind` collection; the message to show afterwards. */
function useCreate(kind: "staff" | "services", onSaved: () => void, done: string) {
  const { t } = useI18n();
  const session = useSession();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const create = async (body: Record<string, unknown>): Promise<boolean> => {
    setMessage(null);
    try {
      await api(`/api/businesses/${session.business.id}/${kind}`, { method: "POST", body });
      setMessage({ ok: true, text: done });
      onSaved();
      return true;
    } catch (error) {
      setMessage({ ok: false, text: errorText(error, t("common.networkError")) });
      return false;
    }
  };
  const note = message && <p className={`notice ${message.ok ? "ok" : "error"}`}>{message.text}</p>;
  return { create, note };
}

export function NewStaffForm({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { create, note } = useCreate("staff", onSaved, t("settings.staffAdded"));
  const empty = { name: "", role: "", gender: "" };
  const [form, setForm] = useState(empty);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const added = await create({
      name: form.name.trim(),
      role: form.role.trim(),
      ...(form.gender && { gender: form.gender }),
    });
    if (added) setForm(empty);
  };
  return (
    <>
      <form className="inline-form wrap" onSubmit={(event) => void submit(event)} data-testid="add-staff">
        <input
          required
          maxLength={200}
          data-testid="add-staff-name"
          placeholder={t("settings.name")}
          value={form.name}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <input
          required
          maxLength={200}
          data-testid="add-staff-role"
          placeholder={t("settings.role")}
          value={form.role}
          onChange={(event) => setForm({ ...form, role: event.target.value })}
        />
        <select
          aria-label={t("settings.gender")}
          value={form.gender}
          onChange={(event) => setForm({ ...form, gender: event.target.value })}
        >
          <option value="">—</option>
          <option value="female">{t("settings.female")}</option>
          <option value="male">{t("settings.male")}</option>
        </select>
        <button type="submit" className="primary" data-testid="add-staff-submit">
          {t("settings.addStaff")}
        </button>
      </form>
      {note}
    </>
  );
}

export function NewServiceForm({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { create, note } = useCreate("services", onSaved, t("settings.serviceAdded"));
  const empty = { de: "", en: "", minutes: "30" };
  const [form, setForm] = useState(empty);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const de = form.de.trim();
    const en = form.en.trim();
    const added = await create({
      name: en || de,
      names: { ...(de && { de }), ...(en && { en }) },
      minutes: Number(form.minutes),
    });
    if (added) setForm(empty);
  };
  return (
    <>
      <form className="inline-form wrap" onSubmit={(event) => void submit(event)} data-testid="add-service">
        <input
          required
          maxLength={200}
          data-testid="add-service-name-de"
          placeholder={t("settings.nameDe")}
          value={form.de}
          onChange={(event) => setForm({ ...form, de: event.target.value })}
        />
        <input
          required
          maxLength={200}
          data-testid="add-service-name-en"
          placeholder={t("settings.nameEn")}
          value={form.en}
          onChange={(event) => setForm({ ...form, en: event.target.value })}
        />
        <input
          type="number"
          required
          min={5}
          max={600}
          className="minutes-input"
          data-testid="add-service-minutes"
          aria-label={t("settings.minutes")}
          value={form.minutes}
          onChange={(event) => setForm({ ...form, minutes: event.target.value })}
        />
        <button type="submit" className="primary" data-testid="add-service-submit">
          {t("settings.addService")}
        </button>
      </form>
      {note}
    </>
  );
}
