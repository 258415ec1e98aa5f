/**
 * One contact: the alerts first, then the seed's five fields and the basics at a glance, upcoming
 * appointments and the patterns from the history (each with its sample size), the timeline of every
 * fact with when, from whom and the customer's own words, and consents and declined topics.
 * Staff correct or delete a fact here (audited by the server). Everything the customer wrote is
 * rendered as text.
 */
import { type FormEvent, useState } from "react";
import { api, errorText } from "../api.ts";
import { catalogOf, useSchedule } from "../catalog.ts";
import { AddToProfile } from "../components/AddToProfile.tsx";
import { AlertBanner, alertsOf } from "../components/AlertBanner.tsx";
import { CompletenessBar, fieldLabel } from "../components/CompletenessBar.tsx";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { formatDate, formatDateTime, formatLocalDay } from "../format.ts";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import type { ContactDetail, FactView, LiveFact } from "../types.ts";
import { useResource } from "../useResource.ts";
import { patternInWords, timePreferenceInWords } from "../words.ts";

export function ContactScreen({ id }: { id: string }) {
  const { t, language } = useI18n();
  const session = useSession();
  const catalog = catalogOf(useSchedule(session.business.id), language);
  const { data, error, loading, reload } = useResource<ContactDetail>(`/api/contacts/${id}`);

  if (error) return <ErrorNote error={error} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;

  const { contact, profile } = data;
  const alerts = alertsOf(data);
  const serviceNames = profile.preferred_services.map((service) => catalog.serviceName(service));
  const notes = profile.special_notes;
  const times = timePreferenceInWords(
    t,
    profile.structured?.preferred_appointment_times,
    profile.preferred_appointment_times,
  );

  return (
    <section className="contact" data-testid="contact-screen">
      <div className="screen-head">
        <div>
          <Link to="/contacts" className="back">
            ← {t("contacts.title")}
          </Link>
          <h1 data-testid="contact-name">{profile.name ?? contact.name ?? t("contacts.unnamed")}</h1>
          <div className="muted">
            {contact.phone ?? contact.waId}
            {contact.email ? ` · ${contact.email}` : ""}
            {contact.language ? ` · ${contact.language.toUpperCase()}` : ""}
            {" · "}
            {t("contact.lastContact", { when: formatDateTime(session.clock, contact.lastInboundAt) })}
          </div>
        </div>
        <div className="head-side">
          <CompletenessBar completeness={data.completeness ?? contact.completeness} />
          {session.can("messages.read") && (
            <Link to={`/conversations/${contact.id}`} className="button" data-testid="open-conversation">
              {t("contact.openConversation")}
            </Link>
          )}
        </div>
      </div>

      <AlertBanner alerts={alerts} />

      <div className="grid two">
        <div className="card">
          <h2>{t("contact.atAGlance")}</h2>
          <dl className="glance" data-testid="contact-glance">
            <dt>{t("field.preferred_staff_member")}</dt>
            <dd data-testid="preferred-staff">{profile.preferred_staff_member ?? <Unknown />}</dd>
            <dt>{t("field.preferred_appointment_times")}</dt>
            <dd data-testid="time-preference">{times ?? <Unknown />}</dd>
            <dt>{t("field.communication_preferences")}</dt>
            <dd>{profile.communication_preferences ?? <Unknown />}</dd>
            <dt>{t("field.preferred_services")}</dt>
            <dd>{serviceNames.length ? serviceNames.join(", ") : <Unknown />}</dd>
            <dt>{t("field.special_notes")}</dt>
            <dd>
              {notes.length ? (
                <ul className="plain">
                  {notes.map((note) => (
                    <li key={`${note.category}-${note.text}`}>
                      <span className={`tag ${note.category}`}>
                        {t(`note.${note.category}` as MessageKey)}
                      </span>{" "}
                      {note.text}
                    </li>
                  ))}
                </ul>
              ) : (
                <Unknown />
              )}
            </dd>
          </dl>
          <h3>{t("contact.basics")}</h3>
          <dl className="glance">
            <dt>{t("field.name")}</dt>
            <dd>{profile.name ?? contact.name ?? <Unknown />}</dd>
            <dt>{t("field.email")}</dt>
            <dd>{profile.email ?? contact.email ?? <Unknown />}</dd>
            <dt>{t("field.phone")}</dt>
            <dd>{profile.phone ?? contact.phone ?? contact.waId}</dd>
            <dt>{t("field.language")}</dt>
            <dd>{(profile.language ?? contact.language)?.toUpperCase() ?? <Unknown />}</dd>
            <dt>{t("contact.marketing")}</dt>
            <dd>{data.marketingOptOut ? t("contact.optedOut") : t("contact.notOptedOut")}</dd>
          </dl>
        </div>

        <div className="stack">
          <div className="card">
            <h2>{t("contact.upcoming")}</h2>
            {data.appointments?.length ? (
              <ul className="plain">
                {data.appointments.map((appointment) => (
                  <li key={appointment.id}>
                    {formatDateTime(session.clock, appointment.start)} ·{" "}
                    {catalog.serviceName(appointment.serviceId)} · {catalog.staffName(appointment.staffId)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("contact.noUpcoming")}</p>
            )}
          </div>
          <div className="card">
            <h2>{t("contact.patterns")}</h2>
            {data.patterns?.length ? (
              <ul className="plain" data-testid="patterns">
                {data.patterns.map((pattern) => (
                  <li key={`${pattern.kind}-${"serviceId" in pattern ? pattern.serviceId : ""}`}>
                    {patternInWords(t, pattern, catalog, (day) => formatLocalDay(session.clock, day))}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("contact.noPatterns")}</p>
            )}
          </div>
          <div className="card">
            <h2>{t("contact.consents")}</h2>
            {data.consents.length ? (
              <ul className="plain" data-testid="consents">
                {data.consents.map((consent) => (
                  <li key={`${consent.kind}-${consent.at}`}>
                    <span className={`tag ${consent.granted ? "ok" : "no"}`}>
                      {consent.granted ? t("contact.granted") : t("contact.refused")}
                    </span>{" "}
                    {consent.kind} · {formatDateTime(session.clock, consent.at)}
                    <div className="sub">{consent.wording}</div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("contact.noConsents")}</p>
            )}
            <h3>{t("contact.declined")}</h3>
            {data.declinedTopics.length ? (
              <ul className="plain" data-testid="declined-topics">
                {data.declinedTopics.map((declined) => (
                  <li key={`${declined.topic}-${declined.saidAt}`}>
                    {t(fieldLabel(declined.topic))} · {formatDate(session.clock, declined.saidAt)}
                    {declined.quote && <q className="quote">{declined.quote}</q>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("contact.noDeclined")}</p>
            )}
            {data.requests.length > 0 && (
              <>
                <h3>{t("contact.requests")}</h3>
                <ul className="plain">
                  {data.requests.map((request) => (
                    <li key={`${request.action}-${request.at}`}>
                      {request.action} · {formatDateTime(session.clock, request.at)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      </div>

      {session.can("facts.edit") && (
        <AddToProfile contactId={contact.id} catalog={catalog} onAdded={reload} />
      )}
      <Timeline detail={data} onChanged={reload} />
    </section>
  );
}

function Unknown() {
  const { t } = useI18n();
  return <span className="muted">{t("contact.unknown")}</span>;
}

type TimelineEntry = { fact: FactView; live: boolean };

function Timeline({ detail, onChanged }: { detail: ContactDetail; onChanged(): void }) {
  const { t } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const live: TimelineEntry[] = detail.facts.live.map((fact: LiveFact) => ({ fact, live: true }));
  const past: TimelineEntry[] = [...detail.facts.superseded, ...detail.facts.removed].map((fact) => ({
    fact,
    live: false,
  }));
  const entries = [...live, ...(showAll ? past : [])].sort(
    (a, b) => new Date(b.fact.evidence.saidAt).getTime() - new Date(a.fact.evidence.saidAt).getTime(),
  );
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t("contact.timeline")}</h2>
        {past.length > 0 && (
          <label className="inline">
            <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
            {t("contact.showHistory", { count: past.length })}
          </label>
        )}
      </div>
      {entries.length === 0 && <p className="muted">{t("contact.noFacts")}</p>}
      <ol className="timeline" data-testid="fact-timeline">
        {entries.map(({ fact, live }) => (
          <FactItem
            key={fact.id}
            contactId={detail.contact.id}
            fact={fact}
            live={live}
            onChanged={onChanged}
          />
        ))}
      </ol>
      <AuditLog detail={detail} />
    </div>
  );
}

function actorText(actor: unknown): string {
  if (typeof actor === "string") return actor;
  if (actor && typeof actor === "object") {
    const { kind, email, userId, by } = actor as Record<string, unknown>;
    const who = [email, by, userId].find((value) => typeof value === "string");
    return [kind, who].filter((value) => typeof value === "string").join(": ") || "—";
  }
  return "—";
}

/** Who changed what in this profile, and when: every correction and removal is on record. */
function AuditLog({ detail }: { detail: ContactDetail }) {
  const { t } = useI18n();
  const session = useSession();
  if (detail.audit.length === 0) return null;
  const fieldOf = new Map(
    [...detail.facts.live, ...detail.facts.superseded, ...detail.facts.removed].map((fact) => [
      fact.id,
      fact.field,
    ]),
  );
  return (
    <details className="audit" data-testid="audit-log">
      <summary>{t("contact.audit", { count: detail.audit.length })}</summary>
      <table className="data compact">
        <tbody>
          {[...detail.audit].reverse().map((entry) => {
            const field = fieldOf.get(entry.factId);
            return (
              <tr key={`${entry.factId}-${entry.at}-${entry.action}`}>
                <td className="nowrap">{formatDateTime(session.clock, entry.at)}</td>
                <td>{entry.action}</td>
                <td>{field ? t(fieldLabel(field)) : "—"}</td>
                <td>{actorText(entry.actor)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

function FactItem(props: { contactId: string; fact: FactView; live: boolean; onChanged(): void }) {
  const { fact } = props;
  const { t } = useI18n();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(fact.text);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
      setEditing(false);
      props.onChanged();
    } catch (caught) {
      setError(errorText(caught, t("common.networkError")));
    } finally {
      setBusy(false);
    }
  };
  const url = `/api/contacts/${props.contactId}/facts/${fact.id}`;
  const correct = (event: FormEvent) => {
    event.preventDefault();
    void run(() => api(url, { method: "PATCH", body: { text: text.trim() } }));
  };
  const remove = () => {
    if (window.confirm(t("fact.confirmDelete"))) void run(() => api(url, { method: "DELETE" }));
  };

  return (
    <li className={`fact ${fact.status}`} data-testid="fact" data-field={fact.field}>
      <div className="fact-when">{formatDateTime(session.clock, fact.evidence.saidAt)}</div>
      <div className="fact-body">
        <div>
          <span className="field">{t(fieldLabel(fact.field))}</span>{" "}
          <strong data-testid="fact-text">{fact.text}</strong>{" "}
          {fact.status !== "current" && (
            <span className={`tag ${fact.status}`}>{t(`status.${fact.status}`)}</span>
          )}
        </div>
        {fact.evidence.quote && (
          <blockquote className="quote" data-testid="fact-quote">
            “{fact.evidence.quote}”
          </blockquote>
        )}
        <div className="sub">
          {t(`source.${fact.source}`)}
          {fact.sampleSize ? ` · ${t("fact.sampleSize", { n: fact.sampleSize })}` : ""}
          {fact.editedBy ? ` · ${t("fact.editedBy", { who: fact.editedBy })}` : ""}
          {fact.removedBy ? ` · ${t("fact.removedBy", { who: fact.removedBy })}` : ""}
          {" · "}
          {t("fact.recorded", { when: formatDateTime(session.clock, fact.recordedAt) })}
        </div>
        {editing && (
          <form className="inline-form" onSubmit={correct}>
            <input
              data-testid="fact-edit-text"
              value={text}
              onChange={(event) => setText(event.target.value)}
              maxLength={500}
              required
            />
            <button type="submit" className="primary" disabled={busy || !text.trim()}>
              {t("common.save")}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </form>
        )}
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
      </div>
      {props.live && !editing && (
        <div className="fact-actions">
          <button type="button" data-testid="fact-correct" disabled={busy} onClick={() => setEditing(true)}>
            {t("fact.correct")}
          </button>
          <button type="button" className="danger" data-testid="fact-delete" disabled={busy} onClick={remove}>
            {t("fact.delete")}
          </button>
        </div>
      )}
    </li>
  );
}
