/**
 * The rules the bot books by: how soon (minimum notice), how far ahead (horizon), on which grid
 * (slot step) and until when a customer may cancel. Saved through PUT …/schedule by owners and
 * admins; plain text for everyone else. The server's defaults fill what the settings never named.
 */
import { type FormEvent, useEffect, useState } from "react";
import {
  BOOKING_RULE_DEFAULTS,
  RULE_BOUNDS,
  SLOT_STEPS,
} from "../../../../src/domain/booking/BookingRuleLimits.ts";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Schedule } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";
import { useScheduleSave } from "./useScheduleSave.ts";

/** The server's bounds and defaults (the settings schema and its change checks use the same). */
const RULES = RULE_BOUNDS;
type NumberRule = keyof typeof RULES;

const ruleValue = (schedule: Schedule, rule: NumberRule): number =>
  typeof schedule.settings[rule] === "number"
    ? (schedule.settings[rule] as number)
    : BOOKING_RULE_DEFAULTS[rule];
const stepOf = (schedule: Schedule): number =>
  schedule.settings.slotStepMinutes ?? BOOKING_RULE_DEFAULTS.slotStepMinutes;

export function BookingRules({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const initial = () => ({
    minNoticeHours: String(ruleValue(schedule, "minNoticeHours")),
    bookingHorizonDays: String(ruleValue(schedule, "bookingHorizonDays")),
    cancellationNoticeHours: String(ruleValue(schedule, "cancellationNoticeHours")),
    slotStepMinutes: String(stepOf(schedule)),
  });
  const [form, setForm] = useState(initial);
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, onSaved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the server's copy changes.
  useEffect(() => setForm(initial()), [schedule]);

  if (!editable) {
    return (
      <div className="card" data-testid="booking-rules">
        <h2>{t("settings.rules")}</h2>
        <dl className="glance">
          <dt>{t("settings.minNotice")}</dt>
          <dd>{t("settings.hoursValue", { n: ruleValue(schedule, "minNoticeHours") })}</dd>
          <dt>{t("settings.horizon")}</dt>
          <dd>{t("settings.daysValue", { n: ruleValue(schedule, "bookingHorizonDays") })}</dd>
          <dt>{t("settings.slotStep")}</dt>
          <dd>{t("settings.minutesValue", { n: stepOf(schedule) })}</dd>
          <dt>{t("settings.cancellationNotice")}</dt>
          <dd>{t("settings.hoursValue", { n: ruleValue(schedule, "cancellationNoticeHours") })}</dd>
        </dl>
      </div>
    );
  }

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const numbers: Partial<Record<NumberRule, number>> = {};
    for (const rule of Object.keys(RULES) as NumberRule[]) {
      const value = Number(form[rule].trim().replace(",", "."));
      const { max, integer } = RULES[rule];
      // A value stored before these bounds (practice.json) is kept while it is not changed.
      const unchanged = value === ruleValue(schedule, rule);
      const fits =
        form[rule].trim() !== "" &&
        Number.isFinite(value) &&
        value >= (rule === "bookingHorizonDays" ? 1 : 0) &&
        (unchanged || value <= max) &&
        (!integer || Number.isInteger(value));
      if (!fits) {
        setMessage({ ok: false, text: t("settings.rulesInvalid") });
        return;
      }
      numbers[rule] = value;
    }
    if ((numbers.minNoticeHours ?? 0) >= (numbers.bookingHorizonDays ?? 1) * 24) {
      setMessage({ ok: false, text: t("settings.noticeBeyondHorizon") });
      return;
    }
    await saveChange({
      ...numbers,
      slotStepMinutes: Number(form.slotStepMinutes),
    });
  };

  const numberInput = (rule: NumberRule, testId: string, label: string) => (
    <label>
      {label}
      <input
        type="number"
        className="minutes-input"
        data-testid={testId}
        min={rule === "bookingHorizonDays" ? 1 : 0}
        max={RULES[rule].max}
        step={RULES[rule].integer ? 1 : 0.5}
        required
        value={form[rule]}
        onChange={(event) => setForm({ ...form, [rule]: event.target.value })}
      />
    </label>
  );

  return (
    <form className="card" onSubmit={(event) => void save(event)} data-testid="booking-rules">
      <h2>{t("settings.rules")}</h2>
      <p className="sub">{t("settings.rulesHint")}</p>
      <div className="form-rows">
        {numberInput("minNoticeHours", "rule-min-notice", t("settings.minNoticeHours"))}
        {numberInput("bookingHorizonDays", "rule-horizon", t("settings.horizonDays"))}
        <label>
          {t("settings.slotStepMinutes")}
          <select
            className="step-select"
            data-testid="rule-slot-step"
            value={form.slotStepMinutes}
            onChange={(event) => setForm({ ...form, slotStepMinutes: event.target.value })}
          >
            {/* A step stored before the list existed stays selectable until it is changed. */}
            {[...new Set([...SLOT_STEPS, stepOf(schedule)])]
              .sort((a, b) => a - b)
              .map((step) => (
                <option key={step} value={String(step)}>
                  {t("settings.minutesValue", { n: step })}
                </option>
              ))}
          </select>
        </label>
        {numberInput(
          "cancellationNoticeHours",
          "rule-cancellation-notice",
          t("settings.cancellationNoticeHours"),
        )}
      </div>
      <SaveNoticeLine notice={message} onReload={onSaved} />
      <button type="submit" className="primary" data-testid="rules-save">
        {t("common.save")}
      </button>
    </form>
  );
}
