/**
 * The panel: who is logged in (GET /api/me), their business, and the screen for the path. Without a
 * session, the login (or the first-run owner setup); a 401 anywhere later comes back here.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, api, onSessionLost, setCsrfToken } from "./api.ts";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { Layout } from "./components/Layout.tsx";
import { ErrorNote, Loading } from "./components/Status.tsx";
import { useI18n } from "./i18n/index.tsx";
import type { Permission } from "./permissions.ts";
import { matchPath, navigate, useLocation } from "./router.tsx";
import { CalendarScreen } from "./screens/Calendar.tsx";
import { ContactScreen } from "./screens/Contact.tsx";
import { ContactsScreen } from "./screens/Contacts.tsx";
import { ConversationsScreen } from "./screens/Conversations.tsx";
import { InsightsScreen } from "./screens/Insights.tsx";
import { LoginScreen } from "./screens/Login.tsx";
import { SettingsScreen } from "./screens/Settings.tsx";
import { SessionContext, sessionFor, useSession } from "./session.tsx";
import type { Business, Me } from "./types.ts";

type State =
  | { kind: "loading" }
  | { kind: "anonymous" }
  | { kind: "ready"; me: Me; business: Business }
  | { kind: "failed"; error: unknown };

export function App() {
  const { locale } = useI18n();
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(async () => {
    try {
      const me = await api<Me>("/api/me", { expectUnauthorized: true });
      setCsrfToken(me.csrfToken ?? null);
      const { businesses } = await api<{ businesses: Business[] }>("/api/businesses");
      const business = businesses.find((b) => b.id === me.user?.businessId) ?? businesses[0];
      if (!business) throw new Error("no business");
      setState({ kind: "ready", me, business });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: "anonymous" });
      else setState({ kind: "failed", error });
    }
  }, []);

  useEffect(() => {
    onSessionLost(() => {
      setCsrfToken(null);
      setState({ kind: "anonymous" });
    });
    void load();
  }, [load]);

  const logout = useCallback(async () => {
    try {
      await api("/api/logout", { method: "POST", expectUnauthorized: true });
    } finally {
      setCsrfToken(null);
      setState({ kind: "anonymous" });
      navigate("/login");
    }
  }, []);

  const businessChanged = useCallback((business: Business) => {
    setState((previous) => (previous.kind === "ready" ? { ...previous, business } : previous));
  }, []);

  const session = useMemo(
    () =>
      state.kind === "ready" ? sessionFor(state.me, state.business, locale, logout, businessChanged) : null,
    [state, locale, logout, businessChanged],
  );

  if (state.kind === "loading") return <Loading />;
  if (state.kind === "failed") return <ErrorNote error={state.error} />;
  if (state.kind === "anonymous" || !session) {
    return (
      <LoginScreen
        onLoggedIn={(csrfToken) => {
          setCsrfToken(csrfToken);
          void load();
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <ScreenBoundary />
      </Layout>
    </SessionContext.Provider>
  );
}

function ScreenBoundary() {
  const { path } = useLocation();
  const { t } = useI18n();
  return (
    <ErrorBoundary key={path} fallback={<div className="notice error">{t("common.screenFailed")}</div>}>
      <Routes />
    </ErrorBoundary>
  );
}

function Routes() {
  const { path } = useLocation();
  const session = useSession();
  const { t } = useI18n();
  const guarded = (permission: Permission, screen: ReactNode) =>
    session.can(permission) ? screen : <div className="notice error">{t("common.forbidden")}</div>;

  useEffect(() => {
    if (path === "/" || path === "/login" || path === "/setup") navigate("/contacts", { replace: true });
  }, [path]);

  if (path === "/contacts" || path === "/" || path === "/login" || path === "/setup")
    return <ContactsScreen />;
  const contact = matchPath("/contacts/:id", path);
  if (contact) return <ContactScreen key={contact.id} id={contact.id ?? ""} />;
  if (path === "/conversations") return guarded("messages.read", <ConversationsScreen contactId={null} />);
  const conversation = matchPath("/conversations/:id", path);
  if (conversation) {
    return guarded("messages.read", <ConversationsScreen contactId={conversation.id ?? null} />);
  }
  if (path === "/calendar") return guarded("appointments.read", <CalendarScreen />);
  if (path === "/insights") return <InsightsScreen />;
  if (path === "/settings") return <SettingsScreen />;
  return <p className="notice">{t("common.pageNotFound")}</p>;
}
