/**
 * "Add to the profile": what the team learned at the desk or on the phone ("latex allergy", "prefers
 * Dr. Weber", "only Tuesdays") goes into the same profile as what the bot heard, marked as entered by
 * staff (POST /api/contacts/:id/facts). The server applies the profile rules and recognises a typed
 * note's concept, so "Latex allergy" gets the same alert and action as the customer's own words.
 * Health notes are offered only to roles that may write them.
 */
import { type FormEvent, useState } from "react";
import { CHANNELS, DAY_PARTS, WEEKDAYS } from "../../../src/domain/extraction/types.ts";
import { api, errorText } from "../api.ts";
import type { Catalog } from "../catalog.ts";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";

const KINDS = [
  "special_notes",
  "preferred_staff_member",
  "preferred_appointment_times",
  "preferred_services",
  "communication_preferences",
  "email",
  "phone",
  "name",
  "language",
] as const;
type Kind = (typeof KINDS)[number];
const HEALTH = ["allergy", "medical", "fear", "limitation"] as const;
const OTHER_NOTES = ["request", "cultural"] as const;

interface Draft {
  kind: Kind;
  text: string;
  category: string;
  staffId: string;
  serviceId: string;
  days: string[];
  part: string;
  channel: string;
  style: string;
  language: string;
}

/** The request body for a draft; null while something it needs is missing. */
function entryOf(draft: Draft): Record<string, unknown> | null {
  const text = draft.text.trim();
  const withText = (body: Record<string, unknown>) => (text ? { ...body, text } : body);
  switch (draft.kind) {
    case "special_notes":
      return text ? { field: draft.kind, value: { category: draft.category }, text } : null;
    case "preferred_staff_member":
      return draft.staffId
        ? withText({
            field: draft.kind,
            value: { staffId: draft.staffId, name: null, gender: null, none: false },
          })
        : null;
    case "preferred_services":
      return draft.serviceId
        ? withText({ field: draft.kind, value: { serviceIds: [draft.serviceId], interest: "requested" } })
        : null;
    case "preferred_appointment_times":
      if (draft.days.length === 0 && !draft.part) return null;
      return withText({
        field: draft.kind,
        value: {
          days: WEEKDAYS.filter((day) => draft.days.includes(day)),
          not_days: [],
          parts: draft.part ? [draft.part] : [],
          not_parts: [],
          after: null,
          before: null,
          flexible: false,
        },
      });
    case "communication_preferences":
      return withText({
        field: draft.kind,
        value: { channels: [draft.channel], avoid: [], style: draft.style || null, written: false },
      });
    case "language":
      return { field: draft.kind, value: draft.language, text: draft.language };
    case "email":
    case "phone":
    case "name":
      return text ? { field: draft.kind, text } : null;
  }
}

export function AddToProfile(props: { contactId: string; catalog: Catalog; onAdded(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const categories = [...(session.can("health.edit") ? HEALTH : []), ...OTHER_NOTES];
  const empty: Draft = {
    kind: "special_notes",
    text: "",
    category: categories[0] ?? "request",
    staffId: "",
    serviceId: "",
    days: [],
    part: "",
    channel: "whatsapp",
    style: "",
    language: "de",
  };
  const [draft, setDraft] = useState<Draft>(empty);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const entry = entryOf(draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!entry) return;
    setBusy(true);
    setNotice(null);
    try {
      const answer = await api<{ outcome: string }>(`/api/contacts/${props.contactId}/facts`, {
        method: "POST",
        body: entry,
      });
      setNotice({ error: false, text: t(answer.outcome === "confirmed" ? "add.confirmed" : "add.added") });
      setDraft({ ...empty, kind: draft.kind, category: draft.category });
      props.onAdded();
    } catch (caught) {
      setNotice({
        error: true,
        text: errorText(caught, t("common.networkError")),
      });
    } finally {
      setBusy(false);
    }
  };

  const textLabel =
    draft.kind === "special_notes" ||
    draft.kind === "name" ||
    draft.kind === "email" ||
    draft.kind === "phone"
      ? t("add.text")
      : t("add.textOptional");
  return (
    <div className="card" data-testid="add-to-profile">
      <h2>{t("add.title")}</h2>
      <p className="sub">{t("add.hint")}</p>
      <form className="inline-form wrap" onSubmit={submit}>
        <Choice
          label={t("add.field")}
          testId="add-field"
          value={draft.kind}
          onChange={(kind) => set({ kind: kind as Kind, text: "" })}
          options={KINDS.map((kind): Option => [kind, t(`field.${kind}` as MessageKey)])}
        />
        {draft.kind === "special_notes" && (
          <Choice
            label={t("add.category")}
            testId="add-category"
            value={draft.category}
            onChange={(category) => set({ category })}
            options={categories.map((category) => [category, t(`note.${category}` as MessageKey)])}
          />
        )}
        {draft.kind === "preferred_staff_member" && (
          <Choice
            label={t("add.staff")}
            testId="add-staff"
            value={draft.staffId}
            onChange={(staffId) => set({ staffId })}
            options={[["", t("add.choose")], ...props.catalog.staff.map((m): Option => [m.id, m.name])]}
          />
        )}
        {draft.kind === "preferred_services" && (
          <Choice
            label={t("add.service")}
            testId="add-service"
            value={draft.serviceId}
            onChange={(serviceId) => set({ serviceId })}
            options={[
              ["", t("add.choose")],
              ...props.catalog.services.map((s): Option => [s.id, props.catalog.serviceName(s.id)]),
            ]}
          />
        )}
        {draft.kind === "preferred_appointment_times" && (
          <>
            <fieldset className="days" aria-label={t("add.days")}>
              {WEEKDAYS.map((day) => (
                <label key={day} className="inline">
                  <input
                    type="checkbox"
                    data-testid={`add-day-${day}`}
                    checked={draft.days.includes(day)}
                    onChange={(event) =>
                      set({
                        days: event.target.checked
                          ? [...draft.days, day]
                          : draft.days.filter((d) => d !== day),
                      })
                    }
                  />
                  {t(`day.${day}` as MessageKey).slice(0, 2)}
                </label>
              ))}
            </fieldset>
            <Choice
              label={t("add.part")}
              value={draft.part}
              onChange={(part) => set({ part })}
              options={[
                ["", t("add.anyPart")],
                ...DAY_PARTS.map((p): Option => [p, t(`part.${p}` as MessageKey)]),
              ]}
            />
          </>
        )}
        {draft.kind === "communication_preferences" && (
          <>
            <Choice
              label={t("add.channel")}
              value={draft.channel}
              onChange={(channel) => set({ channel })}
              options={CHANNELS.map((c): Option => [c, t(`channel.${c}` as MessageKey)])}
            />
            <Choice
              label={t("add.style")}
              value={draft.style}
              onChange={(style) => set({ style })}
              options={[
                ["", t("add.style.any")],
                ["brief", t("add.style.brief")],
                ["detailed", t("add.style.detailed")],
              ]}
            />
          </>
        )}
        {draft.kind === "language" ? (
          <Choice
            label={t("field.language")}
            value={draft.language}
            onChange={(language) => set({ language })}
            options={[
              ["de", "Deutsch"],
              ["en", "English"],
            ]}
          />
        ) : (
          <input
            aria-label={textLabel}
            placeholder={textLabel}
            data-testid="add-text"
            value={draft.text}
            maxLength={500}
            onChange={(event) => set({ text: event.target.value })}
          />
        )}
        <button type="submit" className="primary" data-testid="add-submit" disabled={busy || !entry}>
          {t("add.submit")}
        </button>
      </form>
      {notice && (
        <p className={notice.error ? "notice error" : "notice"} role={notice.error ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
    </div>
  );
}

type Option = [value: string, label: string];

/** One labelled drop-down of the form. */
function Choice(props: {
  label: string;
  testId?: string;
  value: string;
  onChange(value: string): void;
  options: readonly Option[];
}) {
  return (
    <select
      aria-label={props.label}
      data-testid={props.testId}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    >
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}
