/**
 * The day's appointments, one column per staff member, on the business's wall clock. Each shows the
 * customer's alerts and accommodations, so the room is ready before they arrive; staff mark them
 * arrived, late or no-show (which feeds the customer's patterns).
 */
import { useMemo, useState } from "react";
import { WEEKDAYS } from "../../../src/domain/extraction/types.ts";
import { api, errorText, withQuery } from "../api.ts";
import { catalogOf, useSchedule } from "../catalog.ts";
import { AlertBanner } from "../components/AlertBanner.tsx";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { addDaysToLocalDate, formatLongDay, formatTime, localDateOf } from "../format.ts";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import type { Appointment, Schedule } from "../types.ts";
import { useResource } from "../useResource.ts";

function worksOn(schedule: Schedule | null, staffId: string, localDate: string): boolean {
  const plan = schedule?.settings.staffHours[staffId];
  if (!plan) return false;
  const weekday = WEEKDAYS[(new Date(`${localDate}T12:00:00Z`).getUTCDay() + 6) % 7] ?? "mon";
  return Boolean(plan.days?.includes(weekday) || plan.hours?.[weekday]?.length);
}

export function CalendarScreen() {
  const { t, language } = useI18n();
  const session = useSession();
  const { timeZone } = session.clock;
  const schedule = useSchedule(session.business.id);
  const catalog = catalogOf(schedule, language);
  const today = localDateOf(timeZone, new Date());
  const [date, setDate] = useState(today);

  // A day on the wall clock lies within a day either side in UTC; the rows are filtered to it below.
  const url = withQuery(`/api/businesses/${session.business.id}/appointments`, {
    from: `${addDaysToLocalDate(date, -1)}T00:00:00Z`,
    to: `${addDaysToLocalDate(date, 2)}T00:00:00Z`,
  });
  const { data, error, loading, reload } = useResource<{ appointments: Appointment[] }>(url);
  const appointments = useMemo(
    () => (data?.appointments ?? []).filter((a) => localDateOf(timeZone, new Date(a.start)) === date),
    [data, date, timeZone],
  );

  const columns = catalog.staff.filter(
    (member) =>
      member.active !== false &&
      (worksOn(schedule, member.id, date) || appointments.some((a) => a.staffId === member.id)),
  );
  // Someone no longer in the catalogue still gets a column for their appointments.
  for (const appointment of appointments) {
    if (!columns.some((member) => member.id === appointment.staffId)) {
      columns.push({ id: appointment.staffId, name: appointment.staffName ?? appointment.staffId, role: "" });
    }
  }

  return (
    <section className="calendar">
      <div className="screen-head">
        <h1>{t("calendar.title")}</h1>
        <div className="date-nav">
          <button
            type="button"
            data-testid="calendar-prev"
            onClick={() => setDate(addDaysToLocalDate(date, -1))}
          >
            ←
          </button>
          <button
            type="button"
            data-testid="calendar-today"
            onClick={() => setDate(today)}
            disabled={date === today}
          >
            {t("calendar.today")}
          </button>
          <button
            type="button"
            data-testid="calendar-next"
            onClick={() => setDate(addDaysToLocalDate(date, 1))}
          >
            →
          </button>
          <input
            type="date"
            aria-label={t("calendar.pickDate")}
            value={date}
            onChange={(event) => event.target.value && setDate(event.target.value)}
          />
          <strong data-testid="calendar-date">{formatLongDay(session.clock, date)}</strong>
        </div>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && columns.length === 0 && <p className="notice">{t("calendar.nobody")}</p>}
      <div className="day-columns">
        {columns.map((member) => {
          const own = appointments.filter((a) => a.staffId === member.id);
          return (
            <div
              className="day-column card"
              key={member.id}
              data-testid="staff-column"
              data-staff={member.id}
            >
              <h2>
                {member.name}
                {member.role && <span className="sub"> · {member.role}</span>}
              </h2>
              {own.length === 0 && <p className="muted">{t("calendar.free")}</p>}
              {own.map((appointment) => (
                <AppointmentCard
                  key={appointment.id}
                  appointment={appointment}
                  serviceName={appointment.serviceName ?? catalog.serviceName(appointment.serviceId)}
                  onChanged={reload}
                />
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function AppointmentCard(props: { appointment: Appointment; serviceName: string; onChanged(): void }) {
  const { appointment } = props;
  const { t, language } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancelled = appointment.status === "cancelled";

  const mark = async (status: "arrived" | "late" | "no_show") => {
    let minutesLate: number | undefined;
    if (status === "late") {
      const answer = window.prompt(t("calendar.minutesLate"), "10");
      if (answer === null) return;
      minutesLate = Math.max(0, Math.min(600, Math.round(Number(answer) || 0)));
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/api/businesses/${session.business.id}/appointments/${appointment.id}/attendance`, {
        method: "POST",
        body: { status, ...(minutesLate !== undefined && { minutesLate }) },
      });
      props.onChanged();
    } catch (caught) {
      setError(errorText(caught, t("common.networkError")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className={`appointment ${appointment.status}`}
      data-testid="calendar-appointment"
      data-status={appointment.status}
    >
      <div className="appointment-head">
        <span className="time">
          {formatTime(session.clock, appointment.start)}–{formatTime(session.clock, appointment.end)}
        </span>
        <span className={`tag ${appointment.status}`}>
          {t(`attendance.${appointment.status}` as MessageKey)}
          {appointment.status === "late" && appointment.minutesLate ? ` (${appointment.minutesLate}′)` : ""}
        </span>
      </div>
      <div>
        <Link to={`/contacts/${appointment.contactId}`}>
          {appointment.contactName ?? t("contacts.unnamed")}
        </Link>
        <span className="sub"> · {props.serviceName}</span>
        {appointment.roomId && <span className="sub"> · {appointment.roomId}</span>}
      </div>
      {appointment.alerts && appointment.alerts.length > 0 && (
        <AlertBanner alerts={appointment.alerts} compact />
      )}
      {appointment.accommodations && appointment.accommodations.length > 0 && (
        <ul className="accommodations" data-testid="accommodations">
          {appointment.accommodations.map((accommodation) => (
            <li key={accommodation.en}>{accommodation[language]}</li>
          ))}
        </ul>
      )}
      {!cancelled && session.can("attendance.write") && (
        <div className="attendance">
          <button
            type="button"
            data-testid="mark-arrived"
            disabled={busy || appointment.status === "arrived"}
            onClick={() => void mark("arrived")}
          >
            {t("calendar.arrived")}
          </button>
          <button
            type="button"
            data-testid="mark-late"
            disabled={busy || appointment.status === "late"}
            onClick={() => void mark("late")}
          >
            {t("calendar.late")}
          </button>
          <button
            type="button"
            className="danger"
            data-testid="mark-no-show"
            disabled={busy || appointment.status === "no_show"}
            onClick={() => void mark("no_show")}
          >
            {t("calendar.noShow")}
          </button>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
