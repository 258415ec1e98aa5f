/**
 * Days the whole practice is closed (public holidays, practice holidays), saved into `closedDates`
 * through PUT …/schedule: the bot offers no slot on them. A range is stored as its days; past days
 * stay stored but are not listed.
 */
import { type FormEvent, useState } from "react";
import { formatLongDay, localDateOf } from "../../format.ts";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Schedule } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";
import { daysFromTo } from "./scheduleEditing.ts";
import { useScheduleSave } from "./useScheduleSave.ts";

/** A longer range is more likely a typo in the year than a holiday. */
const MAX_RANGE_DAYS = 366;

export function ClosedDates({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const today = localDateOf(session.business.timezone, new Date());
  const stored = schedule.settings.closedDates ?? [];
  const upcoming = [...new Set(stored)].filter((date) => date >= today).sort();
  const [form, setForm] = useState({ from: "", to: "" });
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, onSaved);

  const save = (closedDates: string[]) => saveChange({ closedDates });
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const days = daysFromTo(form.from, form.to || form.from);
    if (days.length === 0 || days.length > MAX_RANGE_DAYS) {
      setMessage({ ok: false, text: t("settings.closedRangeInvalid", { max: MAX_RANGE_DAYS }) });
      return;
    }
    if (await save([...new Set([...stored, ...days])].sort())) setForm({ from: "", to: "" });
  };
  const remove = (date: string) => void save(stored.filter((day) => day !== date));

  return (
    <div className="card" data-testid="closed-dates">
      <h2>{t("settings.closedDates")}</h2>
      <p className="sub">{t("settings.closedDatesHint")}</p>
      {upcoming.length === 0 ? (
        <p className="muted">{t("settings.noClosedDates")}</p>
      ) : (
        <ul className="plain closed-dates">
          {upcoming.map((date) => (
            <li key={date} data-testid="closed-date" data-date={date}>
              <span>{formatLongDay(session.clock, date)}</span>
              {editable && (
                <button
                  type="button"
                  className="danger"
                  data-testid="closed-date-remove"
                  onClick={() => remove(date)}
                >
                  {t("settings.removeClosedDate")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="plan-row" onSubmit={(event) => void add(event)} data-testid="add-closed-date">
          <label>
            {t("settings.closedFrom")}
            <input
              type="date"
              data-testid="closed-date-from"
              value={form.from}
              min={today}
              onChange={(event) => setForm({ ...form, from: event.target.value })}
              required
            />
          </label>
          <label>
            {t("settings.closedTo")}
            <input
              type="date"
              data-testid="closed-date-to"
              value={form.to}
              min={form.from || today}
              onChange={(event) => setForm({ ...form, to: event.target.value })}
            />
          </label>
          <button type="submit" className="primary" data-testid="closed-date-submit">
            {t("settings.addClosedDate")}
          </button>
        </form>
      )}
      <SaveNoticeLine notice={message} onReload={onSaved} />
    </div>
  );
}
