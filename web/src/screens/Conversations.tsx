/**
 * The staff dashboard: conversations newest first; one transcript beside the customer's profile
 * (alerts, preferences, preferred staff). Staff pause the bot to take over (human handoff), resume
 * it, and reply — only inside WhatsApp's 24-hour customer-service window. Message bodies are the
 * customer's words: rendered as text, never as HTML.
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, api, isNotAvailable, withQuery } from "../api.ts";
import { AlertBanner, alertsOf } from "../components/AlertBanner.tsx";
import { ErrorNote, Loading, NotAvailable } from "../components/Status.tsx";
import { formatDateTime } from "../format.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import {
  type ContactDetail,
  type ContactPage,
  type ConversationState,
  type ConversationSummary,
  isOutbound,
  type Message,
} from "../types.ts";
import { useResource } from "../useResource.ts";
import { timePreferenceInWords } from "../words.ts";

type Filter = "all" | "paused" | "unanswered";
const WINDOW_MS = 24 * 3600 * 1000;
/** Messages per request; older ones on demand. */
const PAGE = 100;

export function ConversationsScreen({ contactId }: { contactId: string | null }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>("all");
  const list = useResource<{ conversations: ConversationSummary[]; total: number }>(
    withQuery("/api/conversations", { filter, pageSize: 50 }),
  );
  // A server without the conversation list: the contacts, most recent message first, still lead to transcripts.
  const listMissing = list.error !== null && isNotAvailable(list.error);
  const contacts = useResource<ContactPage>(listMissing ? withQuery("/api/contacts", { limit: 100 }) : null);
  const conversations: ConversationSummary[] | undefined = listMissing
    ? contacts.data?.contacts
        .filter((contact) => contact.lastInboundAt)
        .sort((a, b) => (b.lastInboundAt ?? "").localeCompare(a.lastInboundAt ?? ""))
        .map((contact) => ({
          contactId: contact.id,
          name: contact.name,
          phone: contact.phone ?? contact.waId,
          language: contact.language,
          lastMessageAt: contact.lastInboundAt ?? contact.updatedAt,
          lastDirection: "in",
          lastPreview: null,
          botPaused: false,
          windowOpenUntil: null,
        }))
    : list.data?.conversations;
  const session = useSession();

  return (
    <section className="conversations">
      <div className="screen-head">
        <h1>{t("conversations.title")}</h1>
      </div>
      <div className="split">
        <aside className="card list-pane">
          <div className="segmented" role="tablist">
            {(["all", "unanswered", "paused"] as const).map((value) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={filter === value}
                className={filter === value ? "active" : ""}
                onClick={() => setFilter(value)}
              >
                {t(`conversations.filter.${value}`)}
              </button>
            ))}
          </div>
          {listMissing && <p className="sub">{t("conversations.listFallback")}</p>}
          {list.error && !listMissing ? (
            <ErrorNote error={list.error} />
          ) : contacts.error ? (
            <ErrorNote error={contacts.error} />
          ) : !conversations ? (
            <Loading />
          ) : (
            <ul className="conversation-list" data-testid="conversation-list">
              {conversations.length === 0 && <li className="muted">{t("conversations.none")}</li>}
              {conversations.map((conversation) => (
                <li key={conversation.contactId}>
                  <Link
                    to={`/conversations/${conversation.contactId}`}
                    className={conversation.contactId === contactId ? "active" : ""}
                    data-testid="conversation-item"
                  >
                    <span className="row">
                      <strong>{conversation.name ?? conversation.phone ?? t("contacts.unnamed")}</strong>
                      <span className="sub">{formatDateTime(session.clock, conversation.lastMessageAt)}</span>
                    </span>
                    <span className="preview">
                      {isOutbound(conversation.lastDirection) ? "↩ " : ""}
                      {conversation.lastPreview ?? ""}
                    </span>
                    {conversation.botPaused && (
                      <span className="tag paused">{t("conversations.paused")}</span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </aside>
        {contactId ? (
          <Conversation key={contactId} contactId={contactId} onChanged={list.reload} />
        ) : (
          <div className="card empty-pane muted">{t("conversations.pick")}</div>
        )}
      </div>
    </section>
  );
}

function Conversation({ contactId, onChanged }: { contactId: string; onChanged(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const detail = useResource<ContactDetail>(`/api/contacts/${contactId}`);
  const messages = useResource<{ messages: Message[] }>(
    withQuery(`/api/contacts/${contactId}/messages`, { limit: PAGE }),
  );
  const [state, setState] = useState<ConversationState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState("");
  const transcriptRef = useRef<HTMLDivElement>(null);
  /** Pages before the latest, newest first like the API's. */
  const [older, setOlder] = useState<Message[]>([]);
  const [olderMore, setOlderMore] = useState(false);

  useEffect(() => {
    if (detail.data?.conversation) setState(detail.data.conversation);
  }, [detail.data]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when new messages arrive.
  useEffect(() => {
    const transcript = transcriptRef.current;
    if (transcript) transcript.scrollTop = transcript.scrollHeight;
  }, [messages.data]);

  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <Loading />;
  const { contact, profile } = detail.data;
  const knowsHandoff = state !== null;
  const windowOpenUntil =
    state?.windowOpenUntil ??
    (contact.lastInboundAt
      ? new Date(new Date(contact.lastInboundAt).getTime() + WINDOW_MS).toISOString()
      : null);
  const windowOpen = windowOpenUntil !== null && new Date(windowOpenUntil).getTime() > Date.now();
  const canReply = session.can("conversations.reply");

  const act = async (request: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const togglePause = () =>
    act(async () => {
      const answer = await api<{ conversation: Partial<ConversationState> }>(
        `/api/contacts/${contactId}/handoff`,
        {
          method: "POST",
          body: { paused: !(state?.botPaused ?? false) },
        },
      );
      setState((previous) => ({
        botPaused: answer.conversation.botPaused ?? !(previous?.botPaused ?? false),
        pausedBy: answer.conversation.pausedBy ?? null,
        pausedAt: answer.conversation.pausedAt ?? null,
        windowOpenUntil: previous?.windowOpenUntil ?? null,
      }));
      onChanged();
    });
  const send = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    void act(async () => {
      await api(`/api/contacts/${contactId}/messages`, { method: "POST", body: { text: body } });
      setText("");
      messages.reload();
      onChanged();
    });
  };

  const latest = messages.data?.messages ?? [];
  const ordered = [...latest, ...older].reverse();
  const mayHaveOlder = (older.length > 0 ? olderMore : latest.length >= PAGE) && ordered.length > 0;
  const loadOlder = () =>
    act(async () => {
      const oldest = ordered[0];
      if (!oldest) return;
      const page = await api<{ messages: Message[] }>(
        withQuery(`/api/contacts/${contactId}/messages`, { limit: PAGE, before: oldest.id }),
      );
      setOlder((previous) => [...previous, ...page.messages]);
      setOlderMore(page.messages.length >= PAGE);
    });
  const times = timePreferenceInWords(
    t,
    profile.structured?.preferred_appointment_times,
    profile.preferred_appointment_times,
  );

  return (
    <div className="conversation-pane">
      <div className="card transcript-card">
        <div className="card-head">
          <div>
            <h2>{profile.name ?? contact.name ?? t("contacts.unnamed")}</h2>
            <div className="sub">
              {contact.phone ?? contact.waId} ·{" "}
              {state?.botPaused
                ? t("conversations.botPausedBy", { who: state.pausedBy ?? "—" })
                : t("conversations.botActive")}
            </div>
          </div>
          <div className="head-side">
            <button
              type="button"
              data-testid="conversation-refresh"
              title={t("common.refresh")}
              onClick={() => {
                // On demand, not on a timer: every transcript read is written to the access log.
                messages.reload();
                onChanged();
              }}
            >
              ↻ {t("common.refresh")}
            </button>
            {canReply && (
              <button
                type="button"
                className={state?.botPaused ? "primary" : ""}
                data-testid="bot-toggle"
                data-paused={state?.botPaused ? "true" : "false"}
                disabled={busy}
                onClick={() => void togglePause()}
                title={knowsHandoff ? undefined : t("conversations.handoffUnknown")}
              >
                {state?.botPaused ? t("conversations.resume") : t("conversations.pause")}
              </button>
            )}
          </div>
        </div>
        <div className="transcript" data-testid="transcript" aria-live="polite" ref={transcriptRef}>
          {messages.error ? <ErrorNote error={messages.error} /> : null}
          {messages.loading && !messages.data ? <Loading /> : null}
          {mayHaveOlder && (
            <button
              type="button"
              className="link"
              data-testid="load-older"
              disabled={busy}
              onClick={() => void loadOlder()}
            >
              {t("conversations.loadOlder")}
            </button>
          )}
          {ordered.map((message) => (
            <div
              key={message.id}
              className={`bubble ${isOutbound(message.direction) ? "outbound" : "inbound"}`}
              data-testid="transcript-message"
              data-direction={isOutbound(message.direction) ? "outbound" : "inbound"}
            >
              <div className="bubble-text">{message.body ?? `[${message.type}]`}</div>
              <div className="bubble-meta">
                {formatDateTime(session.clock, message.createdAt)}
                {isOutbound(message.direction) &&
                  ` · ${message.sentBy ?? t("conversations.bot")} · ${message.status}`}
              </div>
            </div>
          ))}
          {messages.data && ordered.length === 0 && <p className="muted">{t("conversations.noMessages")}</p>}
        </div>
        {error ? (
          isNotAvailable(error) ? (
            <NotAvailable what={t("conversations.actionWhat")} />
          ) : (
            <div className="notice error" role="alert">
              {error instanceof ApiError && error.status === 409
                ? t("conversations.windowClosed")
                : String((error as Error).message)}
            </div>
          )
        ) : null}
        {canReply && (
          <form className="reply" onSubmit={send}>
            <textarea
              data-testid="reply-box"
              value={text}
              onChange={(event) => setText(event.target.value)}
              maxLength={4096}
              rows={3}
              disabled={!windowOpen || busy}
              placeholder={windowOpen ? t("conversations.replyPlaceholder") : t("conversations.windowClosed")}
            />
            <div className="reply-side">
              <span className="sub">
                {windowOpen
                  ? t("conversations.windowOpenUntil", {
                      when: formatDateTime(session.clock, windowOpenUntil),
                    })
                  : t("conversations.windowClosedShort")}
              </span>
              <button
                type="submit"
                className="primary"
                data-testid="reply-send"
                disabled={!windowOpen || busy || !text.trim()}
              >
                {t("conversations.send")}
              </button>
            </div>
          </form>
        )}
      </div>
      <aside className="card profile-panel" data-testid="profile-panel">
        <h2>{t("conversations.profile")}</h2>
        <AlertBanner alerts={alertsOf(detail.data)} compact />
        <dl className="glance">
          <dt>{t("field.preferred_staff_member")}</dt>
          <dd>{profile.preferred_staff_member ?? "—"}</dd>
          <dt>{t("field.preferred_appointment_times")}</dt>
          <dd>{times ?? "—"}</dd>
          <dt>{t("field.communication_preferences")}</dt>
          <dd>{profile.communication_preferences ?? "—"}</dd>
          <dt>{t("field.language")}</dt>
          <dd>{(profile.language ?? contact.language)?.toUpperCase() ?? "—"}</dd>
        </dl>
        <button type="button" className="link" onClick={() => navigate(`/contacts/${contact.id}`)}>
          {t("conversations.fullProfile")} →
        </button>
      </aside>
    </div>
  );
}
