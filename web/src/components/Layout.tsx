/** The frame of every screen: the business, the menu the role may use, the user, the language. */
import type { ReactNode } from "react";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import type { Permission } from "../permissions.ts";
import { Link, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";

const NAV: { to: string; label: MessageKey; testId: string; needs?: Permission }[] = [
  { to: "/contacts", label: "nav.contacts", testId: "nav-contacts" },
  { to: "/conversations", label: "nav.conversations", testId: "nav-conversations", needs: "messages.read" },
  { to: "/calendar", label: "nav.calendar", testId: "nav-calendar", needs: "appointments.read" },
  { to: "/insights", label: "nav.insights", testId: "nav-insights", needs: "insights.read" },
  { to: "/settings", label: "nav.settings", testId: "nav-settings" },
];

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const who = session.me.user?.displayName ?? session.me.user?.email ?? t("layout.token");
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo">Rapport</span>
          <span className="business">{session.business.name}</span>
        </div>
        <nav className="mainnav" data-testid="main-nav" data-role={session.role} aria-label={t("nav.label")}>
          {NAV.filter((item) => !item.needs || session.can(item.needs)).map((item) => (
            <Link
              key={item.to}
              to={item.to}
              data-testid={item.testId}
              className={path.startsWith(item.to) ? "active" : ""}
              aria-current={path.startsWith(item.to) ? "page" : undefined}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
        <div className="user">
          <LanguageSwitcher testId="language-switcher" />
          <span className="who" data-testid="current-user">
            {who} · {t(`role.${session.role}` as const)}
          </span>
          {session.me.via === "session" && (
            <button type="button" className="link" data-testid="logout" onClick={() => void session.logout()}>
              {t("layout.logout")}
            </button>
          )}
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
