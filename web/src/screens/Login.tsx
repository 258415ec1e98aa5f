/**
 * Log in with email and password; on a fresh server, create the first owner with the one-time setup
 * code `npm start` printed on its console (then log in with the same credentials).
 */
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import { LanguageSwitcher } from "../components/LanguageSwitcher.tsx";
import { useI18n } from "../i18n/index.tsx";
import { navigate, useLocation } from "../router.tsx";
import type { User } from "../types.ts";

interface LoginAnswer {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export function LoginScreen({ onLoggedIn }: { onLoggedIn(csrfToken: string): void }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const setup = path === "/setup";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [setupCode, setSetupCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const login = async () => {
    const answer = await api<LoginAnswer>("/api/login", {
      method: "POST",
      body: { email, password },
      expectUnauthorized: true,
    });
    setPassword("");
    onLoggedIn(answer.csrfToken);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (setup) {
        await api("/api/setup", {
          method: "POST",
          body: { email, password, setupCode: setupCode.trim(), ...(name.trim() && { name: name.trim() }) },
          expectUnauthorized: true,
        });
        navigate("/contacts", { replace: true });
      }
      await login();
    } catch (caught) {
      if (!(caught instanceof ApiError)) setError(t("common.networkError"));
      else if (caught.status === 401) setError(t("login.wrong"));
      else if (caught.status === 429) setError(t("login.limited"));
      else if (setup && caught.status === 409) setError(t("setup.done"));
      else if (setup && caught.status === 403) setError(t("setup.wrongCode"));
      else setError(caught.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form
        className="card login"
        onSubmit={(event) => void submit(event)}
        data-testid={setup ? "setup-form" : "login-form"}
      >
        <h1>Rapport</h1>
        <p className="muted">{setup ? t("setup.intro") : t("login.intro")}</p>
        {setup && (
          <label>
            {t("setup.code")}
            <input
              data-testid="setup-code"
              value={setupCode}
              onChange={(event) => setSetupCode(event.target.value)}
              autoComplete="one-time-code"
              required
            />
          </label>
        )}
        {setup && (
          <label>
            {t("setup.name")}
            <input data-testid="setup-name" value={name} onChange={(event) => setName(event.target.value)} />
          </label>
        )}
        <label>
          {t("login.email")}
          <input
            data-testid="login-email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label>
          {t("login.password")}
          <input
            data-testid="login-password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete={setup ? "new-password" : "current-password"}
            minLength={setup ? 10 : 1}
            required
          />
        </label>
        {error && (
          <p className="notice error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
          {setup ? t("setup.submit") : t("login.submit")}
        </button>
        <div className="login-footer">
          <button
            type="button"
            className="link"
            data-testid={setup ? "show-login" : "show-setup"}
            onClick={() => {
              setError(null);
              navigate(setup ? "/login" : "/setup");
            }}
          >
            {setup ? t("setup.backToLogin") : t("login.firstRun")}
          </button>
          <LanguageSwitcher />
        </div>
      </form>
    </div>
  );
}
