/**
 * Each staff member's working plan: the days they work, from/until when (within opening hours),
 * their breaks and the services they perform. Saved into `staffHours` through PUT …/schedule.
 *
 * A plan written with explicit hours per day (`hours`, e.g. in demo/practice.json) is shown as it
 * is and kept on save; "switch to days and times" turns it into the days/from/until shorthand,
 * which is what this editor writes.
 */
import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Language, Schedule, Service, StaffMember, StaffPlan, Weekday } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";
import { DAYS, parseSpans, spansText } from "./scheduleEditing.ts";
import { useScheduleSave } from "./useScheduleSave.ts";

const serviceName = (service: Service, language: Language) => service.names?.[language] ?? service.name;

export function StaffPlans({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t } = useI18n();
  return (
    <div className="card wide" data-testid="staff-plans">
      <h2>{t("settings.plans")}</h2>
      <p className="sub">{t("settings.plansHint")}</p>
      <div className="plans">
        {schedule.staff.map((member) => (
          <PlanEditor key={member.id} member={member} schedule={schedule} onSaved={onSaved} />
        ))}
      </div>
    </div>
  );
}

interface PlanForm {
  /** Explicit hours per day are kept as they are until switched to days and times. */
  explicit: StaffPlan["hours"] | null;
  days: Weekday[];
  from: string;
  to: string;
  breaks: string;
  services: string[];
}

function formOf(plan: StaffPlan | undefined): PlanForm {
  const explicit = plan?.hours && Object.keys(plan.hours).length > 0 ? plan.hours : null;
  return {
    explicit,
    days: plan?.days ?? [],
    from: plan?.from ?? "",
    to: plan?.to ?? "",
    breaks: spansText(plan?.breaks),
    services: plan?.services ?? [],
  };
}

/** Hours per day as days and one span: the days listed, from the earliest start to the latest end. */
function asDaysAndTimes(form: PlanForm): PlanForm {
  const hours = form.explicit ?? {};
  const days = DAYS.filter((day) => (hours[day]?.length ?? 0) > 0);
  const spans = days.flatMap((day) => hours[day] ?? []);
  const starts = spans.map(([start]) => start).sort();
  const ends = spans.map(([, end]) => end).sort();
  return { ...form, explicit: null, days, from: starts[0] ?? "", to: ends.at(-1) ?? "" };
}

function PlanEditor(props: { member: StaffMember; schedule: Schedule; onSaved(): void }) {
  const { member, schedule } = props;
  const { t, language } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const plan = schedule.settings.staffHours[member.id];
  const [form, setForm] = useState(() => formOf(plan));
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, props.onSaved);
  const planText = JSON.stringify(plan ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved plan changes.
  useEffect(() => setForm(formOf(plan)), [planText]);

  const toggle = <T extends string>(list: readonly T[], value: T, on: boolean, order: readonly T[]) =>
    order.filter((item) => (item === value ? on : list.includes(item)));
  const fail = (key: "settings.breaksInvalid" | "settings.fromAfterTo") =>
    setMessage({ ok: false, text: t(key, { name: member.name }) });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const breaks = parseSpans(form.breaks);
    if (!breaks) return fail("settings.breaksInvalid");
    if (form.from && form.to && form.from >= form.to) return fail("settings.fromAfterTo");
    // A service no longer offered would make the server refuse the whole schedule.
    const services = form.services.filter((id) => schedule.services.some((service) => service.id === id));
    const entry: StaffPlan = form.explicit
      ? { ...plan, hours: form.explicit, breaks, services }
      : {
          days: form.days,
          ...(form.from && { from: form.from }),
          ...(form.to && { to: form.to }),
          breaks,
          services,
        };
    await saveChange({
      staffHours: { ...schedule.settings.staffHours, [member.id]: entry },
    });
  };

  const bookable = (form.explicit || form.days.length > 0) && form.services.length > 0;
  return (
    <form
      className="plan"
      data-testid="staff-plan"
      data-staff={member.id}
      onSubmit={(event) => void save(event)}
    >
      <h3>{member.name}</h3>
      {form.explicit ? (
        <div className="plan-explicit">
          <span className="plan-label">{t("settings.explicitHours")}</span>
          <ul className="plain" data-testid="plan-hours">
            {DAYS.filter((day) => form.explicit?.[day]?.length).map((day) => (
              <li key={day}>
                {t(`day.${day}`)}: {spansText(form.explicit?.[day])}
              </li>
            ))}
          </ul>
          {editable && (
            <button
              type="button"
              className="link"
              title={t("settings.useDaysHint")}
              onClick={() => setForm(asDaysAndTimes(form))}
            >
              {t("settings.useDays")}
            </button>
          )}
        </div>
      ) : (
        <>
          <fieldset className="checks">
            <legend>{t("settings.days")}</legend>
            {DAYS.map((day) => (
              <label key={day} className="check">
                <input
                  type="checkbox"
                  data-testid="plan-day"
                  data-day={day}
                  disabled={!editable}
                  checked={form.days.includes(day)}
                  onChange={(event) =>
                    setForm({ ...form, days: toggle(form.days, day, event.target.checked, DAYS) })
                  }
                />
                {t(`day.${day}`)}
              </label>
            ))}
          </fieldset>
          <div className="plan-row">
            <label>
              {t("settings.from")}
              <input
                type="time"
                data-testid="plan-from"
                disabled={!editable}
                value={form.from}
                onChange={(event) => setForm({ ...form, from: event.target.value })}
              />
            </label>
            <label>
              {t("settings.to")}
              <input
                type="time"
                data-testid="plan-to"
                disabled={!editable}
                value={form.to}
                onChange={(event) => setForm({ ...form, to: event.target.value })}
              />
            </label>
            <span className="muted">{t("settings.fromToHint")}</span>
          </div>
        </>
      )}
      <div className="plan-row">
        <label>
          {t("settings.breaks")}
          <input
            data-testid="plan-breaks"
            disabled={!editable}
            placeholder={t("settings.breaksPlaceholder")}
            value={form.breaks}
            onChange={(event) => setForm({ ...form, breaks: event.target.value })}
          />
        </label>
      </div>
      <fieldset className="checks">
        <legend>{t("settings.performs")}</legend>
        {schedule.services.map((service) => (
          <label key={service.id} className="check">
            <input
              type="checkbox"
              data-testid="plan-service"
              data-service={service.id}
              disabled={!editable}
              checked={form.services.includes(service.id)}
              onChange={(event) =>
                setForm({
                  ...form,
                  services: toggle(
                    form.services,
                    service.id,
                    event.target.checked,
                    schedule.services.map((s) => s.id),
                  ),
                })
              }
            />
            {serviceName(service, language)}
          </label>
        ))}
      </fieldset>
      {!bookable && <p className="muted">{t("settings.notBookable")}</p>}
      <SaveNoticeLine notice={message} onReload={props.onSaved} />
      {editable && (
        <button type="submit" className="primary" data-testid="plan-save">
          {t("settings.savePlan")}
        </button>
      )}
    </form>
  );
}
