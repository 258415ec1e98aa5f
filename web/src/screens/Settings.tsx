/**
 * The business: its details, opening hours, staff and services with their plans and buffers (the
 * booking schedule endpoints), absences, and the users who may log in. Everyone may read; owners
 * and admins change (the server checks either way). The larger cards live in `settings/`.
 */
import { type FormEvent, useEffect, useState } from "react";
import { api, errorText, isNotAvailable } from "../api.ts";
import { forgetSchedule } from "../catalog.ts";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { addDaysToLocalDate, formatDateTime, localDateOf, startOfLocalDay } from "../format.ts";
import { useI18n } from "../i18n/index.tsx";
import { ROLES } from "../permissions.ts";
import { useSession } from "../session.tsx";
import type { DaySpans, Role, Schedule, Service, StaffMember, UserRow } from "../types.ts";
import { useResource } from "../useResource.ts";
import { BookingRules } from "./settings/BookingRules.tsx";
import { BusinessDetails } from "./settings/BusinessDetails.tsx";
import { ClosedDates } from "./settings/ClosedDates.tsx";
import { NewServiceForm, NewStaffForm } from "./settings/NewCatalogItems.tsx";
import { Rooms } from "./settings/Rooms.tsx";
import { SaveNoticeLine } from "./settings/SaveNoticeLine.tsx";
import { ServiceBuffers } from "./settings/ServiceBuffers.tsx";
import { StaffPlans } from "./settings/StaffPlans.tsx";
import { DAYS, parseSpans, spansText } from "./settings/scheduleEditing.ts";
import { useScheduleSave } from "./settings/useScheduleSave.ts";

export function SettingsScreen() {
  const { t } = useI18n();
  const session = useSession();
  const { data, error, loading, reload } = useResource<Schedule>(
    `/api/businesses/${session.business.id}/schedule`,
  );
  const changed = () => {
    // Other screens read staff and services from the shared copy: they read it again when next shown.
    forgetSchedule(session.business.id);
    reload();
  };
  return (
    <section className="settings">
      <div className="screen-head">
        <h1>{t("settings.title")}</h1>
        <span className="muted">
          {session.business.name} · {session.business.timezone}
        </span>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && (
        <div className="grid two">
          <BusinessDetails />
          <OpeningHours schedule={data} onSaved={changed} />
          <ClosedDates schedule={data} onSaved={changed} />
          <BookingRules schedule={data} onSaved={changed} />
          <StaffTable staff={[...data.staff, ...(data.inactiveStaff ?? [])]} onSaved={changed} />
          <ServicesTable services={[...data.services, ...(data.inactiveServices ?? [])]} onSaved={changed} />
          <StaffPlans schedule={data} onSaved={changed} />
          <ServiceBuffers schedule={data} onSaved={changed} />
          <Rooms schedule={data} onSaved={changed} />
          <Absences staff={data.staff} />
          {session.can("users.manage") && <Users />}
        </div>
      )}
    </section>
  );
}

interface AbsenceRow {
  id: string;
  staffId: string;
  staffName: string;
  from: string;
  to: string;
  reason: string | null;
}

/** Who is away when (holidays, courses): the bot offers no slots with them then. */
function Absences({ staff }: { staff: StaffMember[] }) {
  const { t } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const base = `/api/businesses/${session.business.id}/absences`;
  const { data, error, reload } = useResource<{ absences: AbsenceRow[] }>(base);
  const timeZone = session.business.timezone;
  const today = localDateOf(timeZone, new Date());
  const [form, setForm] = useState({ staffId: staff[0]?.id ?? "", from: today, to: today, reason: "" });
  const [message, setMessage] = useState<string | null>(null);
  if (isNotAvailable(error)) return null;
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await api(base, {
        method: "POST",
        body: {
          staffId: form.staffId,
          // Whole days on the business's clock: from the first day's start to the end of the last.
          from: startOfLocalDay(timeZone, form.from).toISOString(),
          to: startOfLocalDay(timeZone, addDaysToLocalDate(form.to, 1)).toISOString(),
          ...(form.reason.trim() && { reason: form.reason.trim() }),
        },
      });
      setForm({ ...form, reason: "" });
      reload();
    } catch (caught) {
      setMessage(errorText(caught, t("common.networkError")));
    }
  };
  const remove = async (absence: AbsenceRow) => {
    setMessage(null);
    try {
      await api(`${base}/${absence.id}`, { method: "DELETE" });
      reload();
    } catch (caught) {
      setMessage(errorText(caught, t("common.networkError")));
    }
  };
  return (
    <div className="card" data-testid="absence-settings">
      <h2>{t("settings.absences")}</h2>
      <p className="sub">{t("settings.absencesHint")}</p>
      {error ? <ErrorNote error={error} /> : null}
      <table className="data compact">
        <thead>
          <tr>
            <th>{t("settings.name")}</th>
            <th>{t("settings.absenceFrom")}</th>
            <th>{t("settings.absenceTo")}</th>
            <th>{t("settings.absenceReason")}</th>
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {data?.absences.length === 0 && (
            <tr>
              <td colSpan={editable ? 5 : 4} className="muted">
                {t("settings.noAbsences")}
              </td>
            </tr>
          )}
          {data?.absences.map((absence) => (
            <tr key={absence.id} data-testid="absence">
              <td>{absence.staffName}</td>
              <td className="nowrap">{formatDateTime(session.clock, absence.from)}</td>
              <td className="nowrap">{formatDateTime(session.clock, absence.to)}</td>
              <td>{absence.reason ?? "—"}</td>
              {editable && (
                <td>
                  <button type="button" className="danger" onClick={() => void remove(absence)}>
                    {t("settings.removeAbsence")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form className="inline-form wrap" onSubmit={add} data-testid="add-absence">
          <select
            aria-label={t("settings.name")}
            value={form.staffId}
            onChange={(event) => setForm({ ...form, staffId: event.target.value })}
          >
            {staff.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
          <input
            type="date"
            aria-label={t("settings.absenceFrom")}
            value={form.from}
            min={today}
            onChange={(event) => setForm({ ...form, from: event.target.value })}
            required
          />
          <input
            type="date"
            aria-label={t("settings.absenceTo")}
            value={form.to}
            min={form.from}
            onChange={(event) => setForm({ ...form, to: event.target.value })}
            required
          />
          <input
            type="text"
            placeholder={t("settings.absenceReason")}
            maxLength={200}
            value={form.reason}
            onChange={(event) => setForm({ ...form, reason: event.target.value })}
          />
          <button type="submit" className="primary">
            {t("settings.addAbsence")}
          </button>
        </form>
      )}
      {message && <p className="notice error">{message}</p>}
    </div>
  );
}

function OpeningHours({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const initial = () =>
    Object.fromEntries(DAYS.map((day) => [day, spansText(schedule.settings.openingHours[day])])) as Record<
      string,
      string
    >;
  const [hours, setHours] = useState(initial);
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, onSaved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the server's copy changes.
  useEffect(() => setHours(initial()), [schedule]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const openingHours: Record<string, DaySpans> = {};
    for (const day of DAYS) {
      const spans = parseSpans(hours[day] ?? "");
      if (!spans) {
        setMessage({ ok: false, text: t("settings.hoursInvalid", { day: t(`day.${day}`) }) });
        return;
      }
      openingHours[day] = spans;
    }
    await saveChange({ openingHours });
  };

  return (
    <form className="card" onSubmit={(event) => void save(event)} data-testid="opening-hours">
      <h2>{t("settings.hours")}</h2>
      <p className="sub">{t("settings.hoursHint")}</p>
      <table className="data compact">
        <tbody>
          {DAYS.map((day) => (
            <tr key={day}>
              <th scope="row">{t(`day.${day}`)}</th>
              <td>
                {editable ? (
                  <input
                    className="hours-input"
                    value={hours[day] ?? ""}
                    placeholder={t("settings.closed")}
                    aria-label={t(`day.${day}`)}
                    onChange={(event) => setHours({ ...hours, [day]: event.target.value })}
                  />
                ) : (
                  hours[day] || <span className="muted">{t("settings.closed")}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SaveNoticeLine notice={message} onReload={onSaved} />
      {editable && (
        <button type="submit" className="primary">
          {t("common.save")}
        </button>
      )}
    </form>
  );
}

/** PATCHes one staff member or service of the business, then reloads; the error to show, if any. */
function useCatalogPatch(kind: "staff" | "services", onSaved: () => void) {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const patch = async (item: { id: string }, change: Record<string, unknown>) => {
    setError(null);
    try {
      await api(`/api/businesses/${session.business.id}/${kind}/${encodeURIComponent(item.id)}`, {
        method: "PATCH",
        body: change,
      });
      onSaved();
    } catch (caught) {
      setError(errorText(caught, t("common.networkError")));
    }
  };
  return { patch, error, editable: session.can("schedule.write") };
}

function StaffTable({ staff, onSaved }: { staff: StaffMember[]; onSaved(): void }) {
  const { t } = useI18n();
  const { patch, error, editable } = useCatalogPatch("staff", onSaved);
  return (
    <div className="card" data-testid="staff-settings">
      <h2>{t("settings.staff")}</h2>
      <table className="data compact">
        <thead>
          <tr>
            <th>{t("settings.name")}</th>
            <th>{t("settings.role")}</th>
            <th>{t("settings.gender")}</th>
            <th>{t("settings.active")}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => (
            <tr key={member.id}>
              <td>
                <EditableText
                  editable={editable}
                  value={member.name}
                  onSave={(name) => patch(member, { name })}
                />
              </td>
              <td>
                <EditableText
                  editable={editable}
                  value={member.role}
                  onSave={(role) => patch(member, { role })}
                />
              </td>
              <td>
                <select
                  disabled={!editable}
                  value={member.gender ?? ""}
                  onChange={(event) =>
                    void patch(member, { gender: event.target.value === "" ? null : event.target.value })
                  }
                >
                  <option value="">—</option>
                  <option value="female">{t("settings.female")}</option>
                  <option value="male">{t("settings.male")}</option>
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  disabled={!editable}
                  checked={member.active !== false}
                  onChange={(event) => void patch(member, { active: event.target.checked })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="notice error">{error}</p>}
      {editable && <NewStaffForm onSaved={onSaved} />}
    </div>
  );
}

function ServicesTable({ services, onSaved }: { services: Service[]; onSaved(): void }) {
  const { t } = useI18n();
  const { patch, error, editable } = useCatalogPatch("services", onSaved);
  return (
    <div className="card" data-testid="service-settings">
      <h2>{t("settings.services")}</h2>
      <table className="data compact">
        <thead>
          <tr>
            <th>{t("settings.nameDe")}</th>
            <th>{t("settings.nameEn")}</th>
            <th>{t("settings.minutes")}</th>
            <th>{t("settings.active")}</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id}>
              {(["de", "en"] as const).map((language) => (
                <td key={language}>
                  <EditableText
                    editable={editable}
                    value={service.names?.[language] ?? service.name}
                    onSave={(name) => patch(service, { names: { [language]: name } })}
                  />
                </td>
              ))}
              <td>
                <EditableText
                  editable={editable}
                  value={String(service.minutes)}
                  inputMode="numeric"
                  onSave={(minutes) => patch(service, { minutes: Number(minutes) })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  disabled={!editable}
                  checked={service.active !== false}
                  onChange={(event) => void patch(service, { active: event.target.checked })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="notice error">{error}</p>}
      {editable && <NewServiceForm onSaved={onSaved} />}
    </div>
  );
}

/** A table cell's text, saved on blur or Enter; plain text for those who may not change it. */
function EditableText(props: {
  editable: boolean;
  value: string;
  onSave(value: string): Promise<void>;
  inputMode?: "numeric";
}) {
  const [value, setValue] = useState(props.value);
  useEffect(() => setValue(props.value), [props.value]);
  if (!props.editable) return <>{props.value}</>;
  const commit = () => {
    const next = value.trim();
    if (next && next !== props.value) void props.onSave(next);
    else setValue(props.value);
  };
  return (
    <input
      className="cell-input"
      value={value}
      inputMode={props.inputMode}
      onChange={(event) => setValue(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === "Enter") (event.target as HTMLInputElement).blur();
      }}
    />
  );
}

function Users() {
  const { t } = useI18n();
  const session = useSession();
  const { data, error, reload } = useResource<{ users: UserRow[] }>("/api/users");
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "staff" as Role });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const act = async (request: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await request();
      setMessage({ ok: true, text: done });
      reload();
    } catch (caught) {
      setMessage({ ok: false, text: errorText(caught, t("common.networkError")) });
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await api("/api/users", {
        method: "POST",
        body: {
          email: form.email,
          password: form.password,
          role: form.role,
          ...(form.name.trim() && { name: form.name.trim() }),
        },
      });
      setForm({ email: "", name: "", password: "", role: "staff" });
    }, t("settings.userAdded"));
  };
  const roles: readonly Role[] = session.role === "owner" ? ROLES : ROLES.filter((role) => role !== "owner");

  return (
    <div className="card wide" data-testid="user-settings">
      <h2>{t("settings.users")}</h2>
      {error ? (
        <ErrorNote error={error} what={t("settings.usersWhat")} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <table className="data compact">
            <thead>
              <tr>
                <th>{t("settings.email")}</th>
                <th>{t("settings.name")}</th>
                <th>{t("settings.role")}</th>
                <th>{t("settings.lastLogin")}</th>
                <th>{t("settings.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => (
                <tr key={user.id} className={user.disabledAt ? "disabled" : ""}>
                  <td>{user.email}</td>
                  <td>{user.displayName ?? "—"}</td>
                  <td>
                    <select
                      value={user.role}
                      disabled={user.role === "owner" && session.role !== "owner"}
                      onChange={(event) =>
                        void act(
                          () =>
                            api(`/api/users/${user.id}`, {
                              method: "PATCH",
                              body: { role: event.target.value },
                            }),
                          t("settings.saved"),
                        )
                      }
                    >
                      {(roles.includes(user.role) ? roles : [user.role, ...roles]).map((role) => (
                        <option key={role} value={role}>
                          {t(`role.${role}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{formatDateTime(session.clock, user.lastLoginAt)}</td>
                  <td>
                    <button
                      type="button"
                      className={user.disabledAt ? "" : "danger"}
                      disabled={user.id === session.me.user?.id}
                      onClick={() =>
                        void act(
                          () =>
                            api(`/api/users/${user.id}`, {
                              method: "PATCH",
                              body: { disabled: !user.disabledAt },
                            }),
                          t("settings.saved"),
                        )
                      }
                    >
                      {user.disabledAt ? t("settings.enable") : t("settings.disable")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="inline-form wrap" onSubmit={add} data-testid="add-user">
            <input
              type="email"
              required
              placeholder={t("settings.email")}
              value={form.email}
              onChange={(event) => setForm({ ...form, email: event.target.value })}
            />
            <input
              placeholder={t("settings.name")}
              value={form.name}
              onChange={(event) => setForm({ ...form, name: event.target.value })}
            />
            <input
              type="password"
              required
              minLength={10}
              autoComplete="new-password"
              placeholder={t("settings.password")}
              value={form.password}
              onChange={(event) => setForm({ ...form, password: event.target.value })}
            />
            <select
              value={form.role}
              onChange={(event) => setForm({ ...form, role: event.target.value as Role })}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="primary">
              {t("settings.addUser")}
            </button>
          </form>
        </>
      )}
      <SaveNoticeLine notice={message} />
    </div>
  );
}
